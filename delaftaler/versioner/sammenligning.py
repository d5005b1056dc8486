"""Compare two states of an agreement (versions or the draft), item by item, in Danish.

Both sides are the agreement in the ``lbf-aftaler`` format (``versioner.snapshot``).
Lists are matched by what identifies an item (a delmål by its name, a baseline by its
kind, area and sub-indicator …), so a changed figure shows as that one change, and an
added or removed delmål, indicator, baseline, target, activity, party or staff line as
one row. Items left unmatched on both sides are paired by similarity (a party with the
same organisation and name, or key fields at least 60 % alike, best pairs first), so a
party whose title changed is "ændret", not removed and added. An image is matched by its
checksum, a replaced file by its section and place in the order. Labels are the models'
verbose names, values Danish (``delaftaler.visning``), long texts marked word by word.
A version frozen in an older version of the format (version 1: no targets, no qualifier,
range, sample or period) is compared as the current version with those empty.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.db import models
from django.utils.safestring import SafeString, mark_safe

from delaftaler.dansk import decimaler_i
from delaftaler.dataformat.felter import PRAECISION
from delaftaler.dataformat.opgradering import opgrader
from delaftaler.visning import feltetiket, lang_tekst, ordforskel, vis_felt

TILFOEJET = "tilføjet"
FJERNET = "fjernet"
AENDRET = "ændret"
LIGHED = 0.6  # how alike two items' key fields must be to count as the same item

# What identifies an item of each list, what the item is called, and its model.
NOEGLER: dict[str, tuple[str, tuple[str, ...], str]] = {
    "parter": ("Part", ("organisation", "navn", "enhed", "titel"), "delaftaler.Part"),
    "delmaal": ("Delmål", ("navn",), "indikatorer.Maal"),
    "overordnede_maal": ("Mål", ("navn",), "indikatorer.Maal"),
    "indikatorer": ("Indikator", ("navn",), "indikatorer.Indikator"),
    "baselines": (
        "Baseline",
        ("slags", "omraade", "delindikator", "referencegruppe", "aar"),
        "indikatorer.BaselineVaerdi",
    ),
    "maaltal": ("Måltal", ("omraade", "delindikator", "referencegruppe"), "opfoelgning.Maaltal"),
    "milepaele": ("Delmål for året", ("aar",), "opfoelgning.Milepael"),
    "aktiviteter": ("Aktivitet", ("navn",), "aktiviteter.Aktivitet"),
    "medarbejderressourcer": (
        "Medarbejderressource",
        ("funktion", "arbejdsgiver"),
        "delaftaler.Medarbejderressource",
    ),
    "fodnoter": ("Fodnote", ("nummer",), "delaftaler.Fodnote"),
    "elementer": ("Element", ("element",), "aktiviteter.Element"),
    "roller": ("Rolle", ("part",), "aktiviteter.Rolle"),
    "faser": ("Fase", ("navn",), "aktiviteter.Fase"),
    "omfang": ("Omfang", ("beskrivelse",), "aktiviteter.Omfang"),
    "datatabeller": ("Datatabel", ("titel",), "aktiviteter.Datatabel"),
    "afsnit": ("Afsnit", ("sektion", "overskrift"), "delaftaler.Afsnit"),
    "bestyrelsesmedlemmer": ("Bestyrelsesmedlem", ("navn",), "delaftaler.Bestyrelsesmedlem"),
    "indsatsomraader": ("Indsatsområde", ("indsatsomraade",), "delaftaler.ValgtIndsatsomraade"),
    "politiktabeller": ("Politiktabel", ("titel",), "delaftaler.Politiktabel"),
    "raekker": ("Række", (), "delaftaler.Politikraekke"),
    "kolonner": ("Kolonne", ("overskrift",), "aktiviteter.DatatabelKolonne"),
    # An image by its checksum; a replaced file by its section and place (``_lighed``).
    "billeder": ("Billede", ("sha256",), "billeder.Billede"),
}
# Lists whose items are named by a field other than their keys (a checksum says nothing).
NAVNEFELT = {"billeder": "billedtekst"}
# Keys not shown: the image's checksum is its file name's too.
SKJULT = frozenset({"sha256"})
# A list whose model depends on where it is: a data table's rows are not a policy's.
UNDER = {("aktiviteter.Datatabel", "raekker"): "aktiviteter.DatatabelRaekke"}
# The sections of the page, in the agreement's order; fields of the agreement itself are
# "Stamdata og tekster".
AFSNIT = {
    "parter": "Parter",
    "delmaal": "Delmål, indikatorer og baselines",
    "overordnede_maal": "Overordnede mål",
    "aktiviteter": "Aktiviteter",
    "medarbejderressourcer": "Medarbejderressourcer",
    "politiktabeller": "Politikker og visioner",
    "afsnit": "Organisering og samspil",
    "bestyrelsesmedlemmer": "Bestyrelse",
    "indsatsomraader": "Indsatsområder",
    "fodnoter": "Fodnoter",
    "billeder": "Billeder",
}
STAMDATA = "Stamdata og tekster"
# Keys of the format whose label is not the model field's verbose name.
ETIKETTER = {
    "slags": "Kolonne",
    "organisation": "Organisation",
    "cfbu_typer": "CFBU-aktivitetstyper",
    "understoetter_delmaal": "Understøtter delmål",
    "vaerdier": "Værdier",
    "maal": "Mål",
    "filnavn": "Billedfil",
}
SLAGS = {"boligomraade": "boligområde/målgruppe", "anden": "anden baseline"}
# A choice whose empty value has a meaning of its own.
TOMT = {"periodeart": "år"}


@dataclass(frozen=True)
class Aendring:
    hvad: str
    art: str
    foer: str
    efter: str
    afsnit: str = STAMDATA
    # A long text changed: the new text with what changed marked word by word.
    markeret: SafeString | None = None


@dataclass
class _Sted:
    """Where in the agreement a comparison is: the path shown, the section, the model."""

    sti: str
    afsnit: str
    model: type[models.Model] | None


def aftalen(data: dict[str, Any]) -> dict[str, Any]:
    """The one agreement in an ``lbf-aftaler`` document from ``versioner.snapshot`` (or a
    version's stored JSON, of any version of the format), in the current version."""
    plan = opgrader(data)["helhedsplaner"][0]
    (aftale,) = plan["strategiske_aftaler"] + plan["delaftaler"]
    return aftale


def _model(label: str) -> type[models.Model]:
    return apps.get_model(label)


def _etiket(model: type[models.Model] | None, felt: str) -> str:
    if felt in ETIKETTER:
        return ETIKETTER[felt]
    return feltetiket(model, felt) if model is not None else felt.replace("_", " ").capitalize()


def _vis(model: type[models.Model] | None, felt: str, vaerdi: Any) -> str:
    """A value as the page says it: Danish numbers, labels of choices, names as they are."""
    if vaerdi == "" and felt in TOMT:
        return TOMT[felt]
    if vaerdi is None or vaerdi == "" or vaerdi == []:
        return "–"
    if isinstance(vaerdi, dict):
        return _resume(model, vaerdi)
    if isinstance(vaerdi, list):
        return "; ".join(_vis(model, felt, v) for v in vaerdi)
    if felt == "slags" and isinstance(vaerdi, str):
        return SLAGS.get(vaerdi, vaerdi)
    if model is None:
        return "ja" if vaerdi is True else "nej" if vaerdi is False else str(vaerdi)
    # A figure keeps the decimals it was written with ("14.50" is 14,50).
    felter = {PRAECISION[felt]: decimaler_i(vaerdi)} if felt in PRAECISION else {}
    tekst = vis_felt(model, felt, vaerdi, felter, navngiv=lambda _m, v: str(v))
    return "–" if tekst == "—" else tekst


def _resume(model: type[models.Model] | None, element: dict[str, Any]) -> str:
    """An added or removed item in one line: its filled-in fields with their labels."""
    return ", ".join(
        f"{_etiket(model, k)}: {_vis(model, k, v)}"
        for k, v in element.items()
        if v not in (None, "", [], False) and not isinstance(v, list | dict) and k not in SKJULT
    )


def _navn(liste: str, element: Any) -> str:
    titel, noegler, _ = NOEGLER.get(liste, (liste, (), ""))
    if not isinstance(element, dict):
        return titel
    noegler = (NAVNEFELT[liste],) if liste in NAVNEFELT else noegler
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
    if liste in NOEGLER and NOEGLER[liste][1] and isinstance(element, dict):
        return tuple(str(element.get(k)) for k in NOEGLER[liste][1])
    return nr


def sammenlign(foer: dict[str, Any], efter: dict[str, Any]) -> list[Aendring]:
    """The changes from one agreement dict to another, in document order."""
    label = "delaftaler.Delaftale" if "indsatsomraade" in {*foer, *efter} else ""
    model = _model(label or "delaftaler.StrategiskAftale")
    ud: list[Aendring] = []
    _dict(foer, efter, _Sted("", STAMDATA, model), ud)
    return ud


def afsnitsvis(aendringer: list[Aendring]) -> list[tuple[str, list[Aendring]]]:
    """The changes under their section's heading, sections in the agreement's order."""
    grupper: dict[str, list[Aendring]] = {}
    for a in aendringer:
        grupper.setdefault(a.afsnit, []).append(a)
    orden = [STAMDATA, *AFSNIT.values()]
    return sorted(grupper.items(), key=lambda g: orden.index(g[0]) if g[0] in orden else 99)


def _er_liste_af_dicts(a: Any, b: Any) -> bool:
    return (
        isinstance(a, list)
        and isinstance(b, list)
        and bool(a and isinstance(a[0], dict) or b and isinstance(b[0], dict))
    )


def _dict(foer: dict[str, Any], efter: dict[str, Any], sted: _Sted, ud: list[Aendring]) -> None:
    for felt in list(dict.fromkeys([*foer, *efter])):
        a, b = foer.get(felt), efter.get(felt)
        if a == b or felt in SKJULT:
            continue
        if a is None and isinstance(b, list) or b is None and isinstance(a, list):
            a, b = a or [], b or []  # a list the other side's format did not have yet
        if _er_liste_af_dicts(a, b):
            afsnit = AFSNIT.get(felt, sted.afsnit) if not sted.sti else sted.afsnit
            _liste(felt, a or [], b or [], _Sted(sted.sti, afsnit, sted.model), ud)
            continue
        etiket = _etiket(sted.model, felt)
        hvad = f"{sted.sti} › {etiket}" if sted.sti else etiket
        foer_tekst, efter_tekst = _vis(sted.model, felt, a), _vis(sted.model, felt, b)
        if foer_tekst == efter_tekst:
            continue  # the same value written another way ("66.50" and "66.5")
        markeret = None
        if isinstance(a, str) and isinstance(b, str) and lang_tekst(a, b):
            markeret = _kun_aendrede_afsnit(ordforskel(a, b))
        ud.append(Aendring(hvad, AENDRET, foer_tekst, efter_tekst, sted.afsnit, markeret))


def _kun_aendrede_afsnit(markeret: SafeString) -> SafeString:
    """The marked text's paragraphs that hold a change, "…" for those in between, so a
    one-word change in a long text does not repeat the whole text. Kept whole if a mark
    spans paragraphs."""
    afsnit = str(markeret).split("<br><br>")
    hele = all(d.count(f"<{t} ") == d.count(f"</{t}>") for d in afsnit for t in ("del", "ins"))
    if not hele or len(afsnit) < 3:
        return markeret
    ud: list[str] = []
    for d in afsnit:
        if "ordskift" in d:
            ud.append(d)
        elif not ud or ud[-1] != "…":
            ud.append("…")
    return mark_safe("<br><br>".join(ud))  # noqa: S308 - parts of escaped, marked text


def _lighed(liste: str, a: dict[str, Any], b: dict[str, Any]) -> float:
    """How alike two items are by what identifies them (1.0: the same organisation+name)."""
    if liste == "parter" and (a.get("organisation"), a.get("navn")) == (
        b.get("organisation"),
        b.get("navn"),
    ):
        return 1.0
    if liste == "billeder":  # another file in the same place: the same image, replaced
        sted = ("afsnit", "raekkefoelge")
        return 1.0 if all(a.get(k) == b.get(k) for k in sted) else 0.0
    noegler = NOEGLER[liste][1] if liste in NOEGLER else ()
    tekst_a = " ".join(str(a.get(k) or "") for k in noegler)
    tekst_b = " ".join(str(b.get(k) or "") for k in noegler)
    return difflib.SequenceMatcher(None, tekst_a, tekst_b, autojunk=False).ratio()


def _par(liste: str, gamle: dict[Any, Any], nye: dict[Any, Any]) -> dict[Any, Any]:
    """Unmatched new items paired with unmatched old ones by similarity: {new key: old key}."""
    kun_gamle = [k for k in gamle if k not in nye and isinstance(gamle[k], dict)]
    kun_nye = [k for k in nye if k not in gamle and isinstance(nye[k], dict)]
    kandidater = sorted(
        (
            (_lighed(liste, gamle[g], nye[n]), i, j, g, n)
            for i, g in enumerate(kun_gamle)
            for j, n in enumerate(kun_nye)
        ),
        key=lambda t: (-t[0], t[1], t[2]),
    )
    par: dict[Any, Any] = {}
    brugt: set[Any] = set()
    for grad, _i, _j, g, n in kandidater:
        if grad >= LIGHED and g not in brugt and n not in par:
            par[n] = g
            brugt.add(g)
    return par


def _liste(liste: str, foer: list[Any], efter: list[Any], sted: _Sted, ud: list[Aendring]) -> None:
    label = NOEGLER[liste][2] if liste in NOEGLER else ""
    if sted.model is not None:
        label = UNDER.get((sted.model._meta.label, liste), label)
    model = _model(label) if label else None
    gamle = {_noegle(liste, e, nr): e for nr, e in enumerate(foer)}
    nye = {_noegle(liste, e, nr): e for nr, e in enumerate(efter)}
    par = _par(liste, gamle, nye)
    parret = set(par.values())
    for noegle in list(dict.fromkeys([*gamle, *nye])):
        if noegle in parret:
            continue  # shown with the new item it was paired with
        a, b = gamle.get(par.get(noegle, noegle)), nye.get(noegle)
        navn = _navn(liste, b if b is not None else a)
        hvad = f"{sted.sti} › {navn}" if sted.sti else navn
        if a is None:
            ud.append(Aendring(hvad, TILFOEJET, "", _vis(model, "", b), sted.afsnit))
        elif b is None:
            ud.append(Aendring(hvad, FJERNET, _vis(model, "", a), "", sted.afsnit))
        elif a != b:
            if isinstance(a, dict) and isinstance(b, dict):
                _dict(a, b, _Sted(hvad, sted.afsnit, model), ud)
            else:
                ud.append(Aendring(hvad, AENDRET, _vis(model, "", a), _vis(model, "", b)))
