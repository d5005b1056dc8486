import re

import pytest
from django.urls import reverse

from delaftaler.models import Delaftale, Helhedsplan, Medlemskab

pytestmark = pytest.mark.django_db


def test_anonymous_visitor_is_sent_to_login(client):
    svar = client.get(reverse("forside"))
    assert svar.status_code == 302
    assert svar.url.startswith(reverse("login"))


def test_login_page_is_danish(client):
    svar = client.get(reverse("login"))
    assert svar.status_code == 200
    assert "Adgangskode" in svar.content.decode()


def test_start_page_lists_the_users_helhedsplaner_and_agreements(client, leder):
    client.force_login(leder)
    html = client.get(reverse("forside")).content.decode()
    assert "Den boligsociale helhedsplan i Randers" in html
    assert "Strategisk samarbejdsaftale" in html
    assert "Delaftale: Sammenhængskraft og medborgerskab" in html
    assert "1/8-2025 – 31/7-2029" in re.sub(r"<[^>]+>", "", html)  # each date kept whole


def test_start_page_shows_nothing_of_another_helhedsplan(client, fremmed):
    client.force_login(fremmed)
    html = client.get(reverse("forside")).content.decode()
    assert "Fremmed plan" in html
    assert "Randers" not in html and "Vejleåparken" not in html


def test_start_page_query_count_does_not_grow_with_the_number_of_plans(
    client, leder, django_assert_num_queries
):
    client.force_login(leder)
    client.get(reverse("forside"))  # warm up: the first request of a session looks up more
    # 6, and 3 for the agreements' states and "Til mig" (issue 12): the log, the versions,
    # the status reports' log (the agreements come in one query, as before).
    with django_assert_num_queries(9):
        client.get(reverse("forside"))
    # Ten more helhedsplaner with an agreement each: the same number of queries.
    randers = Delaftale.objects.get(helhedsplan__slug="randers-2025-29")
    for nr in range(10):
        plan = Helhedsplan.objects.create(
            slug=f"ekstra-{nr}", navn=f"Ekstra {nr}", fondsperiode=randers.helhedsplan.fondsperiode
        )
        Medlemskab.objects.create(bruger=leder, helhedsplan=plan, rolle="redaktoer")
        Delaftale.objects.create(
            helhedsplan=plan,
            indsatsomraade=randers.indsatsomraade,
            indsatsnavn="X",
            gaelder_fra=randers.gaelder_fra,
            gaelder_til=randers.gaelder_til,
        )
    with django_assert_num_queries(9):
        html = client.get(reverse("forside")).content.decode()
    assert "Ekstra 9" in html


def test_search_finds_plans_by_municipality_and_agreement(client, leder):
    client.force_login(leder)
    html = client.get(reverse("forside"), {"q": "viborg"}).content.decode()
    assert "Den boligsociale helhedsplan i Viborg" in html and "Randers" not in html
    html = client.get(reverse("forside"), {"q": "Vejleåparken, afdeling"}).content.decode()
    assert "Helhedsplanen i Vejleåparken" in html and "Viborg" not in html
    html = client.get(reverse("forside"), {"q": "findes ikke"}).content.decode()
    assert "Ingen helhedsplaner matcher" in html
