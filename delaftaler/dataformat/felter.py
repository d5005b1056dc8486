"""The format's entities (which keys, of which kind) and how each kind is read and written.

The format is `lbf-aftaler` (fixtures/FORMAT.md). One declarative description per entity
(which keys are scalars of which kind, which are children) drives both directions, so
import and export cannot drift apart.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models

from delaftaler.dansk import decimaler_i

FORMAT = "lbf-aftaler"
VERSION = 2
# The versions the importer reads: a version 1 file (written before targets and the
# value shape's qualifier, range, sample and period) is read as version 2 with those
# keys at their defaults (dataformat/opgradering.py).
VERSIONER = (1, 2)

# Kinds of scalar: text, date, decimal, decimal that remembers its decimals, integer,
# boolean, list of texts.
TEKST, DATO, TAL, TAL_PRAECIS, HELTAL, BOOL, LISTE = (
    "tekst",
    "dato",
    "tal",
    "tal_praecis",
    "heltal",
    "bool",
    "liste",
)

# Decimal fields whose written precision is kept in a companion field.
PRAECISION = {
    "procent": "procent_decimaler",
    "vaerdi": "vaerdi_decimaler",
    "til": "til_decimaler",
    "svarprocent": "svarprocent_decimaler",
}

PART = [
    ("navn", TEKST),
    ("enhed", TEKST),
    ("titel", TEKST),
    ("beskrivelse", TEKST),
    ("underskrift_dato", DATO),
    ("underskrift_navn", TEKST),
]
# The figure (indikatorer.vaerdiform.Tal), as baselines, targets and milestones carry it.
TAL_FELTER = [
    ("antal", TAL),
    ("naevner", TAL),
    ("enhed", TEKST),
    ("procent", TAL_PRAECIS),
    ("vaerdi", TAL_PRAECIS),
    ("kvalifikator", TEKST),
    ("til", TAL_PRAECIS),
    ("besvarelser", HELTAL),
    ("svarprocent", TAL_PRAECIS),
]
BASELINE = [
    ("slags", TEKST),
    ("delindikator", TEKST),
    ("referencegruppe", TEKST),
    ("aar", HELTAL),
    ("aar_til", HELTAL),
    ("periodeart", TEKST),
    *TAL_FELTER,
    ("kommentar", TEKST),
    ("afventer", BOOL),
    ("afventer_tekst", TEKST),
]
# Version 2's additions: a baseline's qualifier, range, sample and period; an
# indicator's targets (`maaltal`, with their `milepaele`).
NYE_BASELINEFELTER = ("aar_til", "periodeart", "kvalifikator", "til", "besvarelser", "svarprocent")
BASELINE_V1 = [(n, art) for n, art in BASELINE if n not in NYE_BASELINEFELTER]
MAALTAL = [
    ("delindikator", TEKST),
    ("referencegruppe", TEKST),
    ("retning", TEKST),
    *TAL_FELTER,
    ("aar", HELTAL),
    ("note", TEKST),
]
MILEPAEL = [("aar", HELTAL), *TAL_FELTER]
DELAFTALE = [
    ("indsatsnavn", TEKST),
    ("motto", TEKST),
    ("gaelder_fra", DATO),
    ("gaelder_til", DATO),
    ("parter_tekst", TEKST),
    ("aktiviteter_tekst", TEKST),
    ("vaegtning_procent", TAL),
    ("ressourcer_tekst", TEKST),
    ("kommunal_sammenhaeng", TEKST),
    ("bemaerkninger", TEKST),
    ("revision", TEKST),
]
STRATEGISK = [
    ("omraadets_navn", TEKST),
    ("gaelder_fra", DATO),
    ("gaelder_til", DATO),
    ("kort_om_omraadet", TEKST),
    ("vision", TEKST),
    ("vision_tekst", TEKST),
    ("lokal_evaluering", TEKST),
    ("revision", TEKST),
]
AKTIVITET = [
    ("navn", TEKST),
    ("undertitel", TEKST),
    ("listenavn", TEKST),
    ("listebeskrivelse", TEKST),
    ("beskrevet_i", TEKST),
    ("formaal", TEKST),
    ("formaal_punkter", LISTE),
    ("delmaal_punkter", LISTE),
    ("maalgruppe", TEKST),
    ("maalgruppe_punkter", LISTE),
    ("indhold_og_praksis", TEKST),
    ("elementer_titel", TEKST),
    ("ansvar", TEKST),
    ("kilder", LISTE),
]
ELEMENT = [("element", TEKST), ("indhold", TEKST), ("aktoerer", LISTE)]
ROLLE = [("part", TEKST), ("tekst", TEKST), ("punkter", LISTE)]
FASE = [("navn", TEKST), ("periode", TEKST), ("beskrivelse", TEKST)]
OMFANG = [
    ("beskrivelse", TEKST),
    ("antal", TAL),
    ("enhed", TEKST),
    ("pr", TEKST),
    ("hver", HELTAL),
    ("kvalifikator", TEKST),
]
RESSOURCE = [
    ("funktion", TEKST),
    ("arbejdsgiver", TEKST),
    ("kontrakt_timer_uge", TAL),
    ("maengde", TAL),
    ("enhed", TEKST),
    ("varighed_aar", HELTAL),
    ("bemaerkning", TEKST),
]
POLITIKTABEL = [
    ("titel", TEKST),
    ("intro", TEKST),
    ("venstre_overskrift", TEKST),
    ("hoejre_overskrift", TEKST),
    ("efter_tekst", TEKST),
]
POLITIKRAEKKE = [("titel", TEKST), ("tekst", TEKST), ("hoejre_tekst", TEKST), ("kommentar", TEKST)]
AFSNIT = [("sektion", HELTAL), ("slags", TEKST), ("overskrift", TEKST), ("tekst", TEKST)]
BESTYRELSESMEDLEM = [("funktion", TEKST), ("titel", TEKST)]
VALGT = [("problemkompleks", TEKST), ("maal_tekst", TEKST), ("primaer_maalgruppe", TEKST)]


class FormatFejl(Exception):
    """Invalid input, with the place in the file it concerns."""

    def __init__(self, sti: str, besked: str) -> None:
        self.sti = sti
        self.besked = besked
        super().__init__(f"{sti}: {besked}" if sti else besked)


# --- Reading ----------------------------------------------------------------------------


class Node:
    """A JSON object being read, with its path for error messages."""

    def __init__(self, data: Any, sti: str, noegler: list[str]) -> None:
        if not isinstance(data, dict):
            raise FormatFejl(sti, "skal være et objekt")
        mangler = [n for n in noegler if n not in data]
        if mangler:
            raise FormatFejl(sti, f"mangler {', '.join(mangler)}")
        ukendte = sorted(set(data) - set(noegler))
        if ukendte:
            raise FormatFejl(sti, f"ukendt nøgle {', '.join(ukendte)}")
        self.data = data
        self.sti = sti

    def under(self, noegle: str) -> str:
        return f"{self.sti}.{noegle}" if self.sti else noegle

    def liste(self, noegle: str) -> list[tuple[str, Any]]:
        vaerdi = self.data[noegle]
        if not isinstance(vaerdi, list):
            raise FormatFejl(self.under(noegle), "skal være en liste")
        return [(f"{self.under(noegle)}[{i}]", v) for i, v in enumerate(vaerdi)]

    def tekst(self, noegle: str, tom_tilladt: bool = True) -> str:
        vaerdi = self.data[noegle]
        if not isinstance(vaerdi, str):
            raise FormatFejl(self.under(noegle), "skal være en tekst")
        if not tom_tilladt and not vaerdi.strip():
            raise FormatFejl(self.under(noegle), "må ikke være tom")
        return vaerdi

    def valgfri_tekst(self, noegle: str) -> str | None:
        vaerdi = self.data[noegle]
        return None if vaerdi is None else self.tekst(noegle)

    def skalar(self, noegle: str, art: str) -> Any:
        vaerdi = self.data[noegle]
        sti = self.under(noegle)
        if art == TEKST:
            return self.tekst(noegle)
        if art == LISTE:
            if not isinstance(vaerdi, list) or not all(isinstance(v, str) for v in vaerdi):
                raise FormatFejl(sti, "skal være en liste af tekster")
            return vaerdi
        if art == BOOL:
            if not isinstance(vaerdi, bool):
                raise FormatFejl(sti, "skal være true eller false")
            return vaerdi
        if vaerdi is None:
            return None
        if art == DATO:
            try:
                return datetime.date.fromisoformat(vaerdi)
            except (TypeError, ValueError):
                raise FormatFejl(sti, f"{vaerdi!r} er ikke en dato (ÅÅÅÅ-MM-DD)") from None
        if art == HELTAL:
            if isinstance(vaerdi, bool) or not isinstance(vaerdi, int):
                raise FormatFejl(sti, f"{vaerdi!r} er ikke et heltal")
            return vaerdi
        return tal(vaerdi, sti)

    def saet(self, objekt: models.Model, felter: list[tuple[str, str]]) -> None:
        for noegle, art in felter:
            vaerdi = self.skalar(noegle, art)
            setattr(objekt, noegle, vaerdi)
            if art == TAL_PRAECIS:
                setattr(
                    objekt, PRAECISION[noegle], decimaler_i(vaerdi) if vaerdi is not None else 0
                )


def tal(vaerdi: Any, sti: str) -> Decimal:
    if isinstance(vaerdi, bool) or not isinstance(vaerdi, str | int):
        raise FormatFejl(sti, f'{vaerdi!r} er ikke et tal (skriv f.eks. "6.3")')
    try:
        d = Decimal(str(vaerdi))
    except InvalidOperation:
        raise FormatFejl(sti, f'{vaerdi!r} er ikke et tal (skriv f.eks. "6.3")') from None
    if not d.is_finite():
        raise FormatFejl(sti, f"{vaerdi!r} er ikke et tal")
    return d


def noegler(felter: list[tuple[str, str]], *ekstra: str) -> list[str]:
    return [n for n, _ in felter] + list(ekstra)


def gem(objekt: models.Model, sti: str, **kwargs: Any) -> None:
    """Validate with the model's own rules (Danish messages) and save."""
    try:
        objekt.full_clean(**kwargs)
    except ValidationError as fejl:
        beskeder = []
        for felt, fejlliste in fejl.message_dict.items():
            for besked in fejlliste:
                beskeder.append(besked if felt == "__all__" else f"{felt}: {besked}")
        raise FormatFejl(sti, "; ".join(dict.fromkeys(beskeder))) from None
    objekt.save()


