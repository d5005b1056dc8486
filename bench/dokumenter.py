"""How long an agreement takes to become a PDF, and what it costs: ``make bench``.

For each of the five demo agreements: our render (print HTML, then WeasyPrint) timed in
process, its memory, LibreOffice converting the same agreement's Word file for
comparison, and a download through the view, first into an empty cache and then repeated.
Runs against the database in the environment (``make bench``: the demo data in SQLite),
with DEBUG off while measuring, as in production (DEBUG re-reads the print stylesheet on
every render).
"""

from __future__ import annotations

import argparse
import gc
import io
import json
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
import warnings
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

ROD = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROD))
os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings"

import django  # noqa: E402

django.setup()
# WhiteNoise warns with DEBUG off when collectstatic has not run; the bench serves no files.
warnings.filterwarnings("ignore", "No directory at", UserWarning)

import weasyprint  # noqa: E402
from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client, override_settings  # noqa: E402
from django.urls import reverse  # noqa: E402
from pypdf import PdfReader  # noqa: E402

from bench import statusrapport  # noqa: E402
from delaftaler import dokumenter  # noqa: E402
from delaftaler.dokumenter import pdf, word  # noqa: E402
from delaftaler.management.commands.load_demo import demo_filer  # noqa: E402
from delaftaler.models import Delaftale, Helhedsplan, StrategiskAftale  # noqa: E402

Aftale = Delaftale | StrategiskAftale

LO_GENTAG = 3
GET_GENTAG = 20
MB = 1024 * 1024
# ru_maxrss is in kilobytes on Linux, in bytes on macOS.
MAXRSS_ENHED = 1 if sys.platform == "darwin" else 1024


def seed_slugs() -> list[str]:
    """The demo helhedsplaner, in the order of fixtures/."""
    slugs: list[str] = []
    for fil in demo_filer():
        data = json.loads(fil.read_text(encoding="utf-8"))
        slugs += [plan["slug"] for plan in data["helhedsplaner"]]
    return slugs


def demo_aftaler() -> list[Aftale]:
    planer = {p.slug: p for p in Helhedsplan.objects.filter(slug__in=seed_slugs())}
    mangler = [s for s in seed_slugs() if s not in planer]
    if mangler:
        sys.exit(f"Demo data missing ({', '.join(mangler)}): run `make demo` first.")
    aftaler: list[Aftale] = []
    for slug in seed_slugs():
        strategiske, delaftaler = dokumenter.helhedsplanens_aftaler(planer[slug])
        aftaler += [*strategiske, *delaftaler]
    return aftaler


def hent(model: str, pk: int) -> Aftale:
    klasse = Delaftale if model == "delaftale" else StrategiskAftale
    return klasse.objects.med_indhold().get(pk=pk)


def modelnavn(aftale: Aftale) -> str:
    return "delaftale" if isinstance(aftale, Delaftale) else "strategisk"


def ms(sekunder: float) -> str:
    return f"{sekunder * 1000:.0f}"


@contextmanager
def produktion() -> Iterator[None]:
    """DEBUG off (the stylesheet is parsed once per process, no query log), as in production."""
    with override_settings(DEBUG=False):
        yield


# --- Our render ---------------------------------------------------------------------------


@dataclass
class Render:
    html: list[float]
    weasy: list[float]
    total: list[float]
    sider: int
    kb: float


def tid_render(aftale: Aftale, gentag: int) -> Render:
    indhold = pdf.skriv(pdf.aftale_side(aftale))  # warm-up
    html, weasy, total = [], [], []
    for _ in range(gentag):
        t0 = time.perf_counter()
        side = pdf.aftale_side(aftale)
        t1 = time.perf_counter()
        pdf.skriv(side)
        t2 = time.perf_counter()
        html.append(t1 - t0)
        weasy.append(t2 - t1)
        total.append(t2 - t0)
    sider = len(PdfReader(io.BytesIO(indhold)).pages)
    return Render(html, weasy, total, sider, len(indhold) / 1024)


def python_peak(aftale: Aftale) -> float:
    """tracemalloc's peak of Python allocations during one render, in MB (warm process)."""
    gc.collect()
    tracemalloc.start()
    try:
        pdf.skriv(pdf.aftale_side(aftale))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return peak / MB


