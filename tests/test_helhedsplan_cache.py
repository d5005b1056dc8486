"""The whole-plan PDF's cache: keyed like a single agreement's document, by what changes
it, so a cached download builds no print HTML and costs the same few queries whatever
the plan's size; the draft and the approved variant alike."""

import hashlib
from unittest import mock

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from delaftaler import dokumenter
from delaftaler.dokumenter import cache, pdf
from delaftaler.models import Delaftale, Helhedsplan, StrategiskAftale
from delaftaler.redigering import gem_aendring
from delaftaler.versioner import helhedsplan as godkendt
from delaftaler.versioner.lbf_eksport import gaeldende_versioner

pytestmark = pytest.mark.django_db

VEJLE = "vejleaaparken-2021-25"
# Vejle's plan is the strategic agreement alone; grown, it takes every seed's delaftale.
ANDRE = ["ishoej-2025-29", "viborg-2025-29", "soenderborg-2021-25", "randers-2025-29"]


def falsk_pdf(side: str) -> bytes:
    return b"%PDF-falsk " + hashlib.sha256(side.encode()).hexdigest().encode()


@pytest.fixture
def hurtig(monkeypatch):
    monkeypatch.setattr(pdf, "skriv", mock.Mock(side_effect=falsk_pdf))
    return pdf.skriv


@pytest.fixture
def plan() -> Helhedsplan:
    return Helhedsplan.objects.get(slug=VEJLE)


def stor(plan: Helhedsplan) -> None:
    """The plan grown by the other seeds' delaftaler, with their approved versions."""
    assert Delaftale.objects.filter(helhedsplan__slug__in=ANDRE).update(helhedsplan=plan) == 4


def hent(client, udkast: bool):
    url = reverse("helhedsplan_pdf", args=[VEJLE]) + ("?udkast=1" if udkast else "")
    svar = client.get(url)
    assert svar.status_code == 200 and svar.content.startswith(b"%PDF")
    return svar


def ingen_html():
    """Building the whole plan's print HTML, or reading a version back, fails the test."""
    return (
        mock.patch.object(pdf, "helhedsplan_side", side_effect=AssertionError("HTML bygget")),
        mock.patch.object(pdf, "dokument_html", side_effect=AssertionError("HTML bygget")),
        mock.patch.object(godkendt, "_side", side_effect=AssertionError("læst tilbage")),
    )


# session, user, membership with its plan; the approved versions (agreements, newest
# numbers, versions); then the draft's agreements' counters, or the approved cover's
# kommune and boligorganisationer.
FORESPOERGSLER = {True: 4, False: 7}


@pytest.mark.parametrize("storrelse", ["seed", "stor"])
@pytest.mark.parametrize("udkast", [True, False], ids=["udkast", "godkendt"])
def test_a_cached_whole_plan_download_builds_no_html_in_the_same_queries_for_any_size(
    client, plan, hurtig, udkast, storrelse, django_assert_num_queries
):
    if storrelse == "stor":
        stor(plan)
    delaftaler = Delaftale.objects.filter(helhedsplan=plan).count()
    assert delaftaler == (0 if storrelse == "seed" else len(ANDRE))
    client.force_login(get_user_model().objects.get(username="leder"))
    if udkast:
        foerste = hent(client, udkast)
    else:
        assert len(gaeldende_versioner([plan])) == 1 + delaftaler  # every one approved
        # The moved delaftaler's versions would not read back into this plan (its period,
        # its areas): the first render prints the versions' numbers instead.
        with mock.patch.object(godkendt, "_side", side_effect=lambda p, par: str(par)):
            foerste = hent(client, udkast)
    assert foerste["X-Dokument-Cache"] == "miss" and hurtig.call_count == 1
    a, b, c = ingen_html()
    with a, b, c, django_assert_num_queries(FORESPOERGSLER[udkast]):
        anden = hent(client, udkast)
    assert anden["X-Dokument-Cache"] == "hit" and hurtig.call_count == 1
    assert anden.content == foerste.content and anden["ETag"] == foerste["ETag"]
    navn = f"helhedsplan-{VEJLE}{'-udkast' if udkast else ''}.pdf"
    assert anden["Content-Disposition"] == f'attachment; filename="{navn}"'


def _gem_kladde(plan: Helhedsplan) -> None:
    """Save the plan's strategic agreement as the edit pages do."""
    aftale = StrategiskAftale.objects.get(helhedsplan=plan)
    leder = get_user_model().objects.get(username="leder")

    def aendring() -> None:
        StrategiskAftale.objects.filter(pk=aftale.pk).update(lokal_evaluering="Ny")

    gem_aendring(aftale, leder, aftale.redigeringsnummer, "test", aendring)


def _planens_navn(plan: Helhedsplan) -> None:
    plan.navn = "Vejleåparken, ny navn"
    plan.save()


def _ny_reference(plan: Helhedsplan) -> None:
    cache.ny_referencegeneration()


def _ny_kode(plan: Helhedsplan) -> None:
    dokumenter.kodeversion.cache_clear()
    mock.patch.object(dokumenter, "kodeversion", lambda: "en-anden-udgave").start()


@pytest.mark.parametrize("aendring", [_gem_kladde, _planens_navn, _ny_reference, _ny_kode])
def test_what_changes_the_draft_changes_its_key(plan, hurtig, aendring):
    foer = dokumenter.helhedsplan_dokument(plan)
    assert dokumenter.helhedsplan_dokument(plan).fra_cache
    try:
        aendring(plan)
        efter = dokumenter.helhedsplan_dokument(Helhedsplan.objects.get(pk=plan.pk))
    finally:
        mock.patch.stopall()
    assert efter.noegle != foer.noegle and not efter.fra_cache


def test_a_draft_edit_leaves_the_approved_variants_key_and_the_plans_name_changes_it(plan, hurtig):
    foer = godkendt.godkendt_dokument(plan)
    assert foer is not None and not foer.fra_cache
    _gem_kladde(plan)
    efter = godkendt.godkendt_dokument(plan)
    assert efter is not None and efter.fra_cache and efter.noegle == foer.noegle
    _planens_navn(plan)
    omdoebt = godkendt.godkendt_dokument(Helhedsplan.objects.get(pk=plan.pk))
    assert omdoebt is not None and omdoebt.noegle != foer.noegle and not omdoebt.fra_cache


def test_a_draft_saved_while_it_is_rendered_is_not_stored_under_the_old_state(plan, hurtig):
    rigtig = pdf.helhedsplan_side

    def gemt_undervejs(*args, **kwargs):
        _gem_kladde(plan)  # another request's save, between the key and the check
        return rigtig(*args, **kwargs)

    with mock.patch.object(pdf, "helhedsplan_side", side_effect=gemt_undervejs):
        undervejs = dokumenter.helhedsplan_dokument(plan)
    assert not undervejs.fra_cache
    assert cache.find(undervejs.noegle) is None
    naeste = dokumenter.helhedsplan_dokument(plan)
    assert naeste.noegle != undervejs.noegle and not naeste.fra_cache
    assert dokumenter.helhedsplan_dokument(plan).fra_cache
