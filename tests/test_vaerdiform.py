"""The value shape (qualifier, range, sample, period) in baselines, the edit form, the JSON
format's version 2 with targets, the copy of an agreement and the comparison of versions."""

import copy
import datetime
import json
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from delaftaler import versioner
from delaftaler.dataformat import FormatFejl, eksporter, importer, kopier_aftale, skema
from delaftaler.dataformat.felter import NYE_BASELINEFELTER, VERSION
from delaftaler.dataformat.opgradering import opgrader
from delaftaler.models import Aftale, Helhedsplan, Organisation, Version
from delaftaler.models.version import slet_historik
from delaftaler.versioner import sammenligning
from delaftaler.versioner.lbf_import import flet
from indikatorer.models import BaselineVaerdi
from indikatorer.vaerdiform import (
    MSG_SKOLEAAR,
    MSG_TIL,
    laes_periode,
    laes_tal,
)
from opfoelgning.models import Maaltal, Milepael
from tests.conftest import FIXTURES, seed_json
from tests.test_redigering import baselineside, hent

RANDERS = "randers-2025-29"
TESTLINJE = "Testlinje"
SEEDS = sorted(f.name.split("_")[0] for f in FIXTURES.glob("[0-9][0-9][0-9]_*.json"))


def _baseline(tekst: str, **felter) -> BaselineVaerdi:
    return BaselineVaerdi(**laes_tal(tekst), **felter)


# --- Printing and reading the Danish way --------------------------------------------------


@pytest.mark.parametrize(
    "tekst",
    [
        "ca. 53 %",
        "knap 3.000",
        "over 45 %",
        "43 % (393 besvarelser)",
        "10–12 forløb",
        "43 % (393 besvarelser, svarprocent 61 %)",
        "115 ud af 148 beboere = 78 %",
        "41 beboere (6,3 %)",
        "4,40 %",
    ],
)
def test_a_figure_typed_the_danish_way_prints_as_typed(tekst):
    assert _baseline(tekst).tal_tekst == tekst


def test_the_figures_fields_are_read_from_the_text():
    assert laes_tal("ca. 53 %") == {
        **laes_tal("53 %"),
        "kvalifikator": "ca.",
    }
    interval = laes_tal("10–12 forløb")
    assert (interval["antal"], interval["til"], interval["enhed"]) == (10, 12, "forløb")
    survey = laes_tal("43 % (393 besvarelser, svarprocent 61,5 %)")
    assert survey["procent"] == 43 and survey["besvarelser"] == 393
    assert survey["svarprocent"] == Decimal("61.5") and survey["svarprocent_decimaler"] == 1
    assert laes_tal("knap 3.000")["vaerdi"] == 3000


@pytest.mark.parametrize("tekst", ["", "mange", "53 % %", "ca.53", "ca.", "150 %"])
def test_a_figure_that_cannot_be_read_is_a_danish_error(tekst):
    with pytest.raises(ValidationError) as fejl:
        laes_tal(tekst)
    (besked,) = fejl.value.messages
    assert "kan ikke læses som et tal" in besked or "mellem 0 og 100" in besked


@pytest.mark.parametrize(
    "tekst,periode,kort,i_tekst",
    [
        ("2023", (2023, None, ""), "2023", "2023"),
        ("2022/23", (2022, 2023, "skoleaar"), "2022/23", "skoleåret 2022/23"),
        ("skoleåret 2022/23", (2022, 2023, "skoleaar"), "2022/23", "skoleåret 2022/23"),
        ("2016–20", (2016, 2020, "spaend"), "2016–20", "2016–20"),
        ("2016-2020", (2016, 2020, "spaend"), "2016–20", "2016–20"),
        ("1999/00", (1999, 2000, "skoleaar"), "1999/2000", "skoleåret 1999/2000"),
    ],
)
def test_a_period_is_read_and_printed_the_danish_way(tekst, periode, kort, i_tekst):
    assert laes_periode(tekst) == periode
    aar, aar_til, art = periode
    b = BaselineVaerdi(aar=aar, aar_til=aar_til, periodeart=art)
    assert (b.periode_kort, b.periode_tekst) == (kort, i_tekst)


