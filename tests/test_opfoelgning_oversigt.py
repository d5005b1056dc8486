"""The follow-up overview, the report's due date and the leader's assessment (issue 15,
points 4, 7 and 8), and the demo follow-up data."""

import datetime
import io
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from delaftaler.models import Helhedsplan
from indikatorer.models import Indikator
from opfoelgning.models import (
    Maaling,
    Maaltal,
    Retning,
    Statusrapport,
    Vurdering,
)
from opfoelgning.views.oversigt import standardaar, valgt_aar
from tests.conftest import bruger

pytestmark = pytest.mark.django_db

PLAN = "randers-2025-29"


def oversigt(client, rolle="leder", aar=2025):
    client.force_login(bruger(rolle))
    return client.get(reverse("opfoelgning", args=[PLAN]), {"aar": aar})


def test_the_default_year_is_the_one_whose_report_is_next_due():
    assert standardaar(datetime.date(2026, 6, 30)) == 2025
    assert standardaar(datetime.date(2026, 7, 1)) == 2026
    assert standardaar(datetime.date(2026, 1, 1)) == 2025
    assert valgt_aar("2024") == 2024
    for daarligt in ("", "x", "20245", "1800", "-2024"):
        assert valgt_aar(daarligt) == standardaar()


def test_the_overview_answers_the_board_at_the_top(client):
    svar = oversigt(client)
    assert svar.status_code == 200
    tekst = svar.content.decode()
    # The demo figures of Randers: 7 reached, 6 on the way, 8 not, none lacking data; the
    # five lines of reference groups without targets are there to compare with.
    for forventet in ("Nået: 7", "På vej: 6", "Ikke på vej: 8", "Mangler data: 0"):
        assert forventet in tekst
    assert '<span class="badge text-bg-light border">Til sammenligning: 5</span>' in tekst
    # Each delmål says how its lines stand (statuses with none left out).
    assert (
        '<p class="small mb-1 delmaal-optaelling">Linjer: nået 5 · på vej 3 · ikke på vej 6 · '
        "til sammenligning 3</p>"
    ) in tekst
    assert 'Frist: <strong class="rapport-frist">30/6-2026</strong>' in tekst
    assert "Kladde" in tekst
    assert "Gul – usikkert" in tekst and "Grøn – målet nås" in tekst
    assert "skal falde til 7 i 2028" in tekst
    assert reverse("statusrapport", args=[PLAN, 2025]) in tekst
    maal = Vurdering.objects.filter(maal__aftale__helhedsplan__slug=PLAN).first().maal
    assert reverse("vurdering", args=[PLAN, maal.pk, 2025]) in tekst
    ind = maal.indikatorer.first()
    assert reverse("maalinger", args=[PLAN, ind.pk]) in tekst
    # The reference groups have no measurement: listed as missing, marked as what they are.
    mangler = tekst.split('id="mangler-titel"')[1]
    assert "Mangler måling for 2025" in tekst
    assert "RandersBolig (i alt Randers kommune) (til sammenligning)" in mangler
    assert "Gl. Jennumparken" not in mangler
    # The board reads it but may not edit.
    tekst = oversigt(client, "bestyrelse").content.decode()
    assert "Nået: 7" in tekst and reverse("statusfrist", args=[PLAN]) not in tekst
    assert "Ret vurderingen" not in tekst


def test_a_year_without_measurements_lists_every_line_as_missing(client):
    tekst = oversigt(client, aar=2026).content.decode()
    mangler = tekst.split('id="mangler-titel"')[1]
    assert "Mangler måling for 2026" in mangler
    assert mangler.count("<li>") == 26 and "Gl. Jennumparken" in mangler
    assert 'Frist: <strong class="rapport-frist">30/6-2027</strong>' in tekst
    # The status still stands on the latest measurement (2025).
    assert "Nået: 7" in tekst
    # A year before the agreement: nothing to follow up (and no reference badge at 0).
    tekst = oversigt(client, aar=2023).content.decode()
    assert "Mangler data: 0" in tekst and "Til sammenligning" not in tekst


def test_lbf_sees_the_approved_reports_only(client):
    svar = oversigt(client, "lbf")
    assert svar.status_code == 200
    tekst = svar.content.decode()
    assert "Godkendte statusrapporter" in tekst
    assert "Nået: 7" not in tekst and "Opfundet demovurdering" not in tekst
    assert "Ingen godkendte statusrapporter endnu" in tekst


def test_the_redaktoer_sets_the_due_date(client):
    client.force_login(bruger("leder"))
    frist = reverse("statusfrist", args=[PLAN])
    svar = client.post(frist, {"aar": "2025", "frist": "2026-09-01"})
    assert svar.status_code == 302
    assert Statusrapport.objects.get(helhedsplan__slug=PLAN, aar=2025).frist == datetime.date(
        2026, 9, 1
    )
    assert "1/9-2026" in oversigt(client).content.decode()
    for daarlig, besked in (
        ("", "Angiv fristen"),
        ("1. sept", "gyldig dato"),
        ("0001-01-01", "gyldig dato"),
    ):
        svar = client.post(frist, {"aar": "2025", "frist": daarlig})
        assert svar.status_code == 400
        assert besked in svar.content.decode()
    assert Statusrapport.objects.get(helhedsplan__slug=PLAN, aar=2025).frist == datetime.date(
        2026, 9, 1
    )
    client.force_login(bruger("bestyrelse"))
    assert client.post(frist, {"aar": "2025", "frist": "2027-01-01"}).status_code == 403


