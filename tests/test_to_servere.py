"""Two app servers on one PostgreSQL: two gunicorn processes, each with local folders of its
own, on the test database. An edit through one is seen by the other, the conflict check
holds across them, the document cache is shared, and an approval on one while the other
edits gives exactly one version."""

import importlib
import io
import os
import re
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from http.cookiejar import CookieJar
from pathlib import Path

import pytest
from django.apps import apps as django_apps
from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.urls import reverse

from delaftaler.models import Behandling, Delaftale, Fondsperiode, Version
from delaftaler.models.version import Godkendelsesordre
from delaftaler.redigering.formdata import formdata
from delaftaler.versioner import godkendelse

pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="two servers need PostgreSQL"),
    pytest.mark.django_db(transaction=True),
]

RANDERS = "randers-2025-29"
GUNICORN = Path(sys.executable).with_name("gunicorn")


class IngenOmdirigering(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Klient:
    """One browser: its own cookies, talking to one server."""

    def __init__(self, basis: str) -> None:
        self.basis = basis
        self.cookies = CookieJar()
        self.aabner = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.cookies), IngenOmdirigering
        )

    def _kald(self, sti: str, data: dict | None = None):
        krop = None if data is None else urllib.parse.urlencode(data, doseq=True).encode()
        try:
            svar = self.aabner.open(self.basis + sti, krop, timeout=60)
        except urllib.error.HTTPError as fejl:  # 3xx (not followed), 4xx, 5xx
            svar = fejl
        return svar.status, svar.headers, svar.read()

    def hent(self, sti: str):
        return self._kald(sti)

    def send(self, sti: str, data: dict):
        token = next(c.value for c in self.cookies if c.name == "csrftoken")
        return self._kald(sti, {**data, "csrfmiddlewaretoken": token})

    def log_ind(self, brugernavn: str) -> "Klient":
        status, _, _ = self.hent(reverse("login"))
        assert status == 200
        status, headers, _ = self.send(
            reverse("login"), {"username": brugernavn, "password": "demo"}
        )
        assert status == 302 and headers["Location"] == "/", "login failed"
        return self

    def formular(self, sti: str) -> dict:
        status, _, html = self.hent(sti)
        assert status == 200
        return formdata(html.decode())


def _fri_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _database_url() -> str:
    db = connection.settings_dict
    bruger = urllib.parse.quote(db["USER"] or "")
    kode = f":{urllib.parse.quote(db['PASSWORD'])}" if db.get("PASSWORD") else ""
    return (
        f"postgres://{bruger}{kode}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
    )


def _start(navn: str, mappe: Path) -> tuple[subprocess.Popen, str]:
    port = _fri_port()
    lokal = mappe / navn
    (lokal / "media").mkdir(parents=True)
    (lokal / "tmp").mkdir()
    miljoe = {
        **os.environ,
        "DATABASE_URL": _database_url(),
        "MEDIA_ROOT": str(lokal / "media"),
        "DOKUMENT_CACHE_DIR": str(lokal / "dokumentcache"),
        "TMPDIR": str(lokal / "tmp"),
        "TASKS_BACKEND": "database",  # queued; no worker runs, so every render is a request's
        "EMAIL_BACKEND": "dummy",
        "LOG_LEVEL": "ERROR",
    }
    miljoe.pop("DJANGO_SETTINGS_MODULE", None)
    proces = subprocess.Popen(
        [str(GUNICORN), "config.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", "2"]
        + ["--timeout", "60", "--chdir", str(settings.BASE_DIR)]
        + ["--worker-tmp-dir", str(lokal / "tmp"), "--log-level", "warning"],
        env=miljoe,
        stdout=(lokal / "gunicorn.log").open("wb"),
        stderr=subprocess.STDOUT,
    )
    return proces, f"http://127.0.0.1:{port}"


def _klar(basis: str, proces: subprocess.Popen) -> None:
    for _ in range(600):  # up to a minute on a loaded machine
        assert proces.poll() is None, "gunicorn stopped"
        try:
            with urllib.request.urlopen(basis + reverse("login"), timeout=5) as svar:
                if svar.status == 200:
                    return
        except OSError:
            time.sleep(0.1)
    raise AssertionError(f"{basis} never answered")


@pytest.fixture
def demodata(transactional_db):
    """Committed demo data for the servers (an earlier transactional test may have emptied
    the database)."""
    if not Fondsperiode.objects.exists():
        fondsperioder = importlib.import_module("delaftaler.migrations.0003_fondsperioder")
        fondsperioder.opret(django_apps, None)
    call_command("load_demo", "--tillad-demo-brugere", stdout=io.StringIO())
    return Delaftale.objects.get(helhedsplan__slug=RANDERS)


