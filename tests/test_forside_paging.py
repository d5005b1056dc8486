"""Issue 13 §6: the start page a page of plans at a time, filtered, in fixed queries."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.db.models.signals import post_init
from django.urls import reverse

from delaftaler import versioner
from delaftaler.models import Aftale, Delaftale, Helhedsplan, Medlemskab, Organisation
from delaftaler.views.aftale import PLANER_PR_SIDE
from tests.conftest import bruger

pytestmark = pytest.mark.django_db


def planer_af(bruger_: Any, antal: int, kommune: Organisation | None = None) -> None:
    """`antal` plans of the user, each with one delaftale like Randers'."""
    randers = Delaftale.objects.get(helhedsplan__slug="randers-2025-29")
    for nr in range(antal):
        plan = Helhedsplan.objects.create(
            slug=f"ekstra-{nr:03}",
            navn=f"Ekstra {nr:03}",
            fondsperiode=randers.helhedsplan.fondsperiode,
            kommune=kommune,
        )
        Medlemskab.objects.create(bruger=bruger_, helhedsplan=plan, rolle="redaktoer")
        Delaftale.objects.create(
            helhedsplan=plan,
            indsatsomraade=randers.indsatsomraade,
            indsatsnavn="X",
            gaelder_fra=randers.gaelder_fra,
            gaelder_til=randers.gaelder_til,
        )


@pytest.fixture
def ny_bruger():
    return get_user_model().objects.create_user("mange", password="hemmelig-1234")


def overskrifter(html: str) -> list[str]:
    return re.findall(r'<h2 class="h5 mb-0" id="plan-[^"]+">([^<]+)</h2>', html)


def test_the_start_page_shows_25_plans_a_page_with_a_danish_pager(client, ny_bruger):
    planer_af(ny_bruger, 60)
    client.force_login(ny_bruger)
    html = client.get(reverse("forside")).content.decode()
    assert overskrifter(html) == [f"Ekstra {nr:03}" for nr in range(PLANER_PR_SIDE)]
    assert '<nav aria-label="Sider med helhedsplaner">' in html
    assert "60 helhedsplaner, side 1 af 3." in html
    assert 'href="?side=2" rel="next">Næste' in html
    html = client.get(reverse("forside"), {"side": 3}).content.decode()
    assert overskrifter(html) == [f"Ekstra {nr:03}" for nr in range(50, 60)]
    assert 'href="?side=2" rel="prev">Forrige' in html
    # A page past the end, or not a number, shows a page that exists.
    assert overskrifter(client.get(reverse("forside"), {"side": "99"}).content.decode())
    assert client.get(reverse("forside"), {"side": "x"}).status_code == 200


def test_the_start_page_queries_are_the_same_for_1_and_60_plans(
    client, ny_bruger, django_assert_num_queries, django_assert_max_num_queries
):
    planer_af(ny_bruger, 1)
    client.force_login(ny_bruger)
    client.get(reverse("forside"))  # the first request of a session looks up more
    with django_assert_num_queries(9):
        html = client.get(reverse("forside")).content.decode()
    assert overskrifter(html) == ["Ekstra 000"]
    Helhedsplan.objects.filter(slug="ekstra-000").delete()
    planer_af(ny_bruger, 60)
    with django_assert_num_queries(9):
        html = client.get(reverse("forside"), {"side": 2}).content.decode()
    assert len(overskrifter(html)) == PLANER_PR_SIDE
    # The filters add no query (the search one, for the words typed).
    with django_assert_num_queries(9):
        html = client.get(reverse("forside"), {"status": "kladde", "side": 2}).content.decode()
    assert len(overskrifter(html)) == PLANER_PR_SIDE
    with django_assert_max_num_queries(9):
        client.get(reverse("forside"), {"til_mig": "1", "kommune": "1"})
    with django_assert_num_queries(10):
        client.get(reverse("forside"), {"q": "ekstra", "side": 2})


def test_the_start_page_filters_by_kommune_and_keeps_the_filter_in_the_pager(client, ny_bruger):
    viborg = Helhedsplan.objects.get(slug="viborg-2025-29").kommune
    planer_af(ny_bruger, 30, kommune=viborg)
    Medlemskab.objects.create(
        bruger=ny_bruger, helhedsplan=Helhedsplan.objects.get(slug="randers-2025-29"), rolle="lbf"
    )
    client.force_login(ny_bruger)
    html = client.get(reverse("forside"), {"kommune": viborg.pk}).content.decode()
    assert "Den boligsociale helhedsplan i Randers" not in overskrifter(html)
    assert len(overskrifter(html)) == PLANER_PR_SIDE
    assert f'<option value="{viborg.pk}" selected>Viborg Kommune</option>' in html
    assert f'href="?kommune={viborg.pk}&amp;side=2" rel="next">Næste' in html
    html = client.get(reverse("forside"), {"kommune": viborg.pk, "side": 2}).content.decode()
    assert len(overskrifter(html)) == 5
    randers = Helhedsplan.objects.get(slug="randers-2025-29")
    html = client.get(reverse("forside"), {"kommune": randers.kommune_id}).content.decode()
    assert overskrifter(html) == ["Den boligsociale helhedsplan i Randers"]
    # Search and filters combine; the search words stay in the pager's links.
    html = client.get(reverse("forside"), {"q": "ekstra 00", "kommune": viborg.pk}).content.decode()
    assert overskrifter(html) == [f"Ekstra {nr:03}" for nr in range(10)]
    html = client.get(reverse("forside"), {"kommune": "999999"}).content.decode()
    assert "Ingen helhedsplaner matcher filtrene." in html


