"""The board's approval off the request (issues 11 and 14 §5): the request checks and
registers it, a worker renders and freezes the version, exactly once however often its
task runs; while it waits the agreement is "Godkendt – versionen dannes"; a failed freeze
is shown to the board, who may approve again."""

import datetime
from unittest import mock

import pytest
from django.core.management import call_command
from django.db import DatabaseError, IntegrityError, connection, transaction
from django.urls import reverse
from django_tasks_db.management.commands import db_worker
from django_tasks_db.models import DBTaskResult

from delaftaler import versioner
from delaftaler.dokumenter import pdf, word
from delaftaler.dokumenter.tidsgraense import ForLangTid
from delaftaler.models import Delaftale, Version
from delaftaler.models.version import Godkendelsesordre, Uforanderlig
from delaftaler.versioner import godkendelse
from tests.conftest import bruger

MOEDE = datetime.date(2026, 11, 20)
UMIDDELBAR = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture
def sendt(randers) -> Delaftale:
    """Randers' draft, changed and sent to the board; no task queued yet."""
    Delaftale.objects.filter(pk=randers.pk).update(revision="Revideret til mødet")
    versioner.indsend(randers, bruger("leder"))
    DBTaskResult.objects.all().delete()
    return Delaftale.objects.get(pk=randers.pk)


@pytest.fixture
def hurtig(monkeypatch):
    """A fast stand-in for WeasyPrint, so the worker's freeze takes no time."""
    skriv = mock.Mock(return_value=b"%PDF-falsk")
    monkeypatch.setattr(pdf, "skriv", skriv)
    return skriv


def behandl(client, aftale, **data):
    return client.post(reverse("behandl", args=[aftale.helhedsplan.slug, aftale.pk]), data)


def versionsside(client, aftale) -> str:
    return client.get(
        reverse("versioner", args=[aftale.helhedsplan.slug, aftale.pk])
    ).content.decode()


def antal(aftale) -> int:
    return Version.objects.filter(aftale=aftale).count()


def test_the_request_renders_nothing_and_the_worker_makes_exactly_one_version(
    client, sendt, monkeypatch
):
    foer = antal(sendt)
    client.force_login(bruger("bestyrelse"))
    intet = mock.Mock(side_effect=AssertionError("dannet i forespørgslen"))
    with mock.patch.object(pdf, "skriv", intet), mock.patch.object(word, "delaftale_docx", intet):
        svar = behandl(client, sendt, handling="godkend", moededato="2026-11-20", kommentar="OK")
    assert svar.status_code == 302 and intet.call_count == 0
    assert antal(sendt) == foer
    (ordre,) = Godkendelsesordre.objects.filter(aftale=sendt)
    (opgave,) = DBTaskResult.objects.all()
    assert opgave.task_path == "delaftaler.versioner.godkendelse.dan_version"
    assert opgave.args_kwargs == {"args": [ordre.pk], "kwargs": {}}
    assert versioner.tilstand(sendt).kode == "godkendes"
    html = versionsside(client, sendt)
    assert "Godkendt – versionen dannes" in html and 'hx-trigger="every 3s"' in html
    assert "Godkend og lås som ny version" not in html  # no second approval offered

    monkeypatch.setattr(pdf, "skriv", mock.Mock(return_value=b"%PDF-falsk"))
    # The worker drops connections between tasks, the test's open transaction with them.
    monkeypatch.setattr(db_worker, "close_old_connections", lambda: None)
    call_command("db_worker", "--batch", "--no-reload", "--no-startup-delay", verbosity=0)
    opgave.refresh_from_db()
    assert opgave.status == "SUCCESSFUL" and opgave.return_value == foer + 1
    assert antal(sendt) == foer + 1
    # Run again (a retry, a second worker): it sees the version made and stops.
    assert godkendelse.dan_version.call(ordre.pk) is None
    assert antal(sendt) == foer + 1
    ordre.refresh_from_db()
    v = ordre.version
    assert ordre.status == "faerdig" and v.nummer == foer + 1
    assert (v.moededato, v.beslutning, v.godkendt_af) == (MOEDE, "OK", "Bo Bestyrelse")
    t = versioner.tilstand(sendt)
    assert t.kode == "godkendt" and t.gaeldende == v and t.indsendelse is None
    html = versionsside(client, sendt)
    assert f"Version {v.nummer} er klar." in html and "hx-trigger" not in html


