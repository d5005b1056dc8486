"""E-mail notifications (issue 12, item 6): who gets what, the text, opt-out, nothing when
the step is rolled back, and `send_paamindelser` (failed mails, reminders, due reports).
Django's in-memory outbox; the real SMTP server on loopback is in test_varsler_smtp.py."""

import datetime
import io
import uuid

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from delaftaler import versioner
from delaftaler.models import Helhedsplan, Medlemskab, StrategiskAftale
from opfoelgning import behandling
from opfoelgning.models import Statusrapport
from tests.conftest import bruger
from varsler import paamindelser
from varsler.models import Indstilling, Paamindelse, Udsendelse

pytestmark = pytest.mark.django_db

PLAN = "randers-2025-29"
SITE = "http://127.0.0.1:8000"
MOEDE = datetime.date(2026, 11, 20)


def aendr(aftale):
    """A real change of the draft, so that it may be sent (not identical to its version)."""
    felt = "bemaerkninger" if not isinstance(aftale, StrategiskAftale) else "lokal_evaluering"
    type(aftale).objects.filter(pk=aftale.pk).update(**{felt: f"Ændret i test {uuid.uuid4()}"})


def indsend(aftale, kommentar=""):
    aendr(aftale)
    return versioner.indsend(aftale, bruger("leder"), kommentar, trods_tjekliste=True)


def medlem(navn, rolle, plan=PLAN, email=None, **felter):
    ny = get_user_model().objects.create_user(
        navn, email=f"{navn}@example.dk" if email is None else email, first_name=navn, **felter
    )
    Medlemskab.objects.create(
        bruger=ny, helhedsplan=Helhedsplan.objects.get(slug=plan), rolle=rolle
    )
    return ny


def modtagere(outbox):
    return sorted(a for m in outbox for a in m.to)


@pytest.fixture
def vejle():
    return StrategiskAftale.objects.get(helhedsplan__slug="vejleaaparken-2021-25")


