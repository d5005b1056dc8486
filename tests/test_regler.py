"""Rules the data obeys: a database constraint, and clean() with a Danish message at the field."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from delaftaler.models import Delaftale, Helhedsplan, Medarbejderressource, Omraade, Part
from indikatorer.models import BaselineVaerdi

pytestmark = pytest.mark.django_db

D = datetime.date


def fejl_ved(objekt) -> dict[str, list[str]]:
    with pytest.raises(ValidationError) as info:
        objekt.full_clean()
    return info.value.message_dict


def afvises_af_databasen(objekt) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        objekt.save()


@pytest.fixture
def delaftale():
    return Delaftale.objects.get(helhedsplan__slug="randers-2025-29")


@pytest.fixture
def baseline(delaftale):
    return BaselineVaerdi.objects.filter(indikator__maal__aftale=delaftale).first()


def test_period_end_before_start_is_refused(delaftale):
    delaftale.gaelder_til = D(2024, 1, 1)
    assert fejl_ved(delaftale)["gaelder_til"] == ["Slutdatoen skal ligge efter startdatoen."]
    afvises_af_databasen(delaftale)


def test_delaftale_must_lie_within_its_helhedsplans_period(delaftale):
    plan = delaftale.helhedsplan
    plan.gaelder_fra, plan.gaelder_til = D(2025, 8, 1), D(2029, 7, 31)
    plan.save()
    delaftale.helhedsplan = plan
    delaftale.full_clean()
    delaftale.gaelder_til = D(2030, 7, 31)
    assert fejl_ved(delaftale)["gaelder_til"] == [
        "Aftalen kan ikke slutte efter helhedsplanens periode (1/8-2025 – 31/7-2029)."
    ]
    delaftale.gaelder_til, delaftale.gaelder_fra = D(2029, 7, 31), D(2024, 1, 1)
    assert "før helhedsplanens periode" in fejl_ved(delaftale)["gaelder_fra"][0]


def test_helhedsplan_period_must_end_after_it_starts():
    plan = Helhedsplan.objects.get(slug="viborg-2025-29")
    plan.gaelder_fra, plan.gaelder_til = D(2029, 1, 1), D(2025, 1, 1)
    assert fejl_ved(plan)["gaelder_til"] == ["Slutdatoen skal ligge efter startdatoen."]
    afvises_af_databasen(plan)


def test_weighting_is_a_share_between_0_and_100(delaftale):
    delaftale.vaegtning_procent = Decimal("130")
    assert fejl_ved(delaftale)["vaegtning_procent"] == ["En andel skal ligge mellem 0 og 100 %."]
    afvises_af_databasen(delaftale)


def test_baseline_percentage_outside_0_100_is_refused(baseline):
    baseline.procent = Decimal("100.5")
    assert fejl_ved(baseline)["procent"] == ["En andel skal ligge mellem 0 og 100 %."]
    afvises_af_databasen(baseline)


@pytest.mark.parametrize("aar", [202, 20234])
def test_baseline_year_must_be_a_year(baseline, aar):
    baseline.aar = aar
    assert fejl_ved(baseline)["aar"] == ["Baselineåret skal være et årstal mellem 1900 og 2100."]
    afvises_af_databasen(baseline)


def test_pending_baseline_has_no_figures(baseline):
    baseline.afventer = True
    assert "En afventende baseline har ingen tal" in fejl_ved(baseline)["afventer"][0]
    afvises_af_databasen(baseline)


def test_baseline_needs_a_figure_unless_pending(baseline):
    baseline.antal = baseline.procent = baseline.vaerdi = None
    assert fejl_ved(baseline)["antal"] == [
        "Angiv et antal, en procent eller en værdi – eller markér baselinen som afventende."
    ]
    afvises_af_databasen(baseline)


def test_count_cannot_exceed_its_denominator(baseline):
    baseline.antal, baseline.naevner = 149, 148
    assert fejl_ved(baseline)["naevner"] == ["Antallet kan ikke være større end det, det er ud af."]
    afvises_af_databasen(baseline)


def test_baseline_area_must_belong_to_the_agreements_helhedsplan(baseline):
    baseline.omraade = Omraade.objects.get(navn="Ringparken")
    assert fejl_ved(baseline)["omraade"] == ["Området hører ikke til aftalens helhedsplan."]


def test_share_of_a_position_cannot_exceed_100_percent(delaftale):
    linje = Medarbejderressource(
        delaftale=delaftale, funktion="Koordinator", maengde=120, enhed="procent"
    )
    assert fejl_ved(linje)["maengde"] == ["En andel af stillingen kan højst være 100 %."]
    afvises_af_databasen(linje)


def test_share_must_be_positive_and_hours_a_week_at_most_168(delaftale):
    linje = Medarbejderressource(
        delaftale=delaftale, funktion="Koordinator", maengde=0, enhed="timer_uge"
    )
    assert fejl_ved(linje)["maengde"] == ["Andelen skal være større end 0."]
    afvises_af_databasen(linje)
    linje.maengde = 200
    assert fejl_ved(linje)["maengde"] == ["En uge har højst 168 timer."]
    afvises_af_databasen(linje)


def test_a_party_needs_a_name(delaftale):
    part = Part(aftale=delaftale)
    assert fejl_ved(part)["__all__"] == [
        "Angiv en organisation, en enhed, en titel eller et navn på parten."
    ]
    afvises_af_databasen(part)


def test_area_names_are_unique_within_a_helhedsplan():
    plan = Helhedsplan.objects.get(slug="randers-2025-29")
    dublet = Omraade(helhedsplan=plan, navn="Vangdalen")
    assert fejl_ved(dublet)["__all__"] == ["Helhedsplanen har allerede et område med det navn."]
    afvises_af_databasen(dublet)


def test_indsatsomraade_must_belong_to_the_helhedsplans_fund_period(delaftale):
    from delaftaler.models import Indsatsomraade

    delaftale.indsatsomraade = Indsatsomraade.objects.get(slug="tryghed-og-trivsel")
    assert "hører ikke til helhedsplanens fondsperiode" in fejl_ved(delaftale)["indsatsomraade"][0]
