"""Hostile or odd input on the edit pages and the approval steps: a clear Danish message,
never a server error, and nothing changed."""

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from aktiviteter.models import Aktivitet, CfbuType
from delaftaler.dataformat import eksporter
from delaftaler.models import (
    MSG_TEKST_MAKS,
    TEKST_MAKS,
    Aftale,
    Behandling,
    Delaftale,
    Helhedsplan,
    Medlemskab,
    Organisation,
    Part,
    Version,
)
from delaftaler.redigering.formdata import formdata
from indikatorer.models import BaselineVaerdi

pytestmark = pytest.mark.django_db


@pytest.fixture
def klient(leder):
    c = Client(raise_request_exception=False)
    c.force_login(leder)
    return c


@pytest.fixture
def randers():
    return Delaftale.objects.get(helhedsplan__slug="randers-2025-29")


def sektion(aftale, navn: str) -> str:
    return reverse("rediger_sektion", args=[aftale.helhedsplan.slug, aftale.pk, navn])


def hent(klient, url: str) -> dict:
    svar = klient.get(url)
    assert svar.status_code == 200
    return formdata(svar.content.decode())


def tilstand():
    return (
        eksporter(Helhedsplan.objects.order_by("id")),
        sorted(Organisation.objects.values_list("id", "navn")),
        list(Behandling.objects.values_list("id", flat=True)),
        list(Version.objects.values_list("id", "kontrolsum")),
    )


def aktivitetsside(aftale, aktivitet) -> str:
    return reverse("rediger_aktivitet", args=[aftale.helhedsplan.slug, aftale.pk, aktivitet.pk])


# --- 2. The edit counter ------------------------------------------------------------------


def test_the_thousandth_save_is_saved_like_the_first(klient, randers):
    Aftale.objects.filter(pk=randers.pk).update(redigeringsnummer=1000)
    data = hent(klient, sektion(randers, "tekster"))
    assert data["redigeringsnummer"] == "1000"
    data["t-revision"] = "Revideres hvert år."
    assert klient.post(sektion(randers, "tekster"), data).status_code == 302
    randers.refresh_from_db()
    assert randers.revision == "Revideres hvert år." and randers.redigeringsnummer == 1001


@pytest.mark.parametrize("nummer", ["1.000", "abc", "", "١", "-1"])
def test_an_edit_number_that_is_not_a_number_is_refused_with_a_message(klient, randers, nummer):
    data = hent(klient, sektion(randers, "tekster"))
    data.update({"t-revision": "Ændret", "redigeringsnummer": nummer})
    foer = tilstand()
    svar = klient.post(sektion(randers, "tekster"), data)
    assert svar.status_code == 400
    html = svar.content.decode()
    assert "ikke har et gyldigt redigeringsnummer" in html and "Ændret" in html
    assert tilstand() == foer


# --- 3. Copying needs the right to read drafts ---------------------------------------------


def test_landsbyggefonden_cannot_copy_a_draft_into_a_plan_it_edits(randers):
    lbf = get_user_model().objects.get(username="lbf")
    egen = Helhedsplan.objects.create(
        slug="lbf-egen", navn="LBF's egen", fondsperiode=randers.helhedsplan.fondsperiode
    )
    Medlemskab.objects.create(bruger=lbf, helhedsplan=egen, rolle=Medlemskab.Rolle.REDAKTOER)
    klient = Client(raise_request_exception=False)
    klient.force_login(lbf)
    url = reverse("kopier", args=[randers.helhedsplan.slug, randers.pk])
    data = {"helhedsplan": egen.pk, "gaelder_fra": "2029-08-01", "gaelder_til": "2033-07-31"}
    assert klient.get(url).status_code == 403
    assert klient.post(url, data).status_code == 403
    assert not egen.aftaler.exists()


# --- 4. Organisations of other helhedsplaner are never offered ------------------------------


def test_edit_pages_offer_only_the_organisations_the_plan_uses(klient, randers, fremmed):
    fremmed_plan = Helhedsplan.objects.get(slug="fremmed-plan")
    hemmelig = Organisation.objects.create(navn="Fremmed Forening for Hemmeligheder")
    fremmed_plan.omraader.create(navn="Fremmedgården", organisation=hemmelig)
    egne = {p.organisation.navn for p in randers.parter.all() if p.organisation}
    for url in (sektion(randers, "parter"), reverse("omraader", args=[randers.helhedsplan.slug])):
        html = klient.get(url).content.decode()
        assert "Fremmed Forening for Hemmeligheder" not in html
        assert all(f'<option value="{navn}">' in html for navn in egne)


def test_a_new_organisation_typed_in_two_rows_is_created_once(klient, randers):
    url = sektion(randers, "parter")
    data = hent(klient, url)
    n = int(data["parter-TOTAL_FORMS"])
    data["parter-TOTAL_FORMS"] = str(n + 1)
    for nr in (n - 1, n):
        data.update({f"parter-{nr}-organisation_navn": "Ny Forening", f"parter-{nr}-titel": "X"})
    assert klient.post(url, data).status_code == 302
    assert Part.objects.filter(aftale=randers, organisation__navn="Ny Forening").count() == 2
    assert Organisation.objects.filter(navn="Ny Forening").count() == 1