def test_while_the_version_is_made_every_other_step_is_refused(client, sendt):
    ordre = godkendelse.bestil(sendt, bruger("bestyrelse"), MOEDE)
    assert ordre.status == "afventer"
    for trin in (
        lambda: versioner.traek_tilbage(sendt, bruger("leder")),
        lambda: versioner.send_tilbage(sendt, bruger("bestyrelse"), "Ret det"),
        lambda: versioner.godkend(sendt, bruger("bestyrelse"), MOEDE),
        lambda: godkendelse.bestil(sendt, bruger("bestyrelse"), MOEDE),
    ):
        with pytest.raises(versioner.Afvist, match="versionen dannes nu"):
            trin()
    # The agreement's page offers no step, says why, and "Til mig" asks nothing of the board.
    client.force_login(bruger("bestyrelse"))
    html = client.get(reverse("aftale", args=[sendt.helhedsplan.slug, sendt.pk])).content.decode()
    assert 'data-tilstand="godkendes"' in html and "Godkendelsen er registreret" in html
    assert "Godkend og lås som ny version" not in html
    assert "Til godkendelse: " not in client.get(reverse("forside")).content.decode()
    client.force_login(bruger("leder"))
    html = client.get(reverse("aftale", args=[sendt.helhedsplan.slug, sendt.pk])).content.decode()
    assert "Godkendt – versionen dannes" in html and "Træk tilbage fra bestyrelsen" not in html
    # Through the page: the reason, and what the board typed kept.
    client.force_login(bruger("bestyrelse"))
    svar = behandl(client, sendt, handling="godkend", moededato="2026-12-01", kommentar="Igen")
    html = svar.content.decode()
    assert svar.status_code == 409 and versioner.MSG_DANNES in html
    assert 'value="2026-12-01"' in html and ">Igen</textarea>" in html
    client.force_login(bruger("leder"))
    svar = behandl(client, sendt, handling="traek_tilbage")
    assert svar.status_code == 302 and versioner.tilstand(sendt).kode == "godkendes"
    assert Godkendelsesordre.objects.filter(aftale=sendt).count() == 1


def test_a_pdf_over_the_time_limit_fails_the_approval_and_the_board_may_approve_again(
    client, sendt, monkeypatch
):
    foer = antal(sendt)
    ordre = godkendelse.bestil(sendt, bruger("bestyrelse"), MOEDE, "Vedtaget")
    monkeypatch.setattr(pdf, "skriv", mock.Mock(side_effect=ForLangTid(10)))
    assert godkendelse.dan_version.call(ordre.pk) is None
    ordre.refresh_from_db()
    assert ordre.status == "fejlet" and "PDF ikke kan dannes" in ordre.fejl
    assert antal(sendt) == foer
    t = versioner.tilstand(sendt)
    assert t.kode == "sendt" and t.indsendelse == ordre.indsendelse  # still with the board
    client.force_login(bruger("bestyrelse"))
    html = versionsside(client, sendt)
    assert "Versionen kunne ikke dannes" in html and ordre.fejl in html
    assert "Godkend og lås som ny version" in html and "hx-trigger" not in html

    monkeypatch.setattr(pdf, "skriv", mock.Mock(return_value=b"%PDF-falsk"))
    igen = godkendelse.bestil(sendt, bruger("bestyrelse"), MOEDE)
    assert godkendelse.dan_version.call(igen.pk) == foer + 1
    assert antal(sendt) == foer + 1


def test_a_draft_changed_behind_the_app_fails_the_approval_with_the_reason(sendt, hurtig):
    ordre = godkendelse.bestil(sendt, bruger("bestyrelse"), MOEDE)
    Delaftale.objects.filter(pk=sendt.pk).update(revision="Ændret i skallen")
    assert godkendelse.udfoer(ordre.pk) is None
    ordre.refresh_from_db()
    assert (ordre.status, ordre.fejl) == ("fejlet", versioner.MSG_AENDRET)
    assert hurtig.call_count == 0


def test_with_the_immediate_backend_the_version_is_made_at_once(client, sendt, hurtig, settings):
    settings.TASKS = UMIDDELBAR
    foer = antal(sendt)
    client.force_login(bruger("bestyrelse"))
    svar = behandl(client, sendt, handling="godkend", moededato="2026-11-20")
    assert svar.status_code == 302 and antal(sendt) == foer + 1
    assert f"Version {foer + 1} er godkendt og låst." in versionsside(client, sendt)
    assert not DBTaskResult.objects.exists()


def test_an_approval_only_moves_forward_and_one_waits_at_a_time(sendt, hurtig):
    ordre = godkendelse.bestil(sendt, bruger("bestyrelse"), MOEDE)
    with pytest.raises(IntegrityError), transaction.atomic():
        Godkendelsesordre.objects.create(
            aftale=sendt, indsendelse=ordre.indsendelse, moededato=MOEDE
        )
    with pytest.raises(Uforanderlig):
        ordre.save()
    with pytest.raises(Uforanderlig):
        ordre.delete()
    version = godkendelse.udfoer(ordre.pk)
    assert version is not None
    with pytest.raises(Uforanderlig):
        ordre.afslut(fejl="for sent")  # done is done
    ordre.refresh_from_db()
    assert ordre.status == "faerdig" and ordre.version == version


def test_the_database_refuses_to_move_an_approval_back_or_change_what_was_decided(sendt, hurtig):
    ordre = godkendelse.bestil(sendt, bruger("bestyrelse"), MOEDE)
    tabel = Godkendelsesordre._meta.db_table
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as c:
        c.execute(f"UPDATE {tabel} SET moededato = %s WHERE id = %s", ["2020-01-01", ordre.pk])
    godkendelse.udfoer(ordre.pk)
    for saet in ("status = 'afventer', version_id = NULL", "fejl = 'x'"):
        with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as c:
            c.execute(f"UPDATE {tabel} SET {saet} WHERE id = %s", [ordre.pk])
    # A user's deletion may still clear the reference (SET NULL).
    with connection.cursor() as c:
        c.execute(f"UPDATE {tabel} SET bruger_id = NULL WHERE id = %s", [ordre.pk])
    ordre.refresh_from_db()
    assert ordre.status == "faerdig" and ordre.bruger is None
