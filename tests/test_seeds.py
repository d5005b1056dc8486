"""The demo data is a faithful transcription of the five seed documents.

Counts and figures here were read off the seeds in ../shared/seeds/, not off the data.
"""

import re
from decimal import Decimal

import pytest

from aktiviteter.models import Aktivitet
from delaftaler.dataformat import eksporter
from delaftaler.models import Delaftale, Helhedsplan, Medarbejderressource, StrategiskAftale
from indikatorer.models import BaselineVaerdi, Indikator

pytestmark = pytest.mark.django_db

# (slug, parter, delmål, indikatorer, baselines boligområde, baselines anden, aktiviteter,
#  medarbejderlinjer, fodnoter, områder)
TAELLINGER = [
    ("ishoej-2025-29", 9, 4, 4, 9, 8, 2, 2, 2, 3),
    ("viborg-2025-29", 4, 4, 4, 20, 4, 3, 3, 0, 16),
    ("soenderborg-2021-25", 4, 3, 3, 6, 2, 2, 3, 3, 8),
    ("randers-2025-29", 3, 2, 3, 22, 5, 1, 2, 0, 7),
]


@pytest.mark.parametrize(
    "slug,parter,delmaal,indikatorer,bo,anden,aktiviteter,ressourcer,fodnoter,omraader", TAELLINGER
)
def test_every_delaftale_has_all_rows_of_its_seed(
    slug, parter, delmaal, indikatorer, bo, anden, aktiviteter, ressourcer, fodnoter, omraader
):
    aftale = Delaftale.objects.get(helhedsplan__slug=slug)
    baselines = BaselineVaerdi.objects.filter(indikator__maal__aftale=aftale)
    assert aftale.parter.count() == parter
    assert aftale.maal.count() == delmaal
    assert Indikator.objects.filter(maal__aftale=aftale).count() == indikatorer
    assert baselines.filter(slags="boligomraade").count() == bo
    assert baselines.filter(slags="anden").count() == anden
    assert aftale.aktiviteter.count() == aktiviteter
    assert aftale.medarbejderressourcer.count() == ressourcer
    assert aftale.fodnoter.count() == fodnoter
    assert aftale.helhedsplan.omraader.count() == omraader


def baseline(slug: str, **filtre) -> BaselineVaerdi:
    return BaselineVaerdi.objects.get(indikator__maal__aftale__helhedsplan__slug=slug, **filtre)


def test_ishoej_trust_in_authorities_has_four_subindicators_with_both_baselines():
    tillid = Indikator.objects.get(
        maal__aftale__helhedsplan__slug="ishoej-2025-29", maal__navn__startswith="Tilliden"
    )
    vaerdier = {(b.slags, b.delindikator): b.procent for b in tillid.baselines.all()}
    assert vaerdier[("boligomraade", "Tillid til politiet")] == Decimal("68")
    assert vaerdier[("anden", "Tillid til politiet")] == Decimal("80")
    assert vaerdier[("boligomraade", "Tillid til politikere")] == Decimal("38")
    assert vaerdier[("anden", "Tillid til politikere")] == Decimal("36")
    assert len(vaerdier) == 8
    assert {b.aar for b in tillid.baselines.all()} == {2023}
    assert tillid.datakilde == "LBF Tryghedsundersøgelse"
    anden = tillid.baselines.filter(slags="anden").first()
    assert anden.referencegruppe.startswith("De 198 største områder")


def test_ishoej_eviction_baseline_carries_its_footnote_and_prose_target():
    b = baseline("ishoej-2025-29", indikator__maal__navn__startswith="Udsættelser")
    assert b.antal == 3 and b.aar == 2024
    assert b.fodnote.nummer == 1
    assert b.fodnote.tekst.startswith("Baseline er lavere end delmålet af tre grunde")
    assert "under 6 udsættelser årligt" in b.indikator.maal.maalsaetning


def test_ishoej_isolation_figures_keep_their_decimals():
    bo = baseline("ishoej-2025-29", slags="boligomraade", delindikator__icontains="isoleret")
    anden = baseline("ishoej-2025-29", slags="anden", delindikator__icontains="isoleret")
    assert bo.tal_tekst == "7,8 %"
    assert anden.tal_tekst == "12,9 %"


def test_ishoej_staff_weighting_and_shares():
    aftale = Delaftale.objects.get(helhedsplan__slug="ishoej-2025-29")
    assert aftale.vaegtning_procent == 30
    leder, raadgiver = aftale.medarbejderressourcer.all()
    assert (leder.funktion, leder.kontrakt_timer_uge, leder.maengde, leder.enhed) == (
        "Boligsocial leder",
        37,
        25,
        "procent",
    )
    assert (raadgiver.kontrakt_timer_uge, raadgiver.maengde) == (32, 100)


