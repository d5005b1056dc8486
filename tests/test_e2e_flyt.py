"""Reordering the card formsets in Debian's Chromium at 1280 and 390 px (issue 13 §2, §7):
delmål, parties, policy tables and their rows, moved by "Flyt op"/"Flyt ned" from the
keyboard, by dragging the handle ⠿ (SortableJS), and without JavaScript by typed numbers;
a nested formset moves within itself; the edit form htmx swaps in after a save is set up
again, once. axe-core checks the pages (tests/test_e2e_opfoelgning.py). Screenshots:
SKAERMBILLEDER=/tmp/billeder.
"""

import pytest
from django.urls import reverse
from django.utils.text import Truncator
from playwright.sync_api import expect

from delaftaler.models import Delaftale, StrategiskAftale
from tests.test_e2e import CHROMIUM, browser, demodata, klik_gem  # noqa: F401 (fixtures)
from tests.test_e2e_feedback import billede
from tests.test_e2e_kompakt import scriptfejl
from tests.test_e2e_opfoelgning import log_ind, tilgaengelig

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

BREDDER = [1280, 390]


def randers() -> Delaftale:
    return Delaftale.objects.get(helhedsplan__slug="randers-2025-29")


def vejle() -> StrategiskAftale:
    """A strategic agreement with two policy tables of six rows each."""
    return StrategiskAftale.objects.get(helhedsplan__slug="vejleaaparken-2021-25")


def navn(objekt) -> str:
    """A row's name as its card's legend shows it."""
    return Truncator(str(objekt)).chars(70)


def sektion(live_server, aftale, navn: str) -> str:
    return live_server.url + reverse(
        "rediger_sektion", args=[aftale.helhedsplan.slug, aftale.pk, navn]
    )


def kort(side, prefix: str):
    """The formset's own cards, not those of a formset nested in them."""
    return side.locator(f"[data-formset='{prefix}'] > [data-raekker] > .raekke")


def navne(side, prefix: str) -> list[str]:
    return kort(side, prefix).locator(":scope > legend").all_inner_texts()


def melding(side, prefix: str) -> str:
    return side.locator(f"[data-formset='{prefix}'] > [data-flyttemelding]").inner_text()


def stille(side) -> None:
    """Wait for the page to stop scrolling (Bootstrap scrolls smoothly, a focused button
    into view too): the pointer must land where the handle was measured."""
    for _ in range(50):
        foer = side.evaluate("scrollY")
        side.wait_for_timeout(100)
        if side.evaluate("scrollY") == foer:
            return


def traek(side, greb, maal) -> None:
    """Drag a card's handle onto another card above it with the mouse, a few pixels at a time
    as a hand would, until the card is in its place; a card out of view is reached by holding
    the pointer at the window's top edge while SortableJS scrolls the page."""
    greb, maal = greb.element_handle(), maal.element_handle()  # the elements, as they move
    foran = "(g, m) => !!(g.compareDocumentPosition(m) & Node.DOCUMENT_POSITION_FOLLOWING)"
    kasse = (
        "m => { const r = m.closest('.raekke').getBoundingClientRect(); return [r.top, r.bottom]; }"
    )
    # Both in view if they fit (the card on top just under the window's top edge), else the
    # handle to drag in the middle.
    maal.evaluate(
        "m => { m.closest('.raekke').scrollIntoView({block: 'start', behavior: 'instant'}); "
        "scrollBy({top: -40, behavior: 'instant'}); }"
    )
    if greb.bounding_box()["y"] > side.viewport_size["height"] - 100:  # the save bar at the foot
        greb.evaluate("g => g.scrollIntoView({block: 'center', behavior: 'instant'})")
    stille(side)
    fra = greb.bounding_box()
    x = fra["x"] + fra["width"] / 2
    y = fra["y"] + fra["height"] / 2
    side.mouse.move(x, y)
    side.mouse.down()
    for i in range(1000):
        if greb.evaluate(foran, maal):
            break
        top, bund = maal.evaluate(kasse)
        if top >= 20 and y <= bund:
            # On the card, to and fro over its upper part: SortableJS waits for the cards'
            # animation and, just after a swap, for the pointer to cross the card.
            y = top + (5, 30, 60, 30)[i % 4]
            side.mouse.move(x, y, steps=3)
        else:
            y = max(10, y - 8)
            side.mouse.move(x, y)
        side.wait_for_timeout(10 if y > 10 else 50)
    else:
        raise AssertionError(f"the card never reached its place (pointer at {y}, card at {top})")
    side.wait_for_timeout(300)  # SortableJS' animation
    side.mouse.up()


