"""The approval round trip in Debian's Chromium with a real SMTP server on loopback.

The leader changes the Randers delaftale and sends it; the board member gets the mail and
finds the draft under "Til mig"; the board sends it back with a comment; the leader gets
the comment by mail and sees it on the start page and the agreement page, fixes the
agreement and sends it again; the board approves; the leader is told.
"""

import pytest
from django.urls import reverse

from delaftaler.models import Delaftale, Version
from tests.test_e2e import CHROMIUM, browser, demodata, klik_gem, log_ind  # noqa: F401 (fixtures)
from tests.test_varsler_smtp import emne, smtp  # noqa: F401 (fixture)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

KOMMENTAR = "Mottoet mangler; skriv det, før vi godkender."


def aendr_motto(side, live_server, aftale, motto: str) -> None:
    side.goto(live_server.url + aftale.get_absolute_url())
    side.get_by_role("link", name="Redigér navn og periode").click()
    side.get_by_label("Motto").fill(motto)
    klik_gem(side)
    side.get_by_role("link", name="Tilbage til aftalen").click()
    side.wait_for_url(live_server.url + aftale.get_absolute_url() + "*")


def post_til(server, adresse: str) -> list:
    return server.postkasse.til(adresse)


@pytest.mark.usefixtures("godkendelse_straks")  # the version made in the request
def test_the_round_trip_through_the_board_with_mail(browser, live_server, smtp):  # noqa: F811
    aftale = Delaftale.objects.get(helhedsplan__slug="randers-2025-29")
    leder = log_ind(browser, live_server, "leder")

    # The leader changes the agreement and sends it to the board.
    aendr_motto(leder, live_server, aftale, "Sammen om Randers")
    leder.get_by_label("Besked til bestyrelsen (valgfri)").fill("Klar til mødet")
    leder.get_by_role("button", name="Send til bestyrelsen").click()
    leder.get_by_text("Aftalen er sendt til bestyrelsen.").wait_for()
    (til_bestyrelsen,) = post_til(smtp, "bestyrelse@example.dk")
    assert emne(til_bestyrelsen) == f"Til bestyrelsen: {aftale}"
    tekst = til_bestyrelsen.get_content()
    assert "Klar til mødet" in tekst and aftale.get_absolute_url() in tekst

    # The board finds it under "Til mig" and sends it back with a comment.
    bestyrelse = log_ind(browser, live_server, "bestyrelse")
    til_mig = bestyrelse.get_by_role("region", name="Til mig")
    til_mig.get_by_role("link").filter(has_text="Randers").first.click()
    bestyrelse.wait_for_url(live_server.url + aftale.get_absolute_url() + "*")
    bestyrelse.get_by_label("Kommentar til redaktøren").fill(KOMMENTAR)
    bestyrelse.get_by_role("button", name="Send tilbage").click()
    bestyrelse.get_by_text(KOMMENTAR).first.wait_for()
    (tilbage,) = post_til(smtp, "leder@example.dk")
    assert emne(tilbage).startswith("Sendt tilbage af bestyrelsen")
    assert KOMMENTAR in tilbage.get_content()

    # The leader sees the comment on the start page and on the agreement page, fixes it
    # and sends again.
    leder.goto(live_server.url + reverse("forside"))
    assert KOMMENTAR in leder.locator("main").inner_text()
    leder.goto(live_server.url + aftale.get_absolute_url())
    assert KOMMENTAR in leder.locator("main").inner_text()
    aendr_motto(leder, live_server, aftale, "Sammen om et trygt Randers")
    leder.get_by_role("button", name="Send til bestyrelsen").click()
    leder.get_by_text("Aftalen er sendt til bestyrelsen.").wait_for()
    assert len(post_til(smtp, "bestyrelse@example.dk")) == 2

    # The board approves; the leader is told.
    bestyrelse.goto(live_server.url + aftale.get_absolute_url())
    bestyrelse.get_by_label("Dato for bestyrelsesmødet").fill("2026-12-10")
    bestyrelse.get_by_role("button", name="Godkend og lås som ny version").click()
    bestyrelse.get_by_text("Version 2 er godkendt og låst.").wait_for()
    assert Version.objects.filter(aftale=aftale).count() == 2
    godkendt = post_til(smtp, "leder@example.dk")[-1]
    assert "godkendt" in emne(godkendt).lower()
    assert "Sammen om et trygt Randers" in Version.objects.get(aftale=aftale, nummer=2).json
