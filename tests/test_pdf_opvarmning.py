"""The warm-up: each worker typesets one small document before its first PDF, so that the
child forked for every PDF inherits fonts and caches ready; the PDFs do not change by it."""

import gc
import io

import pytest
from pypdf import PdfReader
from weasyprint import CSS
from weasyprint.text.fonts import FontConfiguration

from delaftaler.dokumenter import pdf, tidsgraense
from tests.test_pdf import SEEDS, hent

pytestmark = pytest.mark.django_db


def fonte_og_stoerrelser(indhold: bytes) -> set[tuple[str, float]]:
    """Every (font, size) the PDF's text is set in."""
    fundet = set()
    for side in PdfReader(io.BytesIO(indhold)).pages:

        def tekst(tekst, cm, tm, font, stoerrelse):
            if tekst.strip() and font is not None:
                fundet.add((str(font["/BaseFont"]).split("+", 1)[1], round(stoerrelse, 2)))

        side.extract_text(visitor_text=tekst)
    return fundet


def test_a_pdf_is_the_same_byte_for_byte_with_or_without_the_warm_up():
    side = pdf.aftale_side(hent("randers-2025-29"))
    fonte = FontConfiguration()  # fonts of their own, never warmed up
    css = CSS(filename=str(pdf.STILARK), url_fetcher=pdf.LokalHenter(), font_config=fonte)
    assert pdf._weasyprint(side, css, fonte) == pdf.skriv(side)


def test_the_warm_up_sets_every_font_and_size_the_seed_pdfs_use():
    warm_up = fonte_og_stoerrelser(pdf._typesaet(pdf.opvarmning_side()))
    seeds = set()
    for slug in SEEDS:
        seeds |= fonte_og_stoerrelser(pdf.aftale_pdf(hent(slug)))
    assert seeds - warm_up == set()


def test_the_worker_warms_up_once_before_its_first_pdf(settings, monkeypatch):
    typesat: list[str] = []
    weasyprint = pdf._weasyprint

    def taelles(side: str, *args: object) -> bytes:
        typesat.append(side)
        return weasyprint(side, *args)

    monkeypatch.setattr(pdf, "_weasyprint", taelles)
    monkeypatch.setattr(pdf, "_opvarmet", None)
    side = "<html lang='da'><body><p>Delaftale</p></body></html>"
    pdf.skriv(side)
    pdf.skriv(side)
    settings.DEBUG = True  # the stylesheet is read anew for each document, the fonts are kept
    pdf.skriv(side)
    # Here only the warm-up: the documents themselves are typeset in the forked children.
    assert typesat == [pdf.opvarmning_side()]


def test_a_pdf_after_one_in_debug_still_has_its_fonts(settings):
    """In DEBUG the child reads the stylesheet anew: it must not take the fonts with it."""
    aftale = hent("randers-2025-29")
    settings.DEBUG = True
    pdf.skriv("<html lang='da'><body><p>Delaftale</p></body></html>")
    settings.DEBUG = False
    tekst = PdfReader(io.BytesIO(pdf.aftale_pdf(aftale))).pages[0].extract_text()
    assert tekst.startswith("Delaftale for indsatsområdet")


def frosne(tekst: str) -> bytes:
    return str(gc.get_freeze_count()).encode()


def test_the_typesetting_child_leaves_the_objects_it_inherited_out_of_its_collections():
    assert int(tidsgraense.koer(frosne, "", sekunder=10)) > 1000
    assert gc.get_freeze_count() == 0  # the worker's own collector is left as it was
