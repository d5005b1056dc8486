"""'Gendan som kladde' with images: the draft gets exactly the version's images (the same
checksum-named files, texts, section and order), as one edit and one revision."""

from __future__ import annotations

import datetime
import hashlib
import json

import pytest
from django.core.files.storage import default_storage
from django.urls import reverse
from reversion.models import Revision

from billeder.models import Billede, frossen_sti
from delaftaler import versioner
from delaftaler.models import Aftale, Version
from tests.test_billeder import _url, png, upload

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def medier(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def nummer(aftale) -> int:
    return Aftale.objects.get(pk=aftale.pk).redigeringsnummer


def billeder(aftale) -> list[tuple[str, str, str, str, int]]:
    """The draft's images in their order: checksum, section, caption, alt text, place."""
    return list(
        Billede.objects.filter(aftale=aftale).values_list(
            "sha256", "afsnit", "billedtekst", "alt_tekst", "raekkefoelge"
        )
    )


def kladde(aftale) -> dict:
    return versioner.snapshot(versioner.konkret(aftale))


@pytest.fixture
def version_2(klient, randers) -> Version:
    """Randers approved with two images: a map in one section, a diagram as annex."""
    upload(klient, randers, png(), billedtekst="Kort over Vorup", alt_tekst="Kort med Vorup")
    upload(
        klient,
        randers,
        png(farve=(10, 90, 200)),
        afsnit="bilag",
        billedtekst="Organisationsdiagram",
        alt_tekst="Diagram over styregruppen og sekretariatet",
    )
    Billede.objects.filter(billedtekst="Organisationsdiagram").update(raekkefoelge=2)
    aftale = Aftale.objects.get(pk=randers.pk)
    return versioner.registrer_godkendt(aftale, datetime.date(2025, 9, 1), "Med billeder")


def ret(klient, billede: Billede, **felter) -> None:
    b = billede.pk
    post = {
        "handling": "ret",
        "billede": b,
        "redigeringsnummer": nummer(billede.aftale),
        f"b{b}-afsnit": felter.get("afsnit", billede.afsnit),
        f"b{b}-billedtekst": felter.get("billedtekst", billede.billedtekst),
        f"b{b}-alt_tekst": felter.get("alt_tekst", billede.alt_tekst),
        f"b{b}-raekkefoelge": str(felter.get("raekkefoelge", billede.raekkefoelge)),
    }
    assert klient.post(_url(billede.aftale), post).status_code == 302


def slet(klient, billede: Billede) -> None:
    post = {"handling": "slet", "billede": billede.pk, "redigeringsnummer": nummer(billede.aftale)}
    assert klient.post(_url(billede.aftale), post).status_code == 302


def gendan(klient, aftale, version: Version, redigeringsnummer: int | None = None):
    adresse = reverse("gendan", args=[aftale.helhedsplan.slug, aftale.pk, version.nummer])
    naa = nummer(aftale) if redigeringsnummer is None else redigeringsnummer
    return klient.post(adresse, {"redigeringsnummer": naa})


def assert_som_version(aftale, version: Version, foer: list) -> None:
    """The draft is the version again, images included, and counted as one edit."""
    assert kladde(aftale) == json.loads(version.json)
    assert billeder(aftale) == foer
    for b in Billede.objects.filter(aftale=aftale):
        # The version's own file: the checksum-named copy, whole.
        assert b.fil.name == frossen_sti(b.sha256, b.indholdstype)
        assert hashlib.sha256(b.indhold()).hexdigest() == b.sha256
        assert (b.bredde, b.hoejde) == (40, 30)


def test_an_image_added_since_the_version_is_removed_with_its_file(
    klient, randers, version_2, django_capture_on_commit_callbacks
):
    foer = billeder(randers)
    upload(klient, randers, png(farve=(1, 2, 3)), billedtekst="Et nyt foto")
    ny = Billede.objects.get(billedtekst="Et nyt foto")
    egen_fil = ny.fil.name
    assert default_storage.exists(egen_fil)
    with django_capture_on_commit_callbacks(execute=True):
        assert gendan(klient, randers, version_2).status_code == 302
    assert_som_version(randers, version_2, foer)
    assert not default_storage.exists(egen_fil)  # the draft's own copy went with it
    assert default_storage.exists(frossen_sti(ny.sha256, ny.indholdstype))  # never deleted


def test_a_changed_caption_alt_text_section_and_place_are_the_versions_again(
    klient, randers, version_2
):
    foer = billeder(randers)
    kort = Billede.objects.get(billedtekst="Kort over Vorup")
    ret(
        klient,
        kort,
        billedtekst="Kort, revideret",
        alt_tekst="Et andet kort",
        afsnit="bilag",
        raekkefoelge=3,
    )
    assert billeder(randers) != foer
    assert gendan(klient, randers, version_2).status_code == 302
    assert_som_version(randers, version_2, foer)


def test_a_deleted_image_comes_back_from_the_versions_copy(
    klient, randers, version_2, django_capture_on_commit_callbacks
):
    foer = billeder(randers)
    diagram = Billede.objects.get(billedtekst="Organisationsdiagram")
    with django_capture_on_commit_callbacks(execute=True):
        slet(klient, diagram)
    assert not default_storage.exists(diagram.fil.name)  # the draft's copy is gone
    assert gendan(klient, randers, version_2).status_code == 302
    assert_som_version(randers, version_2, foer)


def test_the_restore_is_one_edit_and_one_revision_and_the_page_shows_the_images(
    klient, randers, version_2
):
    foer = billeder(randers)
    upload(klient, randers, png(farve=(1, 2, 3)), billedtekst="Et nyt foto")
    slet(klient, Billede.objects.get(billedtekst="Kort over Vorup"))
    ret(klient, Billede.objects.get(billedtekst="Organisationsdiagram"), billedtekst="Diagram")
    naa, revisioner = nummer(randers), Revision.objects.count()

    svar = gendan(klient, randers, version_2, naa)

    assert svar.status_code == 302 and svar.url == reverse(
        "aftale", args=[randers.helhedsplan.slug, randers.pk]
    )
    assert_som_version(randers, version_2, foer)
    # Three images replaced, yet one edit: the revision knows the number the draft has.
    assert nummer(randers) == naa + 1
    assert Revision.objects.count() == revisioner + 1
    revision = Revision.objects.latest("pk")
    assert revision.comment == f"Gendannet fra version {version_2.nummer}"
    assert revision.user.username == "leder"
    aftale = revision.version_set.get(content_type__model="aftale")
    assert aftale.field_dict["redigeringsnummer"] == naa + 1
    side = klient.get(svar.url).content.decode()
    assert "Kladden er gendannet fra version 2" in side
    for b in Billede.objects.filter(aftale=randers):
        assert f'alt="{b.alt_tekst}"' in side
        assert f'<figcaption class="figure-caption">{b.billedtekst}</figcaption>' in side
        fil = klient.get(_url(randers, "billede", b.pk))
        assert fil.status_code == 200 and fil["Content-Type"] == "image/png"
        assert hashlib.sha256(b"".join(fil.streaming_content)).hexdigest() == b.sha256
    assert "Et nyt foto" not in side
    assert '<figcaption class="figure-caption">Diagram</figcaption>' not in side
    historik = reverse("historik", args=[randers.helhedsplan.slug, randers.pk])
    assert "Gendannet fra version 2" in klient.get(historik).content.decode()


def test_a_version_without_images_restores_to_none(
    klient, randers, django_capture_on_commit_callbacks
):
    v1 = Version.objects.get(aftale=randers, nummer=1)
    assert "billeder" not in json.loads(v1.json)["helhedsplaner"][0]["delaftaler"][0]
    upload(klient, randers, png(), billedtekst="Kort over Vorup")
    egen_fil = Billede.objects.get(aftale=randers).fil.name
    naa = nummer(randers)
    with django_capture_on_commit_callbacks(execute=True):
        assert gendan(klient, randers, v1).status_code == 302
    assert not Billede.objects.filter(aftale=randers).exists()
    assert kladde(randers) == json.loads(v1.json)
    assert nummer(randers) == naa + 1
    assert not default_storage.exists(egen_fil)


def test_a_missing_frozen_file_refuses_the_restore_and_changes_nothing(
    klient, randers, version_2, django_capture_on_commit_callbacks
):
    kort = Billede.objects.get(billedtekst="Kort over Vorup")
    ret(klient, kort, billedtekst="Kort, revideret")
    default_storage.delete(frossen_sti(kort.sha256, kort.indholdstype))  # storage lost it
    foer, naa = billeder(randers), nummer(randers)
    filer = list(Billede.objects.filter(aftale=randers).values_list("fil", flat=True))
    with django_capture_on_commit_callbacks(execute=True):
        svar = klient.post(
            reverse("gendan", args=[randers.helhedsplan.slug, randers.pk, 2]),
            {"redigeringsnummer": naa},
            follow=True,
        )
    tekst = svar.content.decode()
    assert "Version 2 kan ikke gendannes" in tekst and f"{kort.sha256}.png findes ikke" in tekst
    assert billeder(randers) == foer and nummer(randers) == naa
    assert all(default_storage.exists(f) for f in filer)  # no file deleted either


def test_a_stale_page_restores_no_images(klient, randers, version_2):
    upload(klient, randers, png(farve=(1, 2, 3)), billedtekst="Et nyt foto")
    foer, naa = billeder(randers), nummer(randers)
    assert gendan(klient, randers, version_2, naa - 1).status_code == 409
    assert billeder(randers) == foer and nummer(randers) == naa