@pytest.mark.parametrize(
    "tekst,besked",
    [
        ("20x3", "er ikke et år eller en periode"),
        ("2016/20", "et skoleår går fra ét år til det næste"),
        ("2020–2019", "slutår skal ligge efter startåret"),
        ("1850", "mellem 1900 og 2100"),
    ],
)
def test_a_period_that_cannot_be_read_is_a_danish_error(tekst, besked):
    with pytest.raises(ValidationError) as fejl:
        laes_periode(tekst)
    assert besked in fejl.value.messages[0]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "felter,felt,besked",
    [
        ({"antal": 12, "til": 10}, "til", MSG_TIL),
        (
            {"procent": 40, "aar": 2022, "aar_til": 2024, "periodeart": "skoleaar"},
            "aar_til",
            MSG_SKOLEAAR,
        ),
        (
            {"procent": 43, "svarprocent": 150},
            "svarprocent",
            "En andel skal ligge mellem 0 og 100 %.",
        ),
    ],
)
def test_the_model_refuses_a_figure_that_breaks_its_rules(randers, felter, felt, besked):
    indikator = randers.maal.first().indikatorer.first()
    with pytest.raises(ValidationError) as fejl:
        BaselineVaerdi(indikator=indikator, **felter).full_clean()
    assert fejl.value.message_dict[felt] == [besked]


# --- The baseline form ---------------------------------------------------------------------


def _fraflytning(randers):
    indikator = randers.maal.get(navn="Flere tilfredse beboere").indikatorer.get()
    return indikator, baselineside(randers, indikator), f"bl-{indikator.pk}-0"


@pytest.mark.django_db
def test_the_form_takes_a_school_year_a_qualifier_a_range_and_a_sample(klient, randers):
    indikator, url, p = _fraflytning(randers)
    data = hent(klient, url)
    assert data[f"{p}-aar"] == "2023"
    data.update(
        {
            f"{p}-aar": "2022/23",
            f"{p}-kvalifikator": "ca.",
            f"{p}-procent": "12,6",
            f"{p}-til": "14,50",
            f"{p}-besvarelser": "1.393",
            f"{p}-svarprocent": "61,0",
        }
    )
    assert klient.post(url, data).status_code == 302
    b = indikator.baselines.first()
    assert (b.aar, b.aar_til, b.periodeart) == (2022, 2023, "skoleaar")
    assert (b.til, b.til_decimaler, b.svarprocent_decimaler) == (Decimal("14.5"), 2, 1)
    assert b.tal_tekst == "ca. 12,6–14,50 % (1.393 besvarelser, svarprocent 61,0 %)"
    # The page shows the period as typed, and the folded fields open, since they are set.
    html = klient.get(url).content.decode()
    assert 'value="2022/23"' in html
    assert "<details open>" in html
    assert "<summary>Flere felter" in html


@pytest.mark.django_db
def test_a_period_of_years_prints_in_the_baseline_year_column(klient, randers):
    indikator, url, p = _fraflytning(randers)
    data = hent(klient, url)
    antal = int(data[f"bl-{indikator.pk}-TOTAL_FORMS"]) - 1
    for i in range(antal):
        data[f"bl-{indikator.pk}-{i}-aar"] = "2016–20"
    assert klient.post(url, data).status_code == 302
    indikator.refresh_from_db()
    assert indikator.baselineaar == "2016–20"
    side = klient.get(randers.get_absolute_url()).content.decode()
    assert "<td>2016–20</td>" in side


