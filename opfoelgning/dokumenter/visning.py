"""The status report's data made ready to print: the table cells per year, the charts.

Shared by the PDF, the Word file and the report's page (`templates/opfoelgning/
_rapport_indhold.html`): everything is computed from the report's JSON (a live report's
`rapportdata` or a frozen one's stored JSON), so an approved report prints the same later.
"""

from __future__ import annotations

import copy
from typing import Any

from opfoelgning import graf

LYSKLASSE = {"groen": "lys-groen", "gul": "lys-gul", "roed": "lys-roed"}


def celle(maaling: dict[str, Any] | None) -> str:
    """A measurement as a year cell: "12,1 %", "43 % (2024/25)", "Data kommer", or "–"."""
    if maaling is None:
        return "–"
    tekst = str(maaling["tekst"]) or "–"
    if maaling["periode"] and maaling["periode"] != str(maaling["kolonne"]):
        tekst += f" ({maaling['periode']})"
    return tekst


def _noter(ind: dict[str, Any]) -> list[str]:
    """The measurements' sources and notes and the targets' notes, each text once with
    what it applies to: "Kilde: LBF (Gl. Jennumparken 2024, Vangdalen 2024)", or "Alle
    målinger: …" when it applies to every one of them."""
    grupper: dict[tuple[str, str], list[str]] = {}
    antal = {"målinger": 0, "mål": 0}
    for linje in ind["linjer"]:
        for m in linje["maalinger"]:
            antal["målinger"] += 1
            dele = [f"kilde: {m['kilde']}" if m["kilde"] else "", m["note"]]
            tekst = "; ".join(d for d in dele if d)
            if tekst:
                grupper.setdefault(("målinger", tekst), []).append(
                    f"{linje['navn']} {m['periode']}"
                )
        if linje["maal"]:
            antal["mål"] += 1
            if linje["maal"]["note"]:
                grupper.setdefault(("mål", linje["maal"]["note"]), []).append(linje["navn"])
    noter = []
    for (hvad, tekst), hvor in grupper.items():
        tekst = tekst[:1].upper() + tekst[1:]
        if len(hvor) == antal[hvad] and len(hvor) > 1:
            noter.append(f"Alle {hvad}: {tekst}")
        else:
            noter.append(f"{tekst} ({', '.join(hvor)}{', mål' if hvad == 'mål' else ''})")
    return noter


def _indikator(ind: dict[str, Any], aar: int) -> None:
    for linje in ind["linjer"]:
        efter_aar = {m["kolonne"]: m for m in linje["maalinger"]}
        linje["celler"] = [celle(efter_aar.get(a)) for a in ind["aar"]]
        linje["statusklasse"] = f"status-{linje['status']['kode']}"
    ind["noter"] = _noter(ind)
    ind["alternativ"] = graf.alternativ_tekst(ind, aar)
    ind["graf"] = graf.tegn_svg(ind, aar, ind["alternativ"])
    ind["graf_uri"] = graf.data_uri(ind["graf"]) if ind["graf"] else ""


def statustekst(optaelling: list[dict[str, Any]], kun_med: bool = False) -> str:
    """ "nået 7 · på vej 6 · ikke på vej 8 · mangler data 0"; `kun_med`: without the zeros."""
    return " · ".join(
        f"{s['navn'].lower()} {s['antal']}" for s in optaelling if s["antal"] or not kun_med
    )


def _maalets_optaelling(maal: dict[str, Any], navne: dict[str, str]) -> list[dict[str, Any]]:
    """A delmål's lines by status, in the order of the report's count."""
    koder = [lin["status"]["kode"] for ind in maal["indikatorer"] for lin in ind["linjer"]]
    return [{"navn": navn, "antal": koder.count(kode)} for kode, navn in navne.items()]


def visning(data: dict[str, Any]) -> dict[str, Any]:
    """A copy of the report's data with cells, notes, charts and CSS classes added, and
    each agreement's and delmål's lines by status as text ("nået 5 · på vej 3")."""
    rapport = copy.deepcopy(data)
    aar = int(rapport["aar"])
    rapport["i_alt"] = sum(s["antal"] for s in rapport["optaelling"])
    navne = {s["kode"]: s["navn"] for s in rapport["optaelling"]}
    for aftale in rapport["aftaler"]:
        aftale["i_alt"] = sum(s["antal"] for s in aftale["optaelling"])
        aftale["statustekst"] = statustekst(aftale["optaelling"])
        for maal in aftale["maal"]:
            maal["statustekst"] = statustekst(_maalets_optaelling(maal, navne), kun_med=True)
            v = maal["vurdering"]
            if v:
                v["klasse"] = LYSKLASSE.get(v["lys"], "")
            for ind in maal["indikatorer"]:
                _indikator(ind, aar)
    return rapport
