"""Images in agreements: upload checked by content, stored without EXIF, shown in their
section on the page, in the PDF (a tagged Figure with /Alt) and in Word (docPr descr)."""

from __future__ import annotations

import hashlib
import io
import zipfile
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image
from pypdf import PdfReader

from billeder.models import Billede, frossent_indhold
from delaftaler.dokumenter.word import delaftale_docx
from delaftaler.models import Aftale, Delaftale, StrategiskAftale, med_indhold

pytestmark = pytest.mark.django_db

GPS = 0x8825


@pytest.fixture(autouse=True)
def medier(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def png(bredde=40, hoejde=30, farve=(200, 30, 30)) -> bytes:
    ud = io.BytesIO()
    Image.new("RGB", (bredde, hoejde), farve).save(ud, "PNG")
    return ud.getvalue()


def jpeg_med_gps() -> bytes:
    billede = Image.new("RGB", (50, 20), (10, 120, 10))
    exif = Image.Exif()
    exif[0x010F] = "Kameramærke"
    exif[GPS] = {1: "N", 2: (56.0, 27.0, 36.0), 3: "E", 4: (10.0, 2.0, 24.0)}
    ud = io.BytesIO()
    billede.save(ud, "JPEG", exif=exif)
    return ud.getvalue()


def _url(aftale, navn="billeder", *ekstra):
    return reverse(navn, args=[aftale.helhedsplan.slug, aftale.pk, *ekstra])


def upload(klient, aftale, data: bytes, navn="kort.png", **felter):
    post = {
        "handling": "tilfoej",
        "ny-afsnit": felter.get("afsnit", "kommunal"),
        "ny-billedtekst": felter.get("billedtekst", "Kort over boligområdet"),
        "ny-alt_tekst": felter.get("alt_tekst", "Kort med afdelingerne markeret med rødt"),
        "ny-raekkefoelge": "1",
        "ny-fil": SimpleUploadedFile(navn, data),
    }
    return klient.post(_url(aftale), post)


def test_an_uploaded_png_is_stored_with_its_facts_and_counts_as_an_edit(klient, randers):
    foer = randers.redigeringsnummer
    svar = upload(klient, randers, png())
    assert svar.status_code == 302
    b = Billede.objects.get(aftale=randers)
    assert (b.bredde, b.hoejde, b.indholdstype) == (40, 30, "image/png")
    assert b.fil.name.startswith("billeder/randers-2025-29/") and "kort" not in b.fil.name
    assert hashlib.sha256(b.indhold()).hexdigest() == b.sha256
    assert frossent_indhold(b.sha256, b.indholdstype) == b.indhold()
    assert Aftale.objects.get(pk=randers.pk).redigeringsnummer > foer


def test_exif_and_gps_are_stripped_from_a_jpeg(klient, randers):
    data = jpeg_med_gps()
    assert GPS in Image.open(io.BytesIO(data)).getexif()  # the test image has a position
    assert upload(klient, randers, data, navn="foto.jpg").status_code == 302
    b = Billede.objects.get(aftale=randers)
    gemt = Image.open(io.BytesIO(b.indhold()))
    assert gemt.format == "JPEG" and b.indholdstype == "image/jpeg"
    assert not gemt.getexif() and b"Kamera" not in b.indhold()


@pytest.mark.parametrize(
    "data, navn, besked",
    [
        (
            b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
            "kort.svg",
            "Kun PNG og JPEG",
        ),
        (b"%PDF-1.7 ikke et billede", "kort.png", "Kun PNG og JPEG"),
        (b"GIF89a" + b"\0" * 20, "kort.png", "Kun PNG og JPEG"),
        (png(6001, 2), "bred.png", "6000 × 6000"),
        (png()[:60], "halv.png", "Kun PNG og JPEG"),
    ],
)
def test_anything_but_a_sound_png_or_jpeg_is_refused_at_the_field(
    klient, randers, data, navn, besked
):
    svar = upload(klient, randers, data, navn=navn, billedtekst="Min tekst bevares")
    assert svar.status_code == 400
    tekst = svar.content.decode()
    assert besked in tekst and "Min tekst bevares" in tekst
    assert not Billede.objects.exists()


def test_a_gif_by_content_is_refused_whatever_its_name(klient, randers):
    ud = io.BytesIO()
    Image.new("RGB", (5, 5)).save(ud, "GIF")
    assert upload(klient, randers, ud.getvalue(), navn="kort.png").status_code == 400


def test_a_file_over_5_mb_is_refused(klient, randers):
    svar = upload(klient, randers, b"\x89PNG" + b"\0" * (5 * 1024 * 1024))
    assert svar.status_code == 400 and "5 MB" in svar.content.decode()


def test_a_decompression_bomb_is_refused_before_decoding(klient, randers):
    # 6000 × 6000 is allowed; a header claiming far more pixels is refused.
    ud = io.BytesIO()
    Image.new("1", (20000, 20000)).save(ud, "PNG")
    svar = upload(klient, randers, ud.getvalue())
    assert svar.status_code == 400 and "6000 × 6000" in svar.content.decode()


def test_caption_and_alt_text_are_required_and_alt_text_at_most_250(klient, randers):
    svar = upload(klient, randers, png(), billedtekst="", alt_tekst="x" * 251)
    tekst = svar.content.decode()
    assert svar.status_code == 400 and "Udfyld »Billedtekst«" in tekst and "250" in tekst
    assert not Billede.objects.exists()


def test_a_section_of_the_other_agreement_kind_is_refused(klient, randers):
    svar = upload(klient, randers, png(), afsnit="kort")  # the strategic agreement's section
    assert svar.status_code == 400 and not Billede.objects.exists()


def test_texts_order_and_delete(klient, randers):
    upload(klient, randers, png(), billedtekst="Første")
    upload(klient, randers, png(farve=(0, 0, 200)), billedtekst="Andet")
    foerste, andet = Billede.objects.order_by("id")
    post = {
        "handling": "ret",
        "billede": foerste.pk,
        f"b{foerste.pk}-afsnit": "kommunal",
        f"b{foerste.pk}-billedtekst": "Første, rettet",
        f"b{foerste.pk}-alt_tekst": "Ny alt",
        f"b{foerste.pk}-raekkefoelge": "5",
    }
    assert klient.post(_url(randers), post).status_code == 302
    assert [b.billedtekst for b in Billede.objects.all()] == ["Andet", "Første, rettet"]
    post[f"b{foerste.pk}-alt_tekst"] = ""
    svar = klient.post(_url(randers), post)
    assert svar.status_code == 400 and "Første, rettet" in svar.content.decode()
    nummer = Aftale.objects.get(pk=randers.pk).redigeringsnummer
    assert klient.post(_url(randers), {"handling": "slet", "billede": andet.pk}).status_code == 302
    assert list(Billede.objects.all()) == [foerste]
    assert Aftale.objects.get(pk=randers.pk).redigeringsnummer == nummer + 1
    # The deleted image's frozen copy stays (a version may refer to it).
    assert frossent_indhold(andet.sha256, andet.indholdstype)


def test_the_image_is_served_to_draft_readers_only(client, klient, randers, fremmed):
    upload(klient, randers, png())
    b = Billede.objects.get()
    url = _url(randers, "billede", b.pk)
    svar = klient.get(url)
    assert svar.status_code == 200 and svar["Content-Type"] == "image/png"
    assert b"".join(svar.streaming_content) == b.indhold()
    client.force_login(get_user_model().objects.get(username="bestyrelse"))
    assert client.get(url).status_code == 200
    assert client.get(_url(randers)).status_code == 403  # the board does not edit
    client.force_login(get_user_model().objects.get(username="lbf"))
    assert client.get(url).status_code == 403
    client.force_login(fremmed)
    assert client.get(url).status_code == 404
    andens = StrategiskAftale.objects.get(helhedsplan__slug="vejleaaparken-2021-25")
    url = reverse("billede", args=[andens.helhedsplan.slug, andens.pk, b.pk])
    klient.force_login(get_user_model().objects.get(username="leder"))
    assert klient.get(url).status_code == 404  # an image of another agreement


def test_the_agreement_page_shows_a_figure_in_its_section(klient, randers):
    upload(klient, randers, png(), afsnit="kommunal")
    side = klient.get(randers.get_absolute_url()).content.decode()
    b = Billede.objects.get()
    assert _url(randers) in side  # the toolbar's link
    assert f'src="{_url(randers, "billede", b.pk)}"' in side
    assert 'alt="Kort med afdelingerne markeret med rødt"' in side
    assert "<figcaption" in side and "Kort over boligområdet</figcaption>" in side
    kommunal = side.index("Sammenhæng med den kommunale indsats")
    assert side.index("<figure") > kommunal


def _struktur(pdf: bytes) -> list[tuple[str, str]]:
    """(structure type, /Alt) of every element of the PDF's structure tree."""
    ud = []

    def gaa(node):
        node = node.get_object()
        if isinstance(node, list) or hasattr(node, "__iter__") and not hasattr(node, "get"):
            for barn in node:
                gaa(barn)
            return
        if not hasattr(node, "get"):
            return
        if "/S" in node:
            ud.append((str(node["/S"]), str(node.get("/Alt", ""))))
        kids = node.get("/K")
        if kids is not None:
            gaa(kids)

    rod: Any = PdfReader(io.BytesIO(pdf)).trailer["/Root"]
    gaa(rod["/StructTreeRoot"])
    return ud


def test_the_pdf_has_the_image_as_a_figure_with_its_alt_text(klient, randers):
    upload(klient, randers, png(), afsnit="kommunal")
    svar = klient.get(_url(randers, "aftale_pdf"))
    pdf = b"".join(svar.streaming_content) if svar.streaming else svar.content
    figurer = [alt for s, alt in _struktur(pdf) if s == "/Figure"]
    assert "Kort med afdelingerne markeret med rødt" in figurer
    tekst = "".join(side.extract_text() for side in PdfReader(io.BytesIO(pdf)).pages)
    assert "Kort over boligområdet" in tekst


def test_the_word_file_has_the_picture_with_alt_text_and_caption(klient, randers):
    upload(klient, randers, png(), afsnit="bilag", billedtekst="Organisationsdiagram")
    svar = klient.get(_url(randers, "aftale_docx"))
    docx = b"".join(svar.streaming_content) if svar.streaming else svar.content
    with zipfile.ZipFile(io.BytesIO(docx)) as z:
        xml = z.read("word/document.xml").decode()
        assert any(n.startswith("word/media/") for n in z.namelist())
    assert 'descr="Kort med afdelingerne markeret med rødt"' in xml
    assert xml.index("<w:t>Bilag</w:t>") < xml.index("Organisationsdiagram</w:t>")


def test_a_new_image_changes_the_cached_document(klient, randers):
    url = _url(randers, "aftale_pdf")
    foerste = klient.get(url)
    upload(klient, randers, png())
    anden = klient.get(url)
    assert anden["X-Dokument-Cache"] == "miss" and foerste["X-Dokument-Cache"] == "miss"


def test_the_document_query_counts_hold_with_images(klient, randers, django_assert_num_queries):
    for i in range(3):
        upload(klient, randers, png(farve=(i, 0, 0)), billedtekst=f"B{i}")
    aftale = med_indhold(randers.helhedsplan, randers.pk)
    assert isinstance(aftale, Delaftale)
    with django_assert_num_queries(0):
        delaftale_docx(aftale)


def test_the_strategic_agreement_shows_a_map_under_kort_om_boligomraadet(klient):
    aftale = StrategiskAftale.objects.get(helhedsplan__slug="vejleaaparken-2021-25")
    assert upload(klient, aftale, png(), afsnit="kort").status_code == 302
    side = klient.get(aftale.get_absolute_url()).content.decode()
    figur = side.index("<figure")
    assert side.index("1. Kort om boligområdet") < figur < side.index("2. Vision for boligområdet")
    svar = klient.get(_url(aftale, "aftale_docx"))
    docx = b"".join(svar.streaming_content) if svar.streaming else svar.content
    with zipfile.ZipFile(io.BytesIO(docx)) as z:
        xml = z.read("word/document.xml").decode()
    billede = xml.index('descr="Kort med afdelingerne markeret med rødt"')
    assert xml.index("1. Kort om boligområdet") < billede < xml.index("2. Vision for boligområdet")
