"""Reading a generated .docx back for the Word tests: the seeds' files, their XML parts."""

import io
import zipfile

from docx import Document
from docx.oxml.ns import qn
from lxml import etree

from delaftaler.dokumenter.word import delaftale_docx, strategisk_docx
from delaftaler.models import Delaftale, StrategiskAftale

DELAFTALER = ["ishoej-2025-29", "viborg-2025-29", "soenderborg-2021-25", "randers-2025-29"]
STRATEGISK = "vejleaaparken-2021-25"
SEEDS = [*DELAFTALER, STRATEGISK]


def seed(slug: str) -> Delaftale | StrategiskAftale:
    if slug == STRATEGISK:
        return StrategiskAftale.objects.med_indhold().get(helhedsplan__slug=slug)
    return Delaftale.objects.med_indhold().get(helhedsplan__slug=slug)


def docx(aftale: Delaftale | StrategiskAftale, **kw) -> bytes:
    if isinstance(aftale, Delaftale):
        return delaftale_docx(aftale, **kw)
    return strategisk_docx(aftale, **kw)


def aabn(data: bytes):
    return Document(io.BytesIO(data))


def del_(data: bytes, navn: str):
    """A part of the package as an lxml element (None if the package has no such part)."""
    with zipfile.ZipFile(io.BytesIO(data)) as fil:
        if navn not in fil.namelist():
            return None
        return etree.fromstring(fil.read(navn))


def tekst(el) -> str:
    return "".join(t.text or "" for t in el.iter(qn("w:t")))


def fodnotetekster(data: bytes) -> dict[int, str]:
    """The footnotes part's ordinary footnotes, by id, their text with the mark."""
    rod = del_(data, "word/footnotes.xml")
    if rod is None:
        return {}
    return {
        int(n.get(qn("w:id"))): tekst(n)
        for n in rod.iter(qn("w:footnote"))
        if n.get(qn("w:type")) is None
    }
