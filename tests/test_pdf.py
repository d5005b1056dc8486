"""The agreements as PDF: everything printed, in the template's shape, and nothing fetched."""

import io
import re
import subprocess

import pytest
from django.contrib.auth import get_user_model
from django.db.models import F
from django.urls import reverse
from pypdf import PdfReader
from weasyprint.urls import FatalURLFetchingError

from delaftaler import dokumenter
from delaftaler.dokumenter import pdf
from delaftaler.models import Delaftale, Fodnote, Helhedsplan, StrategiskAftale
from indikatorer.models import BaselineVaerdi
from tests.dokumenttekst import mangler, normaliseret

pytestmark = pytest.mark.django_db

SEEDS = [
    "ishoej-2025-29",
    "vejleaaparken-2021-25",
    "viborg-2025-29",
    "soenderborg-2021-25",
    "randers-2025-29",
]


def hent(slug: str) -> Delaftale | StrategiskAftale:
    aftale = Delaftale.objects.med_indhold().filter(helhedsplan__slug=slug).first()
    return aftale or StrategiskAftale.objects.med_indhold().get(helhedsplan__slug=slug)


def sider(indhold: bytes) -> list[str]:
    return [side.extract_text() for side in PdfReader(io.BytesIO(indhold)).pages]


@pytest.mark.parametrize("slug", SEEDS)
def test_the_pdf_holds_every_party_goal_figure_activity_staff_line_and_footnote(slug):
    aftale = hent(slug)
    indhold = pdf.aftale_pdf(aftale)
    tekst = sider(indhold)
    assert mangler(aftale, "\n".join(tekst)) == []
    # Every page carries the running header and footer, the draft mark and its number.
    for nummer, side in enumerate(tekst, start=1):
        assert normaliseret(aftale.helhedsplan.navn) in normaliseret(side)
        assert f"Side {nummer} af {len(tekst)}" in side
        assert "UDKAST" in side
    # The fonts are the app's own, embedded.
    fonte = set()
    for side in PdfReader(io.BytesIO(indhold)).pages:
        for font in side["/Resources"]["/Font"].values():
            font = font.get_object()
            fonte.add(str(font["/BaseFont"]).split("+", 1)[1])
            assert "/FontFile2" in font["/DescendantFonts"][0].get_object()["/FontDescriptor"]
    assert fonte <= {"Carlito", "Carlito-Bold", "Carlito-Italic", "Carlito-Bold-Italic"}


def test_the_delaftale_follows_the_template_order_with_its_fixed_text():
    aftale = hent("randers-2025-29")
    tekst = normaliseret("\n".join(sider(pdf.aftale_pdf(aftale))))
    etiketter = [
        "Delaftale for indsatsområdet Sammenhængskraft og medborgerskab",
        "Bestyrelsen for den boligsociale indsats har ansvar for, at denne delaftale",
        "Navn på den boligsociale indsats, som delaftalen vedrører:",
        "Delaftalen gælder fra – til:",
        "Delaftalens parter:",
        "Delmål og indikatorer for indsatsområdet",
        "Delaftalens parter og bestyrelsen har ansvar for løbende at følge op på delmålene.",
        "Delmål Indikator Baseline boligområde/målgruppe Evt. anden baseline Baseline år Datakilde",
        "Aktiviteter, som skal bidrage til indfrielsen af delmålene",
        "Medarbejderressourcer for indsatsområdet:",
        "Sammenhæng med den kommunale indsats i boligområdet:",
        "Revision af delaftalen (Eventuelle reviderede aftaler skal ikke fremsendes",
        "Aktivitetsnavn: Social vicevært",
        "Formål:",
        "Målgruppe(r):",
        "Indhold og praksis:",
        "Ansvars- og rollefordeling:",
    ]
    placering = [tekst.find(normaliseret(e)) for e in etiketter]
    assert -1 not in placering, [e for e, p in zip(etiketter, placering, strict=True) if p < 0]
    assert placering == sorted(placering)
    assert normaliseret("1/8-2025 – 31/7-2029") in tekst


def test_each_activity_schema_starts_a_page():
    aftale = hent("viborg-2025-29")
    tekst = sider(pdf.aftale_pdf(aftale))
    skemaer = [a for a in aftale.aktiviteter.all() if not a.beskrevet_i]
    assert len(skemaer) == 3
    for a in skemaer:
        (side,) = [
            s
            for s in tekst
            if f"Aktivitetsnavn:\n{a.navn}" in s or f"Aktivitetsnavn: {a.navn}" in s
        ]
        krop = side.split(aftale.helhedsplan.navn, 1)[1]
        # Nothing of the previous section above the schema on its page (bar the intro line).
        foer = krop.split("Aktivitetsnavn:", 1)[0]
        assert "Revision" not in foer and "Formål" not in foer, foer