def test_ishoej_activity_supports_delmaal_in_the_schema_order_and_names_cfbu_types():
    aktivitet = Aktivitet.objects.get(
        delaftale__helhedsplan__slug="ishoej-2025-29", navn="Beboerrådgivning"
    )
    assert [led.cfbu_type.navn for led in aktivitet.cfbu_led.all()] == [
        "Økonomisk rådgivning",
        "Sociale viceværter",
    ]
    stoettede = [led.maal.navn for led in aktivitet.delmaal_led.all()]
    assert stoettede[0] == "Tilliden til myndighederne stiger"
    assert len(stoettede) == 4
    assert aktivitet.elementer.count() == 6
    sundhedstjek = Aktivitet.objects.get(
        delaftale__helhedsplan__slug="ishoej-2025-29", navn="Sundhedstjek"
    )
    omfang = sundhedstjek.omfang.get()
    assert (omfang.antal, omfang.pr, omfang.hver) == (1, "uge", 2)


def test_viborg_has_all_sixteen_afdelinger_with_their_housing_organisation():
    plan = Helhedsplan.objects.get(slug="viborg-2025-29")
    pr_org = {}
    for omr in plan.omraader.select_related("organisation"):
        pr_org.setdefault(omr.organisation.navn, []).append(omr.navn)
    assert len(pr_org["BoligViborg"]) == 11
    assert pr_org["Boligselskabet Sct. Jørgen"] == [
        "Ellekonebakken",
        "Klostervænget",
        "Kærsangerparken",
        "Stoholm",
        "Karup",
    ]


@pytest.mark.parametrize(
    "omraade,procent",
    [
        ("Ringparken", "21.5"),
        ("Kølvrå afd. 8", "9.3"),
        ("Houlkærvænget", "12.7"),
        ("Rønneallé", "6.7"),
        ("Elmely", "35"),
        ("Lindon", "60"),
        ("Kærsangerparken", "11.5"),
        ("Karup", "8"),
    ],
)
def test_viborg_moving_out_share_per_afdeling(omraade, procent):
    b = baseline(
        "viborg-2025-29",
        omraade__navn=omraade,
        indikator__navn="Andelen af årlige fraflytninger",
    )
    assert b.procent == Decimal(procent) and b.aar == 2023


def test_viborg_pending_baselines_keep_their_explanation():
    afventer = BaselineVaerdi.objects.filter(
        indikator__maal__aftale__helhedsplan__slug="viborg-2025-29", afventer=True
    )
    assert sorted(b.afventer_tekst for b in afventer) == [
        "Data kommer",
        "Opgøres endeligt med udgangen af 2024",
    ]
    assert all(b.antal is None and b.procent is None for b in afventer)


def test_viborg_national_average_reference_values():
    anden = BaselineVaerdi.objects.filter(
        indikator__navn="Andelen af årlige fraflytninger", slags="anden"
    ).order_by("raekkefoelge")
    assert [(b.delindikator, b.procent) for b in anden] == [
        ("Familiebolig", Decimal("10.3")),
        ("Ungdomsbolig", Decimal("37.8")),
    ]


def test_viborg_staff_hours_per_activity():
    linjer = Medarbejderressource.objects.filter(delaftale__helhedsplan__slug="viborg-2025-29")
    assert [(r.aktivitet.navn, r.maengde, r.enhed) for r in linjer] == [
        ("Hverdagsrådgivning", 17, "timer_uge"),
        ("Civilsamfund som samarbejdspartner", 7, "timer_uge"),
        ("Bo Godt - et koordineret samarbejde", 25, "timer_uge"),
    ]


@pytest.mark.parametrize(
    "afdeling,antal,procent",
    [
        ("Afd. 22", 41, "6.3"),
        ("Afd. 30", 28, "7.2"),
        ("Afd. 35", 27, "6.5"),
        ("Afd. 24", 23, "4.5"),
    ],
)
def test_soenderborg_meeting_attendance_count_and_share(afdeling, antal, procent):
    b = baseline("soenderborg-2021-25", omraade__navn=afdeling)
    assert (b.antal, b.procent, b.enhed, b.aar) == (antal, Decimal(procent), "beboere", 2020)
    assert b.tal_tekst == f"{antal} beboere ({procent.replace('.', ',')} %)"


def test_soenderborg_quality_of_life_counts_with_denominators():
    bo = baseline(
        "soenderborg-2021-25", indikator__navn="Oplevet livskvalitet", slags="boligomraade"
    )
    anden = baseline("soenderborg-2021-25", indikator__navn="Oplevet livskvalitet", slags="anden")
    assert (bo.antal, bo.naevner, bo.procent, bo.aar) == (115, 148, 78, 2018)
    assert (anden.antal, anden.naevner, anden.procent) == (8064, 10473, 77)
    assert anden.tal_tekst == "8.064 ud af 10.473 beboere = 77 %"


