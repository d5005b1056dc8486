"""The version compare lists image changes: added, removed, caption or alt text changed,
a replaced file, matched by checksum or by section and place (issue 14 §4)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from delaftaler.versioner.sammenligning import AFSNIT, FJERNET, TILFOEJET, sammenlign
from tests.conftest import bruger
from tests.test_billeder import png, upload

SHA_A, SHA_B = "a" * 64, "b" * 64


def _billede(sha=SHA_A, **felter):
    return {
        "filnavn": f"{sha}.png",
        "sha256": sha,
        "afsnit": "kort",
        "billedtekst": "Kort over Vorup",
        "alt_tekst": "Kort med afdelingerne markeret",
        "raekkefoelge": 1,
    } | felter


def _aftale(*billeder):
    return {"navn": "Strategisk aftale", "billeder": list(billeder)}


@pytest.mark.django_db
def test_an_added_image_is_one_row_named_by_its_caption():
    (a,) = sammenlign(_aftale(), _aftale(_billede()))
    assert (a.art, a.hvad, a.afsnit) == (TILFOEJET, "Billede »Kort over Vorup«", "Billeder")
    assert "Billedtekst: Kort over Vorup" in a.efter
    assert "Kort om boligområdet" in a.efter  # the section's Danish name
    assert SHA_A * 2 not in a.efter and "Sha256" not in a.efter


@pytest.mark.django_db
def test_a_removed_image_is_one_row():
    (a,) = sammenlign(_aftale(_billede()), _aftale())
    assert (a.art, a.hvad) == (FJERNET, "Billede »Kort over Vorup«")


@pytest.mark.django_db
def test_a_caption_and_alt_text_change_are_changes_of_the_same_image():
    efter = _billede(billedtekst="Kort over Vorup 2026", alt_tekst="Nyt kort", raekkefoelge=2)
    aendringer = sammenlign(_aftale(_billede()), _aftale(efter))
    assert {a.hvad.split(" › ")[-1]: (a.foer, a.efter) for a in aendringer} == {
        "Billedtekst": ("Kort over Vorup", "Kort over Vorup 2026"),
        "Alternativ tekst": ("Kort med afdelingerne markeret", "Nyt kort"),
        "Rækkefølge": ("1", "2"),
    }
    assert all(a.afsnit == AFSNIT["billeder"] for a in aendringer)


@pytest.mark.django_db
def test_a_replaced_file_in_the_same_place_is_a_change_not_removed_and_added():
    (a,) = sammenlign(_aftale(_billede()), _aftale(_billede(SHA_B)))
    assert a.hvad == "Billede »Kort over Vorup« › Billedfil"
    assert (a.foer, a.efter) == (f"{SHA_A}.png", f"{SHA_B}.png")


@pytest.mark.django_db
def test_another_file_in_another_place_is_removed_and_added():
    aendringer = sammenlign(
        _aftale(_billede()), _aftale(_billede(SHA_B, afsnit="bilag", billedtekst="Diagram"))
    )
    assert sorted((a.art, a.hvad) for a in aendringer) == [
        (FJERNET, "Billede »Kort over Vorup«"),
        (TILFOEJET, "Billede »Diagram«"),
    ]


@pytest.mark.django_db
def test_the_compare_page_shows_an_uploaded_image(client, klient, randers, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    assert upload(klient, randers, png(), billedtekst="Kort over Vorup").status_code == 302
    client.force_login(bruger("bestyrelse"))
    url = reverse("sammenlign", args=[randers.helhedsplan.slug, randers.pk])
    svar = client.get(url + "?fra=1&til=kladde")
    assert svar.status_code == 200
    rækker = [a for a in svar.context["aendringer"] if a.afsnit == "Billeder"]
    assert [(a.art, a.hvad) for a in rækker] == [(TILFOEJET, "Billede »Kort over Vorup«")]
    assert "Billede »Kort over Vorup«" in svar.content.decode()
