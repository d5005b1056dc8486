"""Percent of a position, hours a week and hours a year convert into each other."""

from decimal import Decimal

import pytest

from delaftaler.models import Medarbejderressource as R


def test_a_full_time_year_is_37_hours_times_52_weeks():
    aar = R(funktion="Bysekretariatet", maengde=1924, enhed="timer_aar")
    assert aar.timer_pr_uge() == 37
    assert aar.procent_af_stilling() == 100
    assert aar.fuldtidsandel() == 1
    assert aar.omregnet_tekst == "svarende til 37 timer pr. uge"


def test_a_quarter_of_a_37_hour_post():
    leder = R(funktion="Boligsocial leder", kontrakt_timer_uge=37, maengde=25, enhed="procent")
    assert leder.timer_pr_uge() == Decimal("9.25")
    assert leder.timer_pr_aar() == 481
    assert leder.andel_tekst == "25 % af stillingen"
    assert leder.omregnet_tekst == "svarende til 9,25 timer pr. uge og 481 timer pr. år"


def test_a_full_32_hour_post_is_less_than_a_full_time_post():
    raadgiver = R(funktion="Beboerrådgiver", kontrakt_timer_uge=32, maengde=100, enhed="procent")
    assert raadgiver.timer_pr_uge() == 32
    assert raadgiver.timer_pr_aar() == 1664
    assert raadgiver.fuldtidsandel() == Decimal(32) / Decimal(37)


def test_hours_a_week_without_contracted_hours_count_against_full_time():
    linje = R(funktion="Hverdagsrådgivning", maengde=17, enhed="timer_uge")
    assert linje.timer_pr_aar() == 884
    assert linje.procent_af_stilling().quantize(Decimal("0.01")) == Decimal("45.95")
    assert linje.andel_tekst == "17 timer pr. uge"


@pytest.mark.parametrize(
    "enhed,maengde", [("procent", 100), ("timer_uge", 37), ("timer_aar", 1924)]
)
def test_the_three_forms_agree(enhed, maengde):
    linje = R(funktion="X", maengde=maengde, enhed=enhed)
    assert (linje.timer_pr_uge(), linje.timer_pr_aar(), linje.procent_af_stilling()) == (
        37,
        1924,
        100,
    )