def test_the_goal_table_header_repeats_on_every_page_it_runs_over():
    aftale = hent("randers-2025-29")
    maal = aftale.maal.first()
    for nr in range(40):
        maal.indikatorer.create(navn=f"Ekstra-{nr}", datakilde="Egen")
    tekst = sider(pdf.aftale_pdf(hent("randers-2025-29")))
    med_raekker = [s for s in tekst if "Ekstra-" in s]
    assert len(med_raekker) >= 2
    for side in med_raekker:
        assert "Evt. anden baseline" in side and "Datakilde" in side
    alle = "\n".join(tekst)
    assert sorted(int(n) for n in re.findall(r"Ekstra-(\d+)\b", alle)) == list(range(40))


def test_footnotes_stand_at_the_foot_of_the_page_that_refers_to_them():
    aftale = hent("ishoej-2025-29")
    tekst = sider(pdf.aftale_pdf(aftale))
    henvist = BaselineVaerdi.objects.filter(
        indikator__maal__aftale=aftale, fodnote__isnull=False
    ).select_related("fodnote", "omraade")
    assert henvist
    for b in henvist:
        paa_siden = [s for s in tekst if normaliseret(b.linje) in normaliseret(s)]
        assert paa_siden, b.linje
        assert any(normaliseret(b.fodnote.tekst) in normaliseret(s) for s in paa_siden), b.linje
    # The strategic agreement's 25 notes, referred to in its text, are spread over the
    # pages that refer to them (not collected at the end).
    strategisk = hent("vejleaaparken-2021-25")
    tekst = [normaliseret(s) for s in sider(pdf.aftale_pdf(strategisk))]
    sidetal = set()
    for f in strategisk.fodnoter.all():
        sider_med = {nr for nr, s in enumerate(tekst) if normaliseret(f.tekst) in s}
        assert sider_med, f.tekst
        sidetal |= sider_med
    assert len(sidetal) >= 5


def test_a_footnote_nobody_refers_to_is_printed_at_the_end():
    aftale = hent("randers-2025-29")
    Fodnote.objects.create(aftale=aftale, nummer=9, tekst="En note uden henvisning")
    tekst = "\n".join(sider(pdf.aftale_pdf(hent("randers-2025-29"))))
    assert "En note uden henvisning" in tekst


def test_markup_typed_into_a_field_is_printed_literally_and_lines_and_bullets_are_kept():
    aftale = hent("randers-2025-29")
    Delaftale.objects.filter(pk=aftale.pk).update(
        kommunal_sammenhaeng="<script>alert(1)</script> og <b>fed</b> & mere\n"
        "anden linje\n\n- første punkt\n- andet punkt"
    )
    maal = aftale.maal.first()
    maal.navn = "<i>Kursiv?</i>"
    maal.save()
    tekst = "\n".join(sider(pdf.aftale_pdf(hent("randers-2025-29"))))
    assert "<script>alert(1)</script> og <b>fed</b> & mere" in tekst
    assert "<i>Kursiv?</i>" in tekst
    assert re.search(r"mere\s*\nanden linje", tekst)
    # The bullets are drawn as list markers: poppler's pdftotext reads them back.
    med_punkter = "".join(pdftotext(pdf.aftale_pdf(hent("randers-2025-29"))))
    assert re.search(r"anden linje\n• første punkt\n• andet punkt\n", med_punkter)


def test_rendering_never_fetches_anything_but_the_apps_own_files():
    henter = pdf.LokalHenter()
    for url in [
        "http://example.com/logo.png",
        "https://fonts.googleapis.com/css?family=Roboto",
        "file:///etc/passwd",
        (pdf.MAPPE / ".." / ".." / "config" / "settings.py").as_uri(),
    ]:
        with pytest.raises(FatalURLFetchingError):
            henter.fetch(url)
    assert henter.fetch((pdf.MAPPE / "dokument.css").as_uri())
    with pytest.raises(FatalURLFetchingError):
        pdf.skriv('<html><body><img src="http://example.com/x.png"></body></html>')


def pdftotext(indhold: bytes) -> list[str]:
    """The pages' text as poppler reads it (list markers and leaders included)."""
    ud = subprocess.run(["pdftotext", "-", "-"], input=indhold, capture_output=True, check=True)
    return ud.stdout.decode().split("\f")


