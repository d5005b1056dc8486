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

from delaftaler import versioner
from delaftaler.models import Delaftale
from indikatorer.models import Indikator
from tests.conftest import bruger
from tests.test_e2e import CHROMIUM, browser, demodata, klik_gem  # noqa: F401 (fixtures)
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
    klik_gem(side)
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
    klik_gem(side)
    assert side.evaluate("document.activeElement.hasAttribute('data-fejloversigt')")
    assert "Formularen har 1 fejl" in side.locator("[data-fejloversigt]").inner_text()
    billede(side, f"fejloversigt-baseline-{bredde}")
    tilgaengelig(side)
    side.locator("[data-fejloversigt] a").first.click()
    assert fokus(side) == felt and i_synsfeltet(side, f"#{felt}")
    assert side.locator(f"#{felt}").input_value() == "4x,3"
    assert side.locator(f"#{felt}").evaluate("e => e.validationMessage") == ""


@pytest.mark.parametrize("bredde", BREDDER)
def test_a_saved_section_says_so_by_the_save_button_without_a_reload(
    browser,  # noqa: F811
    live_server,
    bredde,
):
    aftale = randers()
    side = log_ind(browser, live_server, bredde=bredde)
    url = live_server.url + sektion(aftale, "tekster")
    side.goto(url)
    side.evaluate("window.sammeSide = true")  # gone if the page were loaded again
    side.get_by_label("Bemærkninger").fill("En ny tekst om sammenhængen.")
    klik_gem(side)
    besked = side.locator("[data-gem-status]")
    assert besked.inner_text().startswith("Tekster er gemt kl.")
    assert side.evaluate("window.sammeSide === true") and side.url == url
    # In view (the bar with the button stays at the bottom of the window), read out through
    # the page's live region, and the focus on the new save button, not lost.
    assert besked.evaluate(
        "e => { const r = e.getBoundingClientRect(); return r.top >= 0 && r.bottom <= innerHeight; }"
    )
    side.locator("[data-meddelelse]").filter(has_text="Tekster er gemt kl.").wait_for(
        state="attached"
    )
    side.wait_for_function("document.activeElement.hasAttribute('data-gem')")
    assert Delaftale.objects.get(pk=aftale.pk).bemaerkninger == "En ny tekst om sammenhængen."
    billede(side, f"gemt-{bredde}")
    tilgaengelig(side)
    # Saved: leaving asks nothing; the way back is named as such.
    side.get_by_role("link", name="Tilbage til aftalen").click()
    side.wait_for_url(live_server.url + aftale.get_absolute_url() + "#tekster")


def test_a_save_refused_by_the_server_keeps_the_text_and_says_why(
    browser,  # noqa: F811
    live_server,
):
    """An answer that is not the edit part (the draft sent to the board meanwhile: 423; the
    session ended: the login page) replaces nothing: the text stays, the reason is given."""
    aftale = randers()
    side = log_ind(browser, live_server, bredde=1280)
    url = live_server.url + sektion(aftale, "tekster")
    side.goto(url)
    felt = side.get_by_label("Bemærkninger")
    felt.fill("Skrevet, mens den blev sendt")
    type(aftale).objects.filter(pk=aftale.pk).update(revision="Ændret af en anden")
    versioner.indsend(aftale, bruger("leder"))
    klik_gem(side)
    besked = side.locator("[data-gem-status]")
    assert "kladden er sendt til bestyrelsen" in besked.inner_text()
    assert "står stadig på siden" in besked.inner_text()
    assert felt.input_value() == "Skrevet, mens den blev sendt" and side.url == url
    side.wait_for_function("document.activeElement.hasAttribute('data-gem')")
    billede(side, "gem-afvist-1280")

    # Logged out in another tab: the login page comes back, and is not swapped in.
    side.context.clear_cookies(name="sessionid")
    klik_gem(side)
    assert "Log ind i en ny fane" in besked.inner_text()
    assert felt.input_value() == "Skrevet, mens den blev sendt"
    assert side.locator("#redigering form[data-formular]").count() == 1


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

    # Saving asks nothing, and once saved (without a reload) leaving asks nothing either.
    ja = lambda d: svar(d, True)  # noqa: E731
    side.on("dialog", ja)
    klik_gem(side)
    assert "er gemt kl." in side.locator("[data-gem-status]").inner_text()
    side.get_by_role("link", name="Mine helhedsplaner").click()
    side.wait_for_url(live_server.url + "/")
    assert dialoger == ["confirm", "beforeunload"]
    side.remove_listener("dialog", ja)

    # A save the server sends back (an error) is not saved: leaving still asks.
    side.goto(url)
    side.get_by_label("Gælder til").fill("2020-01-01")
    klik_gem(side)
    side.locator("[data-fejloversigt]").wait_for()
    side.get_by_label("Gælder til").fill(aftale.gaelder_til.isoformat())
    side.once("dialog", lambda d: svar(d, False))
    side.get_by_role("link", name="Mine helhedsplaner").click()
    side.wait_for_timeout(300)
    assert dialoger[-1] == "beforeunload" and side.url == url


