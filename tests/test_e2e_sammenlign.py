"""The compare page in Chromium at 1280 and 390 px: Danish labels and numbers, a word-level
mark, section headings, no WCAG 2.1 A/AA violation (axe-core)."""

from __future__ import annotations

import os
from decimal import Decimal
from pathlib import Path

import pytest
from django.urls import reverse

from delaftaler.models import Delaftale
from indikatorer.models import BaselineVaerdi
from tests.test_e2e import CHROMIUM, browser, demodata  # noqa: F401 (fixtures)
from tests.test_e2e_opfoelgning import log_ind, tilgaengelig

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

SKAERMBILLEDER = Path(os.environ.get("SKAERMBILLEDER", "/tmp"))


@pytest.mark.parametrize("bredde", [1280, 390])
def test_the_board_compares_in_danish_with_words_marked(
    browser,  # noqa: F811
    live_server,
    bredde,
):
    aftale = Delaftale.objects.get(helhedsplan__slug="randers-2025-29")
    tekst = aftale.kommunal_sammenhaeng
    aftale.kommunal_sammenhaeng = tekst.replace(tekst.split()[3], "Helsingør", 1)
    aftale.save()
    b = BaselineVaerdi.objects.filter(indikator__maal__aftale=aftale, procent__isnull=False)
    baseline = b.first()
    baseline.procent, baseline.procent_decimaler = Decimal("66.5"), 1
    baseline.save()

    side = log_ind(browser, live_server, "bestyrelse")
    side.set_viewport_size({"width": bredde, "height": 900})
    url = reverse("sammenlign", args=[aftale.helhedsplan.slug, aftale.pk])
    side.goto(live_server.url + url + "?fra=1&til=kladde")
    side.get_by_role("heading", name="Stamdata og tekster").wait_for()
    assert side.get_by_role("heading", name="Delmål, indikatorer og baselines").is_visible()
    hovedindhold = side.locator("main").inner_text()
    assert "Sammenhæng med den kommunale indsats i boligområdet" in hovedindhold
    assert "kommunal_sammenhaeng" not in hovedindhold
    assert "66,5 %" in hovedindhold and "66.5" not in hovedindhold
    maerke = side.locator("ins.ordskift").first
    assert maerke.inner_text().endswith("Helsingør")
    assert "tilføjet:" in maerke.inner_text()
    tilgaengelig(side)
    side.screenshot(path=str(SKAERMBILLEDER / f"e2_sammenlign_{bredde}.png"), full_page=True)
