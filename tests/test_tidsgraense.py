"""A PDF that takes too long is given up after PDF_TIDSGRAENSE seconds; no worker is held."""

import time

import pytest
from django.urls import reverse

from delaftaler import dokumenter
from delaftaler.dokumenter import pdf, tidsgraense
from delaftaler.models import Delaftale

pytestmark = pytest.mark.django_db


def langsom(side: str) -> bytes:
    time.sleep(60)
    return b""


def hurtig(side: str) -> bytes:
    return b"%PDF-1.7 hurtig"


def deler_med_nul(side: str) -> bytes:
    return bytes(1 // 0)


def test_typesetting_beyond_the_time_limit_is_stopped(settings, monkeypatch):
    settings.PDF_TIDSGRAENSE = 0.5
    monkeypatch.setattr(pdf, "_typesaet", langsom)
    start = time.monotonic()
    with pytest.raises(tidsgraense.ForLangTid, match="inden for 0.5 sekunder"):
        pdf.skriv("<p>x</p>")
    assert time.monotonic() - start < 5


def test_a_document_within_the_limit_is_the_same_as_typeset_directly():
    side = "<html><body><h1>Delaftale</h1><p>4.209 beboere (6,3 %)</p></body></html>"
    fra_barn = pdf.skriv(side)
    assert fra_barn.startswith(b"%PDF")
    assert len(fra_barn) == len(pdf._typesaet(side))


def test_an_error_in_the_child_is_raised_as_itself():
    with pytest.raises(ZeroDivisionError):
        tidsgraense.koer(deler_med_nul, "x", sekunder=5)


def test_the_download_says_in_danish_that_the_document_is_too_large(
    client, leder, settings, monkeypatch
):
    settings.PDF_TIDSGRAENSE = 0.5
    monkeypatch.setattr(pdf, "_typesaet", langsom)
    aftale = Delaftale.objects.get(helhedsplan__slug="randers-2025-29")
    client.force_login(leder)
    svar = client.get(reverse("aftale_pdf", args=["randers-2025-29", aftale.pk]))
    assert svar.status_code == 503
    assert "Dokumentet kunne ikke dannes inden for 0.5 sekunder" in svar.content.decode()
    svar = client.get(reverse("helhedsplan_pdf", args=["randers-2025-29"]))
    assert svar.status_code == 503
    # Nothing half-made was cached: once typesetting is fast again, the PDF comes.
    monkeypatch.setattr(pdf, "_typesaet", hurtig)
    assert dokumenter.aftale_dokument(aftale, dokumenter.PDF).indhold == b"%PDF-1.7 hurtig"


def test_an_approval_whose_pdf_cannot_be_made_is_refused_with_a_message_and_nothing_frozen(
    client, leder, settings, monkeypatch, godkendelse_straks
):
    from django.contrib.auth import get_user_model

    from delaftaler import versioner
    from delaftaler.models import Version

    aftale = Delaftale.objects.get(helhedsplan__slug="randers-2025-29")
    Delaftale.objects.filter(pk=aftale.pk).update(revision="Revideret")  # a change to send
    versioner.indsend(aftale, leder)
    settings.PDF_TIDSGRAENSE = 0.5
    monkeypatch.setattr(pdf, "_typesaet", langsom)
    antal = Version.objects.count()
    client.force_login(get_user_model().objects.get(username="bestyrelse"))
    svar = client.post(
        reverse("behandl", args=["randers-2025-29", aftale.pk]),
        {
            "handling": "godkend",
            "moededato": "2026-11-30",
            "indsendelse": str(versioner.tilstand(aftale).indsendelse.pk),
        },
    )
    # Refused: the page again (409) with the reason and the board's typed date kept.
    assert svar.status_code == 409
    assert "kan ikke godkendes, fordi dens PDF ikke kan dannes" in svar.content.decode()
    assert 'value="2026-11-30"' in svar.content.decode()
    assert Version.objects.count() == antal
    assert versioner.tilstand(aftale).indsendelse is not None  # still with the board