def rss_vaekst(aftale: Aftale) -> float:
    """Growth of max RSS over one render, in MB, measured in a fresh Python process.

    In this process the high-water mark was set long ago by earlier renders, so one more
    render would show no growth; a fresh process after a tiny warm-up (stylesheet, fonts,
    templates loaded) shows what one render of this agreement adds.
    """
    # Linux carries a process's high-water mark through exec, and a child forked from this
    # process starts with this process's resident size: started directly, the child's
    # ru_maxrss would begin at ours. A shell in between (which forks, as a command follows)
    # gives the child a small parent and so a clean mark of its own.
    ud = subprocess.run(
        ["/bin/sh", "-c", '"$0" "$@"; exit $?', sys.executable, __file__, "--rss"]
        + [modelnavn(aftale), str(aftale.pk)],
        capture_output=True,
        text=True,
        check=True,
    )
    return float(ud.stdout.strip().splitlines()[-1])


def rss_maaling(model: str, pk: int) -> None:
    """The child's side of ``rss_vaekst``: prints the growth in MB."""
    with produktion():
        aftale = hent(model, pk)
        pdf.skriv("<html><body><p>Varm op</p></body></html>")
        pdf.aftale_side(aftale)
        gc.collect()
        foer = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        pdf.skriv(pdf.aftale_side(aftale))
        efter = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print((efter - foer) * MAXRSS_ENHED / MB)


# --- LibreOffice ----------------------------------------------------------------------------


def soffice() -> str | None:
    return shutil.which("soffice")


def libreoffice_version() -> str:
    program = soffice()
    if not program:
        return "not installed"
    ud = subprocess.run([program, "--version"], capture_output=True, text=True, timeout=60)
    dele = ud.stdout.split()
    return dele[1] if len(dele) > 1 else ud.stdout.strip()


def tid_libreoffice(aftale: Aftale, mappe: Path) -> list[float] | None:
    """soffice converting the agreement's .docx to PDF: LO_GENTAG runs after one warm-up.

    The profile folder is shared by all agreements; the first warm-up creates it.
    """
    program = soffice()
    if not program:
        return None
    if isinstance(aftale, Delaftale):
        docx = word.delaftale_docx(aftale)
    else:
        docx = word.strategisk_docx(aftale)
    fil = mappe / f"{modelnavn(aftale)}-{aftale.pk}.docx"
    fil.write_bytes(docx)
    resultat = fil.with_suffix(".pdf")
    kommando = [
        program,
        "--headless",
        f"-env:UserInstallation={(mappe / 'lo-profile').as_uri()}",
        "--convert-to",
        "pdf",
        "--outdir",
        str(mappe),
        str(fil),
    ]
    tider = []
    for _ in range(1 + LO_GENTAG):
        resultat.unlink(missing_ok=True)
        t0 = time.perf_counter()
        subprocess.run(kommando, capture_output=True, check=True, timeout=300)
        tider.append(time.perf_counter() - t0)
        if not resultat.read_bytes().startswith(b"%PDF"):
            raise RuntimeError(f"LibreOffice wrote no PDF for {fil.name}")
    return tider[1:]


# --- Download through the view --------------------------------------------------------------


def tid_download(klient: Client, aftale: Aftale) -> tuple[float, list[float]]:
    url = reverse("aftale_pdf", args=[aftale.helhedsplan.slug, aftale.pk])

    def get() -> float:
        t0 = time.perf_counter()
        svar = klient.get(url)
        tid = time.perf_counter() - t0
        if svar.status_code != 200 or not svar.content.startswith(b"%PDF"):
            raise RuntimeError(f"GET {url}: {svar.status_code}")
        return tid

    foerste = get()
    return foerste, [get() for _ in range(GET_GENTAG)]


@contextmanager
def tom_dokumentcache(mappe: Path) -> Iterator[None]:
    """An empty file cache of its own for the downloads, whatever earlier runs left."""
    caches = {
        **settings.CACHES,
        "dokumenter": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(mappe),
            "TIMEOUT": None,
        },
    }
    with override_settings(CACHES=caches, ALLOWED_HOSTS=[*settings.ALLOWED_HOSTS, "testserver"]):
        yield


# --- Output ---------------------------------------------------------------------------------


def tabel(overskrifter: Sequence[str], raekker: Sequence[Sequence[str]]) -> list[str]:
    """Plain aligned text: numbers right-aligned, the first and last columns left-aligned."""
    bredder = [max(len(r[i]) for r in [overskrifter, *raekker]) for i in range(len(overskrifter))]

    def linje(celler: Sequence[str]) -> str:
        dele = []
        for i, (celle, bredde) in enumerate(zip(celler, bredder, strict=True)):
            venstre = i in (0, len(celler) - 1)
            dele.append(celle.ljust(bredde) if venstre else celle.rjust(bredde))
        return "  ".join(dele).rstrip()

    return [linje(overskrifter), linje(["-" * b for b in bredder]), *map(linje, raekker)]


