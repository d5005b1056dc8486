"""Images end to end in Debian's Chromium: the leader opens "Billeder", uploads a PNG with
caption and alt text, sees it in its section of the agreement page; an SVG is refused with
the Danish message and the typed texts kept; axe-core clean at 1280 and 390 px."""

import io
from pathlib import Path

import pytest
from PIL import Image

from billeder.behandling import MSG_FORMAT
from billeder.models import Billede
from delaftaler.models import Delaftale
from tests.test_e2e import CHROMIUM, browser, demodata  # noqa: F401 (fixtures)
from tests.test_e2e_opfoelgning import log_ind, tilgaengelig

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

SKAERMBILLEDER = Path("/tmp/e2e_billeder")  # noqa: S108 - looked at by hand, not asserted
SVG = b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><script>1</script></svg>'
TEKST = "Kort over Vorup med afdelingerne"
ALT = "Kort over boligområdet; de fire afdelinger er markeret med rødt"


@pytest.fixture(autouse=True)
def medier(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def _png(sti: Path) -> Path:
    ud = io.BytesIO()
    Image.new("RGB", (320, 200), (30, 90, 160)).save(ud, "PNG")
    sti.write_bytes(ud.getvalue())
    return sti


def _begge_bredder(side, navn: str) -> None:
    """axe at desktop and phone width, and a screenshot of each to look at."""
    SKAERMBILLEDER.mkdir(exist_ok=True)
    for bredde in (1280, 390):
        side.set_viewport_size({"width": bredde, "height": 900})
        tilgaengelig(side)
        side.screenshot(path=str(SKAERMBILLEDER / f"{navn}_{bredde}.png"), full_page=True)


def _udfyld(side, fil: Path, tekst: str) -> None:
    side.get_by_label("Billedfil", exact=False).set_input_files(str(fil))
    side.get_by_label("Afsnit", exact=False).select_option(
        label="Sammenhæng med den kommunale indsats"
    )
    side.get_by_label("Billedtekst", exact=False).fill(tekst)
    side.get_by_label("Alternativ tekst", exact=False).fill(ALT)
    side.get_by_role("button", name="Tilføj billedet").click()


def test_the_leader_adds_a_map_and_an_svg_is_refused(browser, live_server, tmp_path):  # noqa: F811
    aftale = Delaftale.objects.get(helhedsplan__slug="randers-2025-29")
    leder = log_ind(browser, live_server, "leder")
    leder.goto(live_server.url + aftale.get_absolute_url())
    leder.get_by_role("link", name="Billeder", exact=True).click()
    leder.get_by_role("heading", name="Billeder", level=1).wait_for()
    _begge_bredder(leder, "billeder_tom")
    leder.set_viewport_size({"width": 1280, "height": 900})

    # An SVG is refused at its field, with the typed caption and alt text kept.
    svg = tmp_path / "kort.svg"
    svg.write_bytes(SVG)
    _udfyld(leder, svg, "Kort som SVG")
    leder.get_by_text(MSG_FORMAT).first.wait_for()
    assert leder.get_by_label("Billedtekst", exact=False).input_value() == "Kort som SVG"
    assert leder.get_by_label("Alternativ tekst", exact=False).input_value() == ALT
    assert not Billede.objects.exists()
    _begge_bredder(leder, "billeder_svg_afvist")
    leder.set_viewport_size({"width": 1280, "height": 900})

    # A PNG is added and listed with its texts.
    _udfyld(leder, _png(tmp_path / "kort.png"), TEKST)
    leder.get_by_text("Billedet er tilføjet.").wait_for()
    assert Billede.objects.get(aftale=aftale).billedtekst == TEKST
    assert leder.get_by_role("img", name=ALT).is_visible()
    _begge_bredder(leder, "billeder_med_kort")

    # The agreement page shows it as a figure in its section, with the caption.
    leder.goto(live_server.url + aftale.get_absolute_url())
    figur = leder.locator("figure.billede")
    assert figur.locator("figcaption").inner_text() == TEKST
    assert figur.get_by_role("img", name=ALT).is_visible()
    bredde = figur.get_by_role("img", name=ALT).evaluate("i => i.naturalWidth")
    assert bredde == 320  # the image's bytes were served, not a broken link
    figur.screenshot(path=str(SKAERMBILLEDER / "aftale_figur.png"))
    _begge_bredder(leder, "aftale_med_kort")
