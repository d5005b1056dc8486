"""An activity's data table edited as a grid, in Debian's Chromium (issue 13 §2).

With JavaScript (static/js/datatabel.js) the textarea of aktiviteter.forms.DatatabelForm is
replaced by a table of inputs that rewrites the text the server parses; without it the
textarea works as before. axe-core checks the page at 1280 and 390 px (see
tests/test_e2e_opfoelgning.py for why that context bypasses the CSP).
Screenshots: SKAERMBILLEDER=/tmp/billeder.
"""

from decimal import Decimal

import pytest
from django.urls import reverse

from aktiviteter.models import Datatabel
from tests.test_e2e import CHROMIUM, browser, demodata, klik_gem  # noqa: F401 (fixtures)
from tests.test_e2e_feedback import billede
from tests.test_e2e_opfoelgning import log_ind, tilgaengelig

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

RAEKKE = "Kløver-/Hvedemarken"
KOLONNE = "Antal beboere 18+ (2020)"


def dataoversigt() -> Datatabel:
    return Datatabel.objects.get(
        titel="Dataoversigt", aktivitet__delaftale__helhedsplan__slug="soenderborg-2021-25"
    )


def side_for(tabel: Datatabel) -> str:
    aftale = tabel.aktivitet.delaftale
    return reverse(
        "rediger_aktivitet", args=[aftale.helhedsplan.slug, aftale.pk, tabel.aktivitet.pk]
    )


def celler(tabel: Datatabel) -> dict[tuple[str, str], Decimal | None]:
    return {
        (c.raekke.etiket, str(c.kolonne)): c.vaerdi
        for r in tabel.raekker.all()
        for c in r.celler.select_related("kolonne", "raekke")
    }


def gem(side) -> None:
    klik_gem(side)


def test_the_grid_edits_a_cell_adds_a_row_and_a_column_and_they_are_stored(
    browser,  # noqa: F811
    live_server,
):
    tabel = dataoversigt()
    foer = len(tabel.raekker.all())
    side = log_ind(browser, live_server)
    side.goto(live_server.url + side_for(tabel))
    gitter = side.get_by_role("region", name="Tabel: Dataoversigt")
    editor = side.locator("[data-datatabel-gitter]").first  # the blank extra table has its own
    tekst = side.locator("textarea[data-datatabel]")
    assert tekst.first.is_hidden()
    foer_tekst = tekst.first.input_value()
    assert gitter.get_by_label(f"{RAEKKE}, {KOLONNE}").input_value() == "648"
    tilgaengelig(side)

    # A cell: a ";" is refused with a message, and saving stops at it.
    celle = gitter.get_by_label(f"{RAEKKE}, {KOLONNE}")
    celle.fill("650;1")
    besked = side.get_by_text("Semikolon (;) kan ikke stå i tabellen", exact=False)
    besked.wait_for()
    assert celle.get_attribute("aria-invalid") == "true"
    side.get_by_role("button", name="Gem", exact=True).click()  # stopped here: no post
    assert side.evaluate("document.activeElement.getAttribute('aria-label')") == (
        f"{RAEKKE}, {KOLONNE}"
    )
    celle.fill("650")
    assert besked.count() == 0
    # The text is rewritten in the server's format, the rest as it was; the blank extra
    # table's text stays empty (or Django would take that form as filled in).
    assert tekst.first.input_value() == foer_tekst.replace(f"{RAEKKE}; 648;", f"{RAEKKE}; 650;")
    assert tekst.first.input_value() != foer_tekst
    assert tekst.nth(1).input_value() == ""

    # A column and a row; Enter moves down the column, into the new row.
    editor.get_by_role("button", name="Tilføj kolonne").click()
    gitter.get_by_label("Overskrift for kolonne 5").fill("Antal børn 0-17")
    gitter.get_by_label("År for kolonne 5").fill("2021")
    ny_kolonne = "Antal børn 0-17 (2021)"
    gitter.get_by_label(f"{RAEKKE}, {ny_kolonne}").fill("120")
    editor.get_by_role("button", name="Tilføj række").click()
    gitter.get_by_label(f"Navn på række {foer + 1}").fill("Testområdet")
    gitter.get_by_label(f"Testområdet, {KOLONNE}").fill("1.234,5")
    side.keyboard.press("Enter")  # a new row below, not a submit
    assert side.evaluate("document.activeElement.getAttribute('aria-label')") == (
        f"Række {foer + 2}, {KOLONNE}"
    )
    gitter.get_by_label(f"Testområdet, {ny_kolonne}").fill("7")
    assert side.get_by_role("button", name="Fjern række Testområdet").count() == 1
    assert side.get_by_role("button", name=f"Fjern kolonne {ny_kolonne}").count() == 1
    billede(side, "datatabel-1280")
    gem(side)
    assert "er gemt kl." in side.locator("[data-gem-status]").inner_text()

    tabel = dataoversigt()
    vaerdier = celler(tabel)
    assert vaerdier[(RAEKKE, KOLONNE)] == Decimal("650")
    assert vaerdier[(RAEKKE, ny_kolonne)] == Decimal("120")
    assert vaerdier[("Testområdet", KOLONNE)] == Decimal("1234.5")
    assert vaerdier[("Testområdet", ny_kolonne)] == Decimal("7")
    assert len(tabel.raekker.all()) == foer + 1  # the empty row from Enter is left out
    assert [str(k) for k in tabel.kolonner.all()][-1] == ny_kolonne

    # Reloaded, the grid shows what was stored.
    side.goto(live_server.url + side_for(tabel))
    assert gitter.get_by_label(f"Testområdet, {KOLONNE}").input_value() == "1234,5"
    assert gitter.get_by_label(f"{RAEKKE}, {ny_kolonne}").input_value() == "120"

    # Removing a row and a column, by their named buttons; focus stays in the grid.
    gitter.get_by_role("button", name="Fjern række Stenbjergparken").click()
    assert side.evaluate("document.activeElement.closest('[role=region]') !== null")
    gitter.get_by_role("button", name="Fjern kolonne Antal beboere 65+ (2020)").click()
    gem(side)
    assert "er gemt kl." in side.locator("[data-gem-status]").inner_text()
    tabel = dataoversigt()
    assert "Stenbjergparken" not in [r.etiket for r in tabel.raekker.all()]
    assert "Antal beboere 65+" not in [k.overskrift for k in tabel.kolonner.all()]
    assert celler(tabel)[(RAEKKE, ny_kolonne)] == Decimal("120")
    side.goto(live_server.url + side_for(tabel))

    # The server's error ("4x" is no number) shows at the field; the grid is rebuilt from
    # the posted text, the typed value kept.
    gitter.get_by_label(f"Testområdet, {ny_kolonne}").fill("4x")
    # The grid marks it already, but leaves the verdict to the server.
    assert gitter.get_by_label(f"Testområdet, {ny_kolonne}").get_attribute("aria-invalid")
    gem(side)
    side.get_by_text("”4x” i linje", exact=False).first.wait_for()
    assert gitter.get_by_label(f"Testområdet, {ny_kolonne}").input_value() == "4x"
    assert celler(dataoversigt())[("Testområdet", ny_kolonne)] == Decimal("7")
    side.locator("[data-fejloversigt] a").filter(has_text="4x").first.click()
    assert side.evaluate("document.activeElement.getAttribute('role')") == "region"
    billede(side, "datatabel-fejl-1280")

    # A phone: the grid scrolls in its own focusable region.
    side.set_viewport_size({"width": 390, "height": 900})
    gitter.scroll_into_view_if_needed()
    assert gitter.get_attribute("tabindex") == "0"
    assert side.evaluate("document.documentElement.scrollWidth") <= 390
    billede(side, "datatabel-390")
    tilgaengelig(side)


