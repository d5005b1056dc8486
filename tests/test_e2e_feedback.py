"""Feedback when saving, in Debian's Chromium at 1280 and 390 px (issue 13 §1 and §5).

A failed save (a share of 150 %, a baseline "4x,3") shows the error summary, focused, with
links that reach the fields and everything typed kept; a successful save shows its message
where the page lands; leaving or "Annullér" with unsaved changes asks first; on a phone
long words are hyphenated and dates do not wrap. axe-core checks each page (see
tests/test_e2e_opfoelgning.py for why that context bypasses the CSP).
Screenshots: SKAERMBILLEDER=/tmp/billeder.
"""

import os
from pathlib import Path

import pytest
from django.urls import reverse

from delaftaler.models import Delaftale
from indikatorer.models import Indikator
from tests.test_e2e import CHROMIUM, browser, demodata  # noqa: F401 (fixtures)
from tests.test_e2e_opfoelgning import log_ind, tilgaengelig

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

BREDDER = [1280, 390]


def billede(side, navn: str) -> None:
    if mappe := os.environ.get("SKAERMBILLEDER"):
        side.screenshot(path=Path(mappe) / f"{navn}.png")


def i_synsfeltet(side, selektor: str) -> bool:
    return side.evaluate(
        """s => { const r = document.querySelector(s).getBoundingClientRect();
        return r.top >= 0 && r.top < window.innerHeight && r.height > 0; }""",
        selektor,
    )


def fokus(side) -> str:
    return side.evaluate("document.activeElement.id || document.activeElement.name || ''")


def randers() -> Delaftale:
    return Delaftale.objects.get(helhedsplan__slug="randers-2025-29")


def sektion(aftale: Delaftale, navn: str) -> str:
    return reverse("rediger_sektion", args=[aftale.helhedsplan.slug, aftale.pk, navn])


@pytest.mark.parametrize("bredde", BREDDER)
def test_a_failed_save_shows_the_focused_summary_whose_links_reach_the_fields(
    browser,  # noqa: F811
    live_server,
    bredde,
):
    aftale = randers()
    side = log_ind(browser, live_server, bredde=bredde)

    # A share of 150 %.
    side.goto(live_server.url + sektion(aftale, "ressourcer"))
    side.locator("[name=res-0-maengde]").fill("150")
    side.locator("[name=res-0-enhed]").select_option("procent")
    side.locator("[name=t-ressourcer_tekst]").fill("Skrevet, før jeg gemte")
    side.get_by_role("button", name="Gem", exact=True).click()
    side.wait_for_load_state()
    oversigt = side.locator("[data-fejloversigt]")
    assert "Formularen har 1 fejl" in oversigt.inner_text()
    assert side.evaluate("document.activeElement.hasAttribute('data-fejloversigt')")
    assert i_synsfeltet(side, "[data-fejloversigt]")
    billede(side, f"fejloversigt-ressourcer-{bredde}")
    tilgaengelig(side)
    oversigt.get_by_role("link", name="Andel").click()
    assert fokus(side) == "id_res-0-maengde" and i_synsfeltet(side, "#id_res-0-maengde")
    assert side.locator("#id_res-0-maengde").input_value() == "150"
    assert side.locator("[name=t-ressourcer_tekst]").input_value() == "Skrevet, før jeg gemte"

    # A baseline "4x,3": the link reaches the field on the baseline page.
    indikator = Indikator.objects.get(maal__aftale=aftale, navn__startswith="Fraflytning")
    args = [aftale.helhedsplan.slug, aftale.pk, indikator.maal_id, indikator.pk]
    side.goto(live_server.url + reverse("rediger_baselines", args=args))
    felt = f"id_bl-{indikator.pk}-0-procent"
    side.locator(f"#{felt}").fill("4x,3")
    side.get_by_role("button", name="Gem", exact=True).click()
    side.wait_for_load_state()
    assert side.evaluate("document.activeElement.hasAttribute('data-fejloversigt')")
    assert "Formularen har 1 fejl" in side.locator("[data-fejloversigt]").inner_text()
    billede(side, f"fejloversigt-baseline-{bredde}")
    tilgaengelig(side)
    side.locator("[data-fejloversigt] a").first.click()
    assert fokus(side) == felt and i_synsfeltet(side, f"#{felt}")
    assert side.locator(f"#{felt}").input_value() == "4x,3"
    assert side.locator(f"#{felt}").evaluate("e => e.validationMessage") == ""


