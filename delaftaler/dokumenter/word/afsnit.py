"""Paragraphs and runs, in the document body or in a table cell, and free text as Word text.

User text only ever becomes text runs (python-docx escapes it): markup typed into a field
appears literally. The only structure read from it is the `broedtekst` convention of the
pages (delaftaler.dokumenter.tekst).
"""

from __future__ import annotations

import re
from weakref import WeakKeyDictionary

from docx.document import Document as Dokument
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt
from docx.table import _Cell
from docx.text.paragraph import Paragraph

from delaftaler.dokumenter.tekst import FODNOTE, stykker
from delaftaler.dokumenter.word import fodnoter as fodnoterne
from delaftaler.dokumenter.word.fodnoter import UGYLDIG
from delaftaler.dokumenter.word.typografi import INDRYK, TABELSKRIFT, TABELTEKST

Beholder = Dokument | _Cell


# --- Free text ---------------------------------------------------------------------------


def broedtekst(
    beholder: Beholder, tekst: str | None, *, niveau: int = 1, kursiv: bool = False
) -> None:
    """Plain text as Word paragraphs, by the rules of the pages' `broedtekst` filter.

    A blank line starts a paragraph, a single newline is a line break, "- " lines are
    bullets, "1. " and "a) " lines numbered items (the author's own numbers are kept, as
    on the page, so a list may start at 3 or use letters), [^N] a superscript N.
    """
    if not tekst:
        return
    tekst = tekst.replace("\r\n", "\n").replace("\r", "\n")
    punkt, nummer = (
        ("List Bullet", "List Number") if niveau == 1 else ("List Bullet 2", "List Number 2")
    )
    for blok in re.split(r"\n\s*\n", tekst.strip()):
        for slags, linjer in stykker(blok):
            if slags == "punkt":
                p = afsnit(beholder, linjer[0], stil=punkt, fodnoter=True, kursiv=kursiv)
            elif slags == "nummer":
                p = _ny_paragraf(beholder, nummer)
                _uden_autonummer(p)
                p.paragraph_format.left_indent = INDRYK * niveau
                skriv(p, linjer[0], fodnoter=True, kursiv=kursiv)
                if isinstance(beholder, _Cell):
                    _tabelskrift(p)
            else:
                p = _ny_paragraf(beholder, None)
                if niveau > 1:
                    p.paragraph_format.left_indent = INDRYK * (niveau - 1)
                for i, linje in enumerate(linjer):
                    if i:
                        p.add_run().add_break()
                    skriv(p, linje, fodnoter=True, kursiv=kursiv)


def _uden_autonummer(p: Paragraph) -> None:
    """Keep the "List Number" style but not Word's numbering: the text carries the number.

    Called right after the paragraph is created, while its pPr holds only pStyle, so the
    appended numPr is in schema order.
    """
    num_pr = OxmlElement("w:numPr")
    num_id = OxmlElement("w:numId")
    num_id.set(qn("w:val"), "0")
    num_pr.append(num_id)
    p._p.get_or_add_pPr().append(num_pr)


# --- Paragraphs and runs -----------------------------------------------------------------


def _ny_paragraf(beholder: Beholder, stil: str | None) -> Paragraph:
    """A new paragraph; in a table cell, the cell's first, still empty paragraph is used."""
    if isinstance(beholder, _Cell):
        stil = stil or TABELTEKST
        forste = beholder.paragraphs
        p = forste[0] if len(forste) == 1 and not forste[0].runs else beholder.add_paragraph()
    else:
        p = beholder.add_paragraph()
    if stil:
        _typografi(p, stil)
    return p


_TYPOGRAFI_ID: WeakKeyDictionary[object, dict[str, str | None]] = WeakKeyDictionary()


def _typografi(p: Paragraph, navn: str) -> None:
    """``p.style = navn`` with the style's id looked up once per document: python-docx
    looks through every style of the template for each paragraph (most of the build time)."""
    ider = _TYPOGRAFI_ID.setdefault(p.part, {})
    if navn in ider:
        p._p.style = ider[navn]
    else:
        p.style = navn
        ider[navn] = p._p.style


def skriv(
    p: Paragraph,
    tekst: str,
    *,
    fodnoter: bool = False,
    fed: bool = False,
    kursiv: bool = False,
) -> None:
    """Append text as runs; with ``fodnoter`` every [^N] is a reference to footnote N.

    The first reference places the footnote (a Word footnote, where the document has its
    agreement's footnotes, see fodnoter.forbered); every other is a superscript N.
    """
    # Browsers send CRLF; python-docx would make two line breaks of it.
    tekst = UGYLDIG.sub("", tekst.replace("\r\n", "\n").replace("\r", "\n"))
    dele = FODNOTE.split(tekst) if fodnoter else [tekst]
    for i, del_ in enumerate(dele):
        if not del_:
            continue
        if i % 2:
            fodnotehenvisning(p, int(del_))
            continue
        run = p.add_run(del_)
        if fed:
            run.bold = True
        if kursiv:
            run.italic = True


def fodnotehenvisning(p: Paragraph, nummer: int) -> None:
    """A reference to footnote ``nummer``: the footnote itself at its first, else the number."""
    if not fodnoterne.henvis(p, nummer):
        p.add_run(str(nummer)).font.superscript = True


def afsnit(
    beholder: Beholder,
    tekst: str,
    *,
    stil: str | None = None,
    fed: bool = False,
    kursiv: bool = False,
    fodnoter: bool = False,
) -> Paragraph:
    """One paragraph holding the text as it is (a field printed verbatim on the page)."""
    p = _ny_paragraf(beholder, stil)
    skriv(p, tekst, fed=fed, kursiv=kursiv, fodnoter=fodnoter)
    if isinstance(beholder, _Cell) and stil:
        _tabelskrift(p)
    return p


def _tabelskrift(p: Paragraph) -> None:
    """List items in a cell keep their list style but get the table's type size."""
    p.paragraph_format.space_after = Pt(0)
    for run in p.runs:
        run.font.size = TABELSKRIFT


def etiket(beholder: Beholder, tekst: str) -> Paragraph:
    p = afsnit(beholder, tekst, fed=True)
    p.paragraph_format.keep_with_next = True
    p.paragraph_format.space_after = Pt(2)
    return p


def overskrift(doc: Dokument, tekst: str, niveau: int, *, ny_side: bool = False) -> Paragraph:
    p = afsnit(doc, tekst, stil=f"Heading {niveau}")
    if ny_side:
        p.paragraph_format.page_break_before = True
    return p