def boern(
    node: Node,
    noegle: str,
    model: type[models.Model],
    felter: list[tuple[str, str]],
    *referencer: str,
    **foraelder: Any,
) -> Iterator[tuple[Node, Any]]:
    """Each child under `noegle` in order, as (its node, an unsaved object with its scalars set).

    The caller sets the `referencer` keys (names resolved to objects) and saves.
    """
    for nr, (sti, data) in enumerate(node.liste(noegle)):
        barn_node = Node(data, sti, noegler(felter, *referencer))
        barn = model(raekkefoelge=nr, **foraelder)
        barn_node.saet(barn, felter)
        yield barn_node, barn


# --- Writing ----------------------------------------------------------------------------


def skalar_ud(objekt: models.Model, noegle: str, art: str) -> Any:
    vaerdi = getattr(objekt, noegle)
    if vaerdi is None:
        return None
    if art == DATO:
        return vaerdi.isoformat()
    if art == TAL:
        return tal_tekst(vaerdi, None)
    if art == TAL_PRAECIS:
        return tal_tekst(vaerdi, getattr(objekt, PRAECISION[noegle]))
    if art == LISTE:
        return list(vaerdi)
    return vaerdi


def tal_tekst(vaerdi: Decimal, decimaler: int | None) -> str:
    if decimaler is not None:
        return f"{Decimal(vaerdi):.{decimaler}f}"
    d = Decimal(vaerdi).normalize()
    return f"{d:f}"


def felter_ud(objekt: models.Model, felter: list[tuple[str, str]]) -> dict[str, Any]:
    return {noegle: skalar_ud(objekt, noegle, art) for noegle, art in felter}
