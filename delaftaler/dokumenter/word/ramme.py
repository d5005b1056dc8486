"""What every Word file has around its content: A4 pages with a header and numbered
footer, the file's properties, the title with the draft mark, the footnotes nobody refers
to, and the file itself (its tables finished, its ZIP entries dated)."""

from __future__ import annotations

import datetime
import io

from django.utils import timezone
from docx import Document
from docx.document import Document as Dokument
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor
from docx.text.paragraph import Paragraph

from delaftaler.dokumenter.word import fodnoter as fodnoterne
from delaftaler.dokumenter.word.afsnit import overskrift, skriv
from delaftaler.dokumenter.word.pakke import dateret
from delaftaler.dokumenter.word.tabeller import afslut_tabeller
from delaftaler.dokumenter.word.typografi import TABELTEKST, typografier
from delaftaler.models import Fodnote


def nyt_dokument(
    *,
    titel: str,
    sidehoved: str,
    status: str,
    emne: str,
    kategori: str,
    fodnoter: list[Fodnote] | None = None,
    tidspunkt: datetime.datetime | None = None,
) -> Dokument:
    """A new A4 document; ``fodnoter`` become Word footnotes at their first reference.

    ``tidspunkt`` (the agreement's last change, or a version's approval) dates the file's
    properties and ZIP entries, so the same state gives the same bytes; default now.
    """
    doc = Document()
    typografier(doc)
    if fodnoter:
        fodnoterne.forbered(doc, fodnoter)

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
    # python-docx writes the time as UTC ("...Z") whatever its zone: give it UTC.
    tid = (tidspunkt or timezone.now()).astimezone(datetime.UTC).replace(microsecond=0)
    egenskaber.created = egenskaber.modified = tid
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


def fodnoteliste(doc: Dokument) -> None:
    """The footnotes no text refers to close the document, as a list (as in the PDF)."""
    register = fodnoterne.register(doc)
    uplacerede = register.uplacerede() if register else []
    if not uplacerede:
        return
    overskrift(doc, "Fodnoter", 2)
    for f in uplacerede:
        p = doc.add_paragraph(style=TABELTEKST)
        p.paragraph_format.space_after = Pt(3)
        p.add_run(str(f.nummer)).font.superscript = True
        skriv(p, f" {f.tekst}")


def gem(doc: Dokument) -> bytes:
    """The finished file: tables made whole, ZIP entries dated with the file's time."""
    afslut_tabeller(doc)
    register = fodnoterne.register(doc)
    if register:
        register.afslut()
    fil = io.BytesIO()
    doc.save(fil)
    modified = doc.core_properties.modified or timezone.now()
    tid = modified.replace(tzinfo=datetime.UTC) if modified.tzinfo is None else modified
    return dateret(fil.getvalue(), timezone.localtime(tid))
