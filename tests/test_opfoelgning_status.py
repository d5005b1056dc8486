"""The status rule (opfoelgning.status, README "Opfølgning"): one test per clause."""

from decimal import Decimal

import pytest

from indikatorer.models import BaselineVaerdi
from opfoelgning.models import Maaling, Maaltal, Milepael
from opfoelgning.status import Status, beregn


def maaling(aar: int, procent: str | None = None, **felter: object) -> Maaling:
    return Maaling(aar=aar, procent=Decimal(procent) if procent else None, **felter)


def baseline(procent: str, aar: int = 2023) -> BaselineVaerdi:
    return BaselineVaerdi(aar=aar, procent=Decimal(procent))


def maal(retning: str, procent: str | None = None, aar: int | None = None) -> Maaltal:
    return Maaltal(retning=retning, procent=Decimal(procent) if procent else None, aar=aar)


def status(aar, maalinger, mt=None, b=None, milepaele=None) -> Status:
    return beregn(
        aar,
        maalinger,
        mt,
        b,
        retning=mt.retning if mt else "",
        maalaar=mt.aar if mt else None,
        milepaele=milepaele,
    ).status


def test_no_measurement_up_to_the_year_is_missing_data():
    mt = maal("stige", "60")
    assert status(2025, [], mt, baseline("50")) == Status.MANGLER
    # a measurement of a later year does not count for an earlier year
    assert status(2024, [maaling(2025, "70")], mt, baseline("50")) == Status.MANGLER
    # "data kommer" is no measurement
    assert status(2025, [maaling(2025, afventer=True)], mt, baseline("50")) == Status.MANGLER


def test_without_a_direction_nothing_can_be_judged():
    assert status(2025, [maaling(2025, "70")], None, baseline("50")) == Status.MANGLER


def test_a_reference_groups_line_without_a_target_is_there_to_compare_with():
    """Rule 0: the municipality's or the nation's figure is not assessed, and is not missing
    data whether it was measured or not; given a target of its own, it is assessed."""

    def sammenlign(maalinger, mt=None):
        return beregn(
            2025, maalinger, mt, baseline("50"), retning=mt.retning if mt else "",
            maalaar=mt.aar if mt else None, sammenligning=True,
        )  # fmt: skip

    for maalinger in ([], [maaling(2025, "70")], [maaling(2025, afventer=True)]):
        vurderet = sammenlign(maalinger)
        assert vurderet.status == Status.SAMMENLIGNING
        assert vurderet.navn == "Til sammenligning" and "vurderes ikke" in vurderet.forklaring
    assert sammenlign([maaling(2025, "60")], maal("stige", "60", 2028)).status == Status.NAAET
    assert sammenlign([], maal("stige", "60", 2028)).status == Status.MANGLER


@pytest.mark.parametrize(
    ("maalt", "forventet"),
    [("60", Status.NAAET), ("61", Status.NAAET), ("55", Status.PAA_VEJ), ("50", Status.IKKE_PAA_VEJ),
     ("45", Status.IKKE_PAA_VEJ)],
)  # fmt: skip
def test_rise_towards_a_target(maalt, forventet):
    assert (
        status(2025, [maaling(2025, maalt)], maal("stige", "60", 2028), baseline("50")) == forventet
    )


def test_fall_is_the_mirror():
    mt = maal("falde", "10", 2028)
    b = baseline("15")
    assert status(2025, [maaling(2025, "10")], mt, b) == Status.NAAET
    assert status(2025, [maaling(2025, "12")], mt, b) == Status.PAA_VEJ
    assert status(2025, [maaling(2025, "16")], mt, b) == Status.IKKE_PAA_VEJ


def test_target_year_passed_without_reaching_it_is_not_on_track():
    mt = maal("stige", "60", 2025)
    assert status(2025, [maaling(2025, "55")], mt, baseline("50")) == Status.IKKE_PAA_VEJ
    assert status(2024, [maaling(2024, "55")], mt, baseline("50")) == Status.PAA_VEJ


def test_a_milestone_for_the_year_decides():
    mt = maal("stige", "60", 2028)
    delmaal = {2025: Milepael(aar=2025, procent=Decimal("56"))}
    assert status(2025, [maaling(2025, "57")], mt, baseline("50"), delmaal) == Status.PAA_VEJ
    assert status(2025, [maaling(2025, "55")], mt, baseline("50"), delmaal) == Status.IKKE_PAA_VEJ


def test_kept_under_and_over_a_limit():
    under = maal("under", "6")
    assert status(2025, [maaling(2025, "5")], under, baseline("8")) == Status.NAAET
    assert status(2025, [maaling(2025, "7")], under, baseline("8")) == Status.PAA_VEJ
    assert status(2025, [maaling(2025, "9")], under, baseline("8")) == Status.IKKE_PAA_VEJ
    assert status(2025, [maaling(2025, "6")], under, baseline("6")) == Status.IKKE_PAA_VEJ
    over = maal("over", "45")
    assert status(2025, [maaling(2025, "46")], over, baseline("40")) == Status.NAAET
    assert status(2025, [maaling(2025, "44")], over, baseline("40")) == Status.PAA_VEJ


def test_kept_level_within_five_percent():
    mt = maal("fastholdes")
    assert status(2025, [maaling(2025, "52")], mt, baseline("50")) == Status.NAAET
    assert status(2025, [maaling(2025, "53")], mt, baseline("50")) == Status.IKKE_PAA_VEJ
    assert status(2025, [maaling(2025, "47.5")], mt, baseline("50")) == Status.NAAET


def test_without_a_baseline_the_first_measurement_is_the_reference():
    mt = maal("stige", "60", 2028)
    assert status(2025, [maaling(2024, "40"), maaling(2025, "45")], mt) == Status.PAA_VEJ
    assert status(2025, [maaling(2024, "40"), maaling(2025, "38")], mt) == Status.IKKE_PAA_VEJ
    assert status(2025, [maaling(2025, "45")], mt) == Status.MANGLER


def test_like_is_compared_with_like():
    """A count is never compared with a share: the kinds must match."""
    mt = maal("stige", "60", 2028)
    tal = Maaling(aar=2025, antal=Decimal("70"))
    assert status(2025, [tal], mt, baseline("50")) == Status.MANGLER
    # a count against a count target is compared
    tal_maal = Maaltal(retning="stige", antal=Decimal("60"))
    assert status(2025, [tal], tal_maal) == Status.NAAET


def test_the_latest_measurement_counts():
    mt = maal("stige", "60", 2028)
    maalinger = [maaling(2024, "61"), maaling(2025, "49")]
    assert status(2025, maalinger, mt, baseline("50")) == Status.IKKE_PAA_VEJ
    assert status(2024, maalinger, mt, baseline("50")) == Status.NAAET
