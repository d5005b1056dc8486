"""Compact editing in Debian's Chromium at 1280 and 390 px (issue 13 §2): baselines and staff
lines as table rows, reordered by dragging (SortableJS) and saved without a page reload
(htmx), by "Flyt op" from the keyboard, and without JavaScript by typed numbers; staff conversions shown as they are typed.
axe-core checks each page (tests/test_e2e_opfoelgning.py). Screenshots:
SKAERMBILLEDER=/tmp/billeder.
"""

from decimal import Decimal

import pytest
from django.urls import reverse

from delaftaler.models import Delaftale
from indikatorer.models import Indikator
from tests.test_e2e import CHROMIUM, browser, demodata, klik_gem  # noqa: F401 (fixtures)
from tests.test_e2e_feedback import billede
from tests.test_e2e_opfoelgning import log_ind, tilgaengelig

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

BREDDER = [1280, 390]
MAERKE = "77,7"  # the new baseline's share: how the test finds it again


def scriptfejl(side) -> list[str]:
    """The page's uncaught script errors, collected from now on."""
    fejl: list[str] = []
    side.on("pageerror", lambda f: fejl.append(str(f)))
    return fejl


def randers() -> Delaftale:
    return Delaftale.objects.get(helhedsplan__slug="randers-2025-29")


def indikator_og_side() -> tuple[Indikator, str]:
    """An indicator of Randers with a few baselines, and its baseline page."""
    aftale = randers()
    indikator = Indikator.objects.get(maal__aftale=aftale, navn__startswith="Fraflytning")
    assert 2 <= indikator.baselines.count() <= 10
    args = [aftale.helhedsplan.slug, aftale.pk, indikator.maal_id, indikator.pk]
    return indikator, reverse("rediger_baselines", args=args)


def tabel(side, indikator: Indikator):
    return side.locator(f"[data-formset='bl-{indikator.pk}']")


def procenter(side, indikator: Indikator) -> list[str]:
    felter = tabel(side, indikator).locator("tbody[data-raekke] td.kolonne-procent input")
    return [felter.nth(i).input_value() for i in range(felter.count())]


def ny_baseline(side, indikator: Indikator):
    """Add a row with "Tilføj baselineværdi" and fill it in; returns the new row."""
    tabel(side, indikator).get_by_role("button", name="Tilføj baselineværdi").click()
    sidste = tabel(side, indikator).locator("tbody[data-raekke]").last
    raekke = side.locator(f"#{sidste.get_attribute('id')}")  # found by id after it moves
    raekke.locator("td.kolonne-procent input").fill(MAERKE)
    raekke.locator("td.kolonne-aar input").fill("2024")
    return raekke


def traek(side, greb, maal) -> None:
    """Drag a handle onto another with the mouse, a few pixels at a time as a hand would
    (the table in the middle of the window: both handles in view)."""
    tabel = greb.locator("xpath=ancestor::table")
    tabel.evaluate("t => t.scrollIntoView({block: 'center', inline: 'start', behavior: 'instant'})")
    fra, til = greb.bounding_box(), maal.bounding_box()
    x = fra["x"] + fra["width"] / 2
    side.mouse.move(x, fra["y"] + fra["height"] / 2)
    side.mouse.down()
    for y in range(int(fra["y"]), int(til["y"]), -8):
        side.mouse.move(x, y)
        side.wait_for_timeout(10)
    side.mouse.move(x, til["y"] + 2, steps=5)
    side.wait_for_timeout(300)  # SortableJS' animation
    side.mouse.up()


def gem_og_genindlaes(side, url: str) -> None:
    """Save (without a page reload when JavaScript runs), then open the page afresh."""
    klik_gem(side)
    assert "er gemt" in side.content()
    side.goto(url)


