"""What the pages cost as plans, agreements and history grow: ``make bench-skala [N=200]``.

In a throwaway database (a new SQLite file unless DATABASE_URL is set): the demo data is
loaded and measured, then N plans are added as copies of the demo plans (imported with
the data format's importer, their approved versions copied) and one large delaftale
(30 delmål, 150 indicators, 2,400 baselines, 30 activities), and the same pages measured
again. Per page: server time (CPU, median of 5 warm requests through django.test.Client,
in process), queries and HTML size, for the demo data and the generated set side by side;
then the history page at 2 and 50 revisions, LBF's ZIP (time to the first byte, memory
growth while it is streamed, in a subprocess) and ``export_lbf``'s peak memory. The generated
set is built by ``bench/skaladata.py``.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path
from typing import Any

ROD = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROD))
os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings"

from bench.skaladata import antal_revisioner, kopier_planer, revisioner, stor_delaftale  # noqa: E402

MB = 1024 * 1024
GENTAG = 5


def _django(db_url: str) -> None:
    os.environ["DATABASE_URL"] = db_url
    import warnings

    import django

    django.setup()
    warnings.filterwarnings("ignore", "No directory at", UserWarning)
    from django.conf import settings

    settings.DEBUG = False
    settings.ALLOWED_HOSTS = ["*"]
    from django.db.backends.signals import connection_created

    def _uden_fsync(sender: Any, connection: Any, **kwargs: Any) -> None:
        # A throwaway SQLite file: no fsync per commit (the 50 saves of the history).
        if connection.vendor == "sqlite":
            connection.cursor().execute("PRAGMA synchronous=OFF")

    connection_created.connect(_uden_fsync)


def maal(klient: Any, url: str, data: dict[str, Any] | None = None) -> tuple[float, int, int]:
    """Median CPU time (ms), queries and KB of a page, warm (one request first)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def kald() -> Any:
        return klient.post(url, data) if data is not None else klient.get(url)

    kald()
    tider, antal, stoerrelse = [], 0, 0
    for _ in range(GENTAG):
        start = time.process_time()
        with CaptureQueriesContext(connection) as q:
            svar = kald()
        tider.append((time.process_time() - start) * 1000)
        antal, stoerrelse = len(q), len(svar.content) // 1024
        assert svar.status_code in (200, 302), (url, svar.status_code)
    return statistics.median(tider), antal, stoerrelse


def sider(stor: bool) -> dict[str, tuple[str, str, dict[str, Any] | None]]:
    """The pages measured: name -> (user, address, POST data or None)."""
    from django.urls import reverse

    from delaftaler.models import Delaftale
    from indikatorer.models import Indikator

    aftale = (
        Delaftale.objects.get(indsatsnavn="Stor delaftale (bench)")
        if stor
        else Delaftale.objects.get(helhedsplan__slug="randers-2025-29")
    )
    slug = aftale.helhedsplan.slug
    indikator = max(
        Indikator.objects.filter(maal__aftale=aftale), key=lambda i: i.baselines.count()
    )
    args = [slug, aftale.pk]
    baseline = reverse("rediger_baselines", args=[*args, indikator.maal_id, indikator.pk])
    stamdata = reverse("rediger_sektion", args=[*args, "stamdata"])
    return {
        "Start page (LBF)": ("lbf", reverse("forside"), None),
        "Agreement page": ("leder", reverse("aftale", args=args), None),
        "Indicator (baselines) page": ("leder", baseline, None),
        "History": ("leder", reverse("historik", args=args), None),
        "Compare": ("bestyrelse", reverse("sammenlign", args=args), None),
        "Save (stamdata)": ("leder", stamdata, {}),
    }