def test_the_helhedsplan_pdf_has_a_contents_page_and_the_delaftaler_as_annexes():
    plan = Helhedsplan.objects.get(slug="vejleaaparken-2021-25")
    # Give Vejleåparken two delaftaler (each demo plan has one agreement).
    for slug in ("ishoej-2025-29", "randers-2025-29"):
        Delaftale.objects.filter(helhedsplan__slug=slug).update(helhedsplan=plan)
    dokument = dokumenter.helhedsplan_dokument(plan)
    assert dokument.filnavn == "helhedsplan-vejleaaparken-2021-25-udkast.pdf"
    tekst = pdftotext(dokument.indhold)
    indhold = re.findall(r"^(.+?)\s*\.{3,}\s*(\d+)$", tekst[0], re.M)
    strategiske, delaftaler = dokumenter.helhedsplanens_aftaler(plan)
    assert [titel for titel, _ in indhold] == [
        "Strategisk samarbejdsaftale om boligsocial indsats, 2021–2025",
        *(
            f"Bilag {nr}: Delaftale for indsatsområdet {d.indsatsomraade}, 2025–2029"
            for nr, d in enumerate(delaftaler, start=1)
        ),
    ]
    # Each entry's page number is the page the document starts on.
    assert "Områdets navn" in tekst[int(indhold[0][1]) - 1]
    for nr, (titel, side) in enumerate(indhold[1:], start=1):
        start = tekst[int(side) - 1]
        assert f"Bilag {nr} til den strategiske samarbejdsaftale" in start
        assert normaliseret(titel.split(": ", 1)[1].rsplit(", ", 1)[0]) in normaliseret(start)
        assert f"Bilag {nr} til" not in tekst[int(side) - 2]
    hele = "\n".join(sider(dokument.indhold))  # pypdf: in content order, cell by cell
    for aftale in [*strategiske, *delaftaler]:
        assert mangler(aftale, hele) == []


def test_download_buttons_for_every_reader_and_a_repeated_download_is_not_rendered_again(
    client, monkeypatch
):
    aftale = hent("randers-2025-29")
    url = reverse("aftale_pdf", args=[aftale.helhedsplan.slug, aftale.pk])
    kald = []
    skriv = pdf.skriv
    monkeypatch.setattr(pdf, "skriv", lambda side: kald.append(1) or skriv(side))
    for rolle in ("leder", "bestyrelse"):
        client.force_login(get_user_model().objects.get(username=rolle))
        side = client.get(aftale.get_absolute_url()).content.decode()
        assert (
            url in side
            and reverse("aftale_docx", args=[aftale.helhedsplan.slug, aftale.pk]) in side
        )
        svar = client.get(url)
        assert svar.status_code == 200
        assert svar["Content-Type"] == "application/pdf"
        assert svar["Content-Disposition"] == (
            'attachment; filename="delaftale-randers-2025-29-sammenhaengskraft-og-medborgerskab-2025-08-01.pdf"'
        )
        assert svar.content.startswith(b"%PDF")
    assert len(kald) == 1
    # The browser's own copy is confirmed without sending it again.
    svar2 = client.get(url, headers={"If-None-Match": svar["ETag"]})
    assert svar2.status_code == 304 and svar2.content == b""
    # Any edit to the agreement renders it anew (an edit counts up its edit counter).
    Delaftale.objects.filter(pk=aftale.pk).update(
        revision="Ny revisionstekst", redigeringsnummer=F("redigeringsnummer") + 1
    )
    svar3 = client.get(url)
    assert len(kald) == 2 and svar3["ETag"] != svar["ETag"]
    assert "Ny revisionstekst" in "\n".join(sider(svar3.content))


def test_a_download_takes_a_fixed_number_of_queries(client, leder, django_assert_num_queries):
    aftale = hent("viborg-2025-29")
    url = reverse("aftale_pdf", args=[aftale.helhedsplan.slug, aftale.pk])
    client.force_login(leder)
    # A render: the agreement's row for its cache key, everything it shows, and its edit
    # counter again before the file is stored (dokumenter.aftale_dokument); its images: 1.
    with django_assert_num_queries(26):
        assert client.get(url).status_code == 200
    # More rows, the same queries.
    maal = aftale.maal.first()
    for nr in range(10):
        indikator = maal.indikatorer.create(navn=f"Ekstra {nr}")
        indikator.baselines.create(slags="boligomraade", antal=nr, aar=2024)
    aftale.aktiviteter.create(navn="Endnu en aktivitet")
    Delaftale.objects.filter(pk=aftale.pk).update(redigeringsnummer=F("redigeringsnummer") + 1)
    with django_assert_num_queries(26):
        assert client.get(url).status_code == 200
