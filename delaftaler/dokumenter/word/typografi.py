"""The Word file's measures and styles, set on python-docx's default template.

Calibri 11 pt in Danish with black headings, as in LBF's template, and a 9 pt style for
table text; plus the raw WordprocessingML elements python-docx has no API for.
"""

from __future__ import annotations

from docx.document import Document as Dokument
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.shared import Cm, Pt, RGBColor
from docx.styles.style import BaseStyle, CharacterStyle, ParagraphStyle

SKRIFT = "Calibri"
TEKSTBREDDE_CM = 17.0  # A4 (21 cm) less two margins of 2 cm
TABELSKRIFT = Pt(9)
TABELTEKST = "Tabeltekst"
INDRYK = Cm(0.63)
FODNOTETEKST = "FootnoteText"  # the style ids of Word's built-in footnote styles
FODNOTEHENVISNING = "FootnoteReference"
GRAA = RGBColor(0x59, 0x59, 0x59)


def element(tag: str, vaerdi: str) -> BaseOxmlElement:
    el = OxmlElement(tag)
    el.set(qn("w:val"), vaerdi)
    return el


def i_orden(
    foraelder: BaseOxmlElement, barn: BaseOxmlElement, raekkefoelge: tuple[str, ...]
) -> None:
    """Put ``barn`` where the schema's sequence wants it: before the first later sibling.

    An element of the same tag is replaced. ``raekkefoelge`` is the parent's child sequence
    in prefixed tags ("w:tblLayout", ...).
    """
    tags = [qn(t) for t in raekkefoelge]
    plads = tags.index(barn.tag)
    for el in foraelder.findall(barn.tag):
        foraelder.remove(el)
    for el in foraelder:
        if el.tag in tags[plads + 1 :]:
            el.addprevious(barn)
            return
    foraelder.append(barn)


def skygge(farve: str) -> BaseOxmlElement:
    el = OxmlElement("w:shd")
    el.set(qn("w:val"), "clear")
    el.set(qn("w:color"), "auto")
    el.set(qn("w:fill"), farve)
    return el


def typografier(doc: Dokument) -> None:
    """Calibri 11 pt, Danish, black headings; a 9 pt style for table text."""
    standard = doc.styles.element.find(f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}")
    if standard is not None:
        for el in standard.findall(qn("w:rFonts")) + standard.findall(qn("w:lang")):
            standard.remove(el)
        skrift = OxmlElement("w:rFonts")
        for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
            skrift.set(qn(attr), SKRIFT)
        standard.insert(0, skrift)
        sprog = OxmlElement("w:lang")
        for attr in ("w:val", "w:eastAsia", "w:bidi"):
            sprog.set(qn(attr), "da-DK")
        standard.append(sprog)

    normal = doc.styles["Normal"]
    assert hasattr(normal, "paragraph_format")  # a paragraph style
    _orddeling(doc, normal.element, til=False)
    normal.font.name = SKRIFT
    normal.font.size = Pt(11)
    normal.paragraph_format.space_after = Pt(6)
    normal.paragraph_format.line_spacing = 1.08

    for niveau, stoerrelse, foer in ((1, 16, 0), (2, 12, 14), (3, 11, 10), (4, 11, 8)):
        stil = doc.styles[f"Heading {niveau}"]
        assert hasattr(stil, "paragraph_format")
        for el in stil.element.findall(f"{qn('w:rPr')}/{qn('w:rFonts')}"):
            el.getparent().remove(el)
        stil.font.size = Pt(stoerrelse)
        stil.font.color.rgb = RGBColor(0, 0, 0)
        stil.paragraph_format.space_before = Pt(foer)
        stil.paragraph_format.space_after = Pt(4)

    billedtekst = doc.styles["Caption"]
    billedtekst.font.color.rgb = RGBColor(0, 0, 0)
    billedtekst.font.size = Pt(10)

    tabeltekst = doc.styles.add_style(TABELTEKST, WD_STYLE_TYPE.PARAGRAPH)
    tabeltekst.base_style = normal
    _orddeling(doc, tabeltekst.element, til=True)
    tabeltekst.font.size = TABELSKRIFT
    tabeltekst.paragraph_format.space_after = Pt(0)
    tabeltekst.paragraph_format.line_spacing = 1.0

    _fodnotetypografier(doc, normal)

    for navn in ("Header", "Footer"):
        stil = doc.styles[navn]
        assert hasattr(stil, "paragraph_format")
        stil.font.size = TABELSKRIFT
        stil.font.color.rgb = GRAA
        stops = stil.paragraph_format.tab_stops
        stops.clear_all()
        stops.add_tab_stop(Cm(TEKSTBREDDE_CM), WD_TAB_ALIGNMENT.RIGHT)


def _orddeling(doc: Dokument, stil: BaseOxmlElement, *, til: bool) -> None:
    """Hyphenation in table cells only, where long Danish compounds meet narrow columns.

    Word hyphenates per document and lets a paragraph style opt out, so the document turns
    it on and Normal (and every style based on it) turns it off again. Called before the
    style gets other paragraph properties, so the appended element is in schema order.
    """
    indstillinger = doc.settings.element
    if indstillinger.find(qn("w:autoHyphenation")) is None:
        tabulator = indstillinger.find(qn("w:defaultTabStop"))
        auto = OxmlElement("w:autoHyphenation")
        if tabulator is not None:
            tabulator.addnext(auto)  # its place in the settings' schema order
        else:
            indstillinger.insert(0, auto)
        sprog = indstillinger.find(qn("w:themeFontLang"))
        if sprog is not None:
            sprog.set(qn("w:val"), "da-DK")
    ppr = stil.find(qn("w:pPr"))
    if ppr is None:
        ppr = OxmlElement("w:pPr")
        rpr = stil.find(qn("w:rPr"))
        if rpr is not None:
            rpr.addprevious(ppr)
        else:
            stil.append(ppr)
    ppr.append(element("w:suppressAutoHyphens", "0" if til else "1"))


def _fodnotetypografier(doc: Dokument, normal: BaseStyle) -> None:
    """Word's built-in "footnote text" and "footnote reference" styles, by their style ids.

    Word and LibreOffice recognise the built-ins by name, the footnotes part refers to them
    by id (FodnoteTekst/FodnoteHenvisning hold the ids).
    """
    tekst = doc.styles.add_style("Footnote Text", WD_STYLE_TYPE.PARAGRAPH)
    tekst.element.name_val = "footnote text"
    assert isinstance(tekst, ParagraphStyle)
    tekst.base_style = normal
    tekst.font.size = TABELSKRIFT
    tekst.paragraph_format.space_after = Pt(0)
    tekst.paragraph_format.line_spacing = 1.0
    henvisning = doc.styles.add_style("Footnote Reference", WD_STYLE_TYPE.CHARACTER)
    henvisning.element.name_val = "footnote reference"
    assert isinstance(henvisning, CharacterStyle)
    henvisning.font.superscript = True
