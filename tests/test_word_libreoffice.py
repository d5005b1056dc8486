"""The .docx laid out by LibreOffice: each footnote at the foot of its reference's page, no
table row split across two pages, an image with its caption and alt text.

LibreOffice is given the app's own fonts (Carlito, metric-compatible with Calibri) through
a fontconfig file of the test's, so it lays the pages out as Word does with Calibri.
"""

import hashlib
import io
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from docx.oxml.ns import qn
from PIL import Image
from pypdf import PdfReader

from billeder.models import Billede
from tests.dokumenttekst import normaliseret
from tests.test_billeder import upload
from tests.worddokument import STRATEGISK, aabn, del_, docx, fodnotetekster, seed

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice er ikke installeret"),
]

FONTE = Path(settings.BASE_DIR) / "static" / "dokument" / "fonts"


def som_pdf(data: bytes, mappe: Path, filter_: str = "pdf") -> Path:
    """The .docx converted by LibreOffice (to PDF through the export filter `filter_`)."""
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
            *("--headless", "--convert-to", filter_, "--outdir", str(mappe), str(fil)),
        ],
        capture_output=True,
        timeout=180,
        check=True,
        env={"PATH": "/usr/bin:/bin", "HOME": str(mappe), "FONTCONFIG_FILE": str(fonte)},
    )
    return mappe / "aftale.pdf"


def sidetekster(pdf: Path) -> list[str]:
    """The PDF's text, page by page, normalised."""
    tekst_ = subprocess.run(
        ["pdftotext", "-raw", str(pdf), "-"], capture_output=True, check=True, text=True
    ).stdout
    return [normaliseret(side) for side in tekst_.split("\f")[:-1]]


def sider(data: bytes, mappe: Path) -> list[str]:
    """The .docx converted by LibreOffice, as the normalised text of each page."""
    return sidetekster(som_pdf(data, mappe))


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


# LibreOffice's PDF export with a structure tree, where a picture's alt text becomes /Alt.
TAGGET = 'pdf:writer_pdf_Export:{"UseTaggedPDF":{"type":"boolean","value":"true"}}'
BILLEDTEKST = "Kort over Vorup og Kristrup med afdelingerne"
ALT_TEKST = "Kort over de to boligområder, hvor afdelingerne er markeret med rødt"


def stribet_png() -> bytes:
    """300 × 200 pixel in stripes: a picture whose pixels can be compared after conversion."""
    billede = Image.new("RGB", (300, 200), (200, 30, 30))
    for x in range(0, 300, 20):
        billede.paste((20, 60, 220), (x, 0, x + 5, 200))
    ud = io.BytesIO()
    billede.save(ud, "PNG")
    return ud.getvalue()


def pdf_billeder(pdf: Path) -> list[tuple[int, int, int]]:
    """Every image the PDF draws, by poppler's pdfimages: (page, width, height)."""
    linjer = subprocess.run(
        ["pdfimages", "-list", str(pdf)], capture_output=True, check=True, text=True
    ).stdout.splitlines()[2:]  # below the header and its rule
    return [(int(f[0]), int(f[3]), int(f[4])) for f in (linje.split() for linje in linjer)]


def figurtekster(pdf: PdfReader) -> list[str]:
    """The /Alt of each Figure in a tagged PDF's structure tree."""
    tekster: list[str] = []
    koe = [pdf.root_object["/StructTreeRoot"]]
    while koe:
        node = koe.pop().get_object()
        if isinstance(node, list):
            koe.extend(node)
        elif isinstance(node, dict):
            if node.get("/S") == "/Figure":
                tekster.append(str(node.get("/Alt", "")))
            if "/K" in node:
                koe.append(node["/K"])
    return tekster


def test_an_image_with_caption_and_alt_text_survives_libreoffice(
    klient, randers, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path / "media"
    svar = upload(klient, randers, stribet_png(), billedtekst=BILLEDTEKST, alt_tekst=ALT_TEKST)
    assert svar.status_code == 302
    billede = Billede.objects.get(aftale=randers)
    data = docx(seed("randers-2025-29"))

    # Word's part: one picture, the stored image's bytes, the alt text in docPr descr.
    dokument = del_(data, "word/document.xml")
    (docpr,) = dokument.iter(qn("wp:docPr"))
    assert (docpr.get("descr"), docpr.get("title")) == (ALT_TEKST, None)
    (blip,) = dokument.iter(qn("a:blip"))
    media = aabn(data).part.related_parts[blip.get(qn("r:embed"))]
    assert hashlib.sha256(media.blob).hexdigest() == billede.sha256

    pdf = som_pdf(data, tmp_path, TAGGET)
    # LibreOffice leaves out a drawing it cannot read without a word: count the images,
    # and find the picture on the page of its caption (kept with it).
    (side,) = paa(sidetekster(pdf), BILLEDTEKST)
    assert pdf_billeder(pdf) == [(side, 300, 200)]
    laest = PdfReader(pdf)
    (billedet,) = laest.pages[side - 1].images
    original = Image.open(io.BytesIO(billede.indhold())).convert("RGB")
    assert billedet.image is not None
    assert billedet.image.convert("RGB").tobytes() == original.tobytes()
    # LibreOffice read the alt text from descr: it is the Figure's /Alt in its tagged PDF.
    (alt,) = figurtekster(laest)
    assert ALT_TEKST in alt and BILLEDTEKST not in alt  # the caption is not read twice
