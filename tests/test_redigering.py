"""The leader edits agreements in the browser: forms, validation, conflicts, history."""

from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from delaftaler.models import Delaftale, Medarbejderressource, Organisation, StrategiskAftale
from delaftaler.redigering.formdata import formdata
from indikatorer.models import BaselineVaerdi, Indikator
from tests.conftest import baselineside, sektion

pytestmark = pytest.mark.django_db


def hent(klient, url: str) -> dict:
    svar = klient.get(url)
    assert svar.status_code == 200
    return formdata(svar.content.decode())


def test_leader_changes_the_name_and_sees_it_with_who_and_when(klient, randers, leder):
    data = hent(klient, sektion(randers, "stamdata"))
    data["a-indsatsnavn"] = "Fællesskab i Randers"
    svar = klient.post(sektion(randers, "stamdata"), data)
    assert svar.status_code == 302 and svar.url.endswith("#stamdata")
    randers.refresh_from_db()
    assert randers.indsatsnavn == "Fællesskab i Randers"
    assert randers.aendret_af == leder
    side = klient.get(randers.get_absolute_url()).content.decode()
    assert "Fællesskab i Randers" in side and "Lene Leder" in side


def test_period_end_before_start_is_shown_at_the_field_and_input_is_kept(klient, randers):
    data = hent(klient, sektion(randers, "stamdata"))
    data.update({"a-indsatsnavn": "Mit nye navn", "a-gaelder_til": "2020-01-01"})
    svar = klient.post(sektion(randers, "stamdata"), data)
    html = svar.content.decode()
    assert svar.status_code == 200
    assert "Slutdatoen skal ligge efter startdatoen." in html
    assert 'value="Mit nye navn"' in html
    assert 'id="error_1_id_a-gaelder_til"' in html or "is-invalid" in html
    randers.refresh_from_db()
    assert randers.indsatsnavn == "Sammenhængskraft og medborgerskab"


def test_delaftale_outside_its_helhedsplans_period_is_refused(klient, randers):
    plan = randers.helhedsplan
    plan.gaelder_fra, plan.gaelder_til = randers.gaelder_fra, randers.gaelder_til
    plan.save()
    data = hent(klient, sektion(randers, "stamdata"))
    data["a-gaelder_til"] = "2030-07-31"
    html = klient.post(sektion(randers, "stamdata"), data).content.decode()
    assert "Aftalen kan ikke slutte efter helhedsplanens periode (1/8-2025 – 31/7-2029)." in html


def test_baselines_are_typed_the_danish_way_and_keep_their_decimals(klient, randers):
    maal = randers.maal.get(navn="Flere tilfredse beboere")
    indikator = maal.indikatorer.get()
    url = baselineside(randers, indikator)
    data = hent(klient, url)
    foerste = indikator.baselines.first()
    prefix = f"bl-{indikator.pk}-0"
    assert data[f"{prefix}-procent"] == "12,6"
    data[f"{prefix}-procent"] = "12,60"
    assert klient.post(url, data).status_code == 302
    foerste.refresh_from_db()
    assert foerste.procent == Decimal("12.6") and foerste.procent_decimaler == 2
    assert foerste.tal_tekst == "12,60 %"


@pytest.mark.parametrize(
    "felt,vaerdi,besked",
    [
        ("procent", "112", "En andel skal ligge mellem 0 og 100 %."),
        ("aar", "20x3", "Baselineåret skal være et årstal, f.eks. 2023."),
        ("aar", "1850", "Baselineåret skal være et årstal mellem 1900 og 2100."),
    ],
)
def test_invalid_baseline_gets_a_danish_message_and_other_input_is_kept(
    klient, randers, felt, vaerdi, besked
):
    maal = randers.maal.get(navn="Flere tilfredse beboere")
    indikator = maal.indikatorer.get()
    url = baselineside(randers, indikator)
    data = hent(klient, url)
    data[f"bl-{indikator.pk}-0-{felt}"] = vaerdi
    data[f"bl-{indikator.pk}-1-kommentar"] = "Min kommentar"
    svar = klient.post(url, data)
    html = svar.content.decode()
    assert svar.status_code == 200
    assert besked in html
    assert "Min kommentar" in html
    assert not BaselineVaerdi.objects.filter(kommentar="Min kommentar").exists()


