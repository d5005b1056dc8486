"""The pages work under the Content-Security-Policy, in Debian's Chromium: no violation."""

import pytest
from django.urls import reverse

from delaftaler.models import Delaftale
from tests.test_e2e import browser, demodata, log_ind  # noqa: F401 (fixtures)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

# Injected by the browser itself before any page script (not subject to the page's CSP).
LYT = """
window.__csp = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__csp.push(e.violatedDirective + " " + (e.blockedURI || "inline"));
});
"""


def test_pages_and_their_scripts_work_under_the_policy_without_a_violation(
    browser,  # noqa: F811 (the fixture imported above)
    live_server,
):
    randers = Delaftale.objects.get(helhedsplan__slug="randers-2025-29")
    side = log_ind(browser, live_server, "leder")
    side.context.add_init_script(LYT)
    konsol: list[str] = []
    side.on("console", lambda besked: konsol.append(besked.text))

    sider = [
        reverse("forside"),
        randers.get_absolute_url(),
        reverse("rediger_sektion", args=["randers-2025-29", randers.pk, "parter"]),
        reverse("versioner", args=["randers-2025-29", randers.pk]),
        reverse("historik", args=["randers-2025-29", randers.pk]),
    ]
    for sti in sider:
        svar = side.goto(live_server.url + sti)
        assert svar is not None and "default-src 'self'" in svar.headers["content-security-policy"]
        side.wait_for_load_state("load")
        assert side.evaluate("window.__csp") == [], sti

    # The vendored Bootstrap script and our own formset script run: "Tilføj …" adds a row.
    side.goto(live_server.url + sider[2])
    knap = side.locator("button[data-tilfoej-raekke]").first
    raekker = side.locator("[data-raekker]").first.locator(":scope > *")
    foer = raekker.count()
    knap.click()
    assert raekker.count() == foer + 1
    assert side.evaluate("window.__csp") == []
    assert not [t for t in konsol if "Content Security Policy" in t], konsol