@pytest.mark.parametrize("bredde", BREDDER)
def test_flyt_op_from_the_keyboard_moves_the_second_delmaal_to_the_top(
    browser,  # noqa: F811
    live_server,
    bredde,
):
    aftale = randers()
    foerste, anden = [navn(m) for m in aftale.maal.all()]
    side = log_ind(browser, live_server, bredde=bredde)
    fejl = scriptfejl(side)
    side.goto(sektion(live_server, aftale, "maal"))
    assert navne(side, "maal") == [foerste, anden, "Ny række"]
    # With JavaScript the order fields give way to the handle and the buttons.
    assert not kort(side, "maal").first.get_by_label("Rækkefølge").is_visible()
    tilgaengelig(side)
    billede(side, f"flyt-delmaal-{bredde}")
    # From the card, Tab reaches its "Flyt op" first; the button is named by the card.
    kort(side, "maal").nth(1).focus()
    side.keyboard.press("Tab")
    knap = side.get_by_role("button", name=f"Flyt op: {anden}")
    expect(knap).to_be_focused()
    side.keyboard.press("Enter")
    assert navne(side, "maal") == [anden, foerste, "Ny række"]
    expect(knap).to_be_focused()  # focus stays on the pressed button
    assert melding(side, "maal") == "Rækken er flyttet til plads 1 af 3."
    side.keyboard.press("Enter")
    assert melding(side, "maal") == "Rækken er allerede på plads 1 af 3."
    side.wait_for_timeout(300)  # the focused button's colours mid-transition otherwise
    tilgaengelig(side)
    klik_gem(side)
    assert "er gemt" in side.content()
    assert [navn(m) for m in aftale.maal.all()] == [anden, foerste]
    # The form htmx put in place of the old one is set up like it: "Flyt ned" works.
    assert navne(side, "maal") == [anden, foerste, "Ny række"]
    side.get_by_role("button", name=f"Flyt ned: {anden}").press("Enter")
    assert navne(side, "maal") == [foerste, anden, "Ny række"]
    side.reload()
    assert navne(side, "maal") == [anden, foerste, "Ny række"]
    assert fejl == []


@pytest.mark.parametrize("bredde", BREDDER)
def test_the_third_party_dragged_to_the_top_is_first_after_saving(
    browser,  # noqa: F811
    live_server,
    bredde,
):
    aftale = randers()
    foer = [navn(p) for p in aftale.parter.all()]
    assert len(foer) == 3
    url = sektion(live_server, aftale, "parter")
    side = log_ind(browser, live_server, bredde=bredde, csp=True)
    afvist: list[str] = []
    side.on(
        "console", lambda b: afvist.append(b.text) if "Content Security Policy" in b.text else None
    )
    fejl = scriptfejl(side)
    side.goto(url)
    assert navne(side, "parter") == [*foer, "Ny række"]
    traek(
        side,
        kort(side, "parter").nth(2).locator(".greb"),
        kort(side, "parter").first.locator(".greb"),
    )
    assert navne(side, "parter") == [foer[2], foer[0], foer[1], "Ny række"]
    assert melding(side, "parter") == "Rækken er flyttet til plads 1 af 4."
    billede(side, f"flyt-parter-traekket-{bredde}")
    klik_gem(side)
    assert "er gemt" in side.content()
    assert [navn(p) for p in aftale.parter.all()] == [foer[2], foer[0], foer[1]]
    side.goto(url)
    assert navne(side, "parter") == [foer[2], foer[0], foer[1], "Ny række"]
    assert afvist == []  # SortableJS and htmx under the app's CSP
    assert fejl == []


@pytest.mark.parametrize("bredde", BREDDER)
def test_without_javascript_the_typed_numbers_set_the_order_of_the_delmaal(
    browser,  # noqa: F811
    live_server,
    bredde,
):
    aftale = randers()
    foerste, anden = [navn(m) for m in aftale.maal.all()]
    side = log_ind(browser, live_server, bredde=bredde, js=False)
    side.goto(sektion(live_server, aftale, "maal"))
    assert not kort(side, "maal").first.locator("button[data-flyt]").first.is_visible()
    assert not kort(side, "maal").first.locator(".greb").is_visible()
    kort(side, "maal").nth(0).get_by_label("Rækkefølge").fill("2")
    kort(side, "maal").nth(1).get_by_label("Rækkefølge").fill("1")
    billede(side, f"flyt-uden-js-{bredde}")
    klik_gem(side)
    assert "er gemt" in side.content()
    assert [navn(m) for m in aftale.maal.all()] == [anden, foerste]
    side.goto(sektion(live_server, aftale, "maal"))
    assert navne(side, "maal") == [anden, foerste, "Ny række"]