@pytest.mark.parametrize("bredde", BREDDER)
def test_a_new_baseline_dragged_to_the_top_is_first_after_saving(
    browser,  # noqa: F811
    live_server,
    bredde,
):
    indikator, sti = indikator_og_side()
    url = live_server.url + sti
    side = log_ind(browser, live_server, bredde=bredde, csp=True)
    afvist: list[str] = []
    side.on(
        "console", lambda b: afvist.append(b.text) if "Content Security Policy" in b.text else None
    )
    fejl = scriptfejl(side)
    side.goto(url)
    foer = procenter(side, indikator)
    # With JavaScript the order numbers give way to a handle and the buttons.
    assert not tabel(side, indikator).locator("input[name$='-ORDER']").first.is_visible()
    raekke = ny_baseline(side, indikator)
    foerste = tabel(side, indikator).locator("tbody[data-raekke]").first
    traek(side, raekke.locator(".greb"), foerste.locator(".greb"))
    assert procenter(side, indikator)[0] == MAERKE
    billede(side, f"kompakt-traekket-{bredde}")
    # Saved without a reload: the page stays (a mark set on it survives), the table is
    # the server's as saved, in the new order, with the message by the button.
    side.evaluate("window.sammeSide = true")
    klik_gem(side)
    assert side.evaluate("window.sammeSide === true") and side.url == url
    assert side.locator("[data-gem-status]").inner_text().startswith("Baselines: ")
    assert procenter(side, indikator) == [MAERKE, *foer]
    gemte = list(indikator.baselines.order_by("raekkefoelge").values_list("procent", flat=True))
    assert gemte[0] == Decimal("77.7") and len(gemte) == len(foer)
    billede(side, f"kompakt-gemt-{bredde}")  # axe after a save: the "Flyt op" test (no CSP)
    # The new form works like the first (its script set up again): a row added and moved
    # to the top with "Flyt op", saved again without a reload.
    ny = ny_baseline(side, indikator)
    ny.locator("td.kolonne-procent input").fill("11,1")
    ny.get_by_role("button", name="Flyt op").focus()
    for _ in range(len(foer) + 1):
        side.keyboard.press("Enter")
    klik_gem(side)
    assert side.evaluate("window.sammeSide === true")
    assert procenter(side, indikator)[:2] == ["11,1", MAERKE]
    side.goto(url)
    assert procenter(side, indikator) == ["11,1", MAERKE, *foer]
    assert afvist == []  # the vendored SortableJS and htmx run under the app's CSP
    assert fejl == []


@pytest.mark.parametrize("bredde", BREDDER)
def test_flyt_op_from_the_keyboard_moves_a_baseline_to_the_top(
    browser,  # noqa: F811
    live_server,
    bredde,
):
    indikator, sti = indikator_og_side()
    url = live_server.url + sti
    side = log_ind(browser, live_server, bredde=bredde)
    fejl = scriptfejl(side)
    side.goto(url)
    foer = procenter(side, indikator)  # the saved rows, and the blank one
    tilgaengelig(side)
    billede(side, f"kompakt-baselines-{bredde}")
    raekke = ny_baseline(side, indikator)
    knap = raekke.get_by_role("button", name="Flyt op")
    knap.focus()
    for _ in foer:
        side.keyboard.press("Enter")
    assert procenter(side, indikator)[0] == MAERKE
    assert side.evaluate("document.activeElement.dataset.flyt") == "op"  # focus stays
    melding = tabel(side, indikator).locator("[data-flyttemelding]")
    assert melding.text_content() == f"Rækken er flyttet til plads 1 af {len(foer) + 1}."
    # "Flyt ned" and back up: the buttons move one place at a time.
    raekke.get_by_role("button", name="Flyt ned").press("Enter")
    assert procenter(side, indikator)[1] == MAERKE
    raekke.get_by_role("button", name="Flyt op").press("Enter")
    side.mouse.move(0, 0)  # off "Tilføj baselineværdi", clicked above: not its hover colours
    side.wait_for_timeout(300)  # mid-transition between them
    tilgaengelig(side)
    assert fejl == []
    klik_gem(side)
    tilgaengelig(side)  # the page as saved, swapped in by htmx
    side.goto(url)
    assert procenter(side, indikator) == [MAERKE, *foer]