def test_staff_share_over_100_percent_is_refused_at_the_field(klient, randers):
    url = sektion(randers, "ressourcer")
    data = hent(klient, url)
    data.update({"res-1-maengde": "120", "res-1-enhed": "procent"})
    html = klient.post(url, data).content.decode()
    assert "En andel af stillingen kan højst være 100 %." in html
    assert Medarbejderressource.objects.filter(delaftale=randers, maengde=1924).count() == 2


def test_rows_are_added_removed_and_reordered_in_one_save(klient, randers):
    url = sektion(randers, "parter")
    data = hent(klient, url)
    # Remove the first party, move the third to the top, add a new one with a new organisation.
    data["parter-0-DELETE"] = "on"
    data["parter-2-ORDER"] = "0"
    data.update(
        {
            "parter-3-navn": "",
            "parter-3-organisation_navn": "Randers Frivilligcenter",
            "parter-3-enhed": "",
            "parter-3-titel": "Leder",
            "parter-3-ORDER": "9",
        }
    )
    assert klient.post(url, data).status_code == 302
    parter = [p.visningsnavn for p in randers.parter.all()]
    assert parter == [
        "Center for psykiatri og socialt udsatte",
        "Den boligsociale enhed, Randers Kommune",
        "Randers Frivilligcenter, Leder",
    ]
    assert Organisation.objects.filter(navn="Randers Frivilligcenter").exists()


def test_a_second_save_from_an_old_page_is_refused_and_shows_what_changed(client, randers, leder):
    kollega = get_user_model().objects.create_user("kollega", first_name="Kim", last_name="Kollega")
    randers.helhedsplan.medlemskaber.create(bruger=kollega, rolle="redaktoer")
    url = sektion(randers, "tekster")
    client.force_login(leder)
    min_side = hent(client, url)
    # The colleague opens and saves the same section first.
    client.force_login(kollega)
    deres = hent(client, url)
    deres["t-revision"] = "Revideres hvert kvartal."
    assert client.post(url, deres).status_code == 302
    # My save, from the page I opened before, is refused; my text is still on the page.
    client.force_login(leder)
    min_side["t-bemaerkninger"] = "Min vigtige bemærkning"
    svar = client.post(url, min_side)
    html = svar.content.decode()
    assert svar.status_code == 409
    assert "Aftalen er blevet ændret, efter du åbnede den" in html
    assert "Kim Kollega" in html
    assert "Revideres hvert kvartal." in html  # what they changed
    assert "Min vigtige bemærkning" in html  # what I typed
    randers.refresh_from_db()
    assert randers.revision == "Revideres hvert kvartal."
    assert randers.bemaerkninger == ""
    # The page now shows their text where I changed nothing, and mine where I did …
    igen = formdata(html)
    assert igen["t-revision"] == "Revideres hvert kvartal."
    assert igen["t-bemaerkninger"] == "Min vigtige bemærkning"
    # … so saving again keeps both people's work.
    assert client.post(url, igen).status_code == 302
    randers.refresh_from_db()
    assert randers.bemaerkninger == "Min vigtige bemærkning"
    assert randers.revision == "Revideres hvert kvartal."