# --- 8. Input that used to be a server error, or was stored cut or rounded -----------------


@pytest.mark.parametrize(
    "grundlag", ["[1]", "null", "{", "[" * 100_000, '"tekst"', '{"t-revision": 5}']
)
def test_a_tampered_base_after_a_conflict_is_no_server_error(klient, randers, grundlag):
    data = hent(klient, sektion(randers, "tekster"))
    Aftale.objects.filter(pk=randers.pk).update(redigeringsnummer=randers.redigeringsnummer + 1)
    data.update({"grundlag": grundlag, "t-bemaerkninger": "Min tekst"})
    svar = klient.post(sektion(randers, "tekster"), data)
    assert svar.status_code == 409
    assert "Min tekst" in svar.content.decode()


def test_a_nul_character_in_a_list_of_points_is_refused(klient):
    aftale = Delaftale.objects.get(helhedsplan__slug="ishoej-2025-29")
    aktivitet = aftale.aktiviteter.get(navn="Sundhedstjek")
    data = hent(klient, aktivitetsside(aftale, aktivitet))
    data["a-formaal_punkter"] = "- at støtte\x00forældre"
    svar = klient.post(aktivitetsside(aftale, aktivitet), data)
    assert svar.status_code == 200
    aktivitet.refresh_from_db()
    assert not any("\x00" in p for p in aktivitet.formaal_punkter)


def test_a_cfbu_type_longer_than_its_field_is_refused_with_a_message(klient):
    aftale = Delaftale.objects.get(helhedsplan__slug="ishoej-2025-29")
    aktivitet = aftale.aktiviteter.get(navn="Sundhedstjek")
    data = hent(klient, aktivitetsside(aftale, aktivitet))
    data["a-cfbu"] = "Sundhedsfremme\n" + "x" * 201
    html = klient.post(aktivitetsside(aftale, aktivitet), data).content.decode()
    assert "for langt til en CFBU-aktivitetstype: højst 200 tegn" in html
    assert not CfbuType.objects.filter(navn__startswith="xxx").exists()


@pytest.mark.parametrize(
    "raekke,besked",
    [
        ("Nørager; 123456789012345; 48; 97,6; 194", "er for stort: højst 11 cifre før kommaet"),
        ("Nørager; 416; 48; 1,23456; 194", "har for mange decimaler: højst 3"),
        ("N" * 301 + "; 416; 48; 97,6; 194", "er for lang: højst 300 tegn"),
        ("Nørager; 416; 48; ٩٧; 194", "er ikke et tal"),
    ],
)
def test_a_data_table_cell_is_stored_exactly_or_refused(klient, raekke, besked):
    aftale = Delaftale.objects.get(helhedsplan__slug="soenderborg-2021-25")
    aktivitet = aftale.aktiviteter.get(navn="Netværksskabende aktiviteter")
    url = aktivitetsside(aftale, aktivitet)
    data = hent(klient, url)
    data["dt-0-indhold"] = data["dt-0-indhold"].replace("Nørager; 416; 48; 97,6; 194", raekke)
    foer = tilstand()
    svar = klient.post(url, data)
    assert svar.status_code == 200 and besked in svar.content.decode()
    assert tilstand() == foer


def test_every_text_field_is_limited_with_a_danish_message(klient, randers):
    data = hent(klient, sektion(randers, "tekster"))
    data["t-revision"] = "x" * (TEKST_MAKS + 1)
    foer = tilstand()
    svar = klient.post(sektion(randers, "tekster"), data)
    assert svar.status_code == 200 and MSG_TEKST_MAKS in svar.content.decode()
    assert tilstand() == foer


# --- 8. Tampered formsets -------------------------------------------------------------------


def _parter(klient, randers, **aendringer) -> tuple[int, str]:
    url = sektion(randers, "parter")
    data = hent(klient, url)
    data.update(aendringer)
    foer = tilstand()
    svar = klient.post(url, data)
    assert tilstand() == foer
    return svar.status_code, svar.content.decode()


def test_a_negative_count_of_existing_rows_is_refused_and_duplicates_nothing(klient, randers):
    status, html = _parter(klient, randers, **{"parter-INITIAL_FORMS": "-1"})
    assert status == 200 and "skjulte felter mangler eller er ændret" in html


def test_a_huge_count_of_rows_is_refused(klient, randers):
    status, html = _parter(klient, randers, **{"parter-TOTAL_FORMS": "1000000"})
    assert status == 200 and "Der kan højst gemmes 200 rækker ad gangen." in html


def test_a_row_of_another_agreement_is_refused_as_existing_or_new_row(klient, randers):
    anden = Part.objects.exclude(aftale__helhedsplan=randers.helhedsplan).first()
    status, html = _parter(klient, randers, **{"parter-0-id": str(anden.pk)})
    assert status == 200 and "hører ikke (længere) til her" in html
    n = randers.parter.count()  # the blank row: a new row carrying an id
    status, html = _parter(
        klient, randers, **{f"parter-{n}-id": str(anden.pk), f"parter-{n}-titel": "Kopi"}
    )
    assert status == 200 and "skjulte felter mangler eller er ændret" in html