@pytest.mark.parametrize("bredde", BREDDER)
def test_without_javascript_the_typed_numbers_set_the_order(
    browser,  # noqa: F811
    live_server,
    bredde,
):
    indikator, sti = indikator_og_side()
    url = live_server.url + sti
    side = log_ind(browser, live_server, bredde=bredde, js=False)
    side.goto(url)
    foer = procenter(side, indikator)
    raekker = tabel(side, indikator).locator("tbody[data-raekke]")
    assert foer[-1] == "" and raekker.count() == len(foer)  # the last is the blank row
    assert not tabel(side, indikator).locator("button[data-flyt]").first.is_visible()
    for i in range(len(foer) - 1):
        raekker.nth(i).get_by_label("Rækkefølge").fill(str(i + 2))
    ny = raekker.last
    ny.locator("td.kolonne-procent input").fill(MAERKE)
    ny.locator("td.kolonne-aar input").fill("2024")
    ny.get_by_label("Rækkefølge").fill("1")
    billede(side, f"kompakt-uden-js-{bredde}")
    gem_og_genindlaes(side, url)
    assert procenter(side, indikator) == [MAERKE, *foer]


@pytest.mark.parametrize("bredde", BREDDER)
def test_staff_lines_show_their_conversions_as_they_are_typed(
    browser,  # noqa: F811
    live_server,
    bredde,
):
    aftale = randers()
    side = log_ind(browser, live_server, bredde=bredde)
    side.goto(
        live_server.url
        + reverse("rediger_sektion", args=[aftale.helhedsplan.slug, aftale.pk, "ressourcer"])
    )
    fejl = scriptfejl(side)
    side.reload()
    raekke = side.locator("[data-formset='res'] tbody[data-raekke]").first
    ud = raekke.locator("output[data-omregning-tekst]")
    raekke.locator("[name=res-0-enhed]").select_option("procent")
    raekke.locator("[name=res-0-kontrakt_timer_uge]").fill("")
    raekke.locator("[name=res-0-maengde]").fill("50")
    assert ud.inner_text() == "50 % · 18,5 t./uge · 962 t./år"
    raekke.locator("[name=res-0-enhed]").select_option("timer_aar")
    raekke.locator("[name=res-0-maengde]").fill("1.924")
    assert ud.inner_text() == "100 % · 37 t./uge · 1.924 t./år"
    raekke.locator("[name=res-0-enhed]").select_option("timer_uge")
    raekke.locator("[name=res-0-kontrakt_timer_uge]").fill("30")
    raekke.locator("[name=res-0-maengde]").fill("10")
    assert ud.inner_text() == "33,3 % · 10 t./uge · 520 t./år"
    raekke.locator("[name=res-0-maengde]").fill("x")
    assert ud.inner_text() == ""
    # The sideways scrolling region is reachable from the keyboard.
    region = side.locator("[data-formset='res'] [role=region]")
    assert region.get_attribute("tabindex") == "0"
    region.focus()
    assert side.evaluate("document.activeElement.getAttribute('role')") == "region"
    billede(side, f"kompakt-ressourcer-{bredde}")
    tilgaengelig(side)
    assert fejl == []


def test_a_folded_rows_summary_shows_while_closed_and_gives_way_to_its_fields(
    browser,  # noqa: F811
    live_server,
):
    indikator, url = indikator_og_side()
    side = log_ind(browser, live_server, "leder")
    side.goto(live_server.url + url)
    resume = tabel(side, indikator).locator(".foldet-indhold", has_text="Referencegruppe")
    foerste = resume.first
    assert foerste.is_visible()
    assert "Kolonne: Evt. anden baseline" in foerste.inner_text()
    foerste.locator("xpath=ancestor::summary").click()  # open: the fields say it
    assert foerste.is_hidden()
    raekke = foerste.locator("xpath=ancestor::tbody")
    assert raekke.get_by_label("Referencegruppe").is_visible()