def test_after_a_conflict_formset_rows_merge_by_row_not_by_position(client, randers, leder):
    kollega = get_user_model().objects.create_user("kollega2", first_name="Kim")
    randers.helhedsplan.medlemskaber.create(bruger=kollega, rolle="redaktoer")
    url = sektion(randers, "parter")
    client.force_login(leder)
    min_side = hent(client, url)
    client.force_login(kollega)
    deres = hent(client, url)
    deres["parter-0-titel"] = "Direktør"  # they change the first party's title
    assert client.post(url, deres).status_code == 302
    client.force_login(leder)
    min_side["parter-2-titel"] = "Centerchef"  # I change the third party's title
    # They also moved the first party to the end, so rows no longer sit where I saw them.
    foerste = randers.parter.first()
    foerste.raekkefoelge = 99
    foerste.save()
    svar = client.post(url, min_side)
    assert svar.status_code == 409
    assert client.post(url, formdata(svar.content.decode())).status_code == 302
    titler = {p.pk: p.titel for p in randers.parter.all()}
    assert titler[foerste.pk] == "Direktør"
    assert sorted(titler.values()) == ["", "Centerchef", "Direktør"]


def test_history_records_who_changed_what_before_and_after(klient, randers):
    url = sektion(randers, "ressourcer")
    data = hent(klient, url)
    data["res-1-maengde"] = "962"
    assert klient.post(url, data).status_code == 302
    html = klient.get(
        reverse("historik", args=[randers.helhedsplan.slug, randers.pk])
    ).content.decode()
    assert "Lene Leder" in html and "Medarbejderressourcer ændret" in html
    assert (
        "<del>1924.00</del>" in html
        and "<ins>962.00</ins>" in html
        or ("<del>1.924</del>" in html and "<ins>962</ins>" in html)
    )


def test_leader_creates_a_new_delaftale_from_scratch(klient, randers):
    plan = randers.helhedsplan
    url = reverse("ny_delaftale", args=[plan.slug])
    data = hent(klient, url)
    data.update(
        {
            "a-indsatsomraade": str(
                plan.fondsperiode.indsatsomraader.get(slug="beskaeftigelse").pk
            ),
            "a-indsatsnavn": "Job i Randers",
            "a-gaelder_fra": "2025-08-01",
            "a-gaelder_til": "2029-07-31",
        }
    )
    svar = klient.post(url, data)
    ny = Delaftale.objects.get(indsatsnavn="Job i Randers")
    assert svar.status_code == 302 and svar.url == ny.get_absolute_url()
    assert ny.helhedsplan == plan


def test_strategic_agreement_sections_are_editable(klient):
    aftale = StrategiskAftale.objects.get(helhedsplan__slug="vejleaaparken-2021-25")
    url = sektion(aftale, "bestyrelse")
    data = hent(klient, url)
    data["best-0-navn"] = "Anne Andersen"
    assert klient.post(url, data).status_code == 302
    assert aftale.bestyrelsesmedlemmer.first().navn == "Anne Andersen"


def test_activity_schema_with_bullets_supported_delmaal_and_cfbu_types(klient):
    aftale = Delaftale.objects.get(helhedsplan__slug="ishoej-2025-29")
    aktivitet = aftale.aktiviteter.get(navn="Sundhedstjek")
    url = reverse("rediger_aktivitet", args=[aftale.helhedsplan.slug, aftale.pk, aktivitet.pk])
    data = hent(klient, url)
    data["a-formaal_punkter"] = "- at støtte forældre\n\n- at forebygge sygdom"
    data["a-cfbu"] = "Sundhedsfremme"
    assert klient.post(url, data).status_code == 302
    aktivitet.refresh_from_db()
    assert aktivitet.formaal_punkter == ["at støtte forældre", "at forebygge sygdom"]
    assert [led.cfbu_type.navn for led in aktivitet.cfbu_led.all()] == ["Sundhedsfremme"]
    assert aktivitet.delmaal_led.count() == 1  # unchanged: "Trivslen på individniveau stiger"


@pytest.mark.parametrize("rolle", ["bestyrelse", "lbf"])
def test_readers_may_not_edit(client, randers, rolle):
    bruger = get_user_model().objects.get(username=rolle)
    client.force_login(bruger)
    side = client.get(randers.get_absolute_url(), follow=True)  # LBF: the versions page
    assert side.status_code == 200
    assert "Redigér" not in side.content.decode()
    assert client.get(sektion(randers, "tekster")).status_code == 403
    assert client.post(sektion(randers, "tekster"), {"t-revision": "x"}).status_code == 403
    randers.refresh_from_db()
    assert randers.revision != "x"


