"""The .docx as a file: ZIP entries dated with the agreement, the same bytes for the same
state, real heading levels, Danish language and title in its properties."""

import datetime
import io
import itertools
import zipfile
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone
from docx import Document
from docx.oxml.ns import qn

from delaftaler.dokumenter.word.pakke import dateret, zipdato
from tests.worddokument import SEEDS, aabn, del_, docx, seed

pytestmark = pytest.mark.django_db

KBH = ZoneInfo("Europe/Copenhagen")


def poster(data: bytes) -> list[zipfile.ZipInfo]:
    with zipfile.ZipFile(io.BytesIO(data)) as fil:
        return fil.infolist()


@pytest.mark.parametrize("slug", ["ishoej-2025-29", "vejleaaparken-2021-25"])
def test_zip_entries_are_dated_with_the_agreements_last_change_and_the_same_state_gives_the_same_bytes(
    slug,
):
    aftale = seed(slug)
    data = docx(aftale)

    lokal = timezone.localtime(aftale.aendret)
    assert {p.date_time for p in poster(data)} == {zipdato(lokal)}
    assert zipdato(lokal)[0] >= 2025  # not python-docx's clock, not 1980 or 2000
    egenskaber = aabn(data).core_properties
    forventet = aftale.aendret.astimezone(datetime.UTC).replace(microsecond=0, tzinfo=None)
    assert egenskaber.modified.replace(tzinfo=None) == forventet
    assert egenskaber.created.replace(tzinfo=None) == forventet
    assert docx(seed(slug)) == data


def test_an_approved_versions_file_is_dated_with_its_approval():
    aftale = seed("viborg-2025-29")
    godkendt = datetime.datetime(2026, 3, 3, 19, 30, 15, tzinfo=KBH)
    data = docx(aftale, status="Version 2, godkendt af bestyrelsen · 3/3-2026", tidspunkt=godkendt)

    assert {p.date_time for p in poster(data)} == {(2026, 3, 3, 19, 30, 14)}
    assert aabn(data).core_properties.modified.replace(tzinfo=None) == datetime.datetime(
        2026, 3, 3, 18, 30, 15
    )


def test_dating_keeps_the_entries_their_order_compression_and_content():
    doc = Document()
    doc.add_paragraph("Hej")
    fil = io.BytesIO()
    doc.save(fil)
    foer = fil.getvalue()

    efter = dateret(foer, datetime.datetime(2024, 5, 17, 10, 11, 13))
    gamle, nye = poster(foer), poster(efter)
    assert [p.filename for p in nye] == [p.filename for p in gamle]
    assert [p.compress_type for p in nye] == [p.compress_type for p in gamle]
    assert {p.date_time for p in nye} == {(2024, 5, 17, 10, 11, 12)}
    with zipfile.ZipFile(io.BytesIO(foer)) as a, zipfile.ZipFile(io.BytesIO(efter)) as b:
        assert all(a.read(p) == b.read(p.filename) for p in gamle)
    assert zipdato(datetime.datetime(1970, 1, 1)) == (1980, 1, 1, 0, 0, 0)


@pytest.mark.parametrize("slug", SEEDS)
def test_headings_are_word_heading_styles_that_never_skip_a_level(slug):
    doc = aabn(docx(seed(slug)))
    niveauer = [
        int(p.style.name.removeprefix("Heading "))
        for p in doc.paragraphs
        if p.style.name.startswith("Heading ")
    ]
    assert niveauer[0] == 1 and niveauer.count(1) == 1
    assert all(b <= a + 1 for a, b in itertools.pairwise(niveauer))
    assert {2, 3} <= set(niveauer)
    # Heading text only in heading styles: no bold Normal paragraph stands in for one.
    assert all(p.style.name != "Title" for p in doc.paragraphs)


@pytest.mark.parametrize("slug", SEEDS)
def test_the_document_is_danish_and_titled_in_its_properties_and_styles(slug):
    aftale = seed(slug)
    data = docx(aftale)
    doc = aabn(data)

    assert doc.core_properties.title == doc.paragraphs[0].text
    assert doc.core_properties.language == "da-DK"
    standard = del_(data, "word/styles.xml").find(
        f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}/{qn('w:lang')}"
    )
    assert standard.get(qn("w:val")) == "da-DK"
    # No style says another language than the defaults.
    sprog = {
        el.get(qn("w:val"))
        for el in del_(data, "word/styles.xml").iter(qn("w:lang"))
        if el.get(qn("w:val"))
    }
    assert sprog == {"da-DK"}


def test_a_frozen_versions_word_file_is_dated_with_the_versions_approval(randers):
    from delaftaler import versioner
    from delaftaler.models import Aftale

    # Last changed long before: the draft's date is not the version's.
    Aftale.objects.filter(pk=randers.pk).update(aendret=datetime.datetime(2025, 1, 2, tzinfo=KBH))
    randers.refresh_from_db()
    version = versioner.registrer_godkendt(randers, datetime.date(2026, 3, 3), "Godkendt")

    dato = zipdato(timezone.localtime(version.godkendt))
    assert {p.date_time for p in poster(bytes(version.docx))} == {dato}
