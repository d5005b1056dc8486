"""A plan's members managed in the app by its administrators, every change logged."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import reverse

from delaftaler.models import Helhedsplan, Medlemskab, Medlemslog
from delaftaler.views.medlemmer import MSG_KUN_REDAKTOER, MSG_SIDSTE
from delaftaler.views.planoplysninger import boligorganisationer
from tests.conftest import bruger

pytestmark = pytest.mark.django_db

PLAN = "randers-2025-29"
Rolle = Medlemskab.Rolle


def side():
    return reverse("medlemmer", args=[PLAN])


def m(navn):
    return Medlemskab.objects.get(helhedsplan__slug=PLAN, bruger__username=navn)


def aendr(client, navn, rolle, administrator=False, **ekstra):
    pk = m(navn).pk
    data = {f"m{pk}-rolle": rolle, "handling": "aendr", **ekstra}
    if administrator:
        data[f"m{pk}-administrator"] = "on"
    return client.post(reverse("medlem", args=[PLAN, pk]), data)


@pytest.fixture
def admin(client):
    client.force_login(bruger("leder"))
    return client


def test_the_demo_leder_administers_the_demo_plans():
    assert m("leder").administrator and not m("bestyrelse").administrator
    assert (
        Helhedsplan.objects.filter(
            medlemskaber__bruger__username="leder", medlemskaber__administrator=True
        ).count()
        == Helhedsplan.objects.filter(medlemskaber__bruger__username="leder").count()
    )


def test_the_page_lists_members_and_roles(admin):
    html = admin.get(side()).content.decode()
    for tekst in ("Lene Leder", "Bo Bestyrelse", "Lise Landsbyggefonden", "Invitér en person"):
        assert tekst in html
    assert "Ingen ændringer endnu." in html


@pytest.mark.parametrize("navn", ["bestyrelse", "lbf"])
def test_others_in_the_plan_get_403(client, navn):
    client.force_login(bruger(navn))
    assert client.get(side()).status_code == 403
    assert client.post(reverse("medlemmer_inviter", args=[PLAN]), {}).status_code == 403
    svar = client.post(reverse("medlem", args=[PLAN, m("leder").pk]), {"handling": "fjern"})
    assert svar.status_code == 403 and m("leder")


def test_a_redaktoer_who_is_not_administrator_gets_403(client):
    Medlemskab.objects.filter(pk=m("leder").pk).update(administrator=False)
    client.force_login(bruger("leder"))
    assert client.get(side()).status_code == 403


def test_another_plan_is_404(client, fremmed):
    Medlemskab.objects.filter(bruger=fremmed).update(administrator=True)
    client.force_login(fremmed)
    assert client.get(side()).status_code == 404
    assert client.get(reverse("medlemmer", args=["fremmed-plan"])).status_code == 200
    # A membership of another plan, through the administrator's own plan: 404.
    andet = reverse("medlem", args=["fremmed-plan", m("bestyrelse").pk])
    assert client.post(andet, {"handling": "fjern"}).status_code == 404
    assert Medlemskab.objects.filter(pk=m("bestyrelse").pk).exists()


def _link(tekst):
    (link,) = re.findall(r"http://testserver(/adgangskode/ny/\S+/)", tekst)
    return link


def test_invite_a_new_person_who_sets_a_password_with_the_link(admin, client):
    svar = admin.post(
        reverse("medlemmer_inviter", args=[PLAN]),
        {"email": "Ny.Person@example.dk", "navn": "Nina Ny", "rolle": Rolle.BESTYRELSE},
    )
    assert svar.status_code == 302
    ny = get_user_model().objects.get(email="Ny.Person@example.dk")
    assert (ny.username, ny.first_name, ny.last_name) == ("ny.person@example.dk", "Nina", "Ny")
    assert not ny.has_usable_password()
    assert m("ny.person@example.dk").rolle == Rolle.BESTYRELSE
    (besked,) = mail.outbox
    assert besked.to == ["Ny.Person@example.dk"]
    assert "Randers" in besked.subject and "rollen Bestyrelse" in besked.body
    post = Medlemslog.objects.get(helhedsplan__slug=PLAN)
    assert (post.handling, post.udfoert_af_navn) == ("inviteret", "Lene Leder")
    assert "Nina Ny" in post.medlem and "Bestyrelse" in post.beskrivelse
    assert post.beskrivelse in admin.get(side()).content.decode()

    client.logout()
    formular = client.get(_link(besked.body), follow=True).redirect_chain[-1][0]
    svar = client.post(
        formular, {"new_password1": "nina-sin-kode-77", "new_password2": "nina-sin-kode-77"}
    )
    ny.refresh_from_db()
    assert ny.check_password("nina-sin-kode-77")
    assert client.get(_link(besked.body), follow=True).context["validlink"] is False


def test_invite_an_existing_user_adds_the_membership(admin, fremmed):
    fremmed.email = "fremmed@example.dk"
    fremmed.save()
    svar = admin.post(
        reverse("medlemmer_inviter", args=[PLAN]),
        {"email": "FREMMED@example.dk", "rolle": Rolle.REDAKTOER, "administrator": "on"},
    )
    assert svar.status_code == 302
    assert m("fremmed").administrator and m("fremmed").rolle == Rolle.REDAKTOER
    assert "Log ind" in mail.outbox[0].body and "adgangskode" not in mail.outbox[0].body.lower()
    assert Medlemslog.objects.get().handling == "tilfoejet"


@pytest.mark.parametrize(
    "data,fejl",
    [
        ({"email": "ikke-en-adresse", "rolle": "bestyrelse"}, "Indtast en gyldig e-mail-adresse"),
        ({"email": "x@example.dk", "rolle": "gud"}, "Marker en gyldig valgmulighed"),
        ({"email": "x@example.dk", "rolle": "lbf", "administrator": "on"}, MSG_KUN_REDAKTOER),
        ({"email": "bestyrelse@example.dk", "rolle": "lbf"}, "er allerede medlem"),
    ],
)
def test_bad_invitations_are_refused_at_the_field_and_change_nothing(admin, data, fejl):
    brugere = get_user_model().objects.count()
    svar = admin.post(reverse("medlemmer_inviter", args=[PLAN]), {"navn": "Typet navn", **data})
    html = svar.content.decode()
    assert svar.status_code == 400 and fejl in html and 'value="Typet navn"' in html
    assert get_user_model().objects.count() == brugere
    assert not Medlemslog.objects.exists() and mail.outbox == []


def test_change_role_and_administrator_flag_is_logged(admin):
    assert aendr(admin, "bestyrelse", Rolle.REDAKTOER, administrator=True).status_code == 302
    assert (m("bestyrelse").rolle, m("bestyrelse").administrator) == (Rolle.REDAKTOER, True)
    tekster = set(Medlemslog.objects.values_list("handling", "beskrivelse"))
    assert tekster == {
        ("rolle", "Rolle ændret fra Bestyrelse til Redaktør."),
        ("administrator", "Gjort til administrator."),
    }
    html = admin.get(side()).content.decode()
    assert "Rolle ændret fra Bestyrelse til Redaktør." in html


def test_an_administrator_must_be_a_redaktoer(admin):
    svar = aendr(admin, "bestyrelse", Rolle.BESTYRELSE, administrator=True)
    assert svar.status_code == 400 and MSG_KUN_REDAKTOER in svar.content.decode()
    assert not m("bestyrelse").administrator and not Medlemslog.objects.exists()


def test_the_last_administrator_can_neither_be_demoted_nor_removed(admin):
    svar = aendr(admin, "leder", Rolle.REDAKTOER, administrator=False)
    assert svar.status_code == 400 and MSG_SIDSTE in svar.content.decode()
    svar = aendr(admin, "leder", Rolle.BESTYRELSE, administrator=False)
    assert svar.status_code == 400 and m("leder").rolle == Rolle.REDAKTOER
    svar = admin.post(reverse("medlem", args=[PLAN, m("leder").pk]), {"handling": "fjern"})
    assert MSG_SIDSTE in admin.get(svar.url).content.decode()
    assert m("leder").administrator and not Medlemslog.objects.exists()


def test_remove_a_member_is_logged_and_takes_away_access(admin, client):
    pk = m("bestyrelse").pk
    svar = admin.post(reverse("medlem", args=[PLAN, pk]), {"handling": "fjern"})
    assert svar.status_code == 302
    assert not Medlemskab.objects.filter(pk=pk).exists()
    post = Medlemslog.objects.get()
    assert post.handling == "fjernet" and "Bo Bestyrelse" in post.medlem
    assert post.beskrivelse == "Fjernet fra helhedsplanen (var Bestyrelse)."
    client.force_login(bruger("bestyrelse"))
    assert client.get(reverse("opfoelgning", args=[PLAN])).status_code == 404


def test_an_administrator_may_step_down_when_another_remains(admin):
    aendr(admin, "bestyrelse", Rolle.REDAKTOER, administrator=True)
    svar = aendr(admin, "leder", Rolle.REDAKTOER, administrator=False)
    assert svar.status_code == 302 and svar.url == reverse("forside")
    assert not m("leder").administrator
    assert admin.get(side()).status_code == 403


def test_get_on_the_actions_is_refused(admin):
    assert admin.get(reverse("medlemmer_inviter", args=[PLAN])).status_code == 405
    assert admin.get(reverse("medlem", args=[PLAN, m("leder").pk])).status_code == 405
    assert (
        admin.post(reverse("medlem", args=[PLAN, 999999]), {"handling": "fjern"}).status_code == 404
    )


def test_send_the_invitation_again(admin):
    admin.post(
        reverse("medlemmer_inviter", args=[PLAN]),
        {"email": "ny@example.dk", "rolle": Rolle.BESTYRELSE},
    )
    assert "Send invitation igen" in admin.get(side()).content.decode()
    svar = admin.post(
        reverse("medlem", args=[PLAN, m("ny@example.dk").pk]), {"handling": "send_igen"}
    )
    assert svar.status_code == 302 and len(mail.outbox) == 2
    assert _link(mail.outbox[1].body)


def test_a_failing_mail_server_keeps_the_membership(admin, settings, monkeypatch):
    def fejler(*args, **kwargs):
        raise ConnectionRefusedError("ingen server")

    monkeypatch.setattr("delaftaler.views.konto.send_mail", fejler)
    svar = admin.post(
        reverse("medlemmer_inviter", args=[PLAN]),
        {"email": "ny@example.dk", "rolle": Rolle.BESTYRELSE},
        follow=True,
    )
    assert "kunne ikke sendes" in svar.content.decode()
    assert m("ny@example.dk").rolle == Rolle.BESTYRELSE


def plan_data(**aendret):
    data = {
        "navn": "Den boligsociale helhedsplan i Randers",
        "gaelder_fra": "2025-01-01",
        "gaelder_til": "2029-12-31",
        "kommune_navn": "Randers Kommune",
        "boligorganisationer_navne": "",
    }
    return {**data, **aendret}


def test_the_administrator_edits_the_plans_own_data_and_it_is_logged(admin, randers):
    plan = Helhedsplan.objects.get(slug=PLAN)
    url = reverse("planoplysninger", args=[PLAN])
    svar = admin.get(url)
    assert svar.status_code == 200
    assert svar.context["form"]["kommune_navn"].value() == (
        plan.kommune.navn if plan.kommune else ""
    )
    felter = {
        "navn": "Randers Nord",
        "gaelder_fra": randers.gaelder_fra.isoformat(),
        "gaelder_til": randers.gaelder_til.isoformat(),
        "kommune_navn": "Randers Kommune",
        "boligorganisationer_navne": "Boligforeningen Ny\nRandersBolig",
    }
    assert admin.post(url, felter).status_code == 302
    plan.refresh_from_db()
    assert plan.navn == "Randers Nord" and plan.kommune.navn == "Randers Kommune"
    assert boligorganisationer(plan) == ["Boligforeningen Ny", "RandersBolig"]
    post = Medlemslog.objects.get(handling="plan")
    assert "Navn: Den boligsociale helhedsplan i Randers → Randers Nord" in post.beskrivelse
    assert "Periode: – → " in post.beskrivelse
    assert "Boligorganisationer: RandersBolig, Lejerbo → Boligforeningen Ny, RandersBolig" in (
        post.beskrivelse
    )
    assert post.beskrivelse in admin.get(side()).content.decode()


def test_the_plans_period_must_hold_its_agreements(admin, randers):
    plan = Helhedsplan.objects.get(slug=PLAN)
    foer = (plan.navn, plan.gaelder_fra, plan.gaelder_til)
    url = reverse("planoplysninger", args=[PLAN])
    svar = admin.post(
        url,
        {
            "navn": "Typet navn",
            "gaelder_fra": randers.gaelder_fra.isoformat(),
            "gaelder_til": randers.gaelder_fra.replace(
                year=randers.gaelder_fra.year + 1
            ).isoformat(),
            "kommune_navn": "",
            "boligorganisationer_navne": "",
        },
    )
    html = svar.content.decode()
    assert svar.status_code == 400 and "helhedsplanens periode skal rumme den" in html
    assert 'value="Typet navn"' in html
    plan.refresh_from_db()
    assert (plan.navn, plan.gaelder_fra, plan.gaelder_til) == foer
    assert not Medlemslog.objects.exists()


def test_a_kommune_must_be_a_kommune(admin):
    plan = Helhedsplan.objects.get(slug=PLAN)
    svar = admin.post(
        reverse("planoplysninger", args=[PLAN]),
        {
            "navn": plan.navn,
            "gaelder_fra": "",
            "gaelder_til": "",
            "kommune_navn": "RandersBolig",
            "boligorganisationer_navne": "",
        },
    )
    assert svar.status_code == 400 and "RandersBolig er ikke en kommune" in svar.content.decode()
    assert Helhedsplan.objects.get(slug=PLAN).kommune.navn == "Randers Kommune"


@pytest.mark.parametrize("navn", ["bestyrelse", "lbf"])
def test_only_administrators_edit_the_plans_data(client, navn, fremmed):
    client.force_login(bruger(navn))
    url = reverse("planoplysninger", args=[PLAN])
    assert client.get(url).status_code == 403
    assert client.post(url, {"navn": "Hacket"}).status_code == 403
    client.force_login(fremmed)
    assert client.post(url, {"navn": "Hacket"}).status_code == 404
    assert Helhedsplan.objects.get(slug=PLAN).navn != "Hacket"


def test_staff_create_the_next_period_from_a_plan_in_the_admin(client):
    from delaftaler.models import Fondsperiode, Omraade

    plan = Helhedsplan.objects.get(slug=PLAN)
    Helhedsplan.objects.filter(pk=plan.pk).update(
        gaelder_fra="2025-01-01", gaelder_til="2029-12-31"
    )
    nyere = Fondsperiode.objects.create(
        kode="2027-34", navn="Næste fondsperiode", start_aar=2027, slut_aar=2034
    )
    barn = plan.omraader.order_by("id").last()
    Omraade.objects.filter(pk=barn.pk).update(overordnet=plan.omraader.order_by("id").first())
    staff = get_user_model().objects.create_superuser("staff", "staff@example.dk", "x-1234-abcd")
    client.force_login(staff)
    svar = client.post(
        reverse("admin:delaftaler_helhedsplan_changelist"),
        {"action": "opret_naeste_periode", "_selected_action": [plan.pk]},
        follow=True,
    )
    ny = Helhedsplan.objects.get(slug="randers-2030-34")
    assert "randers-2030-34" in svar.content.decode()
    assert (str(ny.gaelder_fra), str(ny.gaelder_til)) == ("2030-01-01", "2034-12-31")
    assert ny.fondsperiode == nyere and ny.navn == plan.navn and ny.kommune == plan.kommune
    assert boligorganisationer(ny) == boligorganisationer(plan) == ["RandersBolig", "Lejerbo"]
    gamle = list(plan.omraader.values_list("navn", "type", "organisation_id", "overordnet__navn"))
    assert list(ny.omraader.values_list("navn", "type", "organisation_id", "overordnet__navn")) == (
        gamle
    )
    assert ny.aftaler.count() == 0
    assert list(ny.medlemskaber.values_list("bruger__username", "rolle", "administrator")) == [
        ("leder", Rolle.REDAKTOER, True)
    ]
    # The old plan is untouched.
    assert plan.omraader.count() == len(gamle) and plan.aftaler.count() > 0


def test_the_plans_own_data_is_locked_while_a_draft_is_with_the_board(admin, randers):
    """Name, period and organisations are part of every agreement's frozen content."""
    from delaftaler import versioner

    type(randers).objects.filter(pk=randers.pk).update(revision="Revideret revisionstekst")
    versioner.indsend(randers, bruger("leder"))
    url = reverse("planoplysninger", args=[PLAN])
    svar = admin.get(url)
    assert svar.status_code == 200
    assert "Kladden er sendt til bestyrelsen og kan ikke redigeres" in svar.content.decode()
    navn = Helhedsplan.objects.get(slug=PLAN).navn
    assert admin.post(url, {"navn": "Randers Nord"}).status_code == 423
    assert Helhedsplan.objects.get(slug=PLAN).navn == navn
