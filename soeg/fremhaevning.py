"""The words of a search, and a result's text with them marked (<mark>), escaped first."""

from __future__ import annotations

import re
from collections.abc import Iterable

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

UDDRAG_TEGN = 180


def soegeord(q: str) -> list[str]:
    """The words a result must hold: websearch syntax without its operators ("-ord", "or")."""
    return [
        ord_ for minus, ord_ in re.findall(r"(-?)(\w+)", q) if not minus and ord_.lower() != "or"
    ]


def udeladte(q: str) -> list[str]:
    """The words a result must not hold ("-ord")."""
    return re.findall(r"(?:^|\s)-(\w+)", q)


def _stamme(ord_: str) -> str:
    # PostgreSQL's Danish stemmer finds "fællesspisningen" for "fællesspisning" and
    # "aktiviteterne" for "aktiviteter"; marking words that share all but a short ending
    # is near enough to show the reader why the row was found.
    return ord_ if len(ord_) <= 5 else ord_[: max(5, len(ord_) - 3)]


def moenster(ord_: Iterable[str]) -> re.Pattern[str] | None:
    """Whole words holding a search word (or its stem), case-insensitive."""
    stammer = sorted({re.escape(_stamme(o)) for o in ord_}, key=len, reverse=True)
    if not stammer:
        return None
    return re.compile(rf"\w*(?:{'|'.join(stammer)})\w*", re.IGNORECASE)


def marker(tekst: str, m: re.Pattern[str] | None) -> SafeString:
    """The text escaped, with each match in <mark>."""
    if m is None:
        return escape(tekst)
    dele: list[str] = []
    slut = 0
    for fund in m.finditer(tekst):
        if not fund.group():
            continue
        dele += [escape(tekst[slut : fund.start()]), f"<mark>{escape(fund.group())}</mark>"]
        slut = fund.end()
    dele.append(escape(tekst[slut:]))
    return mark_safe("".join(dele))  # noqa: S308 (every piece is escaped above)


def uddrag(tekster: Iterable[str], m: re.Pattern[str] | None) -> SafeString:
    """A short passage around the first match in the texts (else the first text's start)."""
    tekster = [" ".join(t.split()) for t in tekster if t]
    for tekst in tekster:
        fund = m.search(tekst) if m else None
        if fund:
            return marker(_vindue(tekst, fund.start(), fund.end()), m)
    return marker(_vindue(tekster[0], 0, 0), m) if tekster else mark_safe("")


def _vindue(tekst: str, start: int, slut: int) -> str:
    """About UDDRAG_TEGN characters around [start, slut), cut between words, with "…"."""
    if len(tekst) <= UDDRAG_TEGN:
        return tekst
    fra = max(0, start - (UDDRAG_TEGN - (slut - start)) // 3)
    til = min(len(tekst), fra + max(UDDRAG_TEGN, slut - start))
    if fra > 0:
        mellemrum = tekst.find(" ", fra, start)
        fra = mellemrum + 1 if mellemrum != -1 else fra
    if til < len(tekst):
        mellemrum = tekst.rfind(" ", slut, til)
        til = mellemrum if mellemrum != -1 else til
    return ("…" if fra > 0 else "") + tekst[fra:til] + ("…" if til < len(tekst) else "")
