"""Accessibility in Debian's Chromium: axe-core (WCAG 2.1 A/AA) on every kind of page, per role,
and the keyboard: the skip link, focus moved into the page, a visible focus indicator.

axe is injected as a script, which the app's strict CSP forbids; the pages are therefore opened
in a context that bypasses CSP (tests/test_e2e_csp.py checks the CSP itself).
"""

import os
import re
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from delaftaler import versioner
from delaftaler.models import Delaftale, Helhedsplan, StrategiskAftale
from indikatorer.models import Indikator
from tests.test_e2e import browser, demodata, klik_gem  # noqa: F401 (fixtures)
from tests.test_e2e_opfoelgning import log_ind, tilgaengelig

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

RANDERS = "randers-2025-29"


def aftaler() -> list[Delaftale | StrategiskAftale]:
    """The five demo agreements, one per plan."""
    alle: list[Delaftale | StrategiskAftale] = [
        *Delaftale.objects.select_related("helhedsplan"),
        *StrategiskAftale.objects.select_related("helhedsplan"),
    ]
    assert len(alle) == 5, alle
    return alle


def laeseside(aftale: Delaftale | StrategiskAftale) -> list[str]:
    """The pages of one agreement every role reads: its versions and the comparison."""
    args = [aftale.helhedsplan.slug, aftale.pk]
    return [reverse("versioner", args=args), reverse("sammenlign", args=args)]


def redaktoerens_sider() -> list[str]:
    """The edit pages of Randers' delaftale and the plan's own pages (the leader is admin)."""
    randers = Delaftale.objects.get(helhedsplan__slug=RANDERS)
    indikator = Indikator.objects.filter(maal__aftale=randers).order_by("pk").first()
    assert indikator is not None
    args = [RANDERS, randers.pk]
    return [
        reverse("rediger_sektion", args=[*args, "stamdata"]),
        reverse("rediger_sektion", args=[*args, "maal"]),
        reverse("rediger_baselines", args=[*args, indikator.maal_id, indikator.pk]),
        reverse("historik", args=args),
        reverse("omraader", args=[RANDERS]),
        reverse("medlemmer", args=[RANDERS]),
    ]


def sider(rolle: str) -> list[str]:
    urls = [reverse("forside"), reverse("password_change")]
    for aftale in aftaler():
        urls += [aftale.get_absolute_url(), *laeseside(aftale)]
        if rolle == "bestyrelse":
            urls.append(reverse("historik", args=[aftale.helhedsplan.slug, aftale.pk]))
    if rolle == "leder":
        urls += redaktoerens_sider()
    return urls


def fund_paa(side, url: str, status: int = 200) -> str | None:
    """axe's violations on one page as text, or None; every page is checked before failing."""
    svar = side.goto(url)
    assert svar is not None and svar.status == status, (url, svar and svar.status)
    if mappe := os.environ.get("SKAERMBILLEDER"):  # to look at: SKAERMBILLEDER=/tmp/billeder
        navn = re.sub(r"\W+", "-", url.split("/", 3)[-1]).strip("-") or "forside"
        side.screenshot(path=Path(mappe) / f"{navn}.png", full_page=True)
    try:
        tilgaengelig(side)
    except AssertionError:
        return f"{url}:\n{detaljer(side)}"
    return None


def detaljer(side) -> str:
    """Each failing element with its HTML and axe's reason (axe is already on the page)."""
    linjer = side.evaluate(DETALJER)
    return "\n".join(f"  {linje}" for linje in linjer)


DETALJER = """async () => (await axe.run(document, {runOnly: {type: 'tag', values:
  ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})).violations.flatMap(v => v.nodes.map(n =>
  v.id + ' ' + n.target.join(' ') + ' ' + n.html.slice(0, 160) + ' | '
  + (n.failureSummary || '').replace(/\\s+/g, ' ').slice(0, 200)))"""


@pytest.mark.parametrize("rolle", ["leder", "bestyrelse", "lbf"])
def test_axe_finds_no_violation_on_any_page_of_the_role(browser, live_server, rolle):  # noqa: F811
    side = log_ind(browser, live_server, rolle)
    urls = sider(rolle)
    fund = [f for url in urls if (f := fund_paa(side, live_server.url + url))]
    if rolle == "lbf":
        # LBF reads versions only: the agreement's page leads to its versions.
        randers = Delaftale.objects.get(helhedsplan__slug=RANDERS)
        side.goto(live_server.url + randers.get_absolute_url())
        assert side.url == live_server.url + reverse("versioner", args=[RANDERS, randers.pk])
        # The draft's history is not LBF's: the Danish 403 page.
        historik = live_server.url + reverse("historik", args=[RANDERS, randers.pk])
        fund.append(fund_paa(side, historik, 403) or "")
        assert side.get_by_role("heading", name="Du har ikke adgang til denne side").is_visible()
        fund = [f for f in fund if f]
    assert fund == [], "\n".join(fund)


