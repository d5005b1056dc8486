"""The yearly follow-up end to end in Debian's Chromium: import, grid, chart, report, board, LBF.

Also runs axe-core (vendored in tests/vendor/, test-only) on each follow-up page for WCAG
2.1 A/AA rules. axe is injected as a script, which the app's strict CSP forbids; the
context that runs it therefore bypasses CSP (tests/test_e2e_csp.py checks the CSP itself).
"""

import hashlib
import json
import os
import zipfile
from pathlib import Path

import pytest
from django.urls import reverse
from pypdf import PdfReader

from delaftaler.models import Delaftale
from opfoelgning.models import Maaling
from tests.test_e2e import CHROMIUM, browser, demodata  # noqa: F401 (fixtures)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

AXE = Path(__file__).parent / "vendor" / "axe.min.js"
INDIKATOR = "Fraflytningsprocenten falder (eksterne flytninger)"
CSV = (
    "indsatsomraade;delmaal;indikator;omraade;delindikator;referencegruppe;aar;antal;ud_af;"
    "procent;vaerdi;kilde;note\n"
    f"Sammenhængskraft og medborgerskab;Flere tilfredse beboere;{INDIKATOR};Vangdalen;;;2025;;;"
    "9,8;;Boligorganisationens flyttestatistik;Testrækken\n"
    f"Sammenhængskraft og medborgerskab;Flere tilfredse beboere;{INDIKATOR};Energivej-området;;;"
    "2025;;;14,9;;Boligorganisationens flyttestatistik;\n"
)


def log_ind(  # noqa: F811
    browser,  # noqa: F811
    live_server,
    navn: str = "leder",
    *,
    bredde: int = 1280,
    js: bool = True,
    csp: bool = False,
):
    """A new browser page logged in as `navn` (password "demo"), `bredde` px wide; the app's
    CSP bypassed unless `csp` (so axe-core can be injected), JavaScript on unless `js` is off."""
    kontekst = browser.new_context(
        viewport={"width": bredde, "height": 900}, bypass_csp=not csp, java_script_enabled=js
    )
    side = kontekst.new_page()
    side.set_default_timeout(20000)
    side.goto(live_server.url + reverse("login"))
    side.get_by_label("Brugernavn").fill(navn)
    side.get_by_label("Adgangskode").fill("demo")
    side.get_by_role("button", name="Log ind").click()
    side.wait_for_url(live_server.url + "/")
    return side


def tilgaengelig(side) -> None:
    """No WCAG 2.1 A/AA violation on the page, by axe-core."""
    side.add_script_tag(content=AXE.read_text())
    fund = side.evaluate(
        "async () => (await axe.run(document, {runOnly: {type: 'tag', values: "
        "['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})).violations"
        ".map(v => v.id + ': ' + v.nodes.map(n => n.target.join(' ')).join(', '))"
    )
    assert fund == [], fund


