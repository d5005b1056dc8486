"""An agreement's images in Word: the picture in its section, the caption below it, and
the alt text in the drawing's ``wp:docPr descr`` (what Word's "Alternativ tekst" shows).

The images come prefetched with the agreement (``aftale.billeder``, the billeder app's
rows); this module reads them by their attributes and imports nothing of that app.
"""

from __future__ import annotations

import io
from typing import Any

from docx.document import Document as Dokument
from docx.shared import Cm

from delaftaler.dokumenter.word.afsnit import overskrift

# The text block of the template's A4 page (2.5 cm margins), and a picture's highest height.
BREDDE_CM = 16.0
HOEJDE_CM = 20.0
PX_PR_CM = 96 / 2.54


def _maal(bredde: int, hoejde: int) -> tuple[Cm, Cm]:
    faktor = min(1.0, BREDDE_CM * PX_PR_CM / max(bredde, 1), HOEJDE_CM * PX_PR_CM / max(hoejde, 1))
    return Cm(bredde * faktor / PX_PR_CM), Cm(hoejde * faktor / PX_PR_CM)


def billede(doc: Dokument, b: Any) -> None:
    """One image: the picture with its alt text, then the caption kept with it."""
    bredde, hoejde = _maal(b.bredde, b.hoejde)
    doc.add_picture(io.BytesIO(b.indhold()), width=bredde, height=hoejde)
    billedafsnit = doc.paragraphs[-1]
    billedafsnit.paragraph_format.keep_with_next = True
    # The alt text only: the caption is printed under the picture, and as the drawing's
    # title too it would be read twice (LibreOffice's tagged PDF joins title and descr).
    for docpr in billedafsnit._p.xpath(".//wp:docPr"):
        docpr.set("descr", b.alt_tekst)
    stil = "Caption" if "Caption" in [s.name for s in doc.styles] else None
    tekst = doc.add_paragraph(b.billedtekst, style=stil)
    if stil is None:
        for run in tekst.runs:
            run.italic = True


def billeder(doc: Dokument, aftale: Any, afsnit: str) -> None:
    """The agreement's images of one section, in their order."""
    for b in aftale.billeder.all():
        if b.afsnit == afsnit:
            billede(doc, b)


def bilag(doc: Dokument, aftale: Any) -> None:
    """The images given as annexes, under their own heading."""
    if any(b.afsnit == "bilag" for b in aftale.billeder.all()):
        overskrift(doc, "Bilag", 2)
        billeder(doc, aftale, "bilag")