def test_soenderborg_police_reports_keep_two_decimals():
    bo = baseline(
        "soenderborg-2021-25", indikator__navn__startswith="Antal anmeldelser", slags="boligomraade"
    )
    assert bo.antal == 108 and bo.procent == Decimal("4.40") and bo.procent_decimaler == 2
    assert "4,40 %" in bo.tal_tekst


def test_soenderborg_data_overview_and_fixed_term_posts():
    aktivitet = Aktivitet.objects.get(
        delaftale__helhedsplan__slug="soenderborg-2021-25", navn="Netværksskabende aktiviteter"
    )
    tabel = aktivitet.datatabeller.get()
    total = tabel.raekker.get(total=True)
    assert [c.tekst for c in total.celler.order_by("kolonne__raekkefoelge")] == [
        "1.963",
        "236",
        "375,5",
        "848",
    ]
    naerager = tabel.raekker.get(etiket="Nørager")
    assert [c.tekst for c in naerager.celler.order_by("kolonne__raekkefoelge")] == [
        "416",
        "48",
        "97,6",
        "194",
    ]
    linjer = list(
        Medarbejderressource.objects.filter(delaftale__helhedsplan__slug="soenderborg-2021-25")
    )
    assert [(r.maengde, r.varighed_aar) for r in linjer] == [(100, 4), (50, 2), (11, None)]
    aaben = Aktivitet.objects.get(
        delaftale__helhedsplan__slug="soenderborg-2021-25", navn="Åben Rådgivning"
    )
    assert aaben.beskrevet_i == "delaftalen for beskæftigelse"


@pytest.mark.parametrize(
    "omraade,udsaettelser,effektive,fraflytning",
    [
        ("Gl. Jennumparken", 1, 1, "12.6"),
        ("Glarbjergvej-området", 9, 1, "13.3"),
        ("Vangdalen", 1, 1, "11.3"),
        ("Hermann Stillingsvej-området", 4, 1, "17.5"),
        ("Energivej-området", 3, 4, "16.5"),
        ("Centrale Randers", 3, 2, "12.5"),
    ],
)
def test_randers_figures_for_each_area(omraade, udsaettelser, effektive, fraflytning):
    def vaerdi(indikator: str) -> BaselineVaerdi:
        return baseline(
            "randers-2025-29", omraade__navn=omraade, indikator__navn__startswith=indikator
        )

    assert vaerdi("Antallet af udsættelser").antal == udsaettelser
    assert vaerdi("Antallet af effektive udsættelser").antal == effektive
    assert vaerdi("Fraflytningsprocenten").procent == Decimal(fraflytning)


def test_randers_sjaellandsgade_has_two_effective_eviction_figures_one_for_lejerbo():
    vaerdier = BaselineVaerdi.objects.filter(
        omraade__helhedsplan__slug="randers-2025-29",
        omraade__navn="Sjællandsgade-kvarteret",
        indikator__navn__startswith="Antallet af effektive",
    ).order_by("raekkefoelge")
    assert [(b.antal, b.kommentar) for b in vaerdier] == [(2, ""), (2, "(Lejerbo)")]


def test_randers_reference_values_and_source_note():
    effektive = Indikator.objects.get(
        maal__aftale__helhedsplan__slug="randers-2025-29",
        navn__startswith="Antallet af effektive udsættelser",
    )
    assert effektive.datakilde_note == "data fra Lejerbo indgår ikke"
    anden = {
        b.referencegruppe or b.delindikator: b for b in effektive.baselines.filter(slags="anden")
    }
    assert anden["RandersBolig"].antal == 30 and anden["Lejerbo"].antal == 4
    fraflytning = Indikator.objects.get(
        maal__aftale__helhedsplan__slug="randers-2025-29", navn__startswith="Fraflytningsprocenten"
    )
    assert sorted(b.procent for b in fraflytning.baselines.filter(slags="anden")) == [
        Decimal("10.3"),
        Decimal("15.7"),
    ]


def test_randers_staff_is_1924_hours_a_year_which_is_a_full_time_post():
    for r in Medarbejderressource.objects.filter(delaftale__helhedsplan__slug="randers-2025-29"):
        assert (r.maengde, r.enhed) == (1924, "timer_aar")
        assert r.timer_pr_uge() == 37
    social = Aktivitet.objects.get(navn="Social vicevært")
    assert social.formaal_punkter[0].startswith("Støtte i konflikthåndtering")
    assert social.omfang.filter(antal=80, pr="aar", kvalifikator="ca").exists()


