"""The board's approval in Debian's Chromium: the versions page says the version is being
made and, polling (htmx, under the app's CSP), shows it once the worker has made it."""

import pytest
from django.urls import reverse

from delaftaler import versioner
from delaftaler.models import Delaftale
from delaftaler.models.version import Godkendelsesordre
from delaftaler.versioner import godkendelse
from tests.conftest import bruger
from tests.test_e2e import CHROMIUM, browser, demodata, log_ind  # noqa: F401 (fixtures)
from tests.test_e2e_opfoelgning import log_ind as log_ind_uden_csp
from tests.test_e2e_opfoelgning import tilgaengelig

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_the_board_sees_the_version_being_made_and_then_ready(browser, live_server):  # noqa: F811
    randers = Delaftale.objects.get(helhedsplan__slug="randers-2025-29")
    Delaftale.objects.filter(pk=randers.pk).update(revision="Revideret til mødet")
    versioner.indsend(randers, bruger("leder"))
    side = log_ind(browser, live_server, "bestyrelse")
    fejl: list[str] = []
    side.on("console", lambda m: fejl.append(m.text) if m.type == "error" else None)
    url = live_server.url + reverse("versioner", args=[randers.helhedsplan.slug, randers.pk])
    side.goto(url)
    side.get_by_label("Dato for bestyrelsesmødet").fill("2026-11-20")
    side.get_by_role("button", name="Godkend og lås som ny version").click()
    side.get_by_text("Godkendelsen er registreret.").wait_for()
    side.get_by_text("Godkendt – versionen dannes").first.wait_for()
    assert side.get_by_role("button", name="Godkend og lås som ny version").count() == 0

    # axe-core is injected as a script, so it runs in a context without the CSP.
    axe = log_ind_uden_csp(browser, live_server, "bestyrelse")
    axe.goto(url)
    tilgaengelig(axe)

    (ordre,) = Godkendelsesordre.objects.filter(aftale=randers)
    assert godkendelse.dan_version.call(ordre.pk) == 2  # the worker's part
    # The page polls and shows the version without being reloaded.
    side.get_by_text("Version 2 er klar.").wait_for(timeout=15000)
    assert side.get_by_role("link", name="PDF").first.is_visible()
    assert fejl == [], fejl  # nothing refused by the CSP
    axe.goto(url)
    tilgaengelig(axe)