def test_the_leader_assesses_a_delmaal(client, fremmed):
    maal = Vurdering.objects.filter(maal__aftale__helhedsplan__slug=PLAN).first().maal
    url = reverse("vurdering", args=[PLAN, maal.pk, 2026])
    client.force_login(bruger("leder"))
    svar = client.get(url)
    assert (
        svar.status_code == 200 and "Rød – målet nås ikke uden ændringer" in svar.content.decode()
    )
    svar = client.post(url, {"lys": "lilla", "tekst": "Min tekst"})
    assert svar.status_code == 400
    assert "Vælg grøn, gul eller rød." in svar.content.decode()
    assert "Min tekst" in svar.content.decode()
    assert not Vurdering.objects.filter(maal=maal, aar=2026).exists()
    assert client.post(url, {"lys": "roed", "tekst": "Går for langsomt"}).status_code == 302
    v = Vurdering.objects.get(maal=maal, aar=2026)
    assert (v.lys, v.tekst, v.registreret_af) == ("roed", "Går for langsomt", "Lene Leder")
    client.post(url, {"lys": "gul", "tekst": ""})
    assert Vurdering.objects.get(maal=maal, aar=2026).lys == "gul"
    assert "Gul – usikkert" in oversigt(client, aar=2026).content.decode()
    # The board may not; another plan's user finds nothing.
    client.force_login(bruger("bestyrelse"))
    assert client.post(url, {"lys": "groen"}).status_code == 403
    client.force_login(fremmed)
    assert client.get(reverse("vurdering", args=["fremmed-plan", maal.pk, 2026])).status_code == 404
    assert Vurdering.objects.get(maal=maal, aar=2026).lys == "gul"


def _indikatorer(maal, antal):
    for nr in range(antal):
        ind = Indikator.objects.create(maal=maal, navn=f"Ekstra {nr}", raekkefoelge=100 + nr)
        Maaltal.objects.create(indikator=ind, retning=Retning.STIGE, procent=Decimal("50"))
        Maaling.objects.create(indikator=ind, aar=2025, procent=Decimal("40"))


def test_the_overview_takes_the_same_queries_for_1_and_30_indicators(client):
    maal = Vurdering.objects.filter(maal__aftale__helhedsplan__slug=PLAN).first().maal
    client.force_login(bruger("leder"))
    url = reverse("opfoelgning", args=[PLAN]) + "?aar=2025"
    _indikatorer(maal, 1)
    client.get(url)
    with CaptureQueriesContext(connection) as en:
        assert client.get(url).status_code == 200
    _indikatorer(maal, 29)
    with CaptureQueriesContext(connection) as tredive:
        svar = client.get(url)
    assert "Ekstra 28" in svar.content.decode()
    assert len(tredive.captured_queries) == len(en.captured_queries)


def test_the_start_page_and_the_agreement_link_to_the_follow_up(client, randers):
    client.force_login(bruger("leder"))
    link = reverse("opfoelgning", args=[PLAN])
    assert link in client.get(reverse("forside")).content.decode()
    assert link in client.get(reverse("aftale", args=[PLAN, randers.pk])).content.decode()


def test_the_demo_follow_up_is_marked_invented_and_valid():
    maalinger = Maaling.objects.filter(indikator__maal__aftale__helhedsplan__slug=PLAN)
    assert sorted(set(maalinger.values_list("aar", flat=True))) == [2024, 2025]
    assert set(maalinger.values_list("kilde", flat=True)) == {"Opfundne demotal"}
    for m in [*maalinger, *Maaltal.objects.filter(indikator__maal__aftale__helhedsplan__slug=PLAN)]:
        m.full_clean()
    assert Vurdering.objects.filter(maal__aftale__helhedsplan__slug=PLAN, aar=2025).count() == 2
    assert not Statusrapport.objects.filter(helhedsplan__slug=PLAN).exists()


def test_reset_puts_the_demo_follow_up_back(client):
    from opfoelgning import behandling

    plan = Helhedsplan.objects.get(slug=PLAN)
    rapport = behandling.statusrapport(plan, 2025)
    behandling.indsend(rapport, bruger("leder"))
    Maaling.objects.filter(indikator__maal__aftale__helhedsplan=plan).delete()
    call_command("load_demo", "--nulstil", "--tillad-demo-brugere", stdout=io.StringIO())
    assert Maaling.objects.filter(indikator__maal__aftale__helhedsplan__slug=PLAN).count() == 42
    assert not Statusrapport.objects.filter(helhedsplan__slug=PLAN).exists()
    assert Vurdering.objects.filter(maal__aftale__helhedsplan__slug=PLAN).count() == 2