@pytest.mark.django_db
@pytest.mark.parametrize(
    "felt,vaerdi,besked",
    [
        ("aar", "2016/20", "et skoleår går fra ét år til det næste"),
        ("aar", "i fjor", "Baselineåret skal være et årstal, f.eks. 2023."),
        ("til", "10", "Intervallets øvre grænse skal være større end tallet."),
        ("svarprocent", "150", "En andel skal ligge mellem 0 og 100 %."),
        ("besvarelser", "mange", "Besvarelser skal være et helt antal, f.eks. 393."),
        ("kvalifikator", "cirka", "Marker en gyldig valgmulighed."),
    ],
)
def test_the_form_refuses_at_the_field_and_keeps_the_rest(klient, randers, felt, vaerdi, besked):
    indikator, url, p = _fraflytning(randers)
    foer = list(indikator.baselines.values_list("aar", "til", "svarprocent", "besvarelser"))
    data = hent(klient, url)
    data[f"{p}-{felt}"] = vaerdi
    data[f"bl-{indikator.pk}-1-kommentar"] = "Min kommentar"
    svar = klient.post(url, data)
    html = svar.content.decode()
    assert svar.status_code == 200
    assert besked in html
    # At the field: its error id sits with the field's own id.
    assert f'id="error_1_id_{p}-{felt}"' in html
    assert "Min kommentar" in html
    assert list(indikator.baselines.values_list("aar", "til", "svarprocent", "besvarelser")) == foer


# --- The JSON format, version 2 ------------------------------------------------------------


def _med_alt(randers) -> Maaltal:
    """Randers with a baseline using every new key and an indicator with a target."""
    indikator = randers.maal.get(navn="Flere tilfredse beboere").indikatorer.get()
    b = indikator.baselines.first()
    for navn, vaerdi in {
        **laes_tal("ca. 12,6–14,50 % (393 besvarelser, svarprocent 61,0 %)"),
        "aar": 2023,
        "aar_til": 2024,
        "periodeart": "skoleaar",
    }.items():
        setattr(b, navn, vaerdi)
    b.full_clean()
    b.save()
    maaltal = Maaltal(
        indikator=indikator,
        omraade=b.omraade,
        delindikator=TESTLINJE,
        retning="falde",
        procent=Decimal("10.0"),
        procent_decimaler=1,
        kvalifikator="under",
        aar=2028,
        note="Som i helhedsplanen",
    )
    maaltal.full_clean()
    maaltal.save()
    for aar, procent in ((2026, "12"), (2027, "11,5")):
        Milepael.objects.create(maaltal=maaltal, aar=aar, **{
            k: v for k, v in laes_tal(f"{procent} %").items() if v not in (None, "", 0)
        })  # fmt: skip
    Maaltal.objects.create(indikator=indikator, retning="fastholdes", delindikator="Samlet")
    return maaltal


def _mine(maaltal: list[dict]) -> list[dict]:
    """The targets _med_alt made (load_demo invents others for Randers' area lines)."""
    return [m for m in maaltal if m["delindikator"] in (TESTLINJE, "Samlet")]


def _eksport(slugs=None):
    planer = Helhedsplan.objects.order_by("slug")
    if slugs is not None:
        planer = planer.filter(slug__in=slugs)
    return json.loads(json.dumps(eksporter(planer)))


def _slet_alt():
    slet_historik(list(Aftale.objects.values_list("pk", flat=True)))
    Aftale.objects.all().delete()
    Helhedsplan.objects.all().delete()
    Organisation.objects.all().delete()


def _sorteret(data):
    data = copy.deepcopy(data)
    for plan in data["helhedsplaner"]:
        plan["boligorganisationer"].sort()
    return data


def _indikator(data, plan=RANDERS, navn="Flere tilfredse beboere"):
    (p,) = [p for p in data["helhedsplaner"] if p["slug"] == plan]
    (maal,) = [m for m in p["delaftaler"][0]["delmaal"] if m["navn"] == navn]
    return maal["indikatorer"][0]


