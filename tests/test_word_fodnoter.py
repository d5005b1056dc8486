"""Word's own footnotes in the .docx: the footnotes part, its references, its styles."""

import pytest
from docx.oxml.ns import qn

from delaftaler.dokumenter.word import delaftale_docx
from delaftaler.models import Delaftale, Fodnote
from indikatorer.models import BaselineVaerdi
from tests.worddokument import STRATEGISK, aabn, del_, docx, fodnotetekster, seed

pytestmark = pytest.mark.django_db

FODNOTER_RT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/footnotes"
FODNOTER_CT = "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"


def henvisninger(data: bytes) -> list:
    return list(del_(data, "word/document.xml").iter(qn("w:footnoteReference")))


@pytest.mark.parametrize("slug", ["ishoej-2025-29", "soenderborg-2021-25", STRATEGISK])
def test_every_referred_footnote_is_a_word_footnote_with_its_text_and_no_list_remains(slug):
    aftale = seed(slug)
    data = docx(aftale)

    tekster = fodnotetekster(data)
    fodnoter = {f.nummer: f.tekst for f in aftale.fodnoter.all()}
    assert fodnoter and len(tekster) == len(fodnoter)
    # Referred to in order, so Word's own numbering gives the agreement's numbers.
    for fodnote_id, note in tekster.items():
        assert note == f" {fodnoter[fodnote_id]}"
    ids = [int(h.get(qn("w:id"))) for h in henvisninger(data)]
    assert ids == sorted(tekster)
    assert not any(h.get(qn("w:customMarkFollows")) for h in henvisninger(data))
    # The note begins with Word's mark for it, in the footnote styles.
    rod = del_(data, "word/footnotes.xml")
    for note in rod.iter(qn("w:footnote")):
        if note.get(qn("w:type")) is None:
            assert note.find(f".//{qn('w:pStyle')}").get(qn("w:val")) == "FootnoteText"
            assert note.find(f".//{qn('w:footnoteRef')}") is not None
    assert "Fodnoter" not in [p.text for p in aabn(data).paragraphs]


def test_the_footnotes_part_is_related_typed_and_has_the_separators_word_requires():
    data = docx(seed(STRATEGISK))

    rels = del_(data, "word/_rels/document.xml.rels")
    assert [r.get("Target") for r in rels if r.get("Type") == FODNOTER_RT] == ["footnotes.xml"]
    typer = del_(data, "[Content_Types].xml")
    assert any(
        o.get("PartName") == "/word/footnotes.xml" and o.get("ContentType") == FODNOTER_CT
        for o in typer
    )
    saerlige = [
        (n.get(qn("w:type")), n.get(qn("w:id")))
        for n in del_(data, "word/footnotes.xml").iter(qn("w:footnote"))
        if n.get(qn("w:type"))
    ]
    assert saerlige == [("separator", "-1"), ("continuationSeparator", "0")]
    pr = del_(data, "word/settings.xml").find(qn("w:footnotePr"))
    assert [n.get(qn("w:id")) for n in pr] == ["-1", "0"]
    # In schema order: before the compatibility settings.
    assert pr.getnext().tag == qn("w:compat")

    stilarter = {s.style_id: s for s in aabn(data).styles}
    assert stilarter["FootnoteText"].name == "footnote text"
    assert stilarter["FootnoteReference"].name == "footnote reference"
    assert stilarter["FootnoteReference"].font.superscript is True


def test_a_baseline_footnote_is_referred_to_in_its_table_cell():
    aftale = seed("ishoej-2025-29")
    b = BaselineVaerdi.objects.filter(indikator__maal__aftale=aftale, fodnote__isnull=False).first()
    doc = aabn(docx(aftale))

    celler = [
        p
        for t in doc.tables
        for r in t.rows
        for c in r.cells
        for p in c.paragraphs
        if p.text == b.linje and p._p.find(f".//{qn('w:footnoteReference')}") is not None
    ]
    assert celler
    run = celler[0].runs[-1]
    assert run._r.rPr.find(qn("w:rStyle")).get(qn("w:val")) == "FootnoteReference"


@pytest.fixture
def randers_med_fodnoter(randers):
    assert not randers.fodnoter.exists()
    Fodnote.objects.create(aftale=randers, nummer=1, tekst="Den første note")
    Fodnote.objects.create(aftale=randers, nummer=2, tekst="Ingen henviser til denne")
    Fodnote.objects.create(aftale=randers, nummer=3, tekst="Den tredje note\r\nto linjer")
    return randers


def test_a_footnote_nobody_refers_to_stays_in_the_list_at_the_end_and_a_second_reference_is_a_number(
    randers_med_fodnoter,
):
    randers = randers_med_fodnoter
    randers.kommunal_sammenhaeng = "Først[^1] så[^1] og en ukendt[^7]."
    randers.save()
    data = delaftale_docx(Delaftale.objects.med_indhold().get(pk=randers.pk))

    assert fodnotetekster(data) == {1: " Den første note"}
    doc = aabn(data)
    (p,) = [p for p in doc.paragraphs if p.text.startswith("Først")]
    assert p.text == "Først så1 og en ukendt7."  # the footnote mark is no text of its own
    ekstra = [(r.text, r.font.superscript) for r in p.runs if r.font.superscript]
    assert ekstra == [("1", True), ("7", True)]
    assert len(henvisninger(data)) == 1
    # Footnotes 2 and 3 nobody refers to: the list at the end, as the PDF has it.
    afsnit = [p.text for p in doc.paragraphs]
    assert afsnit[-3:] == ["Fodnoter", "2 Ingen henviser til denne", "3 Den tredje note\nto linjer"]


def test_footnotes_referred_to_out_of_order_keep_the_agreements_numbers_as_custom_marks(
    randers_med_fodnoter,
):
    randers = randers_med_fodnoter
    randers.kommunal_sammenhaeng = "Tredje først[^3], så den første[^1]."
    randers.save()
    data = delaftale_docx(Delaftale.objects.med_indhold().get(pk=randers.pk))

    refs = henvisninger(data)
    assert [r.get(qn("w:customMarkFollows")) for r in refs] == ["1", "1"]
    assert [r.getnext().text for r in refs] == ["3", "1"]
    assert fodnotetekster(data) == {1: "3 Den tredje noteto linjer", 2: "1 Den første note"}
    note = del_(data, "word/footnotes.xml").find(f"{qn('w:footnote')}[@{qn('w:id')}='1']")
    assert note.find(f".//{qn('w:br')}") is not None  # the note's line break kept
    assert [p.text for p in aabn(data).paragraphs][-2:] == [
        "Fodnoter",
        "2 Ingen henviser til denne",
    ]
