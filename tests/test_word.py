import io
import subprocess
import zipfile
from pathlib import Path

import pytest
from docx import Document
from docx.oxml.ns import qn

from delaftaler.dokumenter.skabelon import FAST_TEKST_DELAFTALE, OPFOELGNING
from delaftaler.dokumenter.word import broedtekst, delaftale_docx, strategisk_docx
from delaftaler.models import Delaftale, StrategiskAftale
from indikatorer.models import BaselineVaerdi, Indikator
from tests.dokumenttekst import mangler
from tests.worddokument import fodnotetekster

pytestmark = pytest.mark.django_db

DELAFTALER = ["ishoej-2025-29", "viborg-2025-29", "soenderborg-2021-25", "randers-2025-29"]
STRATEGISK = "vejleaaparken-2021-25"
DELMAAL_OVERSKRIFT = [
    "Delmål",
    "Indikator",
    "Baseline boligområde/målgruppe",
    "Evt. anden baseline",
    "Baseline år",
    "Datakilde",
]


def delaftale(slug: str) -> Delaftale:
    return Delaftale.objects.med_indhold().get(helhedsplan__slug=slug)


def strategisk() -> StrategiskAftale:
    return StrategiskAftale.objects.med_indhold().get(helhedsplan__slug=STRATEGISK)


def aabn(data: bytes):
    return Document(io.BytesIO(data))


def al_tekst(data: bytes) -> str:
    """Every paragraph of the body, every table cell, headers, footers and footnotes."""
    doc = aabn(data)
    dele: list[str] = []

    def blok(beholder) -> None:
        dele.extend(p.text for p in beholder.paragraphs)
        for tabel in beholder.tables:
            for raekke in tabel.rows:
                for celle in raekke.cells:
                    blok(celle)

    blok(doc)
    for sektion in doc.sections:
        blok(sektion.header)
        blok(sektion.footer)
    dele.extend(fodnotetekster(data).values())
    return "\n".join(dele)


