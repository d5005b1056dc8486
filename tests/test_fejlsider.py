"""Danish error pages (403, 404, 500) with a way back to the start page, without internals."""

from typing import Any

import pytest
from django.http import HttpRequest, HttpResponse
from django.urls import include, path, reverse

from delaftaler.models import Delaftale
from tests.conftest import bruger

pytestmark = pytest.mark.django_db


def gaar_i_stykker(request: HttpRequest) -> HttpResponse:
    raise RuntimeError("hemmelig intern detalje")


# This module is the URLconf of the 500 test (pytest.mark.urls): the app's own URLs plus a
# view that raises; handler500 is Django's default, which renders templates/500.html.
urlpatterns = [path("fejl-til-test/", gaar_i_stykker), path("", include("config.urls"))]


def tekst(svar: Any) -> str:
    return svar.content.decode()


def test_an_unknown_url_gives_the_danish_404_page(client, settings, leder):
    settings.DEBUG = False
    client.force_login(leder)
    svar = client.get("/findes-slet-ikke/")
    assert svar.status_code == 404
    assert [t.name for t in svar.templates][0] == "404.html"
    html = tekst(svar)
    assert "Siden findes ikke" in html
    assert f'href="{reverse("forside")}">Gå til forsiden</a>' in html
    assert '<html lang="da">' in html
    assert "Not Found" not in html and "findes-slet-ikke" not in html


def test_an_object_of_no_plan_gives_the_404_page_without_the_query(client, settings, leder):
    settings.DEBUG = False
    client.force_login(leder)
    randers = Delaftale.objects.get(helhedsplan__slug="randers-2025-29")
    svar = client.get(reverse("aftale", args=["randers-2025-29", randers.pk + 10_000]))
    assert svar.status_code == 404
    html = tekst(svar)
    assert "Siden findes ikke" in html
    assert "matches the given query" not in html and "Delaftale" not in html


def test_a_page_the_role_may_not_see_gives_the_danish_403_page(client, settings):
    settings.DEBUG = False
    client.force_login(bruger("lbf"))
    randers = Delaftale.objects.get(helhedsplan__slug="randers-2025-29")
    svar = client.get(reverse("historik", args=["randers-2025-29", randers.pk]))
    assert svar.status_code == 403
    assert [t.name for t in svar.templates][0] == "403.html"
    html = tekst(svar)
    assert "Du har ikke adgang til denne side" in html
    assert f'href="{reverse("forside")}">Gå til forsiden</a>' in html
    assert "Forbidden" not in html


@pytest.mark.urls("tests.test_fejlsider")
def test_an_error_in_a_view_gives_the_danish_500_page(client, settings, leder):
    settings.DEBUG = False
    client.raise_request_exception = False
    client.force_login(leder)
    svar = client.get("/fejl-til-test/")
    assert svar.status_code == 500
    html = tekst(svar)
    assert "Der opstod en fejl" in html
    assert 'href="/">Gå til forsiden</a>' in html
    assert '<html lang="da">' in html
    assert "hemmelig intern detalje" not in html and "Traceback" not in html
    assert "Server Error" not in html
