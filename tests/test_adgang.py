"""Every URL of the app, walked by every kind of visitor: nothing leaks, nothing changes."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from delaftaler.dokumentformat import eksporter
from delaftaler.models import Delaftale, Helhedsplan

pytestmark = pytest.mark.django_db

# Every named URL of the app, by what it does. A new URL must be added here.
OFFENTLIGE = {"login", "logout"}
LAES = {"forside", "aftale", "historik", "aftale_pdf", "aftale_docx", "helhedsplan_pdf"}
REDIGER = {
    "rediger_sektion",
    "rediger_maal",
    "rediger_aktivitet",
    "ny_delaftale",
    "ny_strategisk_aftale",
    "omraader",
    "kopier",
}


def _navne(moenstre, prefix="") -> set[str]:
    navne = set()
    for m in moenstre:
        if isinstance(m, URLResolver):
            if m.namespace == "admin":
                continue  # the admin is staff-only; tests/test_admin.py
            navne |= _navne(m.url_patterns)
        elif isinstance(m, URLPattern) and m.name:
            navne.add(m.name)
    return navne


def test_every_url_is_classified():
    assert _navne(get_resolver().url_patterns) - {"static"} == OFFENTLIGE | LAES | REDIGER


def _urls(plan_slug: str, aftale: Delaftale) -> dict[str, str]:
    maal = aftale.maal.first()
    aktivitet = aftale.aktiviteter.first()
    args = {
        "aftale": [plan_slug, aftale.pk],
        "historik": [plan_slug, aftale.pk],
        "aftale_pdf": [plan_slug, aftale.pk],
        "aftale_docx": [plan_slug, aftale.pk],
        "helhedsplan_pdf": [plan_slug],
        "rediger_sektion": [plan_slug, aftale.pk, "tekster"],
        "rediger_maal": [plan_slug, aftale.pk, maal.pk],
        "rediger_aktivitet": [plan_slug, aftale.pk, aktivitet.pk],
        "ny_delaftale": [plan_slug],
        "ny_strategisk_aftale": [plan_slug],
        "omraader": [plan_slug],
        "kopier": [plan_slug, aftale.pk],
    }
    return {navn: reverse(navn, args=a) for navn, a in args.items()}


POST = {"t-revision": "Hacket", "a-indsatsnavn": "Hacket", "redigeringsnummer": "1"}


def _tilstand():
    return eksporter(Helhedsplan.objects.order_by("id"))


@pytest.fixture
def randers():
    return Delaftale.objects.get(helhedsplan__slug="randers-2025-29")


def test_anonymous_visitor_is_sent_to_login_everywhere(client, randers):
    foer = _tilstand()
    for navn, url in {**_urls("randers-2025-29", randers), "forside": reverse("forside")}.items():
        for metode in (client.get, client.post):
            svar = metode(url, POST)
            assert svar.status_code == 302, (navn, metode)
            assert svar.url.startswith(reverse("login")), navn
    assert _tilstand() == foer


def test_a_user_of_another_helhedsplan_gets_404_everywhere(client, randers, fremmed):
    client.force_login(fremmed)
    foer = _tilstand()
    # Through Randers' own URLs and through the URLs of the user's own plan.
    for plan_slug in ("randers-2025-29", "fremmed-plan"):
        for navn, url in _urls(plan_slug, randers).items():
            if plan_slug == "fremmed-plan" and navn in {
                "ny_delaftale",
                "ny_strategisk_aftale",
                "omraader",
                "helhedsplan_pdf",
            }:
                continue  # the user's own plan
            for metode in (client.get, client.post):
                svar = metode(url, POST)
                assert svar.status_code == 404, (plan_slug, navn, metode)
                assert b"Randers" not in svar.content
    assert b"Randers" not in client.get(reverse("forside")).content
    assert _tilstand() == foer


@pytest.mark.parametrize("rolle", ["bestyrelse", "lbf"])
def test_readers_read_but_change_nothing(client, randers, rolle):
    client.force_login(get_user_model().objects.get(username=rolle))
    foer = _tilstand()
    for navn, url in _urls("randers-2025-29", randers).items():
        if navn in LAES:
            assert client.get(url).status_code == 200, navn
        else:
            assert client.get(url).status_code == 403, navn
            assert client.post(url, POST).status_code == 403, navn
    assert _tilstand() == foer


def test_the_redaktoer_reaches_every_page(client, randers, leder):
    client.force_login(leder)
    for navn, url in _urls("randers-2025-29", randers).items():
        assert client.get(url).status_code == 200, navn


def test_a_section_of_the_other_agreement_kind_is_404(client, randers, leder):
    client.force_login(leder)
    url = reverse("rediger_sektion", args=["randers-2025-29", randers.pk, "bestyrelse"])
    assert client.get(url).status_code == 404
    url = reverse("rediger_sektion", args=["randers-2025-29", randers.pk, "findes-ikke"])
    assert client.get(url).status_code == 404
