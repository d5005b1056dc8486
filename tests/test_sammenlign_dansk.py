"""The compare page speaks the user's language (issue 13 §3): labels, numbers, word-level
marks, a changed party as "ændret", section headings."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from delaftaler import versioner
from delaftaler.versioner.sammenligning import aftalen, sammenlign
from indikatorer.models import BaselineVaerdi
from tests.conftest import bruger

PLAN = "randers-2025-29"


def _side(client, aftale) -> tuple[str, list]:
    client.force_login(bruger("bestyrelse"))
    svar = client.get(reverse("sammenlign", args=[PLAN, aftale.pk]) + "?fra=1&til=kladde")
    assert svar.status_code == 200
    return svar.content.decode(), svar.context["aendringer"]


@pytest.mark.django_db
def test_a_long_text_is_labelled_in_danish_and_marked_word_by_word(client, randers):
    tekst = randers.kommunal_sammenhaeng
    ord_ = tekst.split()
    randers.kommunal_sammenhaeng = tekst.replace(ord_[3], "Helsingør", 1)
    randers.save()
    html, (aendring,) = _side(client, randers)
    assert aendring.hvad == "Sammenhæng med den kommunale indsats i boligområdet"
    assert "kommunal_sammenhaeng" not in html
    assert '<span class="visually-hidden">slettet: </span>' in str(aendring.markeret)
    assert '<span class="visually-hidden">tilføjet: </span>Helsingør</ins>' in html
    assert "<h2" in html and "Stamdata og tekster" in html


@pytest.mark.django_db
def test_figures_are_danish(client, randers):
    b = BaselineVaerdi.objects.filter(indikator__maal__aftale=randers, procent__isnull=False)
    b = b.first()
    b.procent, b.procent_decimaler = Decimal("66.5"), 1
    b.save()
    html, aendringer = _side(client, randers)
    (aendring,) = aendringer
    assert aendring.efter == "66,5 %" and "," in aendring.foer
    assert aendring.hvad.endswith("› Procent") or "rocent" in aendring.hvad
    assert "66.5" not in html and "66,5 %" in html
    assert aendring.afsnit == "Delmål, indikatorer og baselines"


@pytest.mark.django_db
def test_a_party_whose_title_changed_is_changed_not_removed_and_added(client, randers):
    part = randers.parter.exclude(titel="").first() or randers.parter.first()
    gammel = part.titel
    part.titel = f"{gammel} og formand" if gammel else "Formand"
    part.save()
    _, aendringer = _side(client, randers)
    assert [a.art for a in aendringer] == ["ændret"]
    (aendring,) = aendringer
    assert aendring.hvad.endswith("› Titel") and aendring.afsnit == "Parter"
    assert aendring.efter == part.titel


@pytest.mark.django_db
def test_items_are_paired_by_similarity_only_when_alike(randers):
    foer = aftalen(versioner.snapshot(versioner.konkret(randers)))
    maal = randers.maal.first()
    maal.navn = maal.navn + " (justeret)"
    maal.save()
    randers.aktiviteter.create(navn="Helt ny aktivitet om lektiehjælp")
    efter = aftalen(versioner.snapshot(versioner.konkret(randers)))
    arter = {(a.art, a.hvad.split(" › ")[0]) for a in sammenlign(foer, efter)}
    assert ("ændret", f"Delmål »{maal.navn}«") in arter
    assert ("tilføjet", "Aktivitet »Helt ny aktivitet om lektiehjælp«") in arter
    assert not any(art == "fjernet" for art, _ in arter)