def _gemning(klient: Any, url: str) -> tuple[float, int, int]:
    """A save of the page as it is, its edit number fresh for every save: median CPU time
    of the POST (ms), its queries, KB."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from delaftaler.redigering.formdata import formdata

    tider, q, kb = [], 0, 0
    for nr in range(GENTAG + 1):
        data = formdata(klient.get(url).content.decode())
        start = time.process_time()
        with CaptureQueriesContext(connection) as fanget:
            svar = klient.post(url, data)
        if nr:  # the first one warms up
            tider.append((time.process_time() - start) * 1000)
        q, kb = len(fanget), len(svar.content) // 1024
        assert svar.status_code == 302, svar.status_code
    return statistics.median(tider), q, kb


def maal_sider(stor: bool) -> dict[str, tuple[float, int, int]]:
    from django.contrib.auth import get_user_model
    from django.test import Client

    ud = {}
    for navn, (bruger, url, post) in sider(stor).items():
        klient = Client()
        klient.force_login(get_user_model().objects.get(username=bruger))
        ud[navn] = maal(klient, url) if post is None else _gemning(klient, url)
    return ud


def historik_side() -> tuple[float, int, int]:
    from django.contrib.auth import get_user_model
    from django.test import Client
    from django.urls import reverse

    from delaftaler.models import Delaftale

    aftale = Delaftale.objects.get(indsatsnavn="Stor delaftale (bench)")
    klient = Client()
    klient.force_login(get_user_model().objects.get(username="leder"))
    return maal(klient, reverse("historik", args=[aftale.helhedsplan.slug, aftale.pk]))


def _nulstil_top() -> None:
    """Start the process's peak memory (VmHWM) afresh at its current size, where Linux
    allows it: the peak then tells what the measured work added."""
    with contextlib.suppress(OSError):
        Path("/proc/self/clear_refs").write_text("5")


def _rss() -> float:
    """The process's peak resident memory so far (MB)."""
    status = Path("/proc/self/status")
    if status.exists():
        for linje in status.read_text().splitlines():
            if linje.startswith("VmHWM:"):
                return int(linje.split()[1]) / 1024
    import resource

    enhed = 1 if sys.platform == "darwin" else 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * enhed / MB


def _nu() -> float:
    """The process's resident memory now (MB)."""
    status = Path("/proc/self/status")
    if status.exists():
        for linje in status.read_text().splitlines():
            if linje.startswith("VmRSS:"):
                return int(linje.split()[1]) / 1024
    return _rss()


def zip_maaling() -> dict[str, float]:
    """In a fresh process: LBF's ZIP of every plan, time to the first byte, peak memory."""
    from django.contrib.auth import get_user_model
    from django.test import Client
    from django.urls import reverse

    klient = Client()
    klient.force_login(get_user_model().objects.get(username="lbf"))
    klient.get(reverse("forside"))
    foer = _nu()
    _nulstil_top()
    start = time.perf_counter()
    svar: Any = klient.get(reverse("lbf_eksport"))
    if getattr(svar, "streaming", False):
        dele = iter(svar.streaming_content)
        foerste = next(dele)
        ttfb = time.perf_counter() - start
        stoerrelse = len(foerste) + sum(len(d) for d in dele)
    else:
        ttfb, stoerrelse = time.perf_counter() - start, len(svar.content)
    vaekst = _rss() - foer
    # Again, with the Python heap traced: its peak while the whole ZIP is streamed.
    tracemalloc.start()
    svar = klient.get(reverse("lbf_eksport"))
    for _ in svar.streaming_content if getattr(svar, "streaming", False) else [svar.content]:
        pass
    heap = tracemalloc.get_traced_memory()[1] / MB
    tracemalloc.stop()
    return {
        "heap_mb": heap,
        "ttfb_s": ttfb,
        "i_alt_s": time.perf_counter() - start,
        "mb": stoerrelse / MB,
        "vaekst_mb": vaekst,
        "streamet": float(bool(getattr(svar, "streaming", False))),
    }


