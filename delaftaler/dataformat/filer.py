"""Reading a file of the `lbf-aftaler` format: JSON, checked against the schema.

Every failure is a `Filfejl` whose message names the file and the place in it, in Danish.
"""

from __future__ import annotations

import json
from typing import Any

from delaftaler.dataformat import skema
from delaftaler.dataformat.felter import FormatFejl


class Filfejl(Exception):
    """A file that cannot be read as the format; the message says where and why."""


JSON_BESKEDER = {
    "Expecting value": "forventede en værdi",
    "Expecting property name enclosed in double quotes": (
        "forventede et feltnavn i dobbelte anførselstegn"
    ),
    "Expecting ',' delimiter": "forventede et komma",
    "Expecting ':' delimiter": "forventede et kolon",
    "Extra data": "der står mere efter JSON-dokumentet",
    "Invalid control character at": "ugyldigt kontroltegn i en tekst",
    "Invalid \\escape": "ugyldig escape-sekvens (\\)",
    "Invalid \\uXXXX escape": "ugyldig \\u-escape",
}


def laes_json(indhold: bytes, navn: str) -> Any:
    """The JSON document in `indhold`, or Filfejl naming line and column."""
    try:
        tekst = indhold.decode("utf-8-sig")
    except UnicodeDecodeError as fejl:
        raise Filfejl(
            f"{navn}: ikke gyldig UTF-8-tekst (byte {fejl.start}): er det en JSON-fil?"
        ) from fejl
    if not tekst.strip():
        raise Filfejl(f"{navn}: filen er tom")
    try:
        return json.loads(tekst)
    except json.JSONDecodeError as fejl:
        # A string that never ends runs to the end of the file, too.
        if fejl.pos >= len(fejl.doc.rstrip()) or fejl.msg.startswith("Unterminated string"):
            forklaring = "filen slutter midt i JSON-dokumentet (er den afkortet?)"
        else:
            forklaring = JSON_BESKEDER.get(fejl.msg, fejl.msg)
        raise Filfejl(
            f"{navn}: ikke gyldig JSON: linje {fejl.lineno}, kolonne {fejl.colno}: {forklaring}"
        ) from fejl


def laes_dokument(indhold: bytes, navn: str) -> dict[str, Any]:
    """A JSON document that satisfies the `lbf-aftaler` schema, or Filfejl."""
    data = laes_json(indhold, navn)
    try:
        skema.valider(data)
    except FormatFejl as fejl:
        raise Filfejl(f"{navn}: {fejl}") from fejl
    assert isinstance(data, dict)  # the schema says so
    return data
