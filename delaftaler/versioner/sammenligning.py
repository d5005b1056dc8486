"""Compare two states of an agreement (versions or the draft), item by item.

Both sides are the agreement in the ``lbf-aftaler`` format (``versioner.snapshot``).
Lists are matched by what identifies an item (a delmål by its name, a baseline by its
kind, area and sub-indicator …), so a changed figure shows as that one change, and an
added or removed delmål, indicator, baseline, target, activity, party or staff line as
one row. A version frozen in an older version of the format (version 1: no targets, no
qualifier, range, sample or period) is compared as the current version with those empty.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from delaftaler.dataformat.opgradering import opgrader

TILFOEJET = "tilføjet"
FJERNET = "fjernet"
AENDRET = "ændret"

# What identifies an item of each list, and what the item is called.
NOEGLER: dict[str, tuple[str, tuple[str, ...]]] = {
    "parter": ("Part", ("organisation", "navn", "enhed", "titel")),
    "delmaal": ("Delmål", ("navn",)),
    "maal": ("Mål", ("navn",)),
    "indikatorer": ("Indikator", ("navn",)),
    "baselines": ("Baseline", ("slags", "omraade", "delindikator", "referencegruppe", "aar")),
    "maaltal": ("Måltal", ("omraade", "delindikator", "referencegruppe")),
    "milepaele": ("Delmål for året", ("aar",)),
    "aktiviteter": ("Aktivitet", ("navn",)),
    "medarbejderressourcer": ("Medarbejderressource", ("funktion", "arbejdsgiver")),
    "fodnoter": ("Fodnote", ("nummer",)),
    "elementer": ("Element", ("element",)),
    "roller": ("Rolle", ("part",)),
    "faser": ("Fase", ("navn",)),
    "afsnit": ("Afsnit", ("sektion", "overskrift")),
    "bestyrelsesmedlemmer": ("Bestyrelsesmedlem", ("navn",)),
    "valgte_indsatsomraader": ("Indsatsområde", ("indsatsomraade",)),
    "politiktabeller": ("Politiktabel", ("titel",)),
}

FELTER = {
    "navn": "navn",
    "maalsaetning": "målsætning",
    "datakilde": "datakilde",
    "datakilde_note": "note til datakilden",
    "slags": "kolonne",
    "omraade": "område",
    "delindikator": "delindikator",
    "referencegruppe": "referencegruppe",
    "aar": "år",
    "aar_til": "til år",
    "periodeart": "periodens art",
    "antal": "antal",
    "naevner": "ud af",
    "enhed": "enhed",
    "procent": "procent",
    "vaerdi": "værdi",
    "kvalifikator": "omtrent",
    "til": "til (interval)",
    "besvarelser": "besvarelser",
    "svarprocent": "svarprocent",
    "retning": "retning",
    "note": "note",
    "kommentar": "kommentar",
    "afventer": "afventer data",
    "afventer_tekst": "tekst mens data afventes",
    "fodnote": "fodnote",
    "funktion": "funktion",
    "arbejdsgiver": "arbejdsgiver",
    "kontrakt_timer_uge": "ansat timer pr. uge",
    "maengde": "mængde",
    "varighed_aar": "varighed (år)",
    "bemaerkning": "bemærkning",
    "aktivitet": "aktivitet",
    "indsatsnavn": "navn på indsatsen",
    "gaelder_fra": "gælder fra",
    "gaelder_til": "gælder til",
    "tekst": "tekst",
}
SLAGS = {"boligomraade": "boligområde/målgruppe", "anden": "anden baseline"}
# A choice field's values as the page says them.
VALG = {
    "periodeart": {"": "år", "skoleaar": "skoleår", "spaend": "periode"},
    "retning": {
        "stige": "skal stige",
        "falde": "skal falde",
        "fastholdes": "skal fastholdes",
        "under": "skal holdes under",
        "over": "skal holdes over",
    },
}


@dataclass(frozen=True)
class Aendring:
    hvad: str
    art: str
    foer: str
    efter: str


def aftalen(data: dict[str, Any]) -> dict[str, Any]:
    """The one agreement in an ``lbf-aftaler`` document from ``versioner.snapshot`` (or a
    version's stored JSON, of any version of the format), in the current version."""
    plan = opgrader(data)["helhedsplaner"][0]
    (aftale,) = plan["strategiske_aftaler"] + plan["delaftaler"]
    return aftale


def _valg(felt: str, vaerdi: Any) -> Any:
    """A choice's label ("skal stige"), anything else as it is."""
    return VALG[felt].get(vaerdi, vaerdi) if felt in VALG and isinstance(vaerdi, str) else vaerdi


def _vis(vaerdi: Any) -> str:
    if vaerdi is None or vaerdi == "" or vaerdi == []:
        return "–"
    if isinstance(vaerdi, bool):
        return "ja" if vaerdi else "nej"
    if isinstance(vaerdi, list):
        return "; ".join(_vis(v) for v in vaerdi)
    if isinstance(vaerdi, dict):
        return ", ".join(
            f"{FELTER.get(k, k)}: {_vis(_valg(k, v))}"
            for k, v in vaerdi.items()
            if v not in (None, "", [], False) and not isinstance(v, list | dict)
        )
    return str(vaerdi).replace(".", ",") if isinstance(vaerdi, float) else str(vaerdi)


def _navn(liste: str, element: Any) -> str:
    titel, noegler = NOEGLER.get(liste, (liste, ()))
    if not isinstance(element, dict):
        return titel
    if liste == "baselines":
        dele = [SLAGS.get(element.get("slags", ""), "")]
        dele += [
            str(element[k])
            for k in ("omraade", "delindikator", "referencegruppe", "aar")
            if element.get(k)
        ]
        return f"{titel} ({', '.join(d for d in dele if d)})"
    vaerdier = [str(element[k]) for k in noegler if element.get(k) not in (None, "")]
    return f"{titel} »{' · '.join(vaerdier)}«" if vaerdier else titel


def _noegle(liste: str, element: Any, nr: int) -> Any:
    if liste in NOEGLER and isinstance(element, dict):
        return tuple(str(element.get(k)) for k in NOEGLER[liste][1])
    return nr


def sammenlign(foer: dict[str, Any], efter: dict[str, Any]) -> list[Aendring]:
    """The changes from one agreement dict to another, in document order."""
    ud: list[Aendring] = []
    _dict(foer, efter, "", ud)
    return ud


def _dict(foer: dict[str, Any], efter: dict[str, Any], sti: str, ud: list[Aendring]) -> None:
    for felt in list(dict.fromkeys([*foer, *efter])):
        a, b = foer.get(felt), efter.get(felt)
        if a == b:
            continue
        if (
            isinstance(a, list)
            and isinstance(b, list)
            and (a and isinstance(a[0], dict) or b and isinstance(b[0], dict))
        ):
            _liste(felt, a, b, sti, ud)
        else:
            hvad = f"{sti} › {FELTER.get(felt, felt)}" if sti else FELTER.get(felt, felt)
            ud.append(Aendring(hvad, AENDRET, _vis(_valg(felt, a)), _vis(_valg(felt, b))))


def _liste(liste: str, foer: list[Any], efter: list[Any], sti: str, ud: list[Aendring]) -> None:
    gamle = {_noegle(liste, e, nr): e for nr, e in enumerate(foer)}
    nye = {_noegle(liste, e, nr): e for nr, e in enumerate(efter)}
    for noegle in list(dict.fromkeys([*gamle, *nye])):
        a, b = gamle.get(noegle), nye.get(noegle)
        navn = _navn(liste, b if b is not None else a)
        hvad = f"{sti} › {navn}" if sti else navn
        if a is None:
            ud.append(Aendring(hvad, TILFOEJET, "", _vis(b)))
        elif b is None:
            ud.append(Aendring(hvad, FJERNET, _vis(a), ""))
        elif a != b:
            if isinstance(a, dict) and isinstance(b, dict):
                _dict(a, b, hvad, ud)
            else:
                ud.append(Aendring(hvad, AENDRET, _vis(a), _vis(b)))