@pytest.mark.parametrize("bredde", BREDDER)
def test_a_policy_tables_rows_move_within_their_table_and_the_table_with_its_rows(
    browser,  # noqa: F811
    live_server,
    bredde,
):
    aftale = vejle()
    tabel1, tabel2 = aftale.politiktabeller.all()
    raekker1 = [navn(r) for r in tabel1.raekker.all()]
    raekker2 = [navn(r) for r in tabel2.raekker.all()]
    pr1, pr2 = f"pr-{tabel1.pk}", f"pr-{tabel2.pk}"
    side = log_ind(browser, live_server, bredde=bredde)
    # A window tall enough for two of these long cards: the drag without scrolling (the
    # parties' test drags out of view).
    side.set_viewport_size({"width": bredde, "height": 2000})
    fejl = scriptfejl(side)
    side.goto(sektion(live_server, aftale, "politik"))
    # The second table's first row is first of its own list: "Flyt op" leaves it there.
    kort(side, pr2).first.get_by_role("button", name="Flyt op:").press("Enter")
    assert navne(side, pr2) == [*raekker2, "Ny række"]
    assert navne(side, pr1) == [*raekker1, "Ny række"]
    assert melding(side, pr2) == f"Rækken er allerede på plads 1 af {len(raekker2) + 1}."
    assert melding(side, "pol") == ""
    # Its second row dragged to the top of its own table.
    traek(side, kort(side, pr2).nth(1).locator(".greb"), kort(side, pr2).first.locator(".greb"))
    nye2 = [raekker2[1], raekker2[0], *raekker2[2:]]
    assert navne(side, pr2) == [*nye2, "Ny række"]
    assert navne(side, pr1) == [*raekker1, "Ny række"]
    # The second table moved up from the keyboard, its rows with it.
    kort(side, "pol").nth(1).get_by_role("button", name=f"Flyt op: {navn(tabel2)}").press("Enter")
    assert navne(side, "pol") == [navn(tabel2), navn(tabel1), "Ny række"]
    assert navne(side, pr2) == [*nye2, "Ny række"]
    assert kort(side, "pol").first.locator(f"[data-formset='{pr2}']").count() == 1
    tilgaengelig(side)
    klik_gem(side)
    assert "er gemt" in side.content()
    assert list(aftale.politiktabeller.all()) == [tabel2, tabel1]
    assert [navn(r) for r in tabel2.raekker.all()] == nye2
    assert [navn(r) for r in tabel1.raekker.all()] == raekker1
    assert fejl == []


def test_a_failed_save_keeps_the_new_order_and_the_next_save_stores_it(
    browser,  # noqa: F811
    live_server,
):
    aftale = randers()
    foerste, anden = aftale.maal.all()
    side = log_ind(browser, live_server)
    side.goto(sektion(live_server, aftale, "maal"))
    side.get_by_role("button", name=f"Flyt op: {navn(anden)}").press("Enter")
    kort(side, "maal").nth(1).get_by_label("Delmål").fill("")  # the first, now second
    klik_gem(side)
    # The server shows its forms by their place on the page before; the script puts them
    # back in the order the user gave them.
    assert side.locator("[data-fejloversigt]").is_visible()
    assert navne(side, "maal") == [navn(anden), navn(foerste), "Ny række"]
    kort(side, "maal").nth(1).get_by_label("Delmål").fill(foerste.navn)
    klik_gem(side)
    assert "er gemt" in side.content()
    assert list(aftale.maal.all()) == [anden, foerste]


def test_setting_up_new_content_again_binds_nothing_twice(
    browser,  # noqa: F811
    live_server,
):
    side = log_ind(browser, live_server)
    fejl = scriptfejl(side)
    side.goto(sektion(live_server, randers(), "maal"))
    sortable = "Sortable.get(document.querySelector('[data-formset=maal] [data-raekker]'))"
    side.evaluate(f"window.foer = {sortable}")
    # htmx fires htmx:load on the content it adds, and on the body when it starts.
    side.evaluate(
        "for (const m of [document.body, document.querySelector('#formset-maal')]) "
        "m.dispatchEvent(new CustomEvent('htmx:load', {bubbles: true}))"
    )
    assert side.evaluate(f"window.foer === {sortable}")
    assert side.locator("[data-formset=maal][data-klar]").count() == 1
    side.get_by_role("button", name="Tilføj delmål").click()
    assert kort(side, "maal").count() == 4  # one row per click
    navne_foer = navne(side, "maal")
    kort(side, "maal").nth(1).get_by_role("button", name="Flyt op:").click()
    assert navne(side, "maal") == [navne_foer[1], navne_foer[0], *navne_foer[2:]]
    # Content added later, as htmx adds it: a copy of the formset, set up on its event.
    side.evaluate(
        """() => {
        const ny = document.querySelector('#formset-maal').cloneNode(true);
        ny.id = 'formset-kopi';
        ny.removeAttribute('data-klar');
        document.querySelector('#formset-maal').after(ny);
        ny.dispatchEvent(new CustomEvent('htmx:load', {bubbles: true}));
        window.kopi = ny;
        }"""
    )
    assert side.evaluate("window.kopi.hasAttribute('data-klar')")
    assert side.evaluate("Sortable.get(window.kopi.querySelector('[data-raekker]')) !== null")
    assert fejl == []