@pytest.fixture
def servere(demodata, tmp_path):
    startet = [_start(navn, tmp_path) for navn in ("a", "b")]
    try:
        for proces, basis in startet:
            _klar(basis, proces)
        yield [basis for _, basis in startet]
    finally:
        for proces, _ in startet:
            proces.terminate()
        for proces, _ in startet:
            proces.wait(30)


def _sektion(aftale, navn="tekster") -> str:
    return reverse("rediger_sektion", args=[RANDERS, aftale.pk, navn])


def _gem_tekst(klient: Klient, aftale, tekst: str) -> int:
    data = klient.formular(_sektion(aftale))
    data["t-revision"] = tekst
    return klient.send(_sektion(aftale), data)[0]


def test_two_servers_share_edits_conflicts_documents_and_approvals(servere, demodata):
    randers = demodata
    a, b = servere
    leder_a, leder_b = Klient(a).log_ind("leder"), Klient(b).log_ind("leder")

    # An edit through A is seen through B.
    assert _gem_tekst(leder_a, randers, "Gemt gennem server A") == 302
    _, _, side = leder_b.hent(randers.get_absolute_url())
    assert "Gemt gennem server A" in side.decode()

    # Both open the same edit page; A saves first, B's save gets the conflict page.
    side_a, side_b = leder_a.formular(_sektion(randers)), leder_b.formular(_sektion(randers))
    side_a["t-revision"] = "A var først"
    side_b["t-bemaerkninger"] = "B kom bagefter"
    assert leder_a.send(_sektion(randers), side_a)[0] == 302
    status, _, html = leder_b.send(_sektion(randers), side_b)
    assert status == 409 and "Aftalen er blevet ændret, efter du åbnede den" in html.decode()
    assert "B kom bagefter" in html.decode()  # what B typed is kept on the page

    # The document cache is shared: rendered through A, a hit through B.
    pdf_url = reverse("aftale_pdf", args=[RANDERS, randers.pk])
    status, headers, pdf_a = leder_a.hent(pdf_url)
    assert status == 200 and headers["X-Dokument-Cache"] == "miss" and pdf_a.startswith(b"%PDF")
    status, headers, pdf_b = leder_b.hent(pdf_url)
    assert status == 200 and headers["X-Dokument-Cache"] == "hit" and pdf_b == pdf_a

    # Sent to the board through A; the board approves through A and B at once while the
    # leader saves through B: exactly one version, the save refused (the draft is locked).
    behandl = reverse("behandl", args=[RANDERS, randers.pk])
    indsend = {"handling": "indsend", "kommentar": "Til mødet", "trods_tjekliste": "ja"}
    assert leder_a.send(behandl, indsend)[0] == 302
    indsendelse = Behandling.objects.filter(aftale=randers, art="indsendt").latest("tidspunkt")
    antal = Version.objects.filter(aftale=randers).count()
    bestyrelse = [Klient(a).log_ind("bestyrelse"), Klient(b).log_ind("bestyrelse")]
    godkend = {"handling": "godkend", "moededato": "2026-11-30", "indsendelse": indsendelse.pk}
    redigering = leder_b.formular(_sektion(randers))
    redigering["t-revision"] = "Ændret under godkendelsen"
    svar: dict[str, int] = {}
    start = threading.Barrier(3)

    def godkend_paa(nr: int) -> None:
        start.wait()
        svar[f"godkend {nr}"] = bestyrelse[nr].send(behandl, godkend)[0]

    def rediger() -> None:
        start.wait()
        svar["rediger"] = leder_b.send(_sektion(randers), redigering)[0]

    traade = [threading.Thread(target=godkend_paa, args=(n,)) for n in (0, 1)]
    traade.append(threading.Thread(target=rediger))
    for t in traade:
        t.start()
    for t in traade:
        t.join(120)
    # The requests registered the approval; the worker's task makes the version.
    for ordre in Godkendelsesordre.objects.filter(aftale=randers, status="afventer"):
        godkendelse.dan_version.call(ordre.pk)
    assert Version.objects.filter(aftale=randers).count() == antal + 1
    assert sorted([svar["godkend 0"], svar["godkend 1"]]) == [302, 409]
    assert svar["rediger"] == 423
    randers.refresh_from_db()
    assert randers.revision == "A var først"
    assert re.search(r"Version \d+", leder_b.hent(randers.get_absolute_url())[2].decode())
