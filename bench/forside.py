"""The start page for a user of many plans beside one of the demo's five, in one database:
``python bench/forside.py [--db URL] [-n 200]``.

The database is built once and kept (a SQLite file under the system's temp directory
unless --db is given): the demo data and N copies of its plans, made as ``bench/skala.py``
makes them (``lbf``, ``leder`` and ``bestyrelse`` are members of every plan), and users
of the five demo plans only (``lbf5``, ``leder5``, ``bestyrelse5``, the same roles) and
of 25 plans, one page (``lbf25`` …). Per role and filter: server time (CPU and wall,
median of warm requests through django.test.Client, in process) and queries, for 5, 25
and N + 5 plans side by side.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROD = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROD))

from bench import skala  # noqa: E402

GENTAG = 15
ROLLER = ("lbf", "leder", "bestyrelse")


def byg(antal: int) -> None:
    """The demo, `antal` copies of its plans and the 5-plan users, unless already there."""
    import io

    from django.contrib.auth import get_user_model
    from django.core.management import call_command

    from delaftaler.models import Helhedsplan, Medlemskab

    call_command("migrate", verbosity=0)
    if not Helhedsplan.objects.exists():
        call_command("load_demo", "--tillad-demo-brugere", stdout=io.StringIO())
    kopier = Helhedsplan.objects.filter(slug__contains="-kopi-").count()
    if kopier < antal:
        t0 = time.perf_counter()
        skala.kopier_planer(antal)  # the copies' slugs are numbered from 0
        print(f"{antal} plans copied in {time.perf_counter() - t0:.0f} s")
    demo = list(Helhedsplan.objects.exclude(slug__contains="-kopi-"))
    kopier_20 = list(Helhedsplan.objects.filter(slug__contains="-kopi-").order_by("id")[:20])
    for navn in ROLLER:
        for antal_planer, planer in ((5, demo), (25, demo + kopier_20)):
            bruger, ny = get_user_model().objects.get_or_create(username=f"{navn}{antal_planer}")
            if ny:
                original = get_user_model().objects.get(username=navn)
                Medlemskab.objects.bulk_create(
                    Medlemskab(bruger=bruger, helhedsplan=m.helhedsplan, rolle=m.rolle)
                    for m in Medlemskab.objects.filter(bruger=original, helhedsplan__in=planer)
                )


def maal(klient: Any, url: str) -> tuple[float, float, int]:
    """Median CPU and wall time (ms) and the queries of a page, warm (one request first)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    klient.get(url)
    cpu, vaeg, antal = [], [], 0
    for _ in range(GENTAG):
        start, start_vaeg = time.process_time(), time.perf_counter()
        with CaptureQueriesContext(connection) as q:
            svar = klient.get(url)
        cpu.append((time.process_time() - start) * 1000)
        vaeg.append((time.perf_counter() - start_vaeg) * 1000)
        antal = len(q)
        assert svar.status_code == 200, (url, svar.status_code)
    return statistics.median(cpu), statistics.median(vaeg), antal


def maalinger() -> None:
    from django.contrib.auth import get_user_model
    from django.test import Client
    from django.urls import reverse

    from delaftaler.models import Helhedsplan

    randers = Helhedsplan.objects.get(slug="randers-2025-29")
    filtre = {
        "": "",
        "page 2": "?side=2",
        "status=godkendt": "?status=godkendt",
        "status=sendt": "?status=sendt",
        "til_mig=1": "?til_mig=1",
        "kommune": f"?kommune={randers.kommune_id}",
        "q=Randers": "?q=Randers",
    }
    mange = Helhedsplan.objects.count()
    print(f"Start page, ms CPU/wall and queries; the ratio of {mange} plans to 5 and to 25")
    print(f"{'':<27}{'5 plans':>15}  |{'25 plans':>15}  |{f'{mange} plans':>15}  |  ratio")
    for rolle in ROLLER:
        klienter = []
        for navn in (f"{rolle}5", f"{rolle}25", rolle):
            klient = Client()
            klient.force_login(get_user_model().objects.get(username=navn))
            klienter.append(klient)
        for navn, adresse in filtre.items():
            url = reverse("forside") + adresse
            maalt = [maal(k, url) for k in klienter]
            celler = "  |".join(f"{cpu:>5.1f}/{vaeg:<6.1f}{q:>3}" for cpu, vaeg, q in maalt)
            forhold = f"{maalt[2][0] / maalt[0][0]:.2f} {maalt[2][0] / maalt[1][0]:.2f}"
            print(f"{rolle + ' ' + navn:<27}{celler}  |  {forhold}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", "--antal", type=int, default=200)
    parser.add_argument(
        "--db", default=f"sqlite:///{Path(tempfile.gettempdir(), 'lbf-bench-forside.sqlite3')}"
    )
    args = parser.parse_args()
    skala._django(args.db)
    byg(args.antal)
    maalinger()


if __name__ == "__main__":
    main()
