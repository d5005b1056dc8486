"""Field values as a reader of the agreement says them: Danish labels, numbers and dates,
decimal counts folded into the figure they format, bookkeeping hidden, and long texts
compared word by word.

Shared by the history (`delaftaler.historik`) and the compare page. Values may be given
as Python values or as the raw values of Django's JSON serialisation ("68.000",
"2025-01-01"): `vis_felt` reads them through the field first.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Mapping, Sequence
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import models
from django.utils import timezone
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe

from delaftaler.dansk import dansk_dato, dansk_tal

# Fields that change on every save, or only order rows, and say nothing to a reader.
BOGFOERING = frozenset(
    {"id", "oprettet", "aendret", "aendret_af", "redigeringsnummer", "raekkefoelge"}
)

# A decimal count folded into the value it formats: {count field: value field}.
DECIMALFELTER: dict[str, str] = {
    "procent_decimaler": "procent",
    "vaerdi_decimaler": "vaerdi",
    "til_decimaler": "til",
    "svarprocent_decimaler": "svarprocent",
}
PROCENTFELTER = frozenset({"procent", "svarprocent", "andel"})

# What an image's file is, told once as the file itself ("PNG, 1200 × 800 px, …").
FILFELTER = frozenset({"sha256", "bredde", "hoejde", "indholdstype"})

# A text this long (or with a line break) is compared word by word, not as before/after.
LANG_TEKST = 80

FK_SLETTET = "(slettet)"


def feltnavn(navn: str) -> str:
    """The field's name from a serialised key: "aendret_af_id" → "aendret_af"."""
    return navn[:-3] if navn.endswith("_id") else navn


def skjult(model: type[models.Model], navn: str) -> bool:
    """Bookkeeping, decimal counts and parent links: never shown as a change of their own."""
    navn = feltnavn(navn)
    if navn in BOGFOERING or navn in DECIMALFELTER or navn.endswith("_ptr"):
        return True
    if navn in FILFELTER and _felt(model, "fil") is not None:
        return True
    felt = _felt(model, navn)
    return felt is not None and (felt.auto_created or getattr(felt, "parent_link", False))


def feltetiket(model: type[models.Model], navn: str) -> str:
    """The field's verbose name, capitalised: "kommunal_sammenhaeng" → "Kommunal sammenhæng"."""
    felt = _felt(model, feltnavn(navn))
    etiket = str(getattr(felt, "verbose_name", "") or navn.replace("_", " "))
    return etiket[:1].upper() + etiket[1:]


def _felt(model: type[models.Model], navn: str) -> Any:
    try:
        return model._meta.get_field(navn)
    except Exception:
        return None


def python_vaerdi(felt: Any, vaerdi: Any) -> Any:
    """A raw serialised value as the field's Python value (Decimal, date, …)."""
    if vaerdi is None or felt is None or felt.is_relation:
        return vaerdi
    try:
        return felt.to_python(vaerdi)
    except Exception:
        return vaerdi


def vis_felt(
    model: type[models.Model],
    navn: str,
    vaerdi: Any,
    felter: Mapping[str, Any] | None = None,
    navngiv: Callable[[type[models.Model], Any], str] | None = None,
) -> str:
    """One field's value in Danish; "—" when empty.

    `felter` are the other fields of the same object (for the decimals of a figure);
    `navngiv(model, pk)` names a foreign key's target (else its primary key is shown).
    """
    felter = felter or {}
    felt = _felt(model, feltnavn(navn))
    vaerdi = python_vaerdi(felt, vaerdi)
    if vaerdi is None or vaerdi == "" or vaerdi == []:
        return "—"
    if felt is not None and felt.is_relation and felt.related_model is not None:
        relateret = felt.related_model
        if isinstance(vaerdi, list):
            return "; ".join(_navn(navngiv, relateret, v) for v in vaerdi) or "—"
        return _navn(navngiv, relateret, vaerdi)
    if felt is not None and getattr(felt, "choices", None):
        return str(dict(felt.flatchoices).get(vaerdi, vaerdi))
    if isinstance(felt, models.FileField):
        return _vis_fil(felter)
    return _vis_vaerdi(feltnavn(navn), vaerdi, felter)


def _vis_fil(felter: Mapping[str, Any]) -> str:
    """An uploaded image as a reader knows it: "PNG, 1.200 × 800 px (kontrolsum 3f2a9c1e)".

    Its stored name is a random one; the checksum tells a replaced file from the old one.
    """
    slags = str(felter.get("indholdstype") or "").removeprefix("image/").upper() or "Fil"
    dele = [slags]
    if felter.get("bredde") and felter.get("hoejde"):
        dele.append(f"{dansk_tal(int(felter['bredde']))} × {dansk_tal(int(felter['hoejde']))} px")
    tekst = ", ".join(dele)
    return f"{tekst} (kontrolsum {str(felter['sha256'])[:8]})" if felter.get("sha256") else tekst


