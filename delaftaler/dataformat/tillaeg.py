"""Parts of an agreement another app keeps (the billeder app's images), in the format.

Each is an optional key of an agreement's object: left out of the export when empty, so
a file or a frozen version without it is read as before; described in the schema; read
by the app's own function on import. The app registers itself from its AppConfig.ready(),
so delaftaler knows nothing of it (as with the follow-up's part of the baseline page).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from delaftaler.dataformat.felter import FormatFejl
from delaftaler.models import Aftale


@dataclass(frozen=True)
class Tillaeg:
    noegle: str
    skema: Callable[[], dict[str, Any]]
    ud: Callable[[Aftale], list[Any]]
    ind: Callable[[Aftale, list[Any], str], None]
    # The files the entries refer to, as (name, SHA-256, bytes), for LBF's ZIP; and how a
    # file from such a ZIP is kept (its name and checksum checked) before the import.
    filer: Callable[[list[Any]], Iterator[tuple[str, str, bytes]]] | None = None
    gem_fil: Callable[[str, bytes], None] | None = None


TILLAEG: list[Tillaeg] = []


def registrer(tillaeg: Tillaeg) -> None:
    if all(t.noegle != tillaeg.noegle for t in TILLAEG):
        TILLAEG.append(tillaeg)


def ud(aftale: Aftale) -> dict[str, Any]:
    """The agreement's optional parts that have content."""
    dele = {t.noegle: t.ud(aftale) for t in TILLAEG}
    return {noegle: vaerdi for noegle, vaerdi in dele.items() if vaerdi}


def adskil(data: Any) -> tuple[Any, dict[str, Any]]:
    """The agreement's object without the optional parts, and the parts."""
    if not isinstance(data, dict):
        return data, {}
    noegler = {t.noegle for t in TILLAEG}
    resten = {k: v for k, v in data.items() if k not in noegler}
    return resten, {k: v for k, v in data.items() if k in noegler}


def ind(aftale: Aftale, dele: dict[str, Any], sti: str) -> None:
    """Read each part; a missing key is an empty list (an agreement read into an existing
    one, as a restore does, loses the parts the file does not have)."""
    for t in TILLAEG:
        under = f"{sti}.{t.noegle}" if sti else t.noegle
        vaerdi = dele.get(t.noegle, [])
        if not isinstance(vaerdi, list):
            raise FormatFejl(under, "skal være en liste")
        t.ind(aftale, vaerdi, under)


def i_skema(objekt: dict[str, Any]) -> dict[str, Any]:
    """An agreement's schema object with the optional parts (not required)."""
    egenskaber = {**objekt["properties"], **{t.noegle: t.skema() for t in TILLAEG}}
    return {**objekt, "properties": egenskaber}


AFTALELISTER = ("strategiske_aftaler", "delaftaler")


def filer(dokument: Any) -> Iterator[tuple[str, str, bytes]]:
    """The files a (frozen) agreement file refers to: (ZIP member name, SHA-256, bytes)."""
    for plan in dokument.get("helhedsplaner", []) if isinstance(dokument, dict) else []:
        for liste in AFTALELISTER:
            for aftale in plan.get(liste, []):
                for t in TILLAEG:
                    if t.filer is not None and aftale.get(t.noegle):
                        for navn, kontrolsum, data in t.filer(aftale[t.noegle]):
                            yield f"{t.noegle}/{navn}", kontrolsum, data


def gem_fil(navn: str, data: bytes) -> None:
    """Keep a file of LBF's ZIP (``<noegle>/<name>``) where its part's import finds it."""
    mappe, _, rest = navn.partition("/")
    for t in TILLAEG:
        if t.noegle == mappe and t.gem_fil is not None:
            t.gem_fil(rest, data)
            return
    raise FormatFejl(navn, "ukendt slags fil")