def test_the_start_page_filters_by_status_and_til_mig(client, randers):
    Aftale.objects.filter(pk=randers.pk).update(redigeringsnummer=randers.redigeringsnummer)
    Delaftale.objects.filter(pk=randers.pk).update(revision="Ny tekst")
    versioner.indsend(Delaftale.objects.get(pk=randers.pk), bruger("leder"), "Se den")
    client.force_login(bruger("bestyrelse"))
    html = client.get(reverse("forside"), {"status": "sendt"}).content.decode()
    assert overskrifter(html) == ["Den boligsociale helhedsplan i Randers"]
    assert '<option value="sendt" selected>Sendt til bestyrelsen</option>' in html
    html = client.get(reverse("forside"), {"til_mig": "1"}).content.decode()
    assert overskrifter(html) == ["Den boligsociale helhedsplan i Randers"]
    html = client.get(reverse("forside"), {"status": "godkendt"}).content.decode()
    assert "Den boligsociale helhedsplan i Randers" not in overskrifter(html)
    assert len(overskrifter(html)) == 4  # the other four seeds, approved version 1
    # An unknown status is no filter.
    assert len(overskrifter(client.get(reverse("forside"), {"status": "x"}).content.decode())) == 5


def test_every_row_says_when_and_by_whom_it_was_last_changed(client, leder, randers):
    """By whom only where a user is known (imported agreements have none): no "af —"."""
    Aftale.objects.filter(pk=randers.pk).update(aendret_af=leder)
    Aftale.objects.exclude(pk=randers.pk).update(aendret_af=None)
    client.force_login(leder)
    html = client.get(reverse("forside")).content.decode()
    celler = [
        re.sub(r"<[^>]+>", "", c)
        for c in re.findall(r"<td class=\"sidst-aendret\">(.*?)</td>", html)
    ]
    assert len(celler) == Aftale.objects.count() == 5
    tid = r"(\d+/\d+-\d{4} \d\d:\d\d|—)"
    assert sum(bool(re.fullmatch(tid + " af Lene Leder", c)) for c in celler) == 1, celler
    assert sum(bool(re.fullmatch(tid, c)) for c in celler) == 4, celler


def test_the_start_page_reads_only_the_agreements_of_its_page(client, ny_bruger):
    planer_af(ny_bruger, 60)
    client.force_login(ny_bruger)
    laest: list[int] = []

    def talt(sender, instance, **kwargs):
        laest.append(instance.pk)

    # Every agreement read whole is made an object: the page's 25, not all 60.
    post_init.connect(talt, sender=Aftale)
    try:
        html = client.get(reverse("forside"), {"side": 2}).content.decode()
    finally:
        post_init.disconnect(talt, sender=Aftale)
    assert len(overskrifter(html)) == PLANER_PR_SIDE
    assert len(laest) == PLANER_PR_SIDE
    assert "60 helhedsplaner, side 2 af 3." in html


def test_til_mig_finds_what_waits_in_a_plan_on_another_page(client, ny_bruger):
    planer_af(ny_bruger, 60)
    aftale = Delaftale.objects.get(helhedsplan__slug="ekstra-045")
    versioner.indsend(aftale, bruger("leder"), trods_tjekliste=True)
    versioner.send_tilbage(aftale, bruger("bestyrelse"), "Ret delmål 2")
    client.force_login(ny_bruger)
    html = client.get(reverse("forside")).content.decode()
    assert "Ekstra 045" not in overskrifter(html)  # on page 2
    assert "Sendt tilbage: Delaftale: Sammenhængskraft og medborgerskab (Ekstra 045)" in html
    html = client.get(reverse("forside"), {"til_mig": "1"}).content.decode()
    assert overskrifter(html) == ["Ekstra 045"]
    assert "1 helhedsplan." in html
    html = client.get(reverse("forside"), {"status": "sendt_tilbage"}).content.decode()
    assert overskrifter(html) == ["Ekstra 045"]
