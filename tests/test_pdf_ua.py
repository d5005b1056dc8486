"""The agreements' PDFs are tagged PDF/UA: structure, language, title, bookmarks, tables.

Read back with pypdf: the catalog (/StructTreeRoot, /MarkInfo, /Lang), the metadata
(/Title), the outline against the print HTML's headings, and the structure elements; and
checked by pdfua (the machine-checkable PDF/UA-1 rules it implements, among them that every
piece of page content is tagged or marked as an artifact, which the reading here does not
cover). veraPDF, the reference checker, needs a JVM download that this machine cannot make.
"""

import html
import io
import re
import tempfile

import pytest
from pdfua.model import Report, Severity
from pdfua.validator import Validator
from pypdf import PdfReader
from pypdf.generic import DictionaryObject

from delaftaler import dokumenter
from delaftaler.dokumenter import pdf
from delaftaler.dokumenter.skabelon import titel
from delaftaler.models import Delaftale, Helhedsplan, StrategiskAftale
from tests.test_pdf import SEEDS

pytestmark = pytest.mark.django_db


def hent(slug: str) -> Delaftale | StrategiskAftale:
    aftale = Delaftale.objects.med_indhold().filter(helhedsplan__slug=slug).first()
    return aftale or StrategiskAftale.objects.med_indhold().get(helhedsplan__slug=slug)


