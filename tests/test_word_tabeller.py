"""Tables in the .docx that hold together: rows that never split, a marked header row that
repeats, columns that fit their words, padded cells, no empty paragraphs, alt text."""

import pytest
from docx.oxml.ns import qn
from docx.shared import Twips

from delaftaler.dokumenter.word.bredder import fordel, tekstbredde_cm
from delaftaler.dokumenter.word.tabeller import POLSTRING
from tests.worddokument import SEEDS, aabn, docx, seed

pytestmark = pytest.mark.django_db


def tabeller(slug: str):
    return aabn(docx(seed(slug))).tables


@pytest.mark.parametrize("slug", SEEDS)
def test_no_row_may_split_across_pages_and_only_the_first_row_is_a_repeated_header(slug):
    for tabel in tabeller(slug):
        raekker = [r._tr for r in tabel.rows]
        assert all(tr.trPr.find(qn("w:cantSplit")) is not None for tr in raekker)
        hoved = [tr.trPr.find(qn("w:tblHeader")) is not None for tr in raekker]
        assert hoved[1:] == [False] * (len(hoved) - 1)
        udseende = tabel._tbl.tblPr.find(qn("w:tblLook"))
        assert udseende.get(qn("w:firstRow")) == ("1" if hoved[0] else "0")
        if hoved[0]:
            assert all(c.paragraphs[0].paragraph_format.keep_with_next for c in tabel.rows[0].cells)


@pytest.mark.parametrize("slug", SEEDS)
def test_cells_are_padded_and_the_widths_of_grid_and_cells_agree_at_the_text_width(slug):
    for tabel in tabeller(slug):
        marginer = tabel._tbl.tblPr.find(qn("w:tblCellMar"))
        assert {m.tag.split("}")[1]: int(m.get(qn("w:w"))) for m in marginer} == POLSTRING
        kolonner = [g.w for g in tabel._tbl.tblGrid.gridCol_lst]
        assert abs(sum(kolonner) - Twips(17 * 567)) < Twips(10)
        for tr in tabel._tbl.tr_lst:
            start = 0
            for tc in tr.tc_lst:
                assert tc.width == sum(kolonner[start : start + tc.grid_span])
                start += tc.grid_span


def test_the_baseline_year_column_fits_the_word_baseline_and_text_columns_take_the_rest():
    (maaltabel,) = [
        t
        for t in tabeller("ishoej-2025-29")
        if len(t.columns) == 6 and t.rows[0].cells[4].text == "Baseline år"
    ]
    bredder = [g.w.cm for g in maaltabel._tbl.tblGrid.gridCol_lst]
    polstring = Twips(POLSTRING["left"] + POLSTRING["right"]).cm
    # Before: 1.5 cm, "Baseline" with no room to spare, and it broke into "Baseli ne".
    assert bredder[4] - polstring >= 1.03 * tekstbredde_cm("Baseline", fed=True, punkt=9)
    assert bredder[4] < 2.0
    assert bredder[2] == max(bredder)  # the widest proposal stays the widest column


def test_widths_keep_the_total_and_give_what_a_narrow_column_needs_from_the_others():
    assert fordel([4.0, 4.0, 1.0], [1.0, 1.0, 1.5]) == pytest.approx([3.75, 3.75, 1.5])
    # A column with surplus gives in proportion to it; one at its minimum gives nothing.
    assert fordel([4.0, 2.0, 1.0], [1.0, 2.0, 1.6]) == pytest.approx([3.4, 2.0, 1.6])
    # Minimums that cannot all fit: the largest are cut alike, the small ones kept.
    assert fordel([6.0, 6.0, 1.5], [6.5, 6.5, 1.6]) == pytest.approx([5.95, 5.95, 1.6])


@pytest.mark.parametrize("slug", SEEDS)
def test_no_empty_paragraphs_air_after_a_table_and_its_lead_in_kept_with_it(slug):
    doc = aabn(docx(seed(slug)))
    krop = list(doc.element.body)
    tomme = [el for el in krop if el.tag == qn("w:p") and not "".join(el.itertext()).strip()]
    assert tomme == []
    for i, el in enumerate(krop[:-1]):
        if el.tag == qn("w:tbl") and krop[i + 1].tag == qn("w:p"):
            ppr = krop[i + 1].pPr
            stil = ppr.pStyle.val if ppr is not None and ppr.pStyle is not None else ""
            assert stil.startswith("Heading") or ppr.spacing_before is not None
        if el.tag == qn("w:tbl") and i and krop[i - 1].tag == qn("w:p"):
            # What introduces the table (heading, caption, lead-in) keeps to its page.
            assert krop[i - 1].pPr.keepNext_val is True


def test_a_table_with_a_caption_carries_it_as_its_alt_text():
    doc = aabn(docx(seed("ishoej-2025-29")))
    beskrivelser = {}
    for tabel in doc.tables:
        tblpr = tabel._tbl.tblPr
        titel, beskrivelse = tblpr.find(qn("w:tblCaption")), tblpr.find(qn("w:tblDescription"))
        if titel is not None:
            beskrivelser[titel.get(qn("w:val"))] = beskrivelse.get(qn("w:val"))
            # In schema order: after the look, last.
            assert titel.getprevious().tag == qn("w:tblLook")
    assert beskrivelser == {"Elementer i Beboerrådgivningen": "Elementer i Beboerrådgivningen"}
    billedtekster = [p.text for p in doc.paragraphs if p.style.name == "Caption"]
    assert "Elementer i Beboerrådgivningen" in billedtekster
