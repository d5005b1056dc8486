"""The building blocks of the `lbf-aftaler` schema: objects, lists, references and scalars.

A scalar's JSON form follows from its kind in dataformat/felter.py, its limits (may be
null, choices, lengths) from the model field behind it.
"""

from __future__ import annotations

from typing import Any

from django.db import models

from delaftaler.dataformat import felter as df
from delaftaler.models import TEKST_MAKS

DATO_MOENSTER = r"^\d{4}-\d{2}-\d{2}$"
TAL_MOENSTER = r"^-?[0-9]+(\.[0-9]+)?$"
SLUG_MOENSTER = r"^[-a-zA-Z0-9_]+$"


def ref(navn: str) -> dict[str, Any]:
    return {"$ref": f"#/$defs/{navn}"}


def liste(elementer: dict[str, Any], titel: str, beskrivelse: str = "") -> dict[str, Any]:
    skema: dict[str, Any] = {"title": titel}
    if beskrivelse:
        skema["description"] = beskrivelse
    return {**skema, "type": "array", "items": elementer}


def objekt(titel: str, beskrivelse: str, egenskaber: dict[str, Any]) -> dict[str, Any]:
    """An object whose keys are all required and whose other keys are all refused."""
    return {
        "title": titel,
        "description": beskrivelse,
        "type": "object",
        "required": list(egenskaber),
        "additionalProperties": False,
        "properties": egenskaber,
    }


def henvisning(titel: str, beskrivelse: str, null: bool = True) -> dict[str, Any]:
    """A reference by natural key (a name), resolved by the importer."""
    return {
        "title": titel,
        "description": beskrivelse,
        "type": ["string", "null"] if null else "string",
        "minLength": 1,
        "maxLength": TEKST_MAKS,
    }


def navneliste(titel: str, beskrivelse: str, max_laengde: int | None = None) -> dict[str, Any]:
    navn: dict[str, Any] = {
        "type": "string",
        "minLength": 1,
        "maxLength": max_laengde or TEKST_MAKS,
    }
    return liste(navn, titel, beskrivelse)


def felt(
    model: type[models.Model],
    noegle: str,
    art: str,
    titel: str | None = None,
    beskrivelse: str | None = None,
) -> dict[str, Any]:
    """One scalar: its JSON form from its kind in dataformat.felter, its limits from the model field."""
    felt = model._meta.get_field(noegle)
    assert isinstance(felt, models.Field)
    skema: dict[str, Any] = {"title": titel or str(felt.verbose_name)}
    if beskrivelse or felt.help_text:
        skema["description"] = beskrivelse or str(felt.help_text)
    null = felt.null

    def typ(navn: str) -> str | list[str]:
        return [navn, "null"] if null else navn

    if art == df.TEKST:
        skema["type"] = "string"
        if not felt.blank:
            skema["minLength"] = 1
        # A CharField's own length; a TextField has none, so every text gets the cap of
        # the models' forms (TEKST_MAKS): one value can never be hundreds of megabytes.
        skema["maxLength"] = min(felt.max_length or TEKST_MAKS, TEKST_MAKS)
        if isinstance(felt, models.SlugField):
            skema["pattern"] = SLUG_MOENSTER
    elif art == df.DATO:
        # The pattern before the format: a date in another notation gets the pattern's message.
        skema.update(type=typ("string"), pattern=DATO_MOENSTER, format="date")
    elif art in (df.TAL, df.TAL_PRAECIS):
        skema.update(type=typ("string"), pattern=TAL_MOENSTER)
    elif art == df.HELTAL:
        skema["type"] = typ("integer")
        if isinstance(felt, models.PositiveIntegerField | models.PositiveSmallIntegerField):
            skema["minimum"] = 0
    elif art == df.BOOL:
        skema["type"] = "boolean"
    elif art == df.LISTE:
        # A TekstlisteField holds bullet points, none of them empty.
        skema.update(
            type="array", items={"type": "string", "minLength": 1, "maxLength": TEKST_MAKS}
        )
    else:  # pragma: no cover - every kind is one of the above
        raise ValueError(art)
    if felt.choices:
        # The choices say all there is to say about a text's length.
        skema.pop("minLength", None)
        skema.pop("maxLength", None)
        valg = [v for v, _ in felt.flatchoices]
        skema["enum"] = [*valg, None] if null else valg
    return skema


def felter(model: type[models.Model], felter: list[tuple[str, str]]) -> dict[str, Any]:
    return {noegle: felt(model, noegle, art) for noegle, art in felter}