def ren(tekst: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", "", tekst)).split())


def overskrifter(side: str) -> list[tuple[int, str]]:
    """The print HTML's headings in document order: (level, text)."""
    return [(int(n), ren(t)) for n, t in re.findall(r"<h([1-6])[^>]*>(.*?)</h\1>", side, re.S)]


def bogmaerker(reader: PdfReader) -> list[tuple[int, str]]:
    """The outline, flattened: (depth from 1, title)."""
    ud: list[tuple[int, str]] = []

    def gaa(punkter: list, dybde: int) -> None:
        for p in punkter:
            if isinstance(p, list):
                gaa(p, dybde + 1)
            else:
                ud.append((dybde, " ".join(p.title.split())))

    gaa(reader.outline, 1)
    return ud


def strukturer(reader: PdfReader) -> list[DictionaryObject]:
    """Every structure element, depth first, in the tree's order."""
    ud: list[DictionaryObject] = []

    def gaa(node: object) -> None:
        node = node.get_object()  # type: ignore[attr-defined]
        if not isinstance(node, DictionaryObject):
            return
        if "/S" in node:
            ud.append(node)
        boern = node.get("/K")
        if boern is None:
            return
        for barn in boern if isinstance(boern, list) else [boern]:
            if hasattr(barn, "get_object"):
                gaa(barn)

    gaa(reader.trailer["/Root"]["/StructTreeRoot"])
    return ud


# pdfua's table rule counts /Scope or /Headers on the header cells only; WeasyPrint ties
# each data cell to its headers by /Headers and the headers' /ID (ISO 14289-1 7.5 allows
# either), which the tests here check. Its heading rule fails on a pikepdf array here
# ("not evaluated"); the headings are checked against the print HTML instead.
PDFUA_HEURISTIK = {"UA-15-003"}
PDFUA_IKKE_EVALUERET = {"UA-14-001"}


def pdfua_rapport(indhold: bytes) -> Report:
    with tempfile.NamedTemporaryFile(suffix=".pdf") as fil:
        fil.write(indhold)
        fil.flush()
        return Validator().validate(fil.name)


def tjek_med_pdfua(indhold: bytes) -> None:
    rapport = pdfua_rapport(indhold)
    fejl = [f"{f.rule_id}: {f.message}" for f in rapport.findings if f.severity >= Severity.ERROR]
    assert fejl == []
    assert {f.rule_id for f in rapport.findings} <= PDFUA_HEURISTIK
    assert {o.rule_id for o in rapport.skipped} <= PDFUA_IKKE_EVALUERET


def tjek_pdf_ua(indhold: bytes, side: str, forventet_titel: str) -> list[DictionaryObject]:
    tjek_med_pdfua(indhold)
    reader = PdfReader(io.BytesIO(indhold))
    rod = reader.trailer["/Root"]
    assert "/StructTreeRoot" in rod
    assert bool(rod["/MarkInfo"]["/Marked"])
    assert rod["/Lang"] == "da"
    assert bool(rod["/ViewerPreferences"]["/DisplayDocTitle"])
    assert reader.metadata.title == forventet_titel
    assert b"pdfuaid:part" in rod["/Metadata"].get_object().get_data()
    # Bookmarks are the headings, at their levels; the levels never skip one.
    hoved = overskrifter(side)
    assert all(tekst for _, tekst in hoved)  # no empty heading
    assert bogmaerker(reader) == hoved
    for (forrige, _), (niveau, tekst) in zip(hoved, hoved[1:], strict=False):
        assert niveau <= forrige + 1, tekst
    elementer = strukturer(reader)
    # Each heading is one structure element of its level, in the same order (a block
    # inside a heading would make a second one).
    tagget = [int(e["/S"][2]) for e in elementer if re.fullmatch(r"/H[1-6]", e["/S"])]
    assert tagget == [n for n, _ in hoved]
    return elementer


@pytest.mark.parametrize("slug", SEEDS)
def test_every_seed_pdf_is_tagged_with_language_title_bookmarks_and_table_headers(slug):
    aftale = hent(slug)
    side = pdf.aftale_side(aftale)
    elementer = tjek_pdf_ua(pdf.skriv(side), side, f"{titel(aftale)} – {aftale.helhedsplan.navn}")
    slags = [str(e["/S"]) for e in elementer]
    assert {"/Document", "/H1", "/H2", "/P", "/L", "/LI", "/Table", "/TR", "/TD"} <= set(slags)
    # The delmål table's column headers and row headers (the delmål) are header cells.
    th = [e for e in elementer if e["/S"] == "/TH"]
    assert len(th) >= 6
    assert all(e["/A"]["/O"] == "/Table" for e in th)
    # Header cells inside tables, data cells refer to their headers.
    assert any("/Headers" in e.get("/A", {}) for e in elementer if e["/S"] == "/TD")


def test_the_draft_mark_is_a_page_background_not_text_read_on_every_page():
    aftale = hent("randers-2025-29")
    indhold = pdf.aftale_pdf(aftale)
    for side in PdfReader(io.BytesIO(indhold)).pages:
        # Once, in the footer ("UDKAST · ikke godkendt"); not a second time as page text.
        assert side.extract_text().count("UDKAST") == 1
    # An approved version carries no mark at all.
    godkendt = pdf.aftale_pdf(aftale, pdf.Status("Godkendt version 1", aftale.gaelder_fra, False))
    assert b"udkast.jpg" not in godkendt
    assert all("UDKAST" not in s.extract_text() for s in PdfReader(io.BytesIO(godkendt)).pages)


def test_the_whole_plan_pdf_is_tagged_and_its_bookmarks_are_every_documents_headings():
    plan = Helhedsplan.objects.get(slug="vejleaaparken-2021-25")
    Delaftale.objects.filter(helhedsplan__slug="randers-2025-29").update(helhedsplan=plan)
    side = pdf.helhedsplan_side(plan, *dokumenter.helhedsplanens_aftaler(plan))
    indhold = dokumenter.helhedsplan_dokument(plan).indhold
    elementer = tjek_pdf_ua(indhold, side, f"Boligsocial helhedsplan: {plan.navn} – {plan.navn}")
    titler = [t for _, t in bogmaerker(PdfReader(io.BytesIO(indhold)))]
    assert titler[:2] == [plan.navn, "Indhold"]
    assert "Underskrifter" in titler
    assert any(t.startswith("Delaftale for indsatsområdet") for t in titler)
    assert "/Link" in {str(e["/S"]) for e in elementer}  # the contents entries


def test_the_checker_refuses_an_untagged_pdf_and_untagged_text_in_a_tagged_one():
    import pikepdf
    from weasyprint import HTML

    side = pdf.aftale_side(hent("randers-2025-29"))
    # The same agreement without PDF/UA: no structure tree, not marked.
    utagget = HTML(string=side, base_url=pdf.MAPPE.as_uri() + "/").write_pdf()
    fundet = {f.rule_id for f in pdfua_rapport(utagget).findings if f.severity >= Severity.ERROR}
    assert {"UA-01-005", "UA-01-002"} <= fundet
    # Our tagged PDF with one line of text added to a page outside any marked content.
    with pikepdf.open(io.BytesIO(pdf.skriv(side))) as dokument:
        dokument.pages[1].contents_add(dokument.make_stream(b"BT (x) Tj ET"), prepend=False)
        ud = io.BytesIO()
        dokument.save(ud)
    fundet = {f.rule_id for f in pdfua_rapport(ud.getvalue()).findings}
    assert "UA-01-003" in fundet
