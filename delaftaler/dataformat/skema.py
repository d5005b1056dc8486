"""The JSON Schema (draft 2020-12) of the `lbf-aftaler` format, and validation against it.

The schema is generated from the same field lists that drive the importer and the
exporter (dataformat/felter.py) and from the model fields behind them (which may be
null, choices, lengths), so it cannot drift from what the importer accepts. The
committed copy, fixtures/lbf-aftaler.schema.json, is for the people who write the
format outside the app; a test asserts it equals `skema()`. Regenerate it with

    .venv/bin/python manage.py skriv_skema

The schema checks the shape of a file (keys, types, choices, dates and number
strings). What needs the database or the whole document (names that must resolve,
the fund period's indsatsområder, a period's end after its start) stays with the
importer.

The schema's objects are in skemaobjekter.py, built from the blocks in skemadele.py;
validation and its Danish messages are in validering.py, re-exported here.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from delaftaler.dataformat import felter as df
from delaftaler.dataformat.skemadele import liste, objekt, ref
from delaftaler.dataformat.validering import besked, sti, validator, valider

__all__ = ["SKEMA_FIL", "besked", "skema", "skema_json", "sti", "valider", "validator"]

SKEMA_FIL = Path(__file__).resolve().parents[2] / "fixtures" / "lbf-aftaler.schema.json"


def skema() -> dict[str, Any]:
    """The JSON Schema of an `lbf-aftaler` file."""
    from delaftaler.dataformat import skemaobjekter

    defs = skemaobjekter.definitioner()
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        **objekt(
            f"Aftalefil i formatet {df.FORMAT}, version {df.VERSION}",
            "Organisationer og boligsociale helhedsplaner med deres strategiske "
            "samarbejdsaftaler og delaftaler (Landsbyggefonden). Se fixtures/FORMAT.md. "
            f"En fil i version 1 (uden måltal og uden baselinernes {', '.join(df.NYE_BASELINEFELTER)}) "
            "læses stadig: dens objekter er dem, hvis navn ender på _v1.",
            {
                "format": {"title": "format", "const": df.FORMAT},
                "version": {"title": "version", "enum": list(df.VERSIONER)},
                "organisationer": liste(ref("organisation"), "organisationer"),
                "helhedsplaner": {"title": "helhedsplaner", "type": "array"},
            },
        ),
        # The helhedsplaner as the file's version has them: only that version's keys.
        "if": {"properties": {"version": {"const": 1}}, "required": ["version"]},
        "then": {"properties": {"helhedsplaner": {"items": ref("helhedsplan_v1")}}},
        "else": {"properties": {"helhedsplaner": {"items": ref("helhedsplan")}}},
        "$defs": defs,
    }


def skema_json() -> str:
    """The schema as the committed file holds it."""
    return json.dumps(skema(), ensure_ascii=False, indent=2) + "\n"
