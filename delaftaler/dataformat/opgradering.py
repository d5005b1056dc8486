"""Reading an older version of the `lbf-aftaler` format as the current one.

Version 1 (up to issue 15) had no targets and no qualifier, range, sample or period on
a baseline. A version 1 document is read as version 2 with those keys at their defaults
(`maaltal` an empty list), so the importer, the comparison of versions and LBF's ZIP
import only ever see the current shape. Approved versions keep the JSON they were
frozen with (a version never changes): whatever reads one goes through `opgrader`.

A version 1 document must not already carry a key of version 2: that is refused, as an
unknown key is, naming the place.
"""

from __future__ import annotations

import copy
from collections.abc import Iterator
from typing import Any

from delaftaler.dataformat.felter import NYE_BASELINEFELTER, VERSION, FormatFejl

# Version 2's defaults of a baseline's new keys.
BASELINE_STANDARD: dict[str, Any] = {
    "aar_til": None,
    "periodeart": "",
    "kvalifikator": "",
    "til": None,
    "besvarelser": None,
    "svarprocent": None,
}
assert tuple(BASELINE_STANDARD) == NYE_BASELINEFELTER


def _liste(data: Any, noegle: str, sti: str) -> Iterator[tuple[str, dict[str, Any]]]:
    """The objects of a list under `noegle`, with their paths; anything malformed is left
    for the importer's own checks (which name it)."""
    vaerdi = data.get(noegle) if isinstance(data, dict) else None
    if isinstance(vaerdi, list):
        for nr, element in enumerate(vaerdi):
            if isinstance(element, dict):
                yield f"{sti}.{noegle}[{nr}]" if sti else f"{noegle}[{nr}]", element


def _indikatorer(aftale: dict[str, Any], sti: str) -> Iterator[tuple[str, dict[str, Any]]]:
    for noegle in ("delmaal", "overordnede_maal"):
        for sm, maal in _liste(aftale, noegle, sti):
            yield from _liste(maal, "indikatorer", sm)


def _fra_version_1(data: dict[str, Any]) -> None:
    for sp, plan in _liste(data, "helhedsplaner", ""):
        for liste in ("strategiske_aftaler", "delaftaler"):
            for sa, aftale in _liste(plan, liste, sp):
                for si, indikator in _indikatorer(aftale, sa):
                    if "maaltal" in indikator:
                        raise FormatFejl(si, "ukendt nøgle maaltal (findes først i version 2)")
                    indikator["maaltal"] = []
                    for sb, baseline in _liste(indikator, "baselines", si):
                        nye = sorted(n for n in BASELINE_STANDARD if n in baseline)
                        if nye:
                            raise FormatFejl(
                                sb, f"ukendt nøgle {', '.join(nye)} (findes først i version 2)"
                            )
                        baseline.update(BASELINE_STANDARD)


def opgrader(data: Any) -> Any:
    """The document in the current version: a version 1 document as version 2 (a copy);
    a current one, or anything that is not a document of a known older version, as it is."""
    if not isinstance(data, dict) or data.get("version") != 1:
        return data
    ny = copy.deepcopy(data)
    _fra_version_1(ny)
    ny["version"] = VERSION
    return ny