@pytest.mark.parametrize("bredde", BREDDER)
def test_a_saved_section_shows_its_message_where_the_page_lands(
    browser,  # noqa: F811
    live_server,
    bredde,
):
    aftale = randers()
    side = log_ind(browser, live_server, bredde=bredde)
    side.goto(live_server.url + sektion(aftale, "tekster"))
    side.locator("textarea").first.fill("En ny tekst om sammenhængen.")
    side.get_by_role("button", name="Gem", exact=True).click()
    side.wait_for_url("**#tekster")
    besked = side.get_by_role("status").filter(has_text="Tekster er gemt.")
    besked.wait_for()
    assert besked.evaluate("e => e.previousElementSibling.id") == "tekster"
    assert besked.evaluate(
        "e => { const r = e.getBoundingClientRect(); return r.top >= 0 && r.bottom <= innerHeight; }"
    )
    billede(side, f"gemt-{bredde}")
    tilgaengelig(side)


def test_leaving_with_unsaved_changes_asks_first_and_saving_does_not(
    browser,  # noqa: F811
    live_server,
):
    aftale = randers()
    side = log_ind(browser, live_server, bredde=1280)
    url = live_server.url + sektion(aftale, "stamdata")
    side.goto(url)
    dialoger: list[str] = []

    def svar(dialog, accepter: bool) -> None:
        dialoger.append(dialog.type)
        dialog.accept() if accepter else dialog.dismiss()

    # Nothing changed: "Annullér" leaves without a question.
    side.get_by_role("link", name="Annullér").click()
    side.wait_for_url(live_server.url + aftale.get_absolute_url() + "#stamdata")
    assert dialoger == []

    # Changed: "Annullér" asks; saying no keeps the page and the text.
    side.goto(url)
    side.get_by_label("Navn på den boligsociale indsats").fill("Et navn, jeg ikke vil miste")
    side.once("dialog", lambda d: svar(d, False))
    side.get_by_role("link", name="Annullér").click()
    assert dialoger == ["confirm"] and side.url == url
    assert side.get_by_label("Navn på den boligsociale indsats").input_value().startswith("Et navn")

    # Leaving by another link asks too (beforeunload); staying keeps the page.
    side.once("dialog", lambda d: svar(d, False))
    side.get_by_role("link", name="Mine helhedsplaner").click()
    side.wait_for_timeout(300)
    assert dialoger == ["confirm", "beforeunload"] and side.url == url

    # Saving asks nothing.
    side.on("dialog", lambda d: svar(d, True))
    side.get_by_role("button", name="Gem", exact=True).click()
    side.wait_for_url("**#stamdata")
    assert dialoger == ["confirm", "beforeunload"]


BRUDTE_ORD = r"""s => { const ud = [];
  for (const rod of document.querySelectorAll(s)) {
    const w = document.createTreeWalker(rod, NodeFilter.SHOW_TEXT); let n;
    while ((n = w.nextNode())) { for (const m of n.data.matchAll(/\p{L}{2,}/gu)) {
      const r = document.createRange(); r.setStart(n, m.index); r.setEnd(n, m.index + m[0].length);
      const linjer = new Set([...r.getClientRects()].filter(x => x.width > 0).map(x => Math.round(x.top)));
      if (linjer.size > 1) ud.push(m[0]); } } }
  return ud; }"""


def test_on_a_phone_words_are_hyphenated_and_dates_stay_whole(browser, live_server):  # noqa: F811
    aftale = randers()
    side = log_ind(browser, live_server, bredde=390)
    side.goto(live_server.url + aftale.get_absolute_url())
    celle = side.locator(".maaltabel tbody th").first
    assert celle.evaluate("e => getComputedStyle(e).hyphens") == "auto"
    assert celle.evaluate("e => getComputedStyle(e).overflowWrap") == "break-word"
    assert side.evaluate("document.documentElement.lang") == "da"
    # No word of letters is cut over two lines ("boligområder" | "ne").
    brudte = side.evaluate(BRUDTE_ORD, ".maaltabel tbody")
    assert brudte == [], brudte
    billede(side, "maaltabel-390")
    side.goto(live_server.url + reverse("versioner", args=[aftale.helhedsplan.slug, aftale.pk]))
    dato = side.locator("td.dato").first
    assert dato.evaluate("e => getComputedStyle(e).whiteSpace") == "nowrap"
    linjer = dato.evaluate(
        """e => { const r = document.createRange(); const t = e.firstChild;
        const m = /\\d+\\/\\d+-\\d{4}/.exec(t.data); r.setStart(t, m.index);
        r.setEnd(t, m.index + m[0].length);
        return new Set([...r.getClientRects()].map(x => Math.round(x.top))).size; }"""
    )
    assert linjer == 1
    billede(side, "versioner-390")