def test_axe_finds_no_violation_on_the_login_and_404_pages(browser, live_server):  # noqa: F811
    side = browser.new_context(bypass_csp=True).new_page()
    fund = [fund_paa(side, live_server.url + reverse("login"))]
    fund.append(fund_paa(side, live_server.url + "/findes-slet-ikke/", 404))
    assert side.get_by_role("heading", name="Siden findes ikke").is_visible()
    assert side.get_by_role("link", name="Gå til forsiden").get_attribute("href") == "/"
    assert fund == [None, None], fund


def gem_bemaerkning(side, live_server, aftale: Delaftale, tekst: str) -> None:
    url = reverse("rediger_sektion", args=[aftale.helhedsplan.slug, aftale.pk, "tekster"])
    side.goto(live_server.url + url)
    side.get_by_label("Bemærkninger").fill(tekst)
    klik_gem(side)
    side.get_by_text("Tekster er gemt kl.").wait_for()


def test_axe_finds_no_violation_with_drafts_in_every_state_and_a_failed_form(
    browser,  # noqa: F811
    live_server,
):
    """Changed drafts: one with the board, one sent back; the pages that show their state,
    the changes and the board's form; and an edit page with its errors."""
    randers = Delaftale.objects.get(helhedsplan__slug=RANDERS)
    viborg = Delaftale.objects.get(helhedsplan__slug="viborg-2025-29")
    leder = log_ind(browser, live_server, "leder")
    gem_bemaerkning(leder, live_server, randers, "En ændret bemærkning til bestyrelsen")
    gem_bemaerkning(leder, live_server, viborg, "En bemærkning, der sendes tilbage")
    bruger = get_user_model().objects.get(username="leder")
    versioner.indsend(randers, bruger, "Se venligst på den", trods_tjekliste=True)
    versioner.indsend(viborg, bruger, trods_tjekliste=True)
    versioner.send_tilbage(
        viborg, get_user_model().objects.get(username="bestyrelse"), "Ret venligst teksten"
    )
    assert versioner.tilstand(randers).indsendelse is not None

    def urls(aftale: Delaftale) -> list[str]:
        args = [aftale.helhedsplan.slug, aftale.pk]
        return [
            aftale.get_absolute_url(),
            reverse("versioner", args=args),
            reverse("sammenlign", args=args),
            reverse("historik", args=args),
        ]

    bestyrelse = log_ind(browser, live_server, "bestyrelse")
    fund = [
        f
        for side, url in [
            *((leder, u) for u in [reverse("forside"), *urls(randers), *urls(viborg)]),
            *((bestyrelse, u) for u in [reverse("forside"), *urls(randers)]),
        ]
        if (f := fund_paa(side, live_server.url + url))
    ]

    # A failed save: the errors next to their fields.
    leder.goto(
        live_server.url
        + reverse("rediger_sektion", args=[viborg.helhedsplan.slug, viborg.pk, "stamdata"])
    )
    leder.get_by_label("Gælder til").fill("2020-01-01")
    klik_gem(leder)
    leder.locator(".invalid-feedback").first.wait_for()
    try:
        tilgaengelig(leder)
    except AssertionError:
        fund.append(f"stamdata med fejl:\n{detaljer(leder)}")
    assert fund == [], "\n".join(fund)