def cpu_model() -> str:
    try:
        for linje in Path("/proc/cpuinfo").read_text().splitlines():
            if linje.startswith("model name"):
                return linje.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def kontekst() -> str:
    db = settings.DATABASES["default"]
    navn = Path(str(db["NAME"])).name if connection.vendor == "sqlite" else db["NAME"]
    return (
        f"Machine: {os.cpu_count()} CPUs ({cpu_model()}) · Python {platform.python_version()} · "
        f"WeasyPrint {weasyprint.__version__} · LibreOffice {libreoffice_version()} · "
        f"Django {django.get_version()} · database {connection.vendor} {navn}"
    )


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0] if __doc__ else None)
    parser.add_argument(
        "--gentag",
        type=int,
        default=7,
        metavar="N",
        help="timed renders per agreement, after one warm-up (default 7)",
    )
    parser.add_argument("--rss", nargs=2, metavar=("MODEL", "PK"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.rss:
        rss_maaling(args.rss[0], int(args.rss[1]))
        return
    if args.gentag < 1:
        parser.error("--gentag must be at least 1")

    print(kontekst())
    print(
        f"html = pdf.aftale_side (templates to print HTML), weasy = pdf.skriv (WeasyPrint), "
        f"PDF = both: median of {args.gentag} renders after 1 warm-up, uncached, DEBUG off."
    )
    print(
        "py peak = tracemalloc peak of Python allocations during one render (warm process); "
        "RSS + = growth of max RSS (getrusage ru_maxrss) over one render in a fresh process, "
        "native memory (Pango, HarfBuzz) included."
    )
    print(
        f"LO = soffice --headless --convert-to pdf of the agreement's .docx, median of "
        f"{LO_GENTAG} after 1 warm-up, process start included; LO/PDF = LO / our PDF median."
    )
    print(
        f"GET = the aftale_pdf download as 'leder' (test client): 1st into an empty file cache "
        f"(renders), rep = median of {GET_GENTAG} repeated GETs of the unchanged agreement."
    )
    print(flush=True)

    overskrifter = [
        "helhedsplan",
        "pages",
        "PDF KB",
        "html ms",
        "weasy ms",
        "PDF ms",
        "min",
        "max",
        "py peak MB",
        "RSS + MB",
        "LO ms",
        "LO/PDF",
        "GET 1st ms",
        "GET rep ms",
        "agreement",
    ]
    raekker: list[list[str]] = []
    with tempfile.TemporaryDirectory(prefix="lbf-bench-") as tmp, produktion():
        mappe = Path(tmp)
        aftaler = demo_aftaler()
        klient = Client()
        with tom_dokumentcache(mappe / "dokumentcache"):
            if not klient.login(username="leder", password="demo"):
                sys.exit("Cannot log in as leder/demo: run `make demo` first.")
            for aftale in aftaler:
                r = tid_render(aftale, args.gentag)
                peak = python_peak(aftale)
                rss = rss_vaekst(aftale)
                lo = tid_libreoffice(aftale, mappe)
                foerste, gentagne = tid_download(klient, aftale)
                pdf_median = statistics.median(r.total)
                raekker.append(
                    [
                        aftale.helhedsplan.slug,
                        str(r.sider),
                        f"{r.kb:.0f}",
                        ms(statistics.median(r.html)),
                        ms(statistics.median(r.weasy)),
                        ms(pdf_median),
                        ms(min(r.total)),
                        ms(max(r.total)),
                        f"{peak:.1f}",
                        f"{rss:.1f}",
                        ms(statistics.median(lo)) if lo else "–",
                        f"{statistics.median(lo) / pdf_median:.1f}×" if lo else "–",
                        ms(foerste),
                        f"{statistics.median(gentagne) * 1000:.1f}",
                        pdf.aftalens_titel(aftale),
                    ]
                )
                print(f"  … {aftale.helhedsplan.slug}", file=sys.stderr, flush=True)
    print("\n".join(tabel(overskrifter, raekker)))
    print("\n" + "\n".join(statusrapport.linjer(args.gentag)) + "\n")
    print(
        "Run with `make bench` (demo data; the database from DATABASE_URL, SQLite db.sqlite3 "
        "by default); `.venv/bin/python bench/dokumenter.py --gentag N` sets the renders."
    )


if __name__ == "__main__":
    main()