# --- 8. The approval steps ------------------------------------------------------------------


def test_lbf_decision_on_a_version_number_that_is_not_a_number_is_a_message(randers):
    klient = Client(raise_request_exception=False)
    klient.force_login(get_user_model().objects.get(username="lbf"))
    url = reverse("behandl", args=[randers.helhedsplan.slug, randers.pk])
    foer = tilstand()
    for nummer in ("abc", "²", "9" * 5000, ""):
        data = {"handling": "lbf_godkend", "nummer": nummer, "dato": "2026-01-01"}
        svar = klient.post(url, data, follow=True)
        assert svar.status_code == 200
        assert "Angiv nummeret på den version, afgørelsen gælder." in svar.content.decode()
    assert tilstand() == foer


def test_a_nul_character_in_a_comment_is_refused(klient, randers):
    url = reverse("behandl", args=[randers.helhedsplan.slug, randers.pk])
    foer = tilstand()
    svar = klient.post(url, {"handling": "indsend", "kommentar": "hej\x00"}, follow=True)
    assert "Kommentaren indeholder et ugyldigt tegn." in svar.content.decode()
    assert tilstand() == foer


@pytest.mark.parametrize("fra", ["²", "٣", "9" * 5000, "-1"])
def test_comparing_with_a_version_that_is_not_a_number_is_not_found(klient, randers, fra):
    url = reverse("sammenlign", args=[randers.helhedsplan.slug, randers.pk])
    assert klient.get(url, {"fra": fra}).status_code == 404


# --- 10. The field limit ----------------------------------------------------------------------


def felter(data: dict) -> int:
    """How many fields a browser posts for this page (the CSRF token included)."""
    return 1 + sum(len(v) if isinstance(v, list) else 1 for v in data.values())


def test_a_goal_with_150_baselines_is_edited_in_pages_under_the_field_limit(klient, randers):
    maal = randers.maal.get(navn="Flere tilfredse beboere")
    indikator = maal.indikatorer.get()
    start = indikator.baselines.count()
    BaselineVaerdi.objects.bulk_create(
        BaselineVaerdi(indikator=indikator, raekkefoelge=start + nr, antal=nr, kommentar=f"B{nr}")
        for nr in range(150)
    )
    orden = list(indikator.baselines.values_list("pk", flat=True))
    maal_url = reverse("rediger_maal", args=[randers.helhedsplan.slug, randers.pk, maal.pk])
    data = hent(klient, maal_url)
    assert felter(data) < settings.DATA_UPLOAD_MAX_NUMBER_FIELDS
    assert klient.post(maal_url, data).status_code == 302
    url = reverse(
        "rediger_baselines", args=[randers.helhedsplan.slug, randers.pk, maal.pk, indikator.pk]
    )
    assert url in klient.get(maal_url).content.decode()
    sider = 0
    for side in range(1, 6):
        svar = klient.get(url, {"side": side})
        data = formdata(svar.content.decode())
        assert felter(data) < settings.DATA_UPLOAD_MAX_NUMBER_FIELDS
        prefix = f"bl-{indikator.pk}"
        if int(data[f"{prefix}-INITIAL_FORMS"]) == 0 or sider == -(-len(orden) // 40):
            break
        sider += 1
        data[f"{prefix}-0-kommentar"] = f"Side {side}"
        assert klient.post(f"{url}?side={side}", data).status_code == 302
    assert sider == 4  # 153 baselines, 40 to a page
    assert list(indikator.baselines.values_list("pk", flat=True)) == orden
    kommentarer = BaselineVaerdi.objects.filter(kommentar__startswith="Side ")
    assert kommentarer.count() == 4
    assert {orden.index(b.pk) for b in kommentarer} == {0, 40, 80, 120}


def test_an_activity_page_with_a_foreign_activity_is_not_found(klient, randers):
    anden = Aktivitet.objects.exclude(delaftale=randers).first()
    assert klient.get(aktivitetsside(randers, anden)).status_code == 404


def test_a_party_row_with_only_a_role_text_is_refused_with_a_message_not_a_server_error(
    client, leder, randers
):
    """Found by the fuzz test on PostgreSQL: the constraint part_har_navn gave a 500."""
    from delaftaler.models import MSG_PART, Part
    from delaftaler.redigering.formdata import formdata

    client.force_login(leder)
    url = reverse("rediger_sektion", args=["randers-2025-29", randers.pk, "parter"])
    data = formdata(client.get(url).content.decode())
    ny = int(data["parter-TOTAL_FORMS"]) - 1  # the blank row
    data[f"parter-{ny}-beskrivelse"] = "Kun en rolle, ingen navn"
    antal = Part.objects.count()
    svar = client.post(url, data)
    assert svar.status_code == 200
    assert MSG_PART in svar.content.decode()
    assert Part.objects.count() == antal
