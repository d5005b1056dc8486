"""The history page in Debian's Chromium at desktop and phone width: Danish labels and
numbers, a word-level mark, the pager, axe-core clean.

Set HISTORIK_SKAERMBILLEDER=DIR to keep the screenshots (else they go to pytest's tmp_path).
"""

import os
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from delaftaler.models import Delaftale
from tests.test_e2e import CHROMIUM, browser, demodata  # noqa: F401 (fixtures)
from tests.test_e2e_opfoelgning import log_ind, tilgaengelig
from tests.test_historik_side import gem, gem_mange, ret_procent

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

TEKST = (
    "Kommunen og boligorganisationen mødes hver måned og aftaler, hvordan indsatsen i "
    "boligområdet kobles til den kommunale beskæftigelsesindsats."
)


def _historik(aftale: Delaftale) -> None:
    leder = get_user_model().objects.get(username="leder")
    gem_mange(aftale, leder, 21)  # past one page

    def tekst(t: str):
        def aendr() -> None:
            a = Delaftale.objects.get(pk=aftale.pk)
            a.kommunal_sammenhaeng = t
            a.save()

        return aendr

    gem(aftale, leder, tekst(TEKST))
    gem(aftale, leder, lambda: ret_procent(aftale, "68.000", 0))
    gem(aftale, leder, lambda: ret_procent(aftale, "66.5", 1))
    gem(aftale, leder, tekst(TEKST.replace("hver måned", "hver anden uge")))


@pytest.mark.parametrize("bredde", [1280, 390])
def test_the_history_speaks_danish_and_marks_words_at_desktop_and_phone_width(
    browser,  # noqa: F811
    live_server,
    bredde,
    tmp_path,
):
    aftale = Delaftale.objects.get(helhedsplan__slug="randers-2025-29")
    _historik(aftale)
    side = log_ind(browser, live_server, "leder")
    side.set_viewport_size({"width": bredde, "height": 900})
    side.goto(live_server.url + aftale.get_absolute_url())
    mappe = Path(os.environ.get("HISTORIK_SKAERMBILLEDER") or tmp_path)
    mappe.mkdir(parents=True, exist_ok=True)
    side.locator("#maal").scroll_into_view_if_needed()
    side.screenshot(path=str(mappe / f"aftale-{bredde}.png"))
    side.get_by_role("link", name="Historik for delmål").click()
    side.get_by_role("heading", name="Historik: Mål og delmål").wait_for()
    side.goto(live_server.url + reverse("historik", args=[aftale.helhedsplan.slug, aftale.pk]))
    indhold = side.locator("main").inner_text() if side.locator("main").count() else ""
    indhold = indhold or side.locator("body").inner_text()
    assert "66,5 %" in indhold and "68 %" in indhold
    assert "Decimaler i procent" not in indhold and "Redigeringsnummer" not in indhold
    assert "Sammenhæng med den kommunale indsats i boligområdet" in indhold
    mark = side.locator("ins.ordskift").first
    assert "anden uge" in mark.inner_text()
    assert side.locator("del.ordskift").first.inner_text().endswith("måned")
    pager = side.get_by_role("navigation", name="Sider i historikken")
    assert pager.is_visible()
    tilgaengelig(side)
    side.screenshot(path=str(mappe / f"historik-{bredde}.png"), full_page=False)
    # No horizontal scrolling of the page at phone width.
    bred = side.evaluate("document.documentElement.scrollWidth")
    assert bred <= bredde + 1
    pager.get_by_role("link", name="Ældre").click()
    side.wait_for_url("**side=2")
    tilgaengelig(side)
