"""The .docx laid out by LibreOffice: each footnote at the foot of its reference's page, no
table row split across two pages.

LibreOffice is given the app's own fonts (Carlito, metric-compatible with Calibri) through
a fontconfig file of the test's, so it lays the pages out as Word does with Calibri.
"""

import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from docx.oxml.ns import qn

from tests.dokumenttekst import normaliseret
from tests.worddokument import STRATEGISK, aabn, del_, docx, fodnotetekster, seed

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice er ikke installeret"),
]

FONTE = Path(settings.BASE_DIR) / "static" / "dokument" / "fonts"


def sider(data: bytes, mappe: Path) -> list[str]:
    """The .docx converted by LibreOffice, as the normalised text of each page."""
    fil = mappe / "aftale.docx"
    fil.write_bytes(data)
    fonte = mappe / "fonts.conf"
    fonte.write_text(
        '<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd"><fontconfig>'
        '<include ignore_missing="yes">/etc/fonts/fonts.conf</include>'
        f"<dir>{FONTE}</dir><cachedir>{mappe / 'fc-cache'}</cachedir></fontconfig>"
    )
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation={(mappe / 'lo-profil').as_uri()}",
            *("--headless", "--convert-to", "pdf", "--outdir", str(mappe), str(fil)),
        ],
        capture_output=True,
        timeout=180,
        check=True,
        env={"PATH": "/usr/bin:/bin", "HOME": str(mappe), "FONTCONFIG_FILE": str(fonte)},
    )
    pdf = mappe / "aftale.pdf"
    tekst_ = subprocess.run(
        ["pdftotext", "-raw", str(pdf), "-"], capture_output=True, check=True, text=True
    ).stdout
    return [normaliseret(side) for side in tekst_.split("\f")[:-1]]


def paa(sider_: list[str], stykke: str) -> set[int]:
    return {nr for nr, side in enumerate(sider_, start=1) if normaliseret(stykke) in side}


def som_trykt(el, til=None) -> str:
    """The text of ``el`` (up to the element ``til``) with Word's footnote numbers in it."""
    dele = []
    for t in el.iter(qn("w:t"), qn("w:footnoteReference")):
        if t is til:
            break
        if t.tag == qn("w:t"):
            dele.append(t.text or "")
        elif not t.get(qn("w:customMarkFollows")):
            dele.append(t.get(qn("w:id")))
    return "".join(dele)


def _foran(henvisning) -> str:
    """The text of the reference's paragraph up to the reference."""
    p = next(a for a in henvisning.iterancestors() if a.tag == qn("w:p"))
    return som_trykt(p, henvisning)


@pytest.mark.parametrize("slug", ["ishoej-2025-29", STRATEGISK])
def test_each_footnote_is_printed_on_the_page_of_its_reference(slug, tmp_path):
    data = docx(seed(slug))
    sider_ = sider(data, tmp_path)
    assert len(sider_) > 3

    noter = fodnotetekster(data)
    henvisninger = list(del_(data, "word/document.xml").iter(qn("w:footnoteReference")))
    assert henvisninger and len(henvisninger) == len(noter)
    for h in henvisninger:
        fodnote_id = int(h.get(qn("w:id")))
        # The last words before the mark, and the mark: on one page only, the reference's.
        foran = normaliseret(_foran(h))[-14:] + str(fodnote_id)
        henvisningssider = paa(sider_, foran)
        assert len(henvisningssider) == 1, (foran, henvisningssider)
        # The note's mark and its first words (a long note may go on to the next page).
        note = normaliseret(noter[fodnote_id])[:40]
        assert paa(sider_, note) & henvisningssider, (fodnote_id, note, henvisningssider)


def raekker(data: bytes):
    """Every table row that is no header row, as the normalised texts of its cells.

    A cell merged down over several rows (a delmål beside its indicators) is left out: it
    spans rows, and so may span pages between them.
    """
    for tabel in aabn(data).tables:
        for r in tabel.rows:
            if r._tr.trPr is not None and r._tr.trPr.find(qn("w:tblHeader")) is not None:
                continue
            celler = {
                normaliseret(som_trykt(tc))
                for tc in r._tr.tc_lst
                if tc.tcPr is None or tc.tcPr.find(qn("w:vMerge")) is None
            }
            yield [c for c in celler if c]


@pytest.mark.parametrize("slug", ["soenderborg-2021-25", STRATEGISK])
def test_no_table_row_is_split_across_two_pages(slug, tmp_path):
    data = docx(seed(slug))
    sider_ = sider(data, tmp_path)

    delt = []
    for celler in raekker(data):
        # A row on one page: some page holds every one of its cells whole.
        faelles = set.intersection(*(paa(sider_, c) for c in celler)) if celler else {0}
        if not faelles:
            delt.append(celler)
    assert delt == []