def test_without_javascript_the_table_is_typed_as_text(browser, live_server):  # noqa: F811
    tabel = dataoversigt()
    side = log_ind(browser, live_server, js=False)
    side.goto(live_server.url + side_for(tabel))
    felt = side.locator("textarea[data-datatabel]").first
    assert felt.is_visible()
    assert side.get_by_role("button", name="Tilføj kolonne").count() == 0
    tekst = felt.input_value()
    assert tekst.splitlines()[0].startswith(f"{KOLONNE}; ")
    felt.fill(tekst.replace(f"{RAEKKE}; 648;", f"{RAEKKE}; 651;"))
    felt.scroll_into_view_if_needed()
    billede(side, "datatabel-uden-js")
    gem(side)
    assert celler(dataoversigt())[(RAEKKE, KOLONNE)] == Decimal("651")


def test_the_grid_runs_under_the_apps_csp(browser, live_server):  # noqa: F811
    kontekst = browser.new_context(viewport={"width": 1280, "height": 900})  # CSP enforced
    side = kontekst.new_page()
    fejl: list[str] = []
    side.on("pageerror", lambda e: fejl.append(str(e)))
    side.on(
        "console",
        lambda m: (
            fejl.append(m.text)
            if m.type == "error" and "favicon" not in m.location.get("url", "")
            else None
        ),
    )
    side.goto(live_server.url + reverse("login"))
    side.get_by_label("Brugernavn").fill("leder")
    side.get_by_label("Adgangskode").fill("demo")
    side.get_by_role("button", name="Log ind").click()
    side.wait_for_url(live_server.url + "/")
    side.goto(live_server.url + side_for(dataoversigt()))
    side.get_by_role("region", name="Tabel: Dataoversigt").wait_for()
    side.get_by_label(f"{RAEKKE}, {KOLONNE}").fill("649")

    # A data table added by the formset's button gets its grid too, named as it is titled.
    gitre = side.locator("[data-datatabel-gitter]")
    foer = gitre.count()
    side.locator("[data-formset=dt] [data-tilfoej-raekke]").first.click()
    assert gitre.count() == foer + 1
    side.locator("[name=dt-2-titel]").fill("Nye tal")
    side.get_by_role("region", name="Tabel: Nye tal").get_by_label("Overskrift for kolonne 1").fill(
        "Antal"
    )
    assert side.locator("[name=dt-2-indhold]").input_value() == "Antal"
    assert fejl == []