def dokument_xml(data: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as fil:
        return fil.read("word/document.xml").decode()


@pytest.mark.parametrize("slug", DELAFTALER)
def test_delaftale_docx_holds_the_template_labels_and_every_name_figure_and_footnote(slug):
    aftale = delaftale(slug)
    tekst = al_tekst(delaftale_docx(aftale))

    for etiket in [
        f"Delaftale for indsatsområdet {aftale.indsatsomraade}",
        *FAST_TEKST_DELAFTALE,
        "Navn på den boligsociale indsats, som delaftalen vedrører:",
        "Delaftalen gælder fra – til:",
        aftale.periode,
        "Delaftalens parter:",
        "Delmål og indikatorer for indsatsområdet",
        OPFOELGNING,
        *DELMAAL_OVERSKRIFT,
        "Aktiviteter, som skal bidrage til indfrielsen af delmålene",
        "Medarbejderressourcer for indsatsområdet:",
        "Sammenhæng med den kommunale indsats i boligområdet:",
        "Revision af delaftalen (Eventuelle reviderede aftaler",
        aftale.indsatsnavn,
        "Formål:",
        "Målgruppe(r):",
        "Indhold og praksis:",
        "Ansvars- og rollefordeling:",
    ]:
        assert etiket in tekst, etiket

    forventet = [m.navn for m in aftale.maal.all()]
    forventet += [i.navn for m in aftale.maal.all() for i in m.indikatorer.all()]
    forventet += [
        b.linje for m in aftale.maal.all() for i in m.indikatorer.all() for b in i.baselines.all()
    ]
    forventet += [p.visningsnavn for p in aftale.parter.all()]
    forventet += [a.navn for a in aftale.aktiviteter.all()]
    forventet += [r.funktion for r in aftale.medarbejderressourcer.all()]
    forventet += [r.andel_tekst for r in aftale.medarbejderressourcer.all()]
    forventet += [r.omregnet_tekst for r in aftale.medarbejderressourcer.all()]
    forventet += [f.tekst for f in aftale.fodnoter.all()]
    assert len(forventet) > 20
    mangler = [f for f in forventet if f not in tekst]
    assert not mangler


def test_strategic_docx_holds_sections_parties_goals_and_footnotes():
    aftale = strategisk()
    tekst = al_tekst(strategisk_docx(aftale))

    for etiket in [
        "Strategisk samarbejdsaftale om boligsocial indsats",
        "Områdets navn",
        aftale.omraadets_navn,
        "Aftalens parter",
        "Samarbejdsaftalen gælder fra – til",
        aftale.periode,
        "Underskrifter",
        "1. Kort om boligområdet",
        "2. Vision for boligområdet",
        "3. Organisering",
        "4. Samspil med centrale tiltag og indsatser i boligområdet",
        "5. Overordnede mål og indikatorer for den boligsociale indsats",
        "Baseline kommune (evt. andet)",
        "6. Indsatsområder",
        "Problemkompleks for indsatsområdet",
        "Den primære målgruppe:",
        "7. Lokal evaluering",
        "8. Revision af samarbejdsaftalen",
        "266 børn (88,4 %)",
        "Mål 1: Der skal ske et fagligt løft",
    ]:
        assert etiket in tekst, etiket

    forventet = [m.navn for m in aftale.maal.all()]
    forventet += [
        b.linje for m in aftale.maal.all() for i in m.indikatorer.all() for b in i.baselines.all()
    ]
    forventet += [p.visningsnavn for p in aftale.parter.all()]
    forventet += [str(m) for m in aftale.bestyrelsesmedlemmer.all()]
    forventet += [t.titel for t in aftale.politiktabeller.all()]
    forventet += [str(v.indsatsomraade) for v in aftale.valgte_indsatsomraader.all()]
    forventet += [f.tekst for f in aftale.fodnoter.all()]
    mangler = [f for f in forventet if f not in tekst]
    assert not mangler
    assert aftale.fodnoter.count() >= 25


def test_markup_typed_into_a_field_appears_literally_in_the_document():
    aftale = delaftale("randers-2025-29")
    aftale.kommunal_sammenhaeng = "<script>alert(1)</script>\n\n<b>fed</b> &amp; \x0cside"
    aftale.save()
    maal = aftale.maal.first()
    maal.navn = "<b>fed</b> delmål\r\nfra en browser"
    maal.save()

    data = delaftale_docx(delaftale("randers-2025-29"))
    tekst = al_tekst(data)

    assert "<script>alert(1)</script>" in tekst
    assert "<b>fed</b> &amp; side" in tekst  # the control character is dropped, nothing else
    assert "<b>fed</b> delmål\nfra en browser" in tekst  # CRLF is one line break
    xml = dokument_xml(data)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in xml
    assert "<script>" not in xml and "<b>" not in xml


def test_delmaal_table_header_repeats_on_every_page_and_the_delmaal_cell_spans_its_rows():
    aftale = delaftale("viborg-2025-29")
    doc = aabn(delaftale_docx(aftale))

    (tabel,) = [t for t in doc.tables if [c.text for c in t.rows[0].cells] == DELMAAL_OVERSKRIFT]
    trPr = tabel.rows[0]._tr.trPr
    assert trPr is not None and trPr.find(qn("w:tblHeader")) is not None
    assert tabel.style.name == "Table Grid"
    indikatorer = Indikator.objects.filter(maal__aftale=aftale).count()
    assert len(tabel.rows) == 1 + indikatorer
    # A vertically merged cell: the same delmål on every row of its indicators.
    forste = aftale.maal.first()
    raekker = [r for r in tabel.rows[1:] if r.cells[0].text.startswith(forste.navn)]
    assert len(raekker) == forste.indikatorer.count()


def test_each_activity_schema_starts_on_a_new_page_under_a_heading():
    aftale = delaftale("soenderborg-2021-25")
    doc = aabn(delaftale_docx(aftale))

    overskrifter = [p for p in doc.paragraphs if p.text.startswith("Aktivitetsnavn: ")]
    beskrevne = [a.navn for a in aftale.aktiviteter.all() if not a.beskrevet_i]
    assert [p.text for p in overskrifter] == [f"Aktivitetsnavn: {n}" for n in beskrevne]
    assert beskrevne and len(beskrevne) < aftale.aktiviteter.count()
    for p in overskrifter:
        assert p.style.name == "Heading 2"
        assert p.paragraph_format.page_break_before is True
    assert doc.paragraphs[0].style.name == "Heading 1"
    assert any(p.style.name == "Heading 3" and p.text == "Formål:" for p in doc.paragraphs)


def test_page_frame_names_the_plan_the_status_the_date_and_counts_pages():
    aftale = delaftale("ishoej-2025-29")
    doc = aabn(delaftale_docx(aftale, status="Version 2, godkendt 3/3-2026"))

    sektion = doc.sections[0]
    assert round(sektion.page_width.cm, 1) == 21.0 and round(sektion.page_height.cm, 1) == 29.7
    assert round(sektion.left_margin.cm, 1) == 2.0
    assert aftale.helhedsplan.navn in sektion.header.paragraphs[0].text
    assert str(aftale.indsatsomraade) in sektion.header.paragraphs[0].text
    fod = sektion.footer.paragraphs[0]
    assert fod.text.startswith("Version 2, godkendt 3/3-2026\tSide ")
    assert "Side " in fod.text and " af " in fod.text
    felter = [el.text.strip() for el in fod._p.iter(qn("w:instrText"))]
    assert felter == ["PAGE", "NUMPAGES"]
    assert "UDKAST" not in [p.text for p in doc.paragraphs]
    assert doc.core_properties.title == f"Delaftale for indsatsområdet {aftale.indsatsomraade}"
    assert doc.core_properties.language == "da-DK"
    assert doc.styles["Normal"].font.name == "Calibri"


def test_a_draft_says_udkast_under_the_title():
    doc = aabn(strategisk_docx(strategisk()))
    assert doc.paragraphs[0].text == "Strategisk samarbejdsaftale om boligsocial indsats"
    assert doc.paragraphs[1].text == "UDKAST"
    assert doc.sections[0].footer.paragraphs[0].text.startswith("Udkast\tSide ")


def test_free_text_becomes_paragraphs_line_breaks_lists_and_superscript_footnotes():
    doc = Document()
    broedtekst(
        doc, "Første linje\r\nanden linje\n\n- et punkt[^2]\n1. nummer et\na) bogstav\n\nSidst"
    )

    afsnit = [(p.style.name, p.text) for p in doc.paragraphs]
    assert afsnit == [
        ("Normal", "Første linje\nanden linje"),
        ("List Bullet", "et punkt2"),
        ("List Number", "1. nummer et"),
        ("List Number", "a) bogstav"),
        ("Normal", "Sidst"),
    ]
    punkt = doc.paragraphs[1]
    assert [(r.text, r.font.superscript) for r in punkt.runs] == [("et punkt", None), ("2", True)]
    # The author's own number is the item's number: Word must not add one of its own.
    assert (
        doc.paragraphs[3]._p.find(f"{qn('w:pPr')}/{qn('w:numPr')}/{qn('w:numId')}").get(qn("w:val"))
        == "0"
    )


def test_building_the_document_runs_no_queries_beyond_the_fetch(django_assert_num_queries):
    aftale = delaftale("viborg-2025-29")
    plan = strategisk()
    with django_assert_num_queries(0):
        delaftale_docx(aftale)
        strategisk_docx(plan)


def test_baseline_footnote_is_a_word_footnote_referred_to_after_the_value():
    aftale = delaftale("ishoej-2025-29")
    b = BaselineVaerdi.objects.filter(indikator__maal__aftale=aftale, fodnote__isnull=False).first()
    assert b is not None
    data = delaftale_docx(aftale)
    doc = aabn(data)
    runs = [
        p.runs
        for t in doc.tables
        for r in t.rows
        for c in r.cells
        for p in c.paragraphs
        if p.text == b.linje and p.runs
    ]
    henvisning = runs[0][-1]._r.find(qn("w:footnoteReference"))
    assert henvisning is not None
    assert fodnotetekster(data)[int(henvisning.get(qn("w:id")))] == f" {b.fodnote.tekst}"


@pytest.mark.parametrize("hvilken", ["viborg-2025-29", STRATEGISK])
def test_libreoffice_opens_the_document_and_makes_a_pdf_of_it(hvilken, tmp_path: Path):
    if hvilken == STRATEGISK:
        data, titel = strategisk_docx(strategisk()), "Strategisk samarbejdsaftale"
    else:
        aftale = delaftale(hvilken)
        data, titel = (
            delaftale_docx(aftale),
            f"Delaftale for indsatsområdet {aftale.indsatsomraade}",
        )
    docx = tmp_path / "aftale.docx"
    docx.write_bytes(data)

    # No skip when LibreOffice is missing: CI installs it (.ci/apt-packages.txt).
    koersel = subprocess.run(
        [
            "/usr/bin/soffice",
            f"-env:UserInstallation={(tmp_path / 'lo-profile').as_uri()}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(docx),
        ],
        capture_output=True,
        timeout=120,
        check=False,
    )
    assert koersel.returncode == 0, koersel.stderr
    pdf = tmp_path / "aftale.pdf"
    assert pdf.is_file()
    tekst = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"],
        capture_output=True,
        timeout=60,
        check=True,
        text=True,
    ).stdout
    assert titel in " ".join(tekst.split())


@pytest.mark.parametrize("slug", [*DELAFTALER, STRATEGISK])
def test_the_word_file_holds_what_the_pdf_holds(slug):
    """The same expected list as the PDF test (tests/dokumenttekst.py), from the database."""
    aftale = Delaftale.objects.med_indhold().filter(helhedsplan__slug=slug).first()
    aftale = aftale or strategisk()
    docx = delaftale_docx(aftale) if isinstance(aftale, Delaftale) else strategisk_docx(aftale)
    assert mangler(aftale, al_tekst(docx)) == []