@pytest.mark.django_db
def test_a_baseline_with_every_new_key_and_targets_round_trip(randers):
    _med_alt(randers)
    foer = _eksport()
    assert foer["version"] == VERSION == 2
    skema.valider(foer)
    indikator = _indikator(foer)
    b = indikator["baselines"][0]
    assert {k: b[k] for k in NYE_BASELINEFELTER} == {
        "aar_til": 2024,
        "periodeart": "skoleaar",
        "kvalifikator": "ca.",
        "til": "14.50",
        "besvarelser": 393,
        "svarprocent": "61.0",
    }
    maaltal, hele = _mine(indikator["maaltal"])
    assert maaltal["omraade"] == "Gl. Jennumparken" and maaltal["procent"] == "10.0"
    assert [(p["aar"], p["procent"]) for p in maaltal["milepaele"]] == [
        (2026, "12"),
        (2027, "11.5"),
    ]
    assert (hele["omraade"], hele["retning"], hele["milepaele"]) == (None, "fastholdes", [])

    _slet_alt()
    importer(foer)

    assert _sorteret(_eksport()) == _sorteret(foer)
    ny = Maaltal.objects.get(
        indikator__maal__aftale__helhedsplan__slug=RANDERS, delindikator=TESTLINJE
    )
    assert ny.tekst == "skal falde til under 10,0 % i 2028"
    assert list(ny.milepaele.values_list("aar", "procent_decimaler")) == [(2026, 0), (2027, 1)]


def _som_version_1(data):
    """A document as version 1 had it: no targets, none of the baselines' new keys."""
    data = copy.deepcopy(data)
    data["version"] = 1
    for plan in data["helhedsplaner"]:
        for aftale in plan["strategiske_aftaler"] + plan["delaftaler"]:
            for maal in aftale.get("delmaal", []) + aftale.get("overordnede_maal", []):
                for indikator in maal["indikatorer"]:
                    del indikator["maaltal"]
                    for b in indikator["baselines"]:
                        for k in NYE_BASELINEFELTER:
                            del b[k]
    return data


@pytest.mark.django_db
def test_a_version_1_file_still_imports_with_the_new_keys_empty():
    # A seed is a version 1 file, written before version 2 existed.
    data = seed_json("004")
    assert data["version"] == 1
    skema.valider(data)
    data["helhedsplaner"][0]["slug"] = "randers-v1"
    resultat = importer(data)
    assert resultat.oprettet == ["randers-v1"]
    ud = _eksport(["randers-v1"])
    assert ud["version"] == 2
    forventet = opgrader(data)
    assert ud["helhedsplaner"][0]["delaftaler"] == forventet["helhedsplaner"][0]["delaftaler"]
    assert not Maaltal.objects.filter(indikator__maal__aftale__helhedsplan__slug="randers-v1")