@pytest.fixture
def udfoer(django_capture_on_commit_callbacks):
    """Run the step and what it registered to run after commit (as a request would)."""

    def koer(trin, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return trin(*args, **kwargs)

    return koer


def test_the_demo_users_have_addresses():
    assert [bruger(n).email for n in ("leder", "bestyrelse", "lbf")] == [
        "leder@example.dk",
        "bestyrelse@example.dk",
        "lbf@example.dk",
    ]


def test_a_draft_sent_to_the_board_mails_its_board_members_with_the_message_and_a_link(
    randers, udfoer, mailoutbox
):
    medlem("bo2", Medlemskab.Rolle.BESTYRELSE)
    medlem("andenplan", Medlemskab.Rolle.BESTYRELSE, plan="viborg-2025-29")
    udfoer(indsend, randers, "Se især afsnit 3 om & budgettet")
    assert modtagere(mailoutbox) == ["bestyrelse@example.dk", "bo2@example.dk"]
    mail = next(m for m in mailoutbox if m.to == ["bestyrelse@example.dk"])
    assert mail.subject == f"Til bestyrelsen: {randers}"
    assert "Kære Bo Bestyrelse" in mail.body
    assert "Lene Leder har sendt" in mail.body
    assert "Se især afsnit 3 om & budgettet" in mail.body  # plain text: nothing escaped
    assert f"{SITE}/planer/{PLAN}/aftaler/{randers.pk}/" in mail.body
    assert f"{SITE}/indstillinger/varsler/" in mail.body
    rows = Udsendelse.objects.order_by("modtager")
    assert [(u.modtager, u.forsoeg, u.fejl, u.sendt is not None) for u in rows] == [
        ("bestyrelse@example.dk", 1, "", True),
        ("bo2@example.dk", 1, "", True),
    ]
    assert rows[0].emne == mail.subject and rows[0].tekst == mail.body


def test_sent_back_mails_the_redaktoerer_with_the_boards_comment(randers, udfoer, mailoutbox):
    medlem("redaktoer2", Medlemskab.Rolle.REDAKTOER)
    indsend(randers)
    udfoer(versioner.send_tilbage, randers, bruger("bestyrelse"), "Ret delmål 2, tak")
    assert modtagere(mailoutbox) == ["leder@example.dk", "redaktoer2@example.dk"]
    mail = mailoutbox[0]
    assert mail.subject == f"Sendt tilbage af bestyrelsen: {randers}"
    assert "Bestyrelsens kommentar:\nRet delmål 2, tak" in mail.body
    assert f"{SITE}/planer/{PLAN}/aftaler/{randers.pk}/" in mail.body


def test_an_approved_delaftale_mails_the_redaktoer_and_tells_lbf_it_is_current(
    randers, udfoer, mailoutbox
):
    indsend(randers)
    udfoer(versioner.godkend, randers, bruger("bestyrelse"), MOEDE, "Godkendt uden ændringer")
    per_modtager = {m.to[0]: m for m in mailoutbox}
    assert sorted(per_modtager) == ["lbf@example.dk", "leder@example.dk"]
    leder = per_modtager["leder@example.dk"]
    assert leder.subject == f"Godkendt af bestyrelsen: {randers}"
    assert "som version 2 på mødet 20/11-2026" in leder.body
    assert "Godkendt uden ændringer" in leder.body
    lbf = per_modtager["lbf@example.dk"]
    assert lbf.subject == f"Ny gældende version: {randers}"
    assert f"{SITE}/planer/{PLAN}/aftaler/{randers.pk}/versioner/" in lbf.body


def test_a_strategic_version_awaits_lbf_and_lbfs_approval_makes_it_current(
    vejle, udfoer, mailoutbox
):
    plan = vejle.helhedsplan.slug
    medlem("lbf2", Medlemskab.Rolle.LBF, plan=plan)
    indsend(vejle)
    mailoutbox.clear()
    v2 = udfoer(versioner.godkend, vejle, bruger("bestyrelse"), MOEDE)
    assert sorted((m.to[0], m.subject) for m in mailoutbox) == [
        ("lbf2@example.dk", f"Afventer Landsbyggefondens godkendelse: {vejle}"),
        ("lbf@example.dk", f"Afventer Landsbyggefondens godkendelse: {vejle}"),
        ("leder@example.dk", f"Godkendt af bestyrelsen: {vejle}"),
    ]
    (leder,) = [m for m in mailoutbox if m.to == ["leder@example.dk"]]
    assert "afventer nu Landsbyggefondens godkendelse" in leder.body
    mailoutbox.clear()
    udfoer(versioner.lbf_beslut, v2, bruger("lbf"), MOEDE, True, "Fint")
    # The LBF user who decided is not told of their own step; the other one is.
    assert sorted((m.to[0], m.subject) for m in mailoutbox) == [
        ("lbf2@example.dk", f"Ny gældende version: {vejle}"),
        ("leder@example.dk", f"Godkendt af Landsbyggefonden: {vejle}"),
    ]
    (lbf2,) = [m for m in mailoutbox if m.to == ["lbf2@example.dk"]]
    assert f"{SITE}/planer/{plan}/aftaler/{vejle.pk}/versioner/" in lbf2.body
    assert "Version 2 af" in lbf2.body and "er nu den gældende aftale" in lbf2.body


def test_lbfs_refusal_mails_the_redaktoer_with_the_comment_and_nothing_becomes_current(
    vejle, udfoer, mailoutbox
):
    indsend(vejle)
    v2 = versioner.godkend(vejle, bruger("bestyrelse"), MOEDE)
    udfoer(versioner.lbf_beslut, v2, bruger("lbf"), MOEDE, False, "Mangler budget")
    assert [(m.to, m.subject) for m in mailoutbox] == [
        (["leder@example.dk"], f"Ikke godkendt af Landsbyggefonden: {vejle}")
    ]
    assert "Landsbyggefondens kommentar:\nMangler budget" in mailoutbox[0].body


def test_the_status_report_round_trip_mails_board_then_redaktoer(udfoer, mailoutbox):
    rapport = behandling.statusrapport(Helhedsplan.objects.get(slug=PLAN), 2025)
    link = f"{SITE}/planer/{PLAN}/opfoelgning/rapport/2025/"
    udfoer(behandling.indsend, rapport, bruger("leder"), "Klar til mødet")
    assert [(m.to, m.subject) for m in mailoutbox] == [
        (
            ["bestyrelse@example.dk"],
            "Til bestyrelsen: statusrapporten 2025 for " + str(rapport.helhedsplan),
        )
    ]
    assert link in mailoutbox[0].body and "Klar til mødet" in mailoutbox[0].body
    mailoutbox.clear()
    udfoer(
        behandling.send_tilbage, rapport, bruger("bestyrelse"), "Vurderingen af delmål 1 mangler"
    )
    assert [m.to for m in mailoutbox] == [["leder@example.dk"]]
    assert "Vurderingen af delmål 1 mangler" in mailoutbox[0].body and link in mailoutbox[0].body
    behandling.indsend(rapport, bruger("leder"))
    mailoutbox.clear()
    udfoer(behandling.godkend, rapport, bruger("bestyrelse"), MOEDE, "Taget til efterretning")
    assert [m.to for m in mailoutbox] == [["leder@example.dk"]]
    assert mailoutbox[0].subject.startswith("Godkendt af bestyrelsen: statusrapporten 2025")
    assert "Taget til efterretning" in mailoutbox[0].body


def test_only_users_with_an_address_who_want_mails_are_told(randers, udfoer, mailoutbox):
    medlem("uden", Medlemskab.Rolle.BESTYRELSE, email="")
    medlem("inaktiv", Medlemskab.Rolle.BESTYRELSE, is_active=False)
    fravalgt = medlem("fravalgt", Medlemskab.Rolle.BESTYRELSE)
    Indstilling.objects.create(bruger=fravalgt, modtag_mails=False)
    Indstilling.objects.create(bruger=bruger("bestyrelse"), modtag_mails=True)
    udfoer(indsend, randers)
    assert modtagere(mailoutbox) == ["bestyrelse@example.dk"]
    assert Udsendelse.objects.count() == 1


def test_a_rolled_back_step_sends_nothing(randers, udfoer, mailoutbox):
    class Fortryd(Exception):
        pass

    def indsend_og_fortryd():
        with transaction.atomic():
            indsend(randers)
            raise Fortryd

    with pytest.raises(Fortryd):
        udfoer(indsend_og_fortryd)
    assert versioner.tilstand(randers).indsendelse is None
    assert mailoutbox == [] and not Udsendelse.objects.exists()
    # A refused step (already sent) sends nothing either: one mail for the one submission.
    udfoer(indsend, randers)
    with pytest.raises(versioner.Afvist):
        udfoer(versioner.indsend, randers, bruger("leder"), trods_tjekliste=True)
    assert len(mailoutbox) == 1


def test_the_settings_page_turns_mails_off_and_on(client, randers, udfoer, mailoutbox):
    url = reverse("varsler_indstillinger")
    assert url == "/indstillinger/varsler/"
    svar = client.get(url)
    assert svar.status_code == 302 and svar["Location"].startswith(reverse("login"))
    client.force_login(bruger("bestyrelse"))
    side = client.get(url).content.decode()
    assert "bestyrelse@example.dk" in side and "checked" in side
    assert "som bestyrelse i" in side
    svar = client.post(url, {})  # an unticked checkbox is not sent
    assert svar.status_code == 302
    assert Indstilling.objects.get(bruger=bruger("bestyrelse")).modtag_mails is False
    assert "Du får ikke længere e-mails" in client.get(url).content.decode()
    udfoer(indsend, randers)
    assert mailoutbox == []
    client.post(url, {"modtag_mails": "on"})
    assert Indstilling.objects.get(bruger=bruger("bestyrelse")).modtag_mails is True
    # Only one's own setting: another user's is untouched.
    assert not Indstilling.objects.filter(bruger=bruger("leder")).exists()


def test_the_settings_page_says_so_when_the_user_has_no_address(client):
    uden = medlem("uden", Medlemskab.Rolle.REDAKTOER, email="")
    client.force_login(uden)
    assert "Du har ingen e-mailadresse" in client.get("/indstillinger/varsler/").content.decode()


def koer_paamindelser(monkeypatch, tid):
    monkeypatch.setattr(paamindelser, "nu", lambda: tid)
    ud, fejl = io.StringIO(), io.StringIO()
    call_command("send_paamindelser", stdout=ud, stderr=fejl)
    return ud.getvalue(), fejl.getvalue()


def til(outbox, adresse, start=""):
    return [m for m in outbox if m.to == [adresse] and m.subject.startswith(start)]


def test_send_paamindelser_sends_what_failed(monkeypatch, mailoutbox):
    u = Udsendelse.objects.create(
        modtager="leder@example.dk", emne="Prøve", tekst="Tekst\n", forsoeg=1, fejl="Nede"
    )
    Udsendelse.objects.create(
        modtager="gammel@example.dk", emne="Opgivet", tekst="x", forsoeg=10, fejl="Nede"
    )
    ud, fejl = koer_paamindelser(monkeypatch, datetime.datetime(2026, 3, 1, tzinfo=datetime.UTC))
    assert (
        fejl
        == "Opgivet: 1 e-mail efter 10 forsøg; se fejlen i administrationen under E-mail-varsler.\n"
    )
    assert [(m.to, m.subject, m.body) for m in mailoutbox] == [
        (["leder@example.dk"], "Prøve", "Tekst\n")
    ]
    u.refresh_from_db()
    assert (u.sendt is not None, u.forsoeg, u.fejl) == (True, 2, "")
    assert "Sendt igen: 1 af 1 e-mail, der ikke var sendt." in ud


def test_the_board_is_reminded_of_a_draft_waiting_over_14_days_once_a_week(
    randers, monkeypatch, mailoutbox
):
    indsend(randers)  # no on-commit here: the submission's own mail is not part of this
    start = timezone.now()
    emne = f"Påmindelse: venter på bestyrelsen – {randers}"

    def bestyrelsen():
        return [m for m in til(mailoutbox, "bestyrelse@example.dk") if m.subject == emne]

    koer_paamindelser(monkeypatch, start + datetime.timedelta(days=13))
    assert bestyrelsen() == []
    ud, _ = koer_paamindelser(monkeypatch, start + datetime.timedelta(days=15))
    assert len(bestyrelsen()) == 1
    assert "Påmindelser til bestyrelsen: 1 sag" in ud and str(randers) in ud
    assert f"{SITE}/planer/{PLAN}/aftaler/{randers.pk}/" in bestyrelsen()[0].body
    assert "blev sendt til bestyrelsen" in bestyrelsen()[0].body
    koer_paamindelser(monkeypatch, start + datetime.timedelta(days=16))
    koer_paamindelser(monkeypatch, start + datetime.timedelta(days=21))
    assert len(bestyrelsen()) == 1  # once a week, not every run
    koer_paamindelser(monkeypatch, start + datetime.timedelta(days=22, hours=1))
    assert len(bestyrelsen()) == 2
    assert Paamindelse.objects.filter(noegle__startswith="aftale-indsendt:").count() == 1
    # Once the board has acted, nothing more.
    versioner.send_tilbage(randers, bruger("bestyrelse"), "Ret det")
    koer_paamindelser(monkeypatch, start + datetime.timedelta(days=40))
    assert len(bestyrelsen()) == 2


def test_the_board_is_reminded_of_a_status_report_waiting_over_14_days(monkeypatch, mailoutbox):
    rapport = behandling.statusrapport(Helhedsplan.objects.get(slug=PLAN), 2025)
    behandling.indsend(rapport, bruger("leder"))
    koer_paamindelser(monkeypatch, timezone.now() + datetime.timedelta(days=15))
    (mail,) = til(mailoutbox, "bestyrelse@example.dk", "Påmindelse: venter på bestyrelsen")
    assert "Statusrapporten 2025 for" in mail.subject
    assert f"{SITE}/planer/{PLAN}/opfoelgning/rapport/2025/" in mail.body


def test_the_redaktoer_is_reminded_of_a_status_report_due_within_30_days(monkeypatch, mailoutbox):
    plan = Helhedsplan.objects.get(slug=PLAN)
    tid = datetime.datetime(2026, 6, 10, 12, tzinfo=datetime.UTC)
    Statusrapport.objects.create(helhedsplan=plan, aar=2024, frist=datetime.date(2026, 8, 1))
    ud, _ = koer_paamindelser(monkeypatch, tid)
    # Randers' 2025 report (no row yet: the standard due date 30/6-2026) is due; the 2024
    # report with its own later due date is not yet.
    mails = til(mailoutbox, "leder@example.dk", "Påmindelse: statusrapporten")
    randers_mails = [m for m in mails if plan.navn in m.subject]
    assert [m.subject for m in randers_mails] == [
        f"Påmindelse: statusrapporten 2025 for {plan.navn} skal godkendes senest 30/6-2026"
    ]
    assert f"{SITE}/planer/{PLAN}/opfoelgning/rapport/2025/" in randers_mails[0].body
    assert f"Statusrapporten 2025 for {plan.navn}" in ud
    assert "2024" not in "".join(m.subject for m in randers_mails)
    # Not again within the week; an approved report never.
    koer_paamindelser(monkeypatch, tid + datetime.timedelta(days=3))
    assert len([m for m in til(mailoutbox, "leder@example.dk") if plan.navn in m.subject]) == 1


def test_an_approved_status_report_is_not_reminded_of(monkeypatch, mailoutbox):
    plan = Helhedsplan.objects.get(slug=PLAN)
    rapport = behandling.statusrapport(plan, 2025)
    behandling.indsend(rapport, bruger("leder"))
    behandling.godkend(rapport, bruger("bestyrelse"), MOEDE)
    koer_paamindelser(monkeypatch, datetime.datetime(2026, 6, 10, 12, tzinfo=datetime.UTC))
    assert [m for m in mailoutbox if plan.navn in m.subject] == []


def test_an_overdue_report_says_so(monkeypatch, mailoutbox):
    plan = Helhedsplan.objects.get(slug=PLAN)
    ud, _ = koer_paamindelser(monkeypatch, datetime.datetime(2026, 7, 5, 12, tzinfo=datetime.UTC))
    (mail,) = [m for m in til(mailoutbox, "leder@example.dk") if plan.navn in m.subject]
    assert "skulle have været godkendt senest 30/6-2026" in mail.subject
    assert "fristen er overskredet" in mail.body


@pytest.mark.parametrize("navn", ["leder", "bestyrelse", "lbf", "fremmed"])
def test_every_role_sees_its_own_settings_and_only_its_own(client, fremmed, navn):
    client.force_login(bruger(navn))
    side = client.get("/indstillinger/varsler/").content.decode()
    adresser = {"leder@example.dk", "bestyrelse@example.dk", "lbf@example.dk"}
    egen = bruger(navn).email
    assert [a for a in adresser if a in side] == ([egen] if egen else [])
    assert ("Du har ingen e-mailadresse" in side) == (not egen)


def test_the_admin_lists_the_mails_read_only(client, mailoutbox):
    admin = get_user_model().objects.create_superuser("admin", "admin@example.dk", "admin-1234")
    u = Udsendelse.objects.create(modtager="leder@example.dk", emne="Prøve", tekst="x", fejl="Nede")
    Indstilling.objects.create(bruger=admin)
    Paamindelse.objects.create(noegle="aftale-indsendt:1", sidst=timezone.now())
    client.force_login(admin)
    for model in ("udsendelse", "indstilling", "paamindelse"):
        svar = client.get(reverse(f"admin:varsler_{model}_changelist"), {"q": "a"})
        assert svar.status_code == 200, model
    side = client.get(reverse("admin:varsler_udsendelse_change", args=[u.pk])).content.decode()
    assert "Nede" in side and 'name="emne"' not in side  # shown, not editable
    assert client.get(reverse("admin:varsler_udsendelse_add")).status_code == 403


def test_send_paamindelser_with_nothing_to_do_says_so(monkeypatch, mailoutbox):
    ud, fejl = koer_paamindelser(monkeypatch, datetime.datetime(2026, 3, 1, tzinfo=datetime.UTC))
    assert ud.splitlines() == [
        "Sendt igen: 0 af 0 e-mails, der ikke var sendt.",
        "Påmindelser til bestyrelsen: 0 sager",
        "Påmindelser om statusrapporters frist: 0 rapporter",
        "Nye e-mails sendt: 0 af 0.",
    ]
    assert fejl == "" and mailoutbox == []
