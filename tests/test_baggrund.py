"""Rendering nobody waits for: each save queues its draft's render, a worker fills the shared
cache, and many requests for one uncached state wait for one render."""

import hashlib
import os
import threading
import time
from pathlib import Path
from unittest import mock

import pytest
from django.core.cache import caches
from django.core.management import call_command
from django.db import connection
from django.urls import reverse
from django_tasks_db.management.commands import db_worker
from django_tasks_db.models import DBTaskResult

from delaftaler import dokumenter
from delaftaler.dokumenter import baggrund, cache, pdf
from delaftaler.dokumenter.tidsgraense import ForLangTid
from delaftaler.models import Delaftale
from delaftaler.redigering.formdata import formdata

RANDERS = "randers-2025-29"


def falsk_pdf(side: str) -> bytes:
    return b"%PDF-falsk " + hashlib.sha256(side.encode()).hexdigest().encode()


@pytest.fixture
def randers(db) -> Delaftale:
    # The test database's demo data queued its own renders when it was loaded.
    DBTaskResult.objects.all().delete()
    return Delaftale.objects.get(helhedsplan__slug=RANDERS)


@pytest.fixture
def hurtig(monkeypatch):
    monkeypatch.setattr(pdf, "skriv", mock.Mock(side_effect=falsk_pdf))
    return pdf.skriv


def url(aftale, navn="aftale_pdf") -> str:
    return reverse(navn, args=[aftale.helhedsplan.slug, aftale.pk])


def gem_tekster(client, aftale, tekst: str) -> None:
    """Save the agreement's texts through its edit page, as the leader does."""
    side = reverse("rediger_sektion", args=[aftale.helhedsplan.slug, aftale.pk, "tekster"])
    data = formdata(client.get(side).content.decode())
    data["t-revision"] = tekst
    assert client.post(side, data).status_code == 302


def test_a_save_queues_a_render_of_its_draft_once_committed(
    client, leder, randers, django_capture_on_commit_callbacks
):
    client.force_login(leder)
    with django_capture_on_commit_callbacks(execute=False) as tilbage:
        gem_tekster(client, randers, "Revideret i marts")
    assert not DBTaskResult.objects.exists()  # nothing before the commit
    for kald in tilbage:
        kald()
    (opgave,) = DBTaskResult.objects.all()
    assert opgave.task_path == "delaftaler.dokumenter.baggrund.forny_kladde"
    assert opgave.args_kwargs == {"args": [randers.pk], "kwargs": {}}


def test_the_worker_fills_the_cache_so_the_download_after_a_save_is_a_hit(
    client, leder, randers, hurtig, django_capture_on_commit_callbacks, monkeypatch
):
    # The worker drops connections between tasks, the test's open transaction with them.
    monkeypatch.setattr(db_worker, "close_old_connections", lambda: None)
    client.force_login(leder)
    with django_capture_on_commit_callbacks(execute=True):
        gem_tekster(client, randers, "Revideret i marts")
    call_command("db_worker", "--batch", "--no-reload", "--no-startup-delay", verbosity=0)
    (opgave,) = DBTaskResult.objects.all()
    assert opgave.status == "SUCCESSFUL" and opgave.return_value == ["pdf", "docx"]
    with mock.patch.object(dokumenter, "_render", side_effect=AssertionError("dannet igen")):
        svar = {navn: client.get(url(randers, navn)) for navn in ("aftale_pdf", "aftale_docx")}
    assert all(s.status_code == 200 and s["X-Dokument-Cache"] == "hit" for s in svar.values())
    # The worker rendered the saved state: the PDF holds the new text.
    assert hurtig.call_count == 1 and "Revideret i marts" in hurtig.call_args.args[0]
    assert svar["aftale_pdf"].content == falsk_pdf_for(randers)


