"""Issue 12: "Til mig" on the start page, per role, across the user's plans."""

import datetime

import pytest
from django.urls import reverse

from delaftaler import versioner
from delaftaler.models import Delaftale, Helhedsplan, StrategiskAftale
from delaftaler.views.til_mig import SIDST_SET
from opfoelgning import behandling as rapporter
from tests.conftest import bruger

pytestmark = pytest.mark.django_db


def aendret(aftale, tekst="Revideret revisionstekst"):
    type(aftale).objects.filter(pk=aftale.pk).update(revision=tekst)
    return aftale


def til_mig(client) -> str:
    html = client.get(reverse("forside")).content.decode()
    start = html.index('id="til-mig-titel"')
    return html[start : html.index("</section>", start)]


@pytest.fixture
def vejle():
    return StrategiskAftale.objects.get(helhedsplan__slug="vejleaaparken-2021-25")


@pytest.fixture
def rapport():
    return rapporter.statusrapport(Helhedsplan.objects.get(slug="randers-2025-29"), 2025)


def test_the_board_sees_drafts_and_reports_awaiting_approval(client, randers, rapport):
    client.force_login(bruger("bestyrelse"))
    assert "Intet venter på dig lige nu." in til_mig(client)
    versioner.indsend(aendret(randers), bruger("leder"), "Se delmål 2")
    rapporter.indsend(rapport, bruger("leder"), "Vurderingerne er nye")
    boks = til_mig(client)
    side = reverse("aftale", args=["randers-2025-29", randers.pk])
    assert f'<a href="{side}">Til godkendelse: Delaftale: Sammenhængskraft' in boks
    # The leader's message quoted, as the agreement's status box has it; the report's too.
    assert "af Lene Leder: ”Se delmål 2”</div>" in boks
    assert "af Lene Leder: ”Vurderingerne er nye”</div>" in boks
    url = reverse("statusrapport", args=["randers-2025-29", 2025])
    assert f'<a href="{url}">Til godkendelse: Statusrapport 2025' in boks
    # Not for the leader nor LBF: nothing of it waits for them.
    for navn in ("leder", "lbf"):
        client.force_login(bruger(navn))
        assert "Til godkendelse" not in til_mig(client)


def test_the_leader_sees_what_was_sent_back_and_what_awaits_lbf(client, randers, vejle, rapport):
    versioner.indsend(aendret(randers), bruger("leder"))
    versioner.send_tilbage(randers, bruger("bestyrelse"), "Ret delmål 2")
    rapporter.indsend(rapport, bruger("leder"))
    rapporter.send_tilbage(rapport, bruger("bestyrelse"), "Mangler vurdering")
    versioner.indsend(aendret(vejle), bruger("leder"), trods_tjekliste=True)
    versioner.godkend(vejle, bruger("bestyrelse"), datetime.date(2026, 4, 1))
    client.force_login(bruger("leder"))
    boks = til_mig(client)
    assert "Sendt tilbage: Delaftale: Sammenhængskraft" in boks and "”Ret delmål 2”" in boks
    assert "Sendt tilbage: Statusrapport 2025" in boks and "Mangler vurdering" in boks
    assert "Version 2 afventer Landsbyggefonden: Strategisk samarbejdsaftale" in boks
    client.force_login(bruger("bestyrelse"))
    assert "Sendt tilbage" not in til_mig(client)


def test_lbf_sees_what_awaits_its_decision_and_what_became_current(client, randers, vejle):
    client.force_login(bruger("lbf"))
    til_mig(client)  # a first visit: the seeds' versions were current before it
    assert "Ny gældende version" not in til_mig(client)
    versioner.indsend(aendret(vejle), bruger("leder"), trods_tjekliste=True)
    v2 = versioner.godkend(vejle, bruger("bestyrelse"), datetime.date(2026, 4, 1))
    versioner.indsend(aendret(randers), bruger("leder"))
    versioner.godkend(randers, bruger("bestyrelse"), datetime.date(2026, 4, 2))
    boks = til_mig(client)
    url = reverse("versioner", args=["vejleaaparken-2021-25", vejle.pk])
    assert f'<a href="{url}">Version 2 til din afgørelse: Strategisk' in boks
    assert "Ny gældende version 2: Delaftale: Sammenhængskraft og medborgerskab (Den" in boks
    # Shown once: the next visit of the start page has seen it.
    assert "Ny gældende version 2: Delaftale" not in til_mig(client)
    versioner.lbf_beslut(v2, bruger("lbf"), datetime.date(2026, 4, 9), True)
    boks = til_mig(client)
    assert "Ny gældende version 2: Strategisk" in boks and "til din afgørelse" not in boks


def test_lbf_without_a_visit_on_the_session_counts_from_its_login(client, randers):
    lbf = bruger("lbf")
    versioner.indsend(aendret(randers), bruger("leder"))
    versioner.godkend(randers, bruger("bestyrelse"), datetime.date(2026, 4, 2))
    client.force_login(lbf)
    # As if logged in long ago: the session knows no visit yet.
    aar_2020 = datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC)
    type(lbf).objects.filter(pk=lbf.pk).update(last_login=aar_2020)
    assert SIDST_SET not in client.session
    assert "Ny gældende version 2: Delaftale" in til_mig(client)
    assert SIDST_SET in client.session


def test_til_mig_takes_the_same_queries_for_one_and_many_items(
    client, randers, django_assert_num_queries
):
    client.force_login(bruger("bestyrelse"))
    versioner.indsend(aendret(randers), bruger("leder"))
    client.get(reverse("forside"))
    with django_assert_num_queries(9) as foer:
        client.get(reverse("forside"))
    for aftale in Delaftale.objects.exclude(pk=randers.pk):
        if versioner.tilstand(aftale).indsendelse is None:
            versioner.indsend(aendret(aftale), bruger("leder"))
    with django_assert_num_queries(len(foer.captured_queries)):
        html = client.get(reverse("forside")).content.decode()
    assert html.count("Til godkendelse:") >= 3


def test_a_report_counts_by_its_last_step_in_the_order_of_its_first(client, rapport):
    viborg = rapporter.statusrapport(Helhedsplan.objects.get(slug="viborg-2025-29"), 2025)
    rapporter.indsend(rapport, bruger("leder"))
    rapporter.indsend(viborg, bruger("leder"))
    rapporter.send_tilbage(rapport, bruger("bestyrelse"), "Mangler vurdering")
    client.force_login(bruger("leder"))
    boks = til_mig(client)
    assert "Sendt tilbage: Statusrapport 2025 (Den boligsociale helhedsplan i Randers)" in boks
    assert "Viborg" not in boks  # with the board
    rapporter.indsend(rapport, bruger("leder"))  # sent again: with the board once more
    assert "Statusrapport" not in til_mig(client)
    client.force_login(bruger("bestyrelse"))
    boks = til_mig(client)
    # Randers' report was sent first: it comes first, though Viborg's last step is older.
    assert boks.index("Statusrapport 2025 (Den boligsociale helhedsplan i Randers)") < boks.index(
        "Statusrapport 2025 (Den boligsociale helhedsplan i Viborg)"
    )