@pytest.mark.django_db
def test_a_version_frozen_in_version_1_still_imports(randers):
    version = Version.objects.filter(aftale=randers).first()
    gammel = _som_version_1(json.loads(version.json))
    skema.valider(gammel)
    gammel["helhedsplaner"][0]["slug"] = "randers-gammel"
    assert importer(gammel).oprettet == ["randers-gammel"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "aendring,sti,besked",
    [
        (
            lambda d: _indikator(d).update(maaltal=[]),
            "helhedsplaner[0].delaftaler[0].delmaal[1].indikatorer[0]",
            "ukendt nøgle maaltal (findes først i version 2)",
        ),
        (
            lambda d: _indikator(d)["baselines"][0].update(til="3"),
            "helhedsplaner[0].delaftaler[0].delmaal[1].indikatorer[0].baselines[0]",
            "ukendt nøgle til (findes først i version 2)",
        ),
    ],
)
def test_a_version_1_file_with_a_key_of_version_2_is_refused(aendring, sti, besked):
    data = seed_json("004")
    aendring(data)
    with pytest.raises(FormatFejl) as fejl:
        skema.valider(data)
    assert fejl.value.sti == sti
    data["helhedsplaner"][0]["slug"] = "randers-v1"
    with pytest.raises(FormatFejl) as fejl:
        importer(data)
    assert (fejl.value.sti, fejl.value.besked) == (sti, besked)
    assert not Helhedsplan.objects.filter(slug="randers-v1").exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "aendring,sti,besked",
    [
        (lambda i: i.pop("maaltal"), "", "mangler maaltal"),
        (lambda i: i["baselines"][0].pop("periodeart"), ".baselines[0]", "mangler periodeart"),
        (
            lambda i: _mine(i["maaltal"])[0].update(retning="op"),
            ".maaltal[-]",
            "retning: Værdien 'op' er ikke et gyldigt valg.",
        ),
        (
            lambda i: _mine(i["maaltal"])[0]["milepaele"][0].update(procent="120"),
            ".maaltal[-].milepaele[0]",
            "procent: En andel skal ligge mellem 0 og 100 %.",
        ),
        (
            lambda i: i["baselines"][0].update(aar_til=2025),
            ".baselines[0]",
            "aar_til: Et skoleår går fra ét år til det næste, f.eks. 2022/23.",
        ),
        (
            lambda i: _mine(i["maaltal"])[0].update(omraade="Atlantis"),
            ".maaltal[-].omraade",
            "området 'Atlantis' findes ikke i helhedsplanens områder",
        ),
    ],
)
def test_a_version_2_file_is_strict_and_names_the_place_in_danish(randers, aendring, sti, besked):
    _med_alt(randers)
    data = _eksport([RANDERS])
    data["helhedsplaner"][0]["slug"] = "randers-v2"
    indikator = _indikator(data, plan="randers-v2")
    nr = [m["delindikator"] for m in indikator["maaltal"]].index(TESTLINJE)
    aendring(indikator)
    with pytest.raises(FormatFejl) as fejl:
        importer(data)
    sti = sti.replace("[-]", f"[{nr}]")
    assert fejl.value.sti == "helhedsplaner[0].delaftaler[0].delmaal[1].indikatorer[0]" + sti
    assert besked in fejl.value.besked
    assert not Helhedsplan.objects.filter(slug="randers-v2").exists()


@pytest.mark.django_db
@pytest.mark.parametrize("seed", SEEDS)
def test_the_seeds_export_differs_from_the_seed_only_by_the_new_keys(seed):
    kilde = seed_json(seed)
    ud = _eksport([p["slug"] for p in kilde["helhedsplaner"]])
    nye: set[str] = set()

    def sammenlign(a, b):
        if isinstance(a, dict):
            nye.update(set(b) - set(a))
            for k in a:
                sammenlign(a[k], b[k])
        elif isinstance(a, list):
            assert len(a) == len(b)
            for x, y in zip(a, b, strict=True):
                sammenlign(x, y)

    sammenlign(kilde["helhedsplaner"], ud["helhedsplaner"])
    # Only the new keys, and each with its empty value (the rest: test_dokumentformat).
    assert nye == {*NYE_BASELINEFELTER, "maaltal"}
    for plan in ud["helhedsplaner"]:
        for aftale in plan["strategiske_aftaler"] + plan["delaftaler"]:
            for maal in aftale.get("delmaal", []) + aftale.get("overordnede_maal", []):
                for indikator in maal["indikatorer"]:
                    # load_demo invents targets for Randers' area lines; the seeds have none.
                    if plan["slug"] != RANDERS:
                        assert indikator["maaltal"] == []
                    for b in indikator["baselines"]:
                        assert [b[k] for k in NYE_BASELINEFELTER] == [
                            None,
                            "",
                            "",
                            None,
                            None,
                            None,
                        ]


# --- Copy, comparison, LBF's ZIP --------------------------------------------------------


