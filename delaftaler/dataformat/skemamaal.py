"""The schema's objects of an indicator: its baselines, targets and milestones.

In version 1 of the format an indicator had no targets and a baseline none of the value
shape's qualifier, range, sample and period; `version` gives an object as it is in
that version (skemaobjekter.version_1).
"""

from __future__ import annotations

from typing import Any

from delaftaler.dataformat import felter as df
from delaftaler.dataformat.skemadele import felter, henvisning, liste, objekt, ref
from indikatorer.models import BaselineVaerdi, Indikator
from opfoelgning.models import Maaltal, Milepael

T = df.TEKST


def _titel(titel: str, version: int) -> str:
    return titel if version == df.VERSION else f"{titel} (version {version})"


def _omraade(hvad: str) -> dict[str, Any]:
    return henvisning(
        "område",
        f"Navnet på det område i helhedsplanen, {hvad} gælder, eller null for hele boligområdet.",
    )


def indikator(version: int = df.VERSION) -> dict[str, Any]:
    egenskaber = felter(Indikator, [("navn", T), ("datakilde", T), ("datakilde_note", T)])
    if version == 1:
        egenskaber["baselines"] = liste(ref("baseline_v1"), "baselines")
        return objekt(
            _titel("indikator", version),
            "En indikator for et mål med dens baselineværdier.",
            egenskaber,
        )
    egenskaber["baselines"] = liste(ref("baseline"), "baselines")
    egenskaber["maaltal"] = liste(
        ref("maaltal"),
        "måltal",
        "Indikatorens måltal: højst ét pr. linje (område, delindikator, referencegruppe).",
    )
    return objekt(
        _titel("indikator", version),
        "En indikator for et mål med dens baselineværdier og måltal.",
        egenskaber,
    )


def baseline(version: int = df.VERSION) -> dict[str, Any]:
    return objekt(
        _titel("baselineværdi", version),
        "Én værdi i indikatortabellen. Tal skrives som tekst med punktum som decimaltegn.",
        {
            **felter(BaselineVaerdi, df.BASELINE_V1 if version == 1 else df.BASELINE),
            "omraade": _omraade("værdien"),
            "fodnote": {
                "title": "fodnote",
                "description": "Nummeret på en fodnote i aftalens fodnoter, eller null.",
                "type": ["integer", "null"],
                "minimum": 0,
            },
        },
    )


def maaltal() -> dict[str, Any]:
    return objekt(
        "måltal",
        "Et måltal for én af indikatorens linjer: retningen, evt. et tal og året, det skal "
        "være nået. Tal skrives som tekst med punktum som decimaltegn.",
        {
            "omraade": _omraade("måltallet"),
            **felter(Maaltal, df.MAALTAL),
            "milepaele": liste(ref("milepael"), "delmål for årene", "Højst ét pr. år."),
        },
    )


def milepael() -> dict[str, Any]:
    return objekt(
        "delmål for året",
        "Det tal, linjen skal have nået i et givet år på vejen mod måltallet.",
        felter(Milepael, df.MILEPAEL),
    )