def test_edit_pages_use_the_same_queries_for_1_and_30_rows(
    klient, randers, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def antal(url: str) -> int:
        klient.get(url)
        with CaptureQueriesContext(connection) as q:
            assert klient.get(url).status_code == 200
        return len(q.captured_queries)

    sider = [sektion(randers, s) for s in ("maal", "aktiviteter", "ressourcer", "parter")]
    foer = [antal(u) for u in sider]
    for nr in range(30):
        maal = randers.maal.create(navn=f"Delmål {nr}", raekkefoelge=10 + nr)
        Indikator.objects.create(maal=maal, navn=f"Indikator {nr}")
        akt = randers.aktiviteter.create(navn=f"Aktivitet {nr}", raekkefoelge=10 + nr)
        randers.medarbejderressourcer.create(
            funktion=f"M{nr}", maengde=10, enhed="procent", aktivitet=akt
        )
        randers.parter.create(navn=f"Part {nr}", organisation=Organisation.objects.first())
    assert [antal(u) for u in sider] == foer


def test_leader_adds_an_afdeling_that_baselines_can_then_belong_to(klient, randers):
    url = reverse("omraader", args=[randers.helhedsplan.slug])
    data = hent(klient, url)
    ny = data["omr-TOTAL_FORMS"]
    n = int(ny) - 1
    data.update(
        {
            f"omr-{n}-navn": "Nørrebrogade",
            f"omr-{n}-type": "afdeling",
            f"omr-{n}-organisation_navn": "Lejerbo",
            f"omr-{n}-ORDER": "99",
        }
    )
    assert klient.post(url, data).status_code == 302
    omr = randers.helhedsplan.omraader.get(navn="Nørrebrogade")
    assert omr.organisation.navn == "Lejerbo" and omr.type == "afdeling"
    indikator = randers.maal.first().indikatorer.first()
    side = klient.get(baselineside(randers, indikator))
    assert "Nørrebrogade" in side.content.decode()


def test_a_person_booked_for_more_than_a_whole_position_is_flagged(klient):
    ishoej = Delaftale.objects.get(helhedsplan__slug="ishoej-2025-29")
    # The leader is 25 % in this delaftale; another delaftale of the plan books 80 % more.
    anden = Delaftale.objects.create(
        helhedsplan=ishoej.helhedsplan,
        indsatsomraade=ishoej.indsatsomraade.fondsperiode.indsatsomraader.get(
            slug="beskaeftigelse"
        ),
        indsatsnavn="Beskæftigelse",
        gaelder_fra=ishoej.gaelder_fra,
        gaelder_til=ishoej.gaelder_til,
    )
    side = klient.get(sektion(ishoej, "ressourcer")).content.decode()
    assert "mere end en hel stilling" not in side
    anden.medarbejderressourcer.create(
        funktion="Boligsocial leder", kontrakt_timer_uge=37, maengde=80, enhed="procent"
    )
    advarsel = "Boligsocial leder er samlet sat til 105 % af stillingen"
    assert advarsel in klient.get(sektion(ishoej, "ressourcer")).content.decode()
    assert advarsel in klient.get(ishoej.get_absolute_url()).content.decode()


def test_copy_into_a_new_period_takes_every_child_along(klient, randers, leder):
    from delaftaler.dataformat import eksporter_delaftale
    from delaftaler.models import Helhedsplan, Medlemskab

    naeste = Helhedsplan.objects.create(
        slug="randers-2029-33",
        navn="Randers 2029–33",
        fondsperiode=randers.helhedsplan.fondsperiode,
    )
    Medlemskab.objects.create(bruger=leder, helhedsplan=naeste, rolle="redaktoer")
    url = reverse("kopier", args=[randers.helhedsplan.slug, randers.pk])
    svar = klient.post(
        url, {"helhedsplan": naeste.pk, "gaelder_fra": "2029-08-01", "gaelder_til": "2033-07-31"}
    )
    kopi = Delaftale.objects.get(helhedsplan=naeste)
    assert svar.status_code == 302 and svar.url == kopi.get_absolute_url()
    assert kopi.periode == "1/8-2029 – 31/7-2033"

    def navn(org):
        return org.navn if org else None

    original, ny = eksporter_delaftale(randers, navn), eksporter_delaftale(kopi, navn)
    for data in (original, ny):
        data.pop("gaelder_fra"), data.pop("gaelder_til")
    assert ny == original
    assert naeste.omraader.count() == 7
    assert randers.helhedsplan.aftaler.count() == 1  # the original is untouched


def test_copy_refuses_a_period_ending_before_it_starts(klient, randers):
    url = reverse("kopier", args=[randers.helhedsplan.slug, randers.pk])
    data = {
        "helhedsplan": randers.helhedsplan.pk,
        "gaelder_fra": "2029-08-01",
        "gaelder_til": "2029-01-01",
    }
    html = klient.post(url, data).content.decode()
    assert "Slutdatoen skal ligge efter startdatoen." in html


def test_line_breaks_typed_in_a_browser_are_stored_as_plain_newlines(klient, randers):
    data = hent(klient, sektion(randers, "tekster"))
    data["t-revision"] = "Første afsnit.\r\n\r\nAndet afsnit."
    assert klient.post(sektion(randers, "tekster"), data).status_code == 302
    randers.refresh_from_db()
    assert randers.revision == "Første afsnit.\n\nAndet afsnit."


def test_policy_table_rows_say_which_goals_they_support(klient):
    aftale = StrategiskAftale.objects.get(helhedsplan__slug="vejleaaparken-2021-25")
    url = sektion(aftale, "politik")
    data = hent(klient, url)
    tabel = aftale.politiktabeller.first()
    raekke = tabel.raekker.get(titel__startswith="Et grønt miljø")
    nr = list(tabel.raekker.all()).index(raekke)
    maal = list(aftale.maal.all())
    # Mål 3 only → Mål 3 and Mål 4.
    assert data[f"pr-{tabel.pk}-{nr}-maal"] == [str(maal[2].pk)]
    data[f"pr-{tabel.pk}-{nr}-maal"] = [str(maal[2].pk), str(maal[3].pk)]
    assert klient.post(url, data).status_code == 302
    assert [m.pk for m in raekke.maal.order_by("raekkefoelge")] == [maal[2].pk, maal[3].pk]
    side = klient.get(aftale.get_absolute_url()).content.decode()
    assert "Mål 4: Flere er en del af fællesskabet" in side


def test_a_data_table_is_edited_as_text_with_danish_numbers(klient):
    aftale = Delaftale.objects.get(helhedsplan__slug="soenderborg-2021-25")
    aktivitet = aftale.aktiviteter.get(navn="Netværksskabende aktiviteter")
    url = reverse("rediger_aktivitet", args=[aftale.helhedsplan.slug, aftale.pk, aktivitet.pk])
    data = hent(klient, url)
    assert "Nørager; 416; 48; 97,6; 194" in data["dt-0-indhold"]
    assert data["dt-0-indhold"].startswith("Antal beboere 18+ (2020);")
    data["dt-0-indhold"] = data["dt-0-indhold"].replace(
        "Nørager; 416; 48; 97,6; 194", "Nørager; 420; 48; 97,60; 1.194"
    )
    assert klient.post(url, data).status_code == 302
    naerager = aktivitet.datatabeller.get().raekker.get(etiket="Nørager")
    assert [c.tekst for c in naerager.celler.order_by("kolonne__raekkefoelge")] == [
        "420",
        "48",
        "97,60",
        "1.194",
    ]
    assert aktivitet.datatabeller.get().raekker.get(etiket="Total").total

    data = hent(klient, url)
    data["dt-0-indhold"] += "\nStenbjergparken; 388; 38; mange; 197"
    html = klient.post(url, data).content.decode()
    assert "”mange” i linje 7 er ikke et tal (skriv f.eks. 97,7)." in html
