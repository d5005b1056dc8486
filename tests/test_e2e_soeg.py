"""Search in Debian's Chromium at 1280 and 390 px: the four words of issue 13, axe-clean.

Set SOEG_SKAERMBILLEDER=DIR to keep a screenshot of each result page.
"""

import os
from pathlib import Path

import pytest
from django.urls import reverse

from delaftaler.models import Delaftale
from tests.test_e2e import browser, demodata  # noqa: F401 (fixtures)
from tests.test_e2e_opfoelgning import log_ind, tilgaengelig

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

# The word, the kind of result it must give, and the title that result links.
ORD = [
    ("Steenbjerggård", "Områder og afdelinger", "Steenbjerggård (afdeling)"),
    ("Sundhedstjek", "Aktiviteter", "Sundhedstjek"),
    ("fællesspisning", "Aktiviteter", None),
    ("Kølvrå", "Områder og afdelinger", "Kølvrå afd. 8 (afdeling)"),
]


def _skaermbillede(side, navn: str) -> None:
    if mappe := os.environ.get("SOEG_SKAERMBILLEDER"):
        Path(mappe).mkdir(parents=True, exist_ok=True)
        side.screenshot(path=Path(mappe) / f"{navn}.png", full_page=True)


@pytest.mark.parametrize("bredde", [1280, 390])
def test_the_leader_finds_the_four_words_and_reaches_the_section(
    browser,  # noqa: F811
    live_server,
    bredde,
):
    side = log_ind(browser, live_server, "leder")
    side.set_viewport_size({"width": bredde, "height": 900})
    side.goto(live_server.url + reverse("soeg"))
    tilgaengelig(side)
    soegning = side.get_by_role("search", name="Søg i dine helhedsplaner")
    for ord_, art, titel in ORD:
        felt = soegning.get_by_label("Søg i dine helhedsplaner")
        felt.fill(ord_)
        felt.press("Enter")
        status = side.get_by_role("status")
        status.wait_for()
        assert f"for »{ord_}«" in status.inner_text()
        assert not status.inner_text().startswith("Ingen")
        sektion = side.get_by_role("region", name=art, exact=False)
        assert sektion.locator("mark").first.inner_text().lower().startswith(ord_.lower()[:5])
        if titel:
            assert sektion.get_by_role("link", name=titel).count() >= 1
        tilgaengelig(side)
        _skaermbillede(side, f"soeg-{ord_}-{bredde}")

    # A result leads to its section of the agreement page.
    aktivitet = Delaftale.objects.get(helhedsplan__slug="ishoej-2025-29").aktiviteter.get(
        navn="Sundhedstjek"
    )
    side.goto(live_server.url + reverse("soeg") + "?q=Sundhedstjek")
    side.get_by_role("region", name="Aktiviteter").get_by_role(
        "link", name="Sundhedstjek", exact=True
    ).click()
    side.wait_for_url(f"**#aktivitet-{aktivitet.pk}")
    assert side.locator(f"#aktivitet-{aktivitet.pk}").is_visible()


def test_the_nav_search_box_and_a_refused_search(browser, live_server):  # noqa: F811
    side = log_ind(browser, live_server, "bestyrelse")
    side.get_by_role("search", name="Søg i helhedsplanerne").get_by_label(
        "Søg i dine helhedsplaner"
    ).fill("Kølvrå")
    side.get_by_role("search", name="Søg i helhedsplanerne").get_by_role(
        "button", name="Søg"
    ).click()
    side.get_by_role("status").wait_for()
    assert "1 resultat for »Kølvrå«" in side.get_by_role("status").inner_text()
    side.goto(live_server.url + reverse("soeg") + "?q=" + "x" * 201)
    assert "højst være 200 tegn" in side.get_by_role("alert").inner_text()
    tilgaengelig(side)
    _skaermbillede(side, "soeg-for-lang")
