"""The download after a save, once the background render is done: ``make bench``.

The leader saves the agreement's texts through its edit page (django.test.Client), the
queued task runs (``manage.py db_worker --batch``, as the worker beside the server would,
delaftaler/dokumenter/baggrund.py), and the PDF download is timed: it must be served from
the cache the worker filled (``X-Dokument-Cache: hit``). A second save puts the text back.
"""

from __future__ import annotations

import statistics
import time

from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from delaftaler.models import Delaftale
from delaftaler.redigering.formdata import formdata

GENTAG = 5


def _gem(klient: Client, side: str, data: dict[str, str | list[str]]) -> None:
    svar = klient.post(side, data)
    if svar.status_code != 302:
        raise RuntimeError(f"POST {side}: {svar.status_code}, not saved")
    call_command("db_worker", "--batch", "--no-reload", "--no-startup-delay", verbosity=0)


def _hent(klient: Client, url: str) -> tuple[float, str]:
    t0 = time.perf_counter()
    svar = klient.get(url)
    tid = time.perf_counter() - t0
    if svar.status_code != 200 or not svar.content.startswith(b"%PDF"):
        raise RuntimeError(f"GET {url}: {svar.status_code}")
    return tid, svar["X-Dokument-Cache"]


def tid_efter_gem(klient: Client, aftale: Delaftale) -> tuple[float, str]:
    """Median seconds of the first download after each of GENTAG saves, and its cache
    headers (all must say hit)."""
    plan = aftale.helhedsplan.slug
    side = reverse("rediger_sektion", args=[plan, aftale.pk, "tekster"])
    url = reverse("aftale_pdf", args=[plan, aftale.pk])
    original = formdata(klient.get(side).content.decode())
    tider, svar = [], []
    try:
        for n in range(GENTAG):
            tekst = f"{original.get('t-revision', '')} (bench {n})"
            _gem(klient, side, formdata(klient.get(side).content.decode()) | {"t-revision": tekst})
            tid, cache = _hent(klient, url)
            tider.append(tid)
            svar.append(cache)
    finally:
        nu = formdata(klient.get(side).content.decode())
        _gem(klient, side, nu | {"t-revision": original.get("t-revision", "")})
    return statistics.median(tider), "/".join(sorted(set(svar)))
