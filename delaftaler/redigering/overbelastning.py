"""The over-booking warning: a person booked for more than a whole position at one time."""

from __future__ import annotations

from decimal import Decimal

from delaftaler.dansk import dansk_tal
from delaftaler.models import Helhedsplan, Medarbejderressource


def _personer(linjer: list[Medarbejderressource]) -> dict[str, list[Medarbejderressource]]:
    """The staff lines per person: a function (without regard to case) and an employer.

    A line without an employer is the same person as a line of the same function with one
    (the leader typed the employer once); two different employers are two people.
    """
    efter_funktion: dict[str, list[Medarbejderressource]] = {}
    for linje in linjer:
        efter_funktion.setdefault(linje.funktion.strip().lower(), []).append(linje)
    personer: dict[str, list[Medarbejderressource]] = {}
    for gruppe in efter_funktion.values():
        navn = gruppe[0].funktion.strip()
        arbejdsgivere = {g.arbejdsgiver.strip().lower(): g.arbejdsgiver.strip() for g in gruppe}
        arbejdsgivere.pop("", None)
        if len(arbejdsgivere) <= 1:
            personer[navn] = gruppe
            continue
        for noegle, arbejdsgiver in arbejdsgivere.items():
            personer[f"{navn} ({arbejdsgiver})"] = [
                g for g in gruppe if g.arbejdsgiver.strip().lower() in ("", noegle)
            ]
    return personer


def _hoejeste_samtidige(linjer: list[Medarbejderressource]) -> Decimal:
    """The largest share booked at one time: only delaftaler whose periods overlap add up."""
    hoejest = Decimal(0)
    for dag in {linje.delaftale.gaelder_fra for linje in linjer}:
        samtidig = sum(
            (
                linje.procent_af_stilling()
                for linje in linjer
                if linje.delaftale.gaelder_fra <= dag <= linje.delaftale.gaelder_til
            ),
            Decimal(0),
        )
        hoejest = max(hoejest, samtidig)
    return hoejest


def overbelastning(plan: Helhedsplan) -> list[str]:
    """Warnings for people booked for more than their whole position at the same time."""
    linjer = list(
        Medarbejderressource.objects.filter(delaftale__helhedsplan=plan).select_related("delaftale")
    )
    advarsler = []
    for navn, egne in _personer(linjer).items():
        procent = _hoejeste_samtidige(egne).quantize(Decimal("0.1"))
        if procent > 100:
            advarsler.append(
                f"{navn} er samlet sat til {dansk_tal(procent)} % af stillingen på tværs af "
                "helhedsplanens delaftaler i samme periode – mere end en hel stilling."
            )
    return advarsler
