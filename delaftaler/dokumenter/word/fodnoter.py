"""Word's own footnotes: the footnotes part python-docx does not write, built through its
OPC and XML API.

As in the PDF (pdf._som_fodnoter), a footnote is placed at its first reference, at the
foot of that page; later references to it are a superscript number, and footnotes nobody
refers to stay as a list at the end (ramme.fodnoteliste). Each footnote bears the
agreement's number for it, as the PDF does: Word's own numbering where the footnotes are
referred to in their order (1, 2, 3 …, the usual case, and the only one where a footnote
added in Word numbers on), else the number as a custom mark (``w:customMarkFollows``).
"""

from __future__ import annotations

import re
from weakref import WeakKeyDictionary

from docx.document import Document as Dokument
from docx.opc.constants import CONTENT_TYPE, RELATIONSHIP_TYPE
from docx.opc.packuri import PackURI
from docx.opc.part import Part, XmlPart
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.text.paragraph import Paragraph

from delaftaler.dokumenter.word.typografi import FODNOTEHENVISNING, FODNOTETEKST, element
from delaftaler.models import Fodnote

# Characters XML 1.0 cannot hold (pasted control characters); lxml refuses them.
UGYLDIG = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")

# The separator and continuation separator every footnotes part starts with (ECMA-376
# 17.11.23); Word numbers them -1 and 0 and lists them in the settings' footnotePr.
_SKELET = f"""<w:footnotes {nsdecls("w", "r")}>
<w:footnote w:type="separator" w:id="-1"><w:p><w:pPr><w:spacing w:after="0" w:line="240"
 w:lineRule="auto"/></w:pPr><w:r><w:separator/></w:r></w:p></w:footnote>
<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:pPr><w:spacing w:after="0"
 w:line="240" w:lineRule="auto"/></w:pPr><w:r><w:continuationSeparator/></w:r></w:p></w:footnote>
</w:footnotes>"""
_SAERLIGE = ("-1", "0")


class Fodnoter:
    """A document's footnotes: their texts by number, and those placed so far by id."""

    def __init__(self, doc: Dokument, fodnoter: list[Fodnote]) -> None:
        self._doc = doc
        self.fodnoter = fodnoter
        self._tekster = {f.nummer: f.tekst for f in fodnoter}
        self.placeret: dict[int, int] = {}  # the agreement's number → the footnote's id
        self._rod: BaseOxmlElement | None = None
        self._henvisninger: list[BaseOxmlElement] = []  # the w:footnoteReference elements

    def henvis(self, p: Paragraph, nummer: int) -> bool:
        """The footnote's reference at the end of ``p``, if it has a text and no place yet."""
        if nummer not in self._tekster or nummer in self.placeret:
            return False
        rod = self._rod if self._rod is not None else self._ny_del()
        fodnote_id = len(self.placeret) + 1
        self.placeret[nummer] = fodnote_id
        rod.append(_fodnote(fodnote_id, self._tekster[nummer]))
        run = p.add_run()
        run._r.get_or_add_rPr().style = FODNOTEHENVISNING
        henvisning = OxmlElement("w:footnoteReference")
        henvisning.set(qn("w:id"), str(fodnote_id))
        run._r.append(henvisning)
        self._henvisninger.append(henvisning)
        return True

    def afslut(self) -> None:
        """Where Word's numbering would not give the agreement's numbers, mark them so."""
        if all(nummer == fodnote_id for nummer, fodnote_id in self.placeret.items()):
            return
        assert self._rod is not None
        noter = {n.get(qn("w:id")): n for n in self._rod.iterchildren(qn("w:footnote"))}
        for nummer, fodnote_id in self.placeret.items():
            henvisning = self._henvisninger[fodnote_id - 1]
            henvisning.set(qn("w:customMarkFollows"), "1")
            henvisning.addnext(_tekst(str(nummer)))
            for ref in noter[str(fodnote_id)].iter(qn("w:footnoteRef")):
                ref.addnext(_tekst(str(nummer)))
                ref.getparent().remove(ref)

    def uplacerede(self) -> list[Fodnote]:
        return [f for f in self.fodnoter if f.nummer not in self.placeret]

    def _ny_del(self) -> BaseOxmlElement:
        """The footnotes part, related to the document and listed in its settings."""
        dokumentdel = self._doc.part
        rod = parse_xml(_SKELET)
        del_: Part = XmlPart(
            PackURI("/word/footnotes.xml"), CONTENT_TYPE.WML_FOOTNOTES, rod, dokumentdel.package
        )
        dokumentdel.relate_to(del_, RELATIONSHIP_TYPE.FOOTNOTES)
        indstillinger = self._doc.settings.element
        pr = OxmlElement("w:footnotePr")
        for saerlig in _SAERLIGE:
            note = OxmlElement("w:footnote")
            note.set(qn("w:id"), saerlig)
            pr.append(note)
        efter = indstillinger.find(qn("w:endnotePr"))
        if efter is None:
            efter = indstillinger.find(qn("w:compat"))
        if efter is not None:
            efter.addprevious(pr)
        else:
            indstillinger.append(pr)
        self._rod = rod
        return rod


def _tekst(tekst: str) -> BaseOxmlElement:
    t = OxmlElement("w:t")
    t.set(qn("xml:space"), "preserve")
    t.text = tekst
    return t


def _fodnote(fodnote_id: int, tekst: str) -> BaseOxmlElement:
    """One footnote: its mark (Word's number for it) and its text, lines kept."""
    note = OxmlElement("w:footnote")
    note.set(qn("w:id"), str(fodnote_id))
    p = OxmlElement("w:p")
    ppr = OxmlElement("w:pPr")
    ppr.append(element("w:pStyle", FODNOTETEKST))
    p.append(ppr)
    maerke = OxmlElement("w:r")
    rpr = OxmlElement("w:rPr")
    rpr.append(element("w:rStyle", FODNOTEHENVISNING))
    maerke.append(rpr)
    maerke.append(OxmlElement("w:footnoteRef"))
    p.append(maerke)
    tekst = UGYLDIG.sub("", tekst.replace("\r\n", "\n").replace("\r", "\n"))
    for i, linje in enumerate(tekst.split("\n")):
        run = OxmlElement("w:r")
        if i:
            run.append(OxmlElement("w:br"))
        run.append(_tekst(f" {linje}" if i == 0 else linje))
        p.append(run)
    note.append(p)
    return note


_REGISTER: WeakKeyDictionary[object, Fodnoter] = WeakKeyDictionary()


def forbered(doc: Dokument, fodnoter: list[Fodnote]) -> Fodnoter:
    """Make the agreement's footnotes placeable at their references in ``doc``."""
    register = Fodnoter(doc, fodnoter)
    _REGISTER[doc.part] = register
    return register


def henvis(p: Paragraph, nummer: int) -> bool:
    """Place footnote ``nummer`` at the end of ``p``; False where it is not to be placed
    (no such footnote, placed already, or a document without footnotes)."""
    register = _REGISTER.get(p.part)
    return register is not None and register.henvis(p, nummer)


def register(doc: Dokument) -> Fodnoter | None:
    return _REGISTER.get(doc.part)
