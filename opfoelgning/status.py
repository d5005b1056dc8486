"""The status of an indicator line for a year: nået, på vej, ikke på vej, mangler data,
or til sammenligning.

The rule (also in the README, "Opfølgning"), for the year Å:

0. A reference group's line ("Evt. anden baseline": the municipality, the national
   average) without a måltal of its own is there to compare with: *til sammenligning*,
   not assessed and not missing anything. With a måltal it is assessed as any line.
1. M is the latest measurement with numbers whose period ends in Å or before ("data
   kommer" does not count). None: *mangler data*.
2. The line needs a måltal with a direction; without one: *mangler data* (nothing says
   whether up is good).
3. Figures are compared like with like: the first of procent, værdi, antal that M has and
   that the target (or, where the target has no figure, the reference) also has. The
   reference R is the line's baseline (its latest year), or else the line's first
   measurement before M.
4. By direction, with T the target value:
   - *stige*: M ≥ T → nået. Otherwise, a milestone for M's year decides (M ≥ it → på vej,
     else ikke på vej); otherwise, once the target year has come (Å ≥ målår) → ikke på vej;
     otherwise M > R → på vej, else ikke på vej. No T and no R → mangler data.
   - *falde*: the same mirrored (M ≤ T nået, M < R på vej).
   - *holdes under T*: M < T → nået; M ≥ T: på vej if M < R (moving down), else ikke på vej.
   - *holdes over T*: M > T → nået; M ≤ T: på vej if M > R, else ikke på vej.
   - *fastholdes* (on T, or on R when the target has no figure): M within 5 % of that level
     (relative; exactly the level when it is 0) → nået, else ikke på vej.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.db import models

from indikatorer.vaerdiform import Tal

TOLERANCE = Decimal("0.05")
ARTER = ("procent", "vaerdi", "antal")


class Status(models.TextChoices):
    NAAET = "naaet", "Nået"
    PAA_VEJ = "paa_vej", "På vej"
    IKKE_PAA_VEJ = "ikke_paa_vej", "Ikke på vej"
    MANGLER = "mangler_data", "Mangler data"
    SAMMENLIGNING = "sammenligning", "Til sammenligning"


@dataclass(frozen=True)
class Vurderet:
    status: Status
    forklaring: str

    @property
    def navn(self) -> str:
        return str(self.status.label)


def _art(m: Tal, *andre: Tal | None) -> str:
    for art in ARTER:
        if m.tal_som(art) is not None and all(
            a is not None and a.tal_som(art) is not None for a in andre
        ):
            return art
    return ""


@dataclass(frozen=True)
class _Tal:
    """The figures compared, of one kind: the measurement, target, reference, milestone."""

    m: Decimal
    t: Decimal | None
    r: Decimal | None
    delmaal: Decimal | None


def beregn(
    aar: int,
    maalinger: Sequence[Tal],
    maaltal: Tal | None,
    baseline: Tal | None,
    retning: str = "",
    maalaar: int | None = None,
    milepaele: dict[int, Tal] | None = None,
    sammenligning: bool = False,
) -> Vurderet:
    """The status for year `aar`. `maalinger` have `slutaar`, `afventer`; oldest first.
    `sammenligning`: the line is a reference group's (rule 0)."""
    if sammenligning and not retning:
        return Vurderet(
            Status.SAMMENLIGNING,
            "Et sammenligningstal uden eget måltal: det vurderes ikke.",
        )
    talte = [
        m
        for m in maalinger
        if not getattr(m, "afventer", False)
        and m.har_tal()
        and (getattr(m, "slutaar", None) or 0) <= aar
    ]
    if not talte:
        return Vurderet(Status.MANGLER, f"Ingen måling til og med {aar}.")
    m = talte[-1]
    if not retning:
        return Vurderet(Status.MANGLER, "Intet måltal med retning at vurdere målingen mod.")
    reference = baseline if baseline is not None and baseline.har_tal() else None
    if reference is None and len(talte) > 1:
        reference = talte[0]
    mal = maaltal if maaltal is not None and maaltal.har_tal() else None
    art = _art(m, mal) if mal else _art(m, reference) if reference else ""
    if not art:
        return Vurderet(Status.MANGLER, "Målingen kan ikke sammenlignes med mål eller baseline.")
    aarsmaal = (milepaele or {}).get(getattr(m, "slutaar", 0) or 0)
    mv = m.tal_som(art)
    assert mv is not None
    tal = _Tal(
        mv,
        mal.tal_som(art) if mal else None,
        reference.tal_som(art) if reference else None,
        aarsmaal.tal_som(art) if aarsmaal is not None else None,
    )
    if retning == "fastholdes":
        return _fastholdes(tal)
    if retning in ("under", "over"):
        return _graense(tal, op=retning == "over")
    return _udvikling(tal, retning == "stige", aar, maalaar)


def _fastholdes(tal: _Tal) -> Vurderet:
    niveau = tal.t if tal.t is not None else tal.r
    if niveau is None:
        return Vurderet(Status.MANGLER, "Hverken måltal eller baseline at holde niveauet på.")
    if abs(tal.m - niveau) <= abs(niveau) * TOLERANCE:
        return Vurderet(Status.NAAET, "Niveauet er fastholdt.")
    return Vurderet(Status.IKKE_PAA_VEJ, "Niveauet er ikke fastholdt.")


def _graense(tal: _Tal, op: bool) -> Vurderet:
    """Kept under (op False) or over (op True) the target value."""
    mv, tv, rv = tal.m, tal.t, tal.r
    if tv is None:
        return Vurderet(Status.MANGLER, "Måltallet har ingen grænse.")
    if (mv > tv) if op else (mv < tv):
        return Vurderet(Status.NAAET, "Målingen ligger på den rigtige side af grænsen.")
    if rv is not None and ((mv > rv) if op else (mv < rv)):
        return Vurderet(Status.PAA_VEJ, "Målingen bevæger sig mod grænsen.")
    return Vurderet(Status.IKKE_PAA_VEJ, "Målingen ligger på den forkerte side af grænsen.")


def _udvikling(tal: _Tal, op: bool, aar: int, maalaar: int | None) -> Vurderet:
    """To rise (op True) or fall towards the target, by milestones, target year, baseline."""
    mv, tv, rv = tal.m, tal.t, tal.r

    def bedre(a: Decimal, b: Decimal) -> bool:
        return a >= b if op else a <= b

    if tv is not None and bedre(mv, tv):
        return Vurderet(Status.NAAET, "Måltallet er nået.")
    if tal.delmaal is not None:
        if bedre(mv, tal.delmaal):
            return Vurderet(Status.PAA_VEJ, "Årets delmål er nået.")
        return Vurderet(Status.IKKE_PAA_VEJ, "Årets delmål er ikke nået.")
    if tv is not None and maalaar is not None and aar >= maalaar:
        return Vurderet(Status.IKKE_PAA_VEJ, f"Måltallet skulle være nået i {maalaar}.")
    if rv is None:
        if tv is None:
            return Vurderet(Status.MANGLER, "Hverken måltal eller baseline at sammenligne med.")
        return Vurderet(
            Status.MANGLER, "Ingen baseline eller tidligere måling at se udviklingen fra."
        )
    if mv != rv and bedre(mv, rv):
        return Vurderet(Status.PAA_VEJ, "Udviklingen går den rigtige vej.")
    return Vurderet(Status.IKKE_PAA_VEJ, "Udviklingen går ikke den rigtige vej.")
