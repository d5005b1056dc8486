"""What every Word file has around its content: A4 pages with a header and numbered
footer, the file's properties, the title with the draft mark, the closing footnotes."""

from __future__ import annotations

import io

from django.utils import timezone
from docx import Document
from docx.document import Document as Dokument
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor
from docx.text.paragraph import Paragraph

from delaftaler.dokumenter.word.afsnit import overskrift, skriv
from delaftaler.dokumenter.word.typografi import TABELTEKST, typografier
from delaftaler.models import Fodnote


def nyt_dokument(*, titel: str, sidehoved: str, status: str, emne: str, kategori: str) -> Dokument:
    doc = Document()
    typografier(doc)

    sektion = doc.sections[0]
    sektion.page_width, sektion.page_height = Cm(21), Cm(29.7)
    sektion.top_margin = sektion.bottom_margin = Cm(2)
    sektion.left_margin = sektion.right_margin = Cm(2)
    sektion.header_distance = sektion.footer_distance = Cm(1)

    hoved = sektion.header.paragraphs[0]
    skriv(hoved, sidehoved)
    fod = sektion.footer.paragraphs[0]
    skriv(fod, f"{status}\tSide ")
    _felt(fod, "PAGE")
    fod.add_run(" af ")
    _felt(fod, "NUMPAGES")

    egenskaber = doc.core_properties
    egenskaber.title = titel
    egenskaber.subject = emne
    egenskaber.category = kategori
    egenskaber.author = emne
    egenskaber.last_modified_by = emne
    egenskaber.comments = status
    egenskaber.keywords = ""
    egenskaber.language = "da-DK"
    egenskaber.revision = 1
    egenskaber.created = egenskaber.modified = timezone.now()
    return doc


def _felt(p: Paragraph, kode: str) -> None:
    """A field (PAGE, NUMPAGES) that Word and LibreOffice compute when they lay out pages."""
    for slags in ("begin", "instr", "separate", "resultat", "end"):
        run = p.add_run()
        if slags == "instr":
            instr = OxmlElement("w:instrText")
            instr.set(qn("xml:space"), "preserve")
            instr.text = f" {kode} "
            run._r.append(instr)
        elif slags == "resultat":
            run.text = "1"
        else:
            tegn = OxmlElement("w:fldChar")
            tegn.set(qn("w:fldCharType"), slags)
            run._r.append(tegn)


def dokumenttitel(doc: Dokument, titel: str, status: str) -> None:
    """The title as heading 1; a draft says so in red beneath it."""
    overskrift(doc, titel, 1)
    if status.startswith("Udkast"):
        p = doc.add_paragraph()
        run = p.add_run("UDKAST")
        run.bold = True
        run.font.size = Pt(14)
        run.font.color.rgb = RGBColor(0xC0, 0x00, 0x00)


def fodnoter(doc: Dokument, fodnoter: list[Fodnote]) -> None:
    """Word's own footnotes are out of python-docx's reach: the notes close the document."""
    if not fodnoter:
        return
    overskrift(doc, "Fodnoter", 2)
    for f in fodnoter:
        p = doc.add_paragraph(style=TABELTEKST)
        p.paragraph_format.space_after = Pt(3)
        p.add_run(str(f.nummer)).font.superscript = True
        skriv(p, f" {f.tekst}")


def gem(doc: Dokument) -> bytes:
    fil = io.BytesIO()
    doc.save(fil)
    return fil.getvalue()