def test_with_the_immediate_backend_the_render_runs_at_commit(
    client, leder, randers, hurtig, settings, django_capture_on_commit_callbacks
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    client.force_login(leder)
    with django_capture_on_commit_callbacks(execute=True):
        gem_tekster(client, randers, "Revideret i april")
    assert hurtig.call_count == 1
    assert client.get(url(randers))["X-Dokument-Cache"] == "hit"
    assert not DBTaskResult.objects.exists()


def test_the_task_of_a_deleted_agreement_does_nothing(db):
    assert baggrund.forny_kladde.call(999_999) == []


def test_a_pdf_over_the_time_limit_is_skipped_by_the_task_and_word_still_made(randers, monkeypatch):
    monkeypatch.setattr(pdf, "skriv", mock.Mock(side_effect=ForLangTid(10)))
    assert baggrund.forny_kladde.call(randers.pk) == ["docx"]


def test_a_failed_render_releases_its_lock_and_stores_nothing():
    def fejler():
        raise ForLangTid(10)

    with pytest.raises(ForLangTid):
        cache.hent("n1", fejler)
    assert caches["dokumenter"].get("n1:laas") is None
    assert cache.hent("n1", lambda: (b"pdf", True)) == (b"pdf", False)
    assert cache.hent("n1", lambda: (b"igen", True)) == (b"pdf", True)


def test_a_lock_left_by_a_crashed_renderer_is_not_waited_for_forever(monkeypatch):
    monkeypatch.setattr(cache, "laas_sekunder", lambda: 0.2)
    caches["dokumenter"].add("n2:laas", 1, timeout=None)  # its holder died
    assert cache.hent("n2", lambda: (b"pdf", True)) == (b"pdf", False)


def test_many_requests_for_one_uncached_state_wait_for_one_render():
    kald = []
    start = threading.Barrier(8)
    faerdig = threading.Event()

    def lav():
        kald.append(1)
        faerdig.wait(5)  # held until every request has asked
        return b"%PDF-en", True

    resultater = []

    def hent():
        start.wait()
        resultater.append(cache.hent("samme", lav))

    traade = [threading.Thread(target=hent) for _ in range(8)]
    for t in traade:
        t.start()
    # Let the render finish once all eight are waiting or rendering.
    for _ in range(1000):  # until one of them renders (bounded: a bug must not hang the suite)
        if kald:
            break
        threading.Event().wait(0.01)
    threading.Event().wait(0.3)
    faerdig.set()
    for t in traade:
        t.join(10)
    assert len(kald) == 1
    assert sorted(resultater) == [(b"%PDF-en", False)] + [(b"%PDF-en", True)] * 7


@pytest.mark.skipif(connection.vendor != "postgresql", reason="threads need PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_eight_downloads_at_once_of_an_uncached_pdf_render_it_once(settings, leder, monkeypatch):
    from django.test import Client

    settings.CACHES = {
        **settings.CACHES,
        "dokumenter": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "dokumentcache",
        },
    }
    caches["dokumenter"].clear()
    randers = Delaftale.objects.get(helhedsplan__slug=RANDERS)
    gange = []
    alle_spurgt = threading.Event()

    def langsom_pdf(side: str) -> bytes:
        gange.append(1)
        alle_spurgt.wait(5)
        return falsk_pdf(side)

    monkeypatch.setattr(pdf, "skriv", langsom_pdf)
    start = threading.Barrier(8)
    svar = []

    def hent():
        try:
            klient = Client()
            klient.force_login(leder)
            start.wait()
            r = klient.get(url(randers))
            svar.append((r.status_code, r.content, r["X-Dokument-Cache"]))
        finally:
            connection.close()

    traade = [threading.Thread(target=hent) for _ in range(8)]
    for t in traade:
        t.start()
    for _ in range(3000):  # until one of them renders
        if gange:
            break
        threading.Event().wait(0.01)
    threading.Event().wait(0.5)  # the others are polling by now; the result is the same if not
    alle_spurgt.set()
    for t in traade:
        t.join(30)
    assert len(gange) == 1
    assert {(status, indhold) for status, indhold, _ in svar} == {(200, falsk_pdf_for(randers))}
    assert sorted(c for _, _, c in svar) == ["hit"] * 7 + ["miss"]


def falsk_pdf_for(aftale) -> bytes:
    return falsk_pdf(pdf.aftale_side(dokumenter.med_indhold(aftale)))


def langsom_til_fil(side: str) -> bytes:
    """Typesets for 5 s, then leaves a file: only if it was not stopped."""
    time.sleep(5)
    Path(os.environ["LBF_TEST_FAERDIG"]).write_text("typesat til ende")
    return b""


def test_the_time_limit_holds_in_a_worker_that_catches_sigterm(settings, monkeypatch, tmp_path):
    """db_worker catches SIGTERM to stop gracefully; the forked typesetter must not inherit
    that, or a late PDF would hold the worker as long as it takes."""
    import signal

    faerdig = tmp_path / "sat-faerdig"
    monkeypatch.setenv("LBF_TEST_FAERDIG", str(faerdig))
    settings.PDF_TIDSGRAENSE = 0.5
    monkeypatch.setattr(pdf, "_typesaet", langsom_til_fil)
    foer = signal.signal(signal.SIGTERM, lambda *a: None)  # as db_worker does
    try:
        with pytest.raises(ForLangTid):
            pdf.skriv("<p>x</p>")
    finally:
        signal.signal(signal.SIGTERM, foer)
    assert not faerdig.exists()