def test_the_leader_follows_up_the_board_approves_lbf_gets_the_report(
    browser,  # noqa: F811
    live_server,
    tmp_path,
):
    aftale = Delaftale.objects.get(helhedsplan__slug="randers-2025-29")
    plan = aftale.helhedsplan
    indikator = aftale.maal.get(navn="Flere tilfredse beboere").indikatorer.get(navn=INDIKATOR)

    leder = log_ind(browser, live_server, "leder")
    leder.goto(live_server.url + reverse("opfoelgning", args=[plan.slug]) + "?aar=2025")
    tilgaengelig(leder)

    # Import a CSV: the preview says what each row will do; nothing is saved before confirming.
    csv = tmp_path / "maalinger.csv"
    csv.write_text(CSV, encoding="utf-8-sig")
    leder.goto(live_server.url + reverse("indlaes_maalinger", args=[plan.slug]))
    leder.get_by_label("Fil", exact=False).first.set_input_files(str(csv))
    leder.get_by_role("button", name="Vis, hvad filen vil gøre").click()
    leder.get_by_text("Forhåndsvisning af maalinger.csv").wait_for()
    tilgaengelig(leder)
    vangdalen = Maaling.objects.get(indikator=indikator, omraade__navn="Vangdalen", aar=2025)
    assert vangdalen.procent != 9.8
    leder.get_by_role("button", name="Gem 2 målinger").click()
    leder.get_by_text("maalinger.csv:").wait_for()
    vangdalen = Maaling.objects.get(indikator=indikator, omraade__navn="Vangdalen", aar=2025)
    assert str(vangdalen.procent).rstrip("0") == "9.8"
    assert vangdalen.kilde == "Boligorganisationens flyttestatistik"

    # Correct one value in the grid; the chart and the status are on the page.
    leder.goto(live_server.url + reverse("maalinger", args=[plan.slug, indikator.pk]) + "?aar=2025")
    leder.get_by_label("Energivej-området 2025").fill("14,2 %")
    leder.get_by_role("button", name="Gem målingerne").click()
    leder.get_by_role("alert").or_(leder.get_by_role("status")).first.wait_for()
    assert leder.get_by_label("Energivej-området 2025").input_value() == "14,2 %"
    energivej = Maaling.objects.get(
        indikator=indikator, omraade__navn="Energivej-området", aar=2025
    )
    assert str(energivej.procent).rstrip("0") == "14.2"
    figur = leder.locator("figure").first
    assert figur.locator("svg, img").count() >= 1
    # The chart's text is text, drawn in Carlito (laid out with its metrics), loaded from us.
    assert figur.locator("svg text", has_text="Baseline og målt").count() == 1
    carlito = """() => document.fonts.ready.then(() => [...document.fonts].some(
        f => f.family.replaceAll('"', '') === 'Carlito' && f.status === 'loaded'))"""
    assert leder.evaluate(carlito)
    if os.environ.get("SKAERMBILLEDER"):
        figur.screenshot(path=os.path.join(os.environ["SKAERMBILLEDER"], "graf.png"))
    tilgaengelig(leder)

    # Send the 2025 report to the board.
    leder.goto(live_server.url + reverse("statusrapport", args=[plan.slug, 2025]))
    leder.get_by_role("button", name="Send til bestyrelsen").click()
    leder.get_by_text("sendt til bestyrelsen", exact=False).first.wait_for()
    tilgaengelig(leder)

    # The board approves it with the meeting date; the frozen PDF holds the figures.
    bestyrelse = log_ind(browser, live_server, "bestyrelse")
    bestyrelse.goto(live_server.url + reverse("statusrapport", args=[plan.slug, 2025]))
    tilgaengelig(bestyrelse)
    bestyrelse.get_by_label("Dato for bestyrelsesmødet").fill("2026-03-12")
    bestyrelse.get_by_role("button", name="Godkend og lås rapporten").click()
    bestyrelse.get_by_text("godkendt", exact=False).first.wait_for()
    with bestyrelse.expect_download() as hentet:
        bestyrelse.get_by_role("link", name="PDF", exact=False).last.click()
    pdf = tmp_path / "rapport.pdf"
    hentet.value.save_as(pdf)
    tekst = "\n".join(s.extract_text() for s in PdfReader(pdf).pages)
    assert "Status på delmål og indikatorer 2025" in tekst
    assert "14,2 %" in tekst and "9,8 %" in tekst

    # LBF downloads the ZIP, which holds the approved report with its checksums.
    lbf = log_ind(browser, live_server, "lbf")
    with lbf.expect_download() as hentet:
        lbf.get_by_role("link", name="Hent alle gældende aftaler (ZIP)").click()
    fil = tmp_path / "lbf.zip"
    hentet.value.save_as(fil)
    zf = zipfile.ZipFile(fil)
    manifest = json.loads(zf.read("manifest.json"))
    rapporter = [f for f in manifest["filer"] if f.get("statusrapport") == 2025]
    assert rapporter, manifest["filer"][-3:]
    for f in rapporter:
        assert hashlib.sha256(zf.read(f["fil"])).hexdigest() == f["sha256"]
    assert zf.read(next(f["fil"] for f in rapporter if f["fil"].endswith(".pdf"))) == (
        pdf.read_bytes()
    )
