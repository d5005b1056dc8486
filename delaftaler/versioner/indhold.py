"""Comparing an agreement's content with a frozen version's, across format versions.

A version keeps the JSON it was frozen with (format version 1 before issue 15, 2 since;
earlier snapshots also listed every organisation of the plan, not just the ones the
agreement names). `indhold` brings a document to the shape a fresh snapshot has, so that
two documents compare equal exactly when their content is the same.
"""

from __future__ import annotations

from typing import Any

from delaftaler.dataformat.opgradering import opgrader


def _strenge(data: Any) -> list[str]:
    if isinstance(data, str):
        return [data]
    if isinstance(data, dict):
        return [s for v in data.values() for s in _strenge(v)]
    if isinstance(data, list):
        return [s for v in data for s in _strenge(v)]
    return []


def indhold(data: Any) -> Any:
    """The document in the current format version, with only the organisations it names."""
    data = opgrader(data)
    if not isinstance(data, dict):
        return data
    navne = set(_strenge(data.get("helhedsplaner")))
    orgs = [
        o for o in data.get("organisationer", []) if isinstance(o, dict) and o.get("navn") in navne
    ]
    return {**data, "organisationer": orgs}