@pytest.mark.django_db
def test_a_copy_of_a_delaftale_copies_its_targets_and_milestones(randers, leder):
    _med_alt(randers)
    kopi = kopier_aftale(
        randers,
        randers.helhedsplan,
        datetime.date(2029, 8, 1),
        datetime.date(2033, 7, 31),
        leder,
    )
    assert kopi.pk != randers.pk
    foer = Maaltal.objects.filter(indikator__maal__aftale=randers).count()
    assert Maaltal.objects.filter(indikator__maal__aftale=kopi).count() == foer
    tal = Maaltal.objects.filter(
        indikator__maal__aftale=kopi, delindikator__in=[TESTLINJE, "Samlet"]
    ).order_by("id")
    assert [m.tekst for m in tal] == ["skal falde til under 10,0 % i 2028", "skal fastholdes"]
    assert tal[0].omraade.navn == "Gl. Jennumparken"
    assert list(tal[0].milepaele.values_list("aar", flat=True)) == [2026, 2027]
    b = BaselineVaerdi.objects.filter(indikator__maal__aftale=kopi, aar_til=2024).get()
    assert b.tal_tekst == "ca. 12,6–14,50 % (393 besvarelser, svarprocent 61,0 %)"


@pytest.mark.django_db
@pytest.mark.parametrize("slug", ["viborg-2025-29", "ishoej-2025-29"])
def test_a_version_1_version_compares_with_the_draft_without_false_changes(slug):
    aftale = Aftale.objects.filter(helhedsplan__slug=slug).first()
    nu = versioner.snapshot(versioner.konkret(aftale))
    gammel = _som_version_1(nu)
    assert sammenligning.sammenlign(sammenligning.aftalen(gammel), sammenligning.aftalen(nu)) == []


@pytest.mark.django_db
def test_new_baseline_keys_and_targets_show_as_changes_in_danish(randers):
    gammel = _som_version_1(versioner.snapshot(versioner.konkret(randers)))
    _med_alt(randers)
    nu = versioner.snapshot(versioner.konkret(randers))
    aendringer = sammenligning.sammenlign(sammenligning.aftalen(gammel), sammenligning.aftalen(nu))
    tekster = {(a.hvad.rsplit(" › ", 1)[-1], a.art, a.foer, a.efter) for a in aendringer}
    for forventet in [
        ("Omtrent", "ændret", "–", "ca."),
        ("Til (interval)", "ændret", "–", "14,50"),
        ("Besvarelser", "ændret", "–", "393"),
        ("Svarprocent", "ændret", "–", "61,0 %"),
        ("Til år", "ændret", "–", "2024"),
        ("Periodens art", "ændret", "år", "skoleår"),
    ]:
        assert forventet in tekster, (forventet, tekster)
    tilfoejet = {a.hvad.rsplit(" › ", 1)[-1]: a for a in aendringer if a.art == "tilføjet"}
    assert "Måltal »Samlet«" in tilfoejet
    mit = tilfoejet[f"Måltal »Gl. Jennumparken · {TESTLINJE}«"]
    assert "Retning: skal falde" in mit.efter and "Omtrent: under" in mit.efter


@pytest.mark.django_db
def test_lbfs_zip_may_mix_versions_of_the_format(randers):
    _med_alt(randers)
    plan = _eksport([RANDERS])
    gammel = _som_version_1(plan)
    gammel["helhedsplaner"][0]["delaftaler"][0]["indsatsnavn"] = "Gammel"
    data, _ = flet([("a.json", gammel), ("b.json", plan)], "lbf.zip")
    assert data["version"] == 2
    gamle, nye = (
        _indikator({"helhedsplaner": [{"slug": RANDERS, "delaftaler": [aftale]}]})
        for aftale in data["helhedsplaner"][0]["delaftaler"]
    )
    assert gamle["maaltal"] == [] and gamle["baselines"][0]["kvalifikator"] == ""
    assert len(_mine(nye["maaltal"])) == 2 and nye["baselines"][0]["kvalifikator"] == "ca."


def test_the_schema_reads_both_versions():
    s = skema.skema()
    assert s["properties"]["version"]["enum"] == [1, 2]
    assert "maaltal" in s["$defs"]["indikator"]["required"]
    assert "maaltal" not in s["$defs"]["indikator_v1"]["properties"]
    assert "til" not in s["$defs"]["baseline_v1"]["properties"]