def eksport_maaling() -> dict[str, float]:
    """In a fresh process: `export_lbf` of every plan, its peak memory."""
    from django.core.management import call_command

    foer = _nu()
    _nulstil_top()
    with tempfile.TemporaryDirectory() as mappe:
        start = time.perf_counter()
        call_command("export_lbf", output=str(Path(mappe, "lbf.zip")), stdout=io.StringIO())
        tid = time.perf_counter() - start
        mb = Path(mappe, "lbf.zip").stat().st_size / MB
    return {"tid_s": tid, "mb": mb, "peak_mb": _rss(), "vaekst_mb": _rss() - foer}


def i_underproces(db_url: str, art: str) -> dict[str, float]:
    ud = subprocess.run(
        [sys.executable, __file__, "--db", db_url, "--maal", art],
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(ud.stdout.strip().splitlines()[-1])


def tabel(demo: dict[str, tuple[float, int, int]], stor: dict[str, tuple[float, int, int]]) -> None:
    print(f"{'Page':<28}{'demo ms':>9}{'q':>5}{'KB':>6}  |{'generated ms':>13}{'q':>6}{'KB':>6}")
    for navn in demo:
        d, g = demo[navn], stor[navn]
        print(f"{navn:<28}{d[0]:>9.1f}{d[1]:>5}{d[2]:>6}  |{g[0]:>13.1f}{g[1]:>6}{g[2]:>6}")


def hovedprogram(antal: int, db_url: str) -> None:
    from django.core.management import call_command

    t0 = time.perf_counter()
    call_command("migrate", verbosity=0)
    call_command("load_demo", "--tillad-demo-brugere", stdout=io.StringIO())
    print(f"Database: {db_url}; demo loaded in {time.perf_counter() - t0:.0f} s")
    demo = maal_sider(stor=False)
    zip_demo = i_underproces(db_url, "zip")
    t0 = time.perf_counter()
    kopier_planer(antal)
    stor_delaftale()
    print(f"{antal} plans copied and the large delaftale made in {time.perf_counter() - t0:.0f} s")
    revisioner(2)
    historik_2 = historik_side()
    stor = maal_sider(stor=True)
    t0 = time.perf_counter()
    revisioner(50)
    print(f"History up to {antal_revisioner()} revisions in {time.perf_counter() - t0:.0f} s")
    historik_50 = historik_side()
    zip_stor, eksport = i_underproces(db_url, "zip"), i_underproces(db_url, "eksport")
    print()
    print(f"Pages: demo (Randers' delaftale) | generated ({antal} more plans, the large delaftale)")
    tabel(demo, stor)
    print(
        f"History, large delaftale: 2 revisions {historik_2[0]:.1f} ms, {historik_2[1]} q;"
        f" 50 revisions {historik_50[0]:.1f} ms, {historik_50[1]} q"
    )
    for navn, z in (("demo", zip_demo), (f"{antal + 5} plans", zip_stor)):
        print(
            f"LBF ZIP ({navn}): first byte {z['ttfb_s'] * 1000:.0f} ms, all {z['i_alt_s']:.1f} s,"
            f" {z['mb']:.1f} MB, worker memory peak +{z['vaekst_mb']:.0f} MB (RSS),"
            f" Python heap peak {z['heap_mb']:.1f} MB"
            f"{'' if z['streamet'] else ' (not streamed)'}"
        )
    print(
        f"export_lbf ({antal + 5} plans): {eksport['tid_s']:.1f} s, {eksport['mb']:.1f} MB,"
        f" peak memory {eksport['peak_mb']:.0f} MB (+{eksport['vaekst_mb']:.0f} MB)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", "--antal", type=int, default=int(os.getenv("N", "200")))
    parser.add_argument("--db", default=os.getenv("DATABASE_URL", ""))
    parser.add_argument("--maal", choices=["zip", "eksport"], help=argparse.SUPPRESS)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as mappe:
        db_url = args.db or f"sqlite:///{Path(mappe, 'skala.sqlite3')}"
        _django(db_url)
        if args.maal:
            maaling = zip_maaling() if args.maal == "zip" else eksport_maaling()
            print(json.dumps(maaling))
            return
        hovedprogram(args.antal, db_url)


if __name__ == "__main__":
    main()
