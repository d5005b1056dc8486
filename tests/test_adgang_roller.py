"""One person, different roles in different helhedsplaner: each plan gets exactly its role.

Randers' LBF reader is redaktør in Viborg and bestyrelse in Ishøj. Every URL of each plan
is walked with that person; what one role allows must never leak into another plan, not
through that plan's own URLs and not through another plan's URLs with its ids.
"""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from delaftaler.models import Delaftale, Helhedsplan, Medlemskab
from tests.test_adgang import (  # noqa: F401 - godkendte_rapporter, billede: autouse fixtures
    ADMINISTRATION,
    BEHANDLING,
    KLADDE,
    KUN_PLAN,
    LAES,
    POST,
    REDIGER,
    _tilstand,
    _urls,
    billede,
    godkendte_rapporter,
)

pytestmark = pytest.mark.django_db

Rolle = Medlemskab.Rolle


@pytest.fixture
def person(client):
    bruger = get_user_model().objects.create_user("mange-roller", password="hemmelig-1234")
    for slug, rolle in [
        ("randers-2025-29", Rolle.LBF),
        ("viborg-2025-29", Rolle.REDAKTOER),
        ("ishoej-2025-29", Rolle.BESTYRELSE),
    ]:
        Medlemskab.objects.create(
            bruger=bruger, helhedsplan=Helhedsplan.objects.get(slug=slug), rolle=rolle
        )
    client.force_login(bruger)
    return bruger


def aftale(slug: str) -> Delaftale:
    return Delaftale.objects.get(helhedsplan__slug=slug)


def kopi_post(maal_slug: str) -> dict[str, str]:
    """A copy of the agreement into the plan where the person is redaktør."""
    return {
        **POST,
        "helhedsplan": str(Helhedsplan.objects.get(slug=maal_slug).pk),
        "gaelder_fra": "2029-08-01",
        "gaelder_til": "2033-07-31",
    }


def test_as_lbf_in_randers_the_person_reads_versions_only(client, person):
    randers = aftale("randers-2025-29")
    foer = _tilstand()
    for navn, url in _urls("randers-2025-29", randers).items():
        data = kopi_post("viborg-2025-29") if navn == "kopier" else POST
        if navn in LAES:
            assert client.get(url).status_code == 200, navn
        elif navn == "aftale":
            assert client.get(url).url == reverse("versioner", args=["randers-2025-29", randers.pk])
        elif navn in KLADDE:
            assert client.get(url).status_code == 403, navn
        elif navn in REDIGER:
            assert client.get(url).status_code == 403, navn
            assert client.post(url, data).status_code == 403, navn
        elif navn in BEHANDLING:
            for handling in ("indsend", "godkend", "send_tilbage", "traek_tilbage"):
                svar = client.post(url, {**POST, "handling": handling, "kommentar": "x"})
                assert svar.status_code in (403, 400), (navn, handling)
    assert _tilstand() == foer
    assert not Delaftale.objects.filter(
        helhedsplan__slug="viborg-2025-29", gaelder_fra="2029-08-01"
    )


def test_as_bestyrelse_in_ishoej_the_person_reads_drafts_but_edits_nothing(client, person):
    ishoej = aftale("ishoej-2025-29")
    foer = _tilstand()
    for navn, url in _urls("ishoej-2025-29", ishoej).items():
        if navn in LAES or navn in KLADDE:
            assert client.get(url).status_code == 200, navn
        elif navn in REDIGER and navn != "kopier":
            assert client.get(url).status_code == 403, navn
            assert client.post(url, POST).status_code == 403, navn
    assert _tilstand() == foer


def test_as_redaktoer_in_viborg_the_person_reaches_every_page(client, person):
    viborg = aftale("viborg-2025-29")
    kun_post = BEHANDLING | {"gendan"}  # POST only: a GET is 405
    for navn, url in _urls("viborg-2025-29", viborg).items():
        # A redaktør, but not the plan's administrator: its members page is not theirs.
        forventet = 403 if navn in ADMINISTRATION else 405 if navn in kun_post else 200
        assert client.get(url).status_code == forventet, navn


def test_another_plans_ids_under_viborgs_urls_are_404(client, person):
    """The redaktør role in Viborg opens nothing of Randers or Ishøj through Viborg's URLs."""
    foer = _tilstand()
    for slug in ("randers-2025-29", "ishoej-2025-29", "soenderborg-2021-25"):
        for navn, url in _urls("viborg-2025-29", aftale(slug)).items():
            if navn in KUN_PLAN:
                continue  # no agreement id in these: Viborg's own
            for metode in (client.get, client.post):
                assert metode(url, POST).status_code == 404, (slug, navn, metode)
    assert _tilstand() == foer


def test_sonderborg_where_the_person_has_no_role_is_404_everywhere(client, person):
    soenderborg = aftale("soenderborg-2021-25")
    for navn, url in _urls("soenderborg-2021-25", soenderborg).items():
        assert client.get(url).status_code == 404, navn
    assert b"S\xc3\xb8nderborg" not in client.get(reverse("forside")).content


def test_the_start_page_offers_editing_only_where_the_person_is_redaktoer(client, person):
    tekst = client.get(reverse("forside")).content.decode()
    assert reverse("ny_delaftale", args=["viborg-2025-29"]) in tekst
    assert reverse("ny_delaftale", args=["randers-2025-29"]) not in tekst
    assert reverse("ny_delaftale", args=["ishoej-2025-29"]) not in tekst