def _navn(navngiv: Callable[[type[models.Model], Any], str] | None, model: Any, pk: Any) -> str:
    return navngiv(model, pk) if navngiv else str(pk)


def _vis_vaerdi(navn: str, vaerdi: Any, felter: Mapping[str, Any]) -> str:
    if isinstance(vaerdi, bool):
        return "ja" if vaerdi else "nej"
    if isinstance(vaerdi, datetime):
        lokal = timezone.localtime(vaerdi) if timezone.is_aware(vaerdi) else vaerdi
        return f"{dansk_dato(lokal.date())} {lokal:%H:%M}"
    if isinstance(vaerdi, date):
        return dansk_dato(vaerdi)
    if isinstance(vaerdi, (Decimal, float)) or (isinstance(vaerdi, int) and navn in PROCENTFELTER):
        return _vis_tal(navn, vaerdi, felter)
    if isinstance(vaerdi, int):
        return str(vaerdi) if navn in ("aar", "aar_til", "maalaar", "nummer") else dansk_tal(vaerdi)
    if isinstance(vaerdi, list):
        return "; ".join(str(v) for v in vaerdi)
    return str(vaerdi)


def _vis_tal(navn: str, vaerdi: Any, felter: Mapping[str, Any]) -> str:
    decimaler: int | None = None
    for taeller, maal in DECIMALFELTER.items():
        if maal == navn and felter.get(taeller) is not None:
            try:
                decimaler = int(felter[taeller])
            except (TypeError, ValueError):
                decimaler = None
    try:
        tekst = dansk_tal(Decimal(str(vaerdi)), decimaler)
    except (InvalidOperation, ValueError):
        return str(vaerdi)
    return f"{tekst} %" if navn in PROCENTFELTER else tekst


def lang_tekst(*tekster: str) -> bool:
    return any(len(t) > LANG_TEKST or "\n" in t for t in tekster)


_ORD = re.compile(r"\s+|[^\s]+")


def ordforskel(foer: str, efter: str) -> SafeString:
    """The new text with what changed marked word by word: removed words in `<del>`,
    added words in `<ins>`, each announced ("slettet:", "tilføjet:") to a screen reader.

    Changes separated only by spaces are one change, and a text mostly rewritten is shown
    as the old text removed and the new added: interleaved single words would read as
    neither ("slettet: Eventuelle tilføjet: Kims slettet: ændringer tilføjet: nye")."""
    gamle, nye = _ORD.findall(foer or ""), _ORD.findall(efter or "")
    matcher = difflib.SequenceMatcher(a=gamle, b=nye, autojunk=False)
    if matcher.ratio() < 0.5:
        stykker = [("replace", 0, len(gamle), 0, len(nye))]
    else:
        stykker = _samlet(matcher.get_opcodes(), nye)
    dele: list[str] = []
    for op, a1, a2, b1, b2 in stykker:
        if op == "equal":
            dele.append(escape("".join(nye[b1:b2])))
            continue
        if op in ("delete", "replace"):
            dele.append(_mark("del", "slettet", "".join(gamle[a1:a2])))
        if op == "replace":
            dele.append(" ")  # so "måned" and "anden uge" do not run together
        if op in ("insert", "replace"):
            dele.append(_mark("ins", "tilføjet", "".join(nye[b1:b2])))
    return mark_safe("".join(dele).replace("\n", "<br>"))  # noqa: S308 - every part escaped


Stykke = tuple[str, int, int, int, int]


def _samlet(stykker: Sequence[Stykke], nye: list[str]) -> list[Stykke]:
    """Neighbouring changes with nothing but spaces between them joined into one."""
    ud: list[Stykke] = []
    for nr, stykke in enumerate(stykker):
        op, _, a2, b1, b2 = stykke
        kun_mellemrum = op == "equal" and not "".join(nye[b1:b2]).strip()
        aendring = op != "equal" or (kun_mellemrum and nr < len(stykker) - 1)
        if ud and ud[-1][0] != "equal" and aendring:
            _, f1, _, g1, _ = ud.pop()
            ud.append(("replace", f1, a2, g1, b2))
        else:
            ud.append(stykke)
    return ud


def _mark(tag: str, ord_: str, tekst: str) -> str:
    if not tekst.strip():
        return escape(tekst) if tag == "ins" else ""
    return str(
        format_html(
            '<{} class="ordskift {}"><span class="visually-hidden">{}: </span>{}</{}>',
            mark_safe(tag),  # noqa: S308 - a constant tag name
            "bg-danger-subtle" if tag == "del" else "bg-success-subtle",
            ord_,
            tekst,
            mark_safe(tag),  # noqa: S308
        )
    )