def test_strategic_agreement_has_every_section_of_seed_001():
    aftale = StrategiskAftale.objects.get(helhedsplan__slug="vejleaaparken-2021-25")
    assert aftale.omraadets_navn == "Vejleåparken, afdeling 55"
    assert aftale.periode == "1/11-2021 – 30/10-2025"
    assert [p.organisation.navn for p in aftale.parter.all()] == [
        "Ishøj Kommune",
        "Boligforeningen AAB",
    ]
    assert aftale.maal.count() == 4
    assert Indikator.objects.filter(maal__aftale=aftale).count() == 9
    assert aftale.fodnoter.count() == 25
    assert aftale.bestyrelsesmedlemmer.count() == 5
    assert aftale.politiktabeller.count() == 2
    assert [v.indsatsomraade.slug for v in aftale.valgte_indsatsomraader.all()] == [
        "uddannelse-og-livschancer",
        "beskaeftigelse",
        "kriminalitetsforebyggelse",
        "sammenhaengskraft-og-medborgerskab",
    ]
    assert "4.209 beboere" in aftale.kort_om_omraadet
    assert aftale.vision.startswith("Trivslen og trygheden øges hos beboerne i Vejleåparken")


def test_strategic_goal_table_figures():
    def b(indikator: str, slags: str, **f) -> BaselineVaerdi:
        return baseline(
            "vejleaaparken-2021-25", indikator__navn__startswith=indikator, slags=slags, **f
        )

    dagtilbud = b("Andel 1-5-årige i dagtilbud", "boligomraade")
    assert (dagtilbud.antal, dagtilbud.enhed, dagtilbud.procent, dagtilbud.aar) == (
        266,
        "børn",
        Decimal("88.4"),
        2019,
    )
    assert b("Andel 1-5-årige i dagtilbud", "anden").tal_tekst == "1.337 børn (90,2 %)"
    assert b("Karaktergennemsnit", "boligomraade").vaerdi == Decimal("5.8")
    assert b("Andel 18-64-årige", "anden").antal == 2303
    valg = b("Andel stemmeberettigede", "boligomraade", delindikator="Folketingsvalg")
    assert (valg.procent, valg.aar) == (Decimal("68.5"), 2019)
    tryg = b("Andel beboere over 18 år, der føler sig grundlæggende trygge", "anden")
    assert (tryg.referencegruppe, tryg.procent, tryg.aar) == ("Øvrige HHP", 73, 2018)


def test_strategic_policy_table_rows_name_the_goals_they_support():
    aftale = StrategiskAftale.objects.get(helhedsplan__slug="vejleaaparken-2021-25")
    maal = list(aftale.maal.all())
    kommune = aftale.politiktabeller.first()
    velfaerd = kommune.raekker.get(titel__startswith="I 2025 er borgerne i Ishøj")
    assert [maal.index(m) + 1 for m in velfaerd.maal.all()] == [1, 2, 3, 4]
    miljoe = kommune.raekker.get(titel__startswith="Et grønt miljø")
    assert "i mindre grad i tråd med" in miljoe.kommentar


GARBLED = [
    "Ishgj",
    "Sgnderborg",
    "gkonomi",
    "Vejledparken",
    "Igbende",
    "Ngrager",
    "fglge",
    "ngdvendig",
    "understgtte",
    "omrade",
    "malgruppe",
    "Delmal",
    "Kolvrd",
    "Houlkeer",
    "Jgrgen",
    "Kigver",
    "udsaettelse",
    "Sammenhaeng",
    "feellesskab",
    "Gl. Jenumparken",
    "Glørbjergvej",
    "Energivejs-området",
    "BLF ",
]
MARKUP = re.compile(r"<\s*/?\s*(p|ul|li|u|i|b|br)\b|\*\*|•")


def _alle_tekster(data) -> list[str]:
    if isinstance(data, dict):
        return [t for v in data.values() for t in _alle_tekster(v)]
    if isinstance(data, list):
        return [t for v in data for t in _alle_tekster(v)]
    return [data] if isinstance(data, str) else []


def test_no_garbled_scan_word_or_source_markup_is_left_in_the_demo_data():
    tekster = _alle_tekster(eksporter(Helhedsplan.objects.all()))
    assert len(tekster) > 500
    for tekst in tekster:
        for ord_ in GARBLED:
            assert ord_ not in tekst, f"{ord_!r} i {tekst[:120]!r}"
        assert not MARKUP.search(tekst), tekst[:120]
        # The scans read ø as g or o and å as 8 inside words.
        assert not re.search(r"[a-zæøå]8[a-zæøå]", tekst), tekst[:120]