def test_the_keyboard_reaches_the_skip_link_main_and_sees_its_focus(browser, live_server):  # noqa: F811
    randers = Delaftale.objects.get(helhedsplan__slug=RANDERS)
    side = log_ind(browser, live_server, "leder")
    side.goto(live_server.url + randers.get_absolute_url())

    side.keyboard.press("Tab")
    fokus = side.evaluate(
        "() => [document.activeElement.textContent.trim(), "
        "document.activeElement.getAttribute('href')]"
    )
    assert fokus == ["Spring til indholdet", "#indhold"]
    # The skip link is visible while it has focus.
    assert side.get_by_role("link", name="Spring til indholdet").is_visible()

    side.keyboard.press("Enter")
    assert side.evaluate("() => document.activeElement.id") == "indhold"
    assert side.evaluate("() => document.activeElement.tagName") == "MAIN"

    # The next Tab goes to a control inside main, and its focus is visible.
    side.keyboard.press("Tab")
    inde = side.evaluate(
        "() => { const e = document.activeElement; const s = getComputedStyle(e);"
        " return {i_main: !!e.closest('main'), tag: e.tagName, outline: s.outlineStyle,"
        " bredde: s.outlineWidth, skygge: s.boxShadow}; }"
    )
    assert inde["i_main"] and inde["tag"] in ("A", "BUTTON", "INPUT", "SELECT"), inde
    synlig = (inde["outline"] != "none" and inde["bredde"] != "0px") or inde["skygge"] != "none"
    assert synlig, inde

    # A button, too: Bootstrap's focus ring is a box-shadow.
    knap = side.locator("main button, main a.btn").first
    knap.focus()
    skygge = knap.evaluate(
        "e => { const s = getComputedStyle(e); return [s.outlineStyle, s.boxShadow]; }"
    )
    assert skygge[0] != "none" or skygge[1] != "none", skygge
    assert Helhedsplan.objects.filter(slug=RANDERS).exists()


def opfoelgningens_sider() -> list[str]:
    """Randers' follow-up: the overview, each indicator's grid, the import, an assessment
    and the status report."""
    randers = Delaftale.objects.get(helhedsplan__slug=RANDERS)
    indikatorer = Indikator.objects.filter(maal__aftale=randers).order_by("pk")
    return [
        reverse("opfoelgning", args=[RANDERS]),
        *(reverse("maalinger", args=[RANDERS, i.pk]) for i in indikatorer),
        reverse("indlaes_maalinger", args=[RANDERS]),
        reverse("vurdering", args=[RANDERS, indikatorer[0].maal_id, 2025]),
        reverse("statusrapport", args=[RANDERS, 2025]),
    ]


# Wider than the window: the page's own width, and what sticks out of it that does not sit
# in a region of its own that scrolls (a table in .table-responsive may scroll sideways).
BREDERE = """() => { const w = document.documentElement.clientWidth; const ud = [];
  for (const e of document.body.querySelectorAll('*')) {
    const r = e.getBoundingClientRect();
    if (r.width === 0 || r.right <= w + 1) continue;
    let p = e.parentElement, rulles = false;
    while (p) { if (getComputedStyle(p).overflowX !== 'visible') { rulles = true; break; }
                p = p.parentElement; }
    if (!rulles) ud.push(e.tagName + '.' + (e.className.baseVal ?? e.className));
  }
  return [document.documentElement.scrollWidth, w, ud.slice(0, 5)]; }"""


def test_no_page_is_wider_than_a_phone_of_320_px(browser, live_server):  # noqa: F811
    """WCAG 2.1 1.4.10 (reflow): at 320 CSS px nothing scrolls sideways but the tables in
    their own scrolling region. A table's visually hidden labels (position: absolute) once
    widened the measurements page, a CSV header without spaces the import page, and the
    status report's tables the whole report."""
    side = log_ind(browser, live_server, "leder", bredde=320)
    urls = [*sider("leder"), *opfoelgningens_sider()]
    for side_url in (reverse("forside"), reverse("statusrapport", args=[RANDERS, 2025])):
        assert side_url in urls
    brede = []
    for url in urls:
        svar = side.goto(live_server.url + url)
        assert svar is not None and svar.status == 200, url
        bredde, vindue, ud = side.evaluate(BREDERE)
        if bredde > vindue or ud:
            brede.append(f"{url}: {bredde} px i et vindue på {vindue} px {ud}")
    assert brede == [], "\n".join(brede)
    # The answer, each line's status, is seen without scrolling sideways: on the overview
    # and in the status report the board approves.
    for url, tabel in (
        (reverse("opfoelgning", args=[RANDERS]), "main table"),
        (reverse("statusrapport", args=[RANDERS, 2025]), "table.statustabel"),
    ):
        side.goto(live_server.url + url)
        raekke = side.locator(f"{tabel} tbody tr").first
        status = raekke.get_by_text("Nået", exact=True).locator("visible=true")
        assert status.count() == 1, url  # the status column's copy is hidden on a phone
        boks = status.bounding_box()
        assert boks is not None and boks["x"] + boks["width"] <= 320, url
