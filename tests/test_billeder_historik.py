"""Saving or deleting an image goes through the agreement's edit path: one revision with a
Danish comment (shown on the history page), the background render queued, the conflict
check of the edit number."""

from __future__ import annotations

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django_tasks_db.models import DBTaskResult
from reversion.models import Revision

from billeder.models import Billede
from delaftaler.models import Aftale
from tests.test_billeder import _url, png, upload

pytestmark = pytest.mark.django_db

# One upload through the edit path (lock, checks, counter, revision, the page after it).
FORESPOERGSLER = 61


@pytest.fixture(autouse=True)
def medier(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def _historik(klient, aftale) -> str:
    url = reverse("historik", args=[aftale.helhedsplan.slug, aftale.pk])
    return klient.get(url).content.decode()


def test_adding_an_image_records_a_revision_shown_in_danish(klient, randers):
    foer = Revision.objects.count()
    assert upload(klient, randers, png(), billedtekst="Kort over Vorup").status_code == 302
    assert Revision.objects.count() == foer + 1
    revision = Revision.objects.latest("pk")
    assert revision.comment == "Billede tilføjet: Kort over Vorup"
    assert revision.user is not None
    assert "Billede tilføjet: Kort over Vorup" in _historik(klient, randers)


def _ret(b: Billede, nummer: int, billedtekst: str, alt_tekst: str) -> dict:
    """The post that changes an image's texts (its section and place kept)."""
    return {
        "handling": "ret",
        "billede": b.pk,
        "redigeringsnummer": nummer,
        f"b{b.pk}-afsnit": "kommunal",
        f"b{b.pk}-billedtekst": billedtekst,
        f"b{b.pk}-alt_tekst": alt_tekst,
        f"b{b.pk}-raekkefoelge": "1",
    }


def test_changing_and_deleting_an_image_are_revisions_too(klient, randers):
    upload(klient, randers, png(), billedtekst="Kort")
    b = Billede.objects.get(aftale=randers)
    nummer = Aftale.objects.get(pk=randers.pk).redigeringsnummer
    ret = _ret(b, nummer, "Kort, revideret", "Kort med afdelingerne")
    assert klient.post(_url(randers), ret).status_code == 302
    assert Revision.objects.latest("pk").comment == "Billede ændret: Kort"
    slet = {"handling": "slet", "billede": b.pk, "redigeringsnummer": nummer + 1}
    assert klient.post(_url(randers), slet).status_code == 302
    assert Revision.objects.latest("pk").comment == "Billede slettet: Kort, revideret"
    side = _historik(klient, randers)
    assert "Billede ændret: Kort" in side and "Billede slettet: Kort, revideret" in side


def test_an_image_save_queues_the_drafts_render(
    klient, randers, django_capture_on_commit_callbacks
):
    DBTaskResult.objects.all().delete()  # the fixture's own saves
    with django_capture_on_commit_callbacks(execute=False) as tilbage:
        upload(klient, randers, png())
    assert not DBTaskResult.objects.exists()  # nothing before the commit
    for kald in tilbage:
        kald()
    (opgave,) = DBTaskResult.objects.all()
    assert opgave.task_path == "delaftaler.dokumenter.baggrund.forny_kladde"
    assert opgave.args_kwargs["args"] == [randers.pk]


def test_a_stale_page_is_refused_with_the_typed_texts_kept(klient, randers):
    gammel = Aftale.objects.get(pk=randers.pk).redigeringsnummer
    Aftale.objects.filter(pk=randers.pk).update(redigeringsnummer=gammel + 1)
    post = {
        "handling": "tilfoej",
        "redigeringsnummer": gammel,
        "ny-afsnit": "kommunal",
        "ny-billedtekst": "Organisationsdiagram",
        "ny-alt_tekst": "Diagram over organiseringen",
        "ny-raekkefoelge": "1",
        "ny-fil": SimpleUploadedFile("d.png", png()),
    }
    svar = klient.post(_url(randers), post)
    assert svar.status_code == 409
    tekst = svar.content.decode()
    assert "ændret af en anden" in tekst and 'value="Organisationsdiagram"' in tekst
    assert not Billede.objects.filter(aftale=randers).exists()


def test_an_upload_costs_the_same_queries_however_many_images(
    klient, randers, django_assert_num_queries
):
    upload(klient, randers, png(farve=(1, 2, 3)))
    with django_assert_num_queries(FORESPOERGSLER):
        upload(klient, randers, png(farve=(4, 5, 6)))
    for farve in ((7, 8, 9), (10, 11, 12), (13, 14, 15)):
        upload(klient, randers, png(farve=farve))
    with django_assert_num_queries(FORESPOERGSLER):
        upload(klient, randers, png(farve=(16, 17, 18)))


def test_the_history_shows_what_changed_in_an_image_field_by_field(klient, randers):
    upload(klient, randers, png(), billedtekst="Kort", alt_tekst="Kort over Vorup")
    b = Billede.objects.get(aftale=randers)
    nummer = Aftale.objects.get(pk=randers.pk).redigeringsnummer
    ret = _ret(b, nummer, "Kort", "Kort over Vorup med de fire afdelinger")
    assert klient.post(_url(randers), ret).status_code == 302
    # The revisions hold the image's row: the history tells the change, not only the comment.
    (revision,) = Revision.objects.filter(comment="Billede ændret: Kort")
    assert any(v.object_id == str(b.pk) for v in revision.version_set.all())
    side = _historik(klient, randers)
    tekst = " ".join(re.sub(r"<[^>]+>", " ", side).split())
    assert "Alternativ tekst" in tekst and "med de fire afdelinger" in tekst
    tilfoejet = tekst[tekst.index("Billede tilføjet: Kort") :]
    tilfoejet = tilfoejet[: tilfoejet.find(" · ", 30) % len(tilfoejet)]
    assert "tilføjet Billede: Kort" in tilfoejet
    # Only the image: the demo's targets were recorded when they were made (load_demo).
    assert "Måltal" not in tilfoejet
    # Its file is told as the file, once; the facts behind it are not rows of their own.
    assert "SHA-256" not in tekst and "Bredde" not in tekst and "Indholdstype" not in tekst


def test_an_image_file_is_told_by_its_kind_size_and_checksum(db):
    from delaftaler.visning import skjult, vis_felt

    felter = {"indholdstype": "image/png", "bredde": 1200, "hoejde": 800, "sha256": "3f2a9c1e" * 8}
    assert vis_felt(Billede, "fil", "billeder/x/9b1d.png", felter) == (
        "PNG, 1.200 × 800 px (kontrolsum 3f2a9c1e)"
    )
    assert all(skjult(Billede, n) for n in ("sha256", "bredde", "hoejde", "indholdstype"))
    assert not skjult(Billede, "alt_tekst")
