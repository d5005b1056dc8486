"""Issue 12: the completeness check before an agreement goes to the board."""

import pytest
from django.urls import reverse

from delaftaler import versioner
from delaftaler.models import Behandling, Delaftale, StrategiskAftale
from delaftaler.versioner.tjekliste import BEKRAEFT_TEKST, opfyldt, tjekliste
from indikatorer.models import BaselineVaerdi, Indikator, Maal
from tests.conftest import bruger

pytestmark = pytest.mark.django_db

PLAN = "randers-2025-29"


def punkter(aftale):
    return {p.tekst: p for p in tjekliste(versioner.konkret(aftale))}


def mangler(aftale):
    return sorted(t for t, p in punkter(aftale).items() if not p.ok)


@pytest.fixture
def tom(randers):
    """A new, blank delaftale in Randers' plan."""
    return Delaftale.objects.create(
        helhedsplan=randers.helhedsplan,
        indsatsomraade=randers.indsatsomraade,
        indsatsnavn="Ny indsats",
        gaelder_fra=randers.gaelder_fra,
        gaelder_til=randers.gaelder_til,
    )


def test_the_four_real_delaftaler_are_complete():
    for aftale in Delaftale.objects.all():
        assert mangler(aftale) == [], aftale


def test_the_strategic_seed_lacks_only_its_signatures():
    vejle = StrategiskAftale.objects.get(helhedsplan__slug="vejleaaparken-2021-25")
    # The seed's signature lines are blank (dato, navn), as in the agreement as sent.
    assert mangler(vejle) == ["Underskrifter (dato og navn for hver part)"]
    url = reverse("rediger_sektion", args=[vejle.helhedsplan.slug, vejle.pk, "parter"])
    assert punkter(vejle)["Underskrifter (dato og navn for hver part)"].link_url == url


def test_a_blank_delaftale_lacks_what_lbfs_template_asks_for(tom):
    assert mangler(tom) == sorted(
        [
            "Delaftalens parter",
            "Mindst ét delmål med en indikator og en baseline (eller ventende data)",
            "Aktiviteter (mindst én)",
            "Medarbejderressourcer",
            "Sammenhæng med den kommunale indsats",
            "Revision af delaftalen",
        ]
    )
    p = punkter(tom)
    assert p["Periode (gælder fra – til)"].ok and p["Navn på den boligsociale indsats"].ok
    assert p["Revision af delaftalen"].link_url == reverse(
        "rediger_sektion", args=[PLAN, tom.pk, "tekster"]
    )


def test_a_delmaal_needs_an_indicator_with_a_baseline_or_pending_data(tom):
    navn = "Mindst ét delmål med en indikator og en baseline (eller ventende data)"
    maal = Maal.objects.create(aftale=tom, navn="Flere i job", raekkefoelge=1)
    assert punkter(tom)[navn].link_url == reverse("rediger_maal", args=[PLAN, tom.pk, maal.pk])
    indikator = Indikator.objects.create(maal=maal, navn="Andel i job", raekkefoelge=1)
    p = punkter(tom)[navn]
    assert not p.ok
    assert p.link_url == reverse("rediger_baselines", args=[PLAN, tom.pk, maal.pk, indikator.pk])
    BaselineVaerdi.objects.create(indikator=indikator, afventer=True, afventer_tekst="Data kommer")
    assert punkter(tom)[navn].ok


def test_each_activity_described_here_needs_its_schema(randers):
    aktivitet = randers.aktiviteter.filter(beskrevet_i="", beskrevet_i_delaftale=None).first()
    type(aktivitet).objects.filter(pk=aktivitet.pk).update(
        formaal="", formaal_punkter=[], maalgruppe="", maalgruppe_punkter=[]
    )
    tekst = f"Aktivitetsskema for {aktivitet.navn}: mangler formål, målgruppe"
    p = punkter(randers)[tekst]
    assert not p.ok
    assert p.link_url == reverse("rediger_aktivitet", args=[PLAN, randers.pk, aktivitet.pk])
    # Described in another delaftale: its schema is there, nothing lacks here.
    type(aktivitet).objects.filter(pk=aktivitet.pk).update(beskrevet_i="delaftalen for job")
    assert mangler(randers) == []


def test_sending_an_incomplete_agreement_needs_the_confirmation(client, tom):
    client.force_login(bruger("leder"))
    url = reverse("behandl", args=[PLAN, tom.pk])
    side = client.get(reverse("aftale", args=[PLAN, tom.pk])).content.decode()
    assert "Tjekliste før bestyrelsen" in side and BEKRAEFT_TEKST in side
    assert reverse("rediger_sektion", args=[PLAN, tom.pk, "parter"]) in side
    svar = client.post(url, {"handling": "indsend", "kommentar": "Første udkast"})
    assert svar.status_code == 409
    html = svar.content.decode()
    assert "Tjeklisten er ikke opfyldt" in html and "Delaftalens parter" in html
    assert 'value="Første udkast"' in html
    assert not Behandling.objects.filter(aftale=tom).exists()
    svar = client.post(url, {"handling": "indsend", "trods_tjekliste": "ja"})
    assert svar.status_code == 302 and versioner.tilstand(tom).kode == "sendt"
    # The board sees the checklist while the draft is with it (without edit links).
    client.force_login(bruger("bestyrelse"))
    html = client.get(reverse("aftale", args=[PLAN, tom.pk])).content.decode()
    assert "Tjekliste før bestyrelsen" in html and "Mangler:</span> Delaftalens parter" in html
    assert reverse("rediger_sektion", args=[PLAN, tom.pk, "parter"]) not in html


def test_a_complete_agreement_is_sent_without_confirmation(client, randers):
    Delaftale.objects.filter(pk=randers.pk).update(revision="Ny revision")
    assert opfyldt(tjekliste(versioner.konkret(randers)))
    client.force_login(bruger("leder"))
    html = client.get(reverse("aftale", args=[PLAN, randers.pk])).content.decode()
    assert "alt er udfyldt" in html and BEKRAEFT_TEKST not in html
    svar = client.post(reverse("behandl", args=[PLAN, randers.pk]), {"handling": "indsend"})
    assert svar.status_code == 302 and versioner.tilstand(randers).kode == "sendt"


def test_the_checklist_costs_no_queries_on_a_fetched_agreement(randers, django_assert_num_queries):
    aftale = versioner.konkret(randers)
    with django_assert_num_queries(0):
        tjekliste(aftale)