# Words of letters set on more than one line without a hyphen: each piece between soft
# hyphens (where the page lets a word break with one) measured letter by letter, since a range
# that starts just after a break also covers the hyphen at the end of the line before.
BRUDTE_ORD = r"""s => { const ud = [];
  const top = (n, i) => { const r = document.createRange(); r.setStart(n, i); r.setEnd(n, i + 1);
    const k = [...r.getClientRects()].filter(x => x.width > 0); return k.length ? k[k.length - 1].top : null; };
  for (const rod of document.querySelectorAll(s)) {
    const w = document.createTreeWalker(rod, NodeFilter.SHOW_TEXT); let n;
    while ((n = w.nextNode())) { for (const m of n.data.matchAll(/\p{L}{2,}/gu)) {
      const toppe = [];
      for (let i = m.index; i < m.index + m[0].length; i++) { const t = top(n, i); if (t !== null) toppe.push(t); }
      // Letters of one line may stand a fraction of a pixel apart; a new line is a line lower.
      if (toppe.length && Math.max(...toppe) - Math.min(...toppe) > 5) ud.push(m[0]); } } }
  return ud; }"""


def test_on_a_wide_screen_no_word_in_the_delmaal_table_is_cut_without_a_hyphen(
    browser,  # noqa: F811
    live_server,
):
    # The indicator column is narrower than "Fraflytningsprocenten" at 1280 px: Chromium has no
    # Danish hyphenation dictionary here and cut it ("Fraflytningsprocen" | "ten"); the page's
    # soft hyphens let it break with a hyphen ("Fraflytnings-" | "procenten").
    side = log_ind(browser, live_server, bredde=1280)
    side.goto(live_server.url + randers().get_absolute_url())
    side.locator(".maaltabel").scroll_into_view_if_needed()
    billede(side, "maaltabel-1280")
    brudte = side.evaluate(BRUDTE_ORD, ".maaltabel tbody")
    assert brudte == [], brudte
    tekst = side.locator(".maaltabel").inner_text()
    assert "Fraflytningsprocenten" in tekst.replace("\u00ad", "")


def test_on_a_phone_words_are_hyphenated_and_dates_stay_whole(browser, live_server):  # noqa: F811
    aftale = randers()
    side = log_ind(browser, live_server, bredde=390)
    side.goto(live_server.url + aftale.get_absolute_url())
    celle = side.locator(".maaltabel tbody th").first
    assert celle.evaluate("e => getComputedStyle(e).hyphens") == "auto"
    assert celle.evaluate("e => getComputedStyle(e).overflowWrap") == "break-word"
    assert side.evaluate("document.documentElement.lang") == "da"
    # No word of letters is cut over two lines ("boligområder" | "ne").
    side.locator(".maaltabel").scroll_into_view_if_needed()
    billede(side, "maaltabel-390")
    brudte = side.evaluate(BRUDTE_ORD, ".maaltabel tbody")
    assert brudte == [], brudte
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
