"""Issue 13 §6: the start page asks the database for the agreements' states
(`versioner.tilstandskode`); for generated histories (submissions, approvals, returns,
withdrawals, LBF's decisions, versions with and without LBF, approval orders, edits) the
database says what the rule in Python (`versioner.tilstand`) says: every state code, LBF's
open decisions, what became current after a time, and for each role every agreement
"Til mig" has a point of among the candidates."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.db import transaction
from django.db.models import F
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from delaftaler.models import Aftale, Behandling, Delaftale, Medlemskab, Version
from delaftaler.models.version import Godkendelsesordre
from delaftaler.versioner.tilstand import TEKSTER, Art, tilstande
from delaftaler.versioner.tilstandskode import (
    afventer_lbf,
    blev_gaeldende_efter,
    i_tilstand,
    med_tilstand,
    tilstandskode,
)
from delaftaler.views.til_mig import aftalepunkter, blev_gaeldende, kandidater

pytestmark = pytest.mark.django_db

KODER = [*TEKSTER, "afventer_lbf", "lbf_afvist"]
START = datetime.datetime(2025, 1, 1, 12, tzinfo=datetime.UTC)
SEKUND = datetime.timedelta(seconds=1)

SKRIDT = st.one_of(
    # A step of the log, on the newest version or on none.
    st.tuples(st.just("behandling"), st.sampled_from(Art.values), st.booleans()),
    # A version: needs LBF or not, frozen at the draft's edit number or another.
    st.tuples(st.just("version"), st.booleans(), st.booleans()),
    # An approval order on the newest step: waiting, or failed.
    st.tuples(st.just("ordre"), st.booleans()),
    st.tuples(st.just("rediger")),
)


def _v(kraever_lbf: bool = False, som_kladden: bool = True) -> tuple[Any, ...]:
    return ("version", kraever_lbf, som_kladden)


def _b(art: str, paa_version: bool = True) -> tuple[Any, ...]:
    return ("behandling", art, paa_version)


# Every state and every clause of the rule at least once, whatever Hypothesis draws.
HVER_TILSTAND = [
    [],  # never approved: kladde
    [_v()],  # the seed: godkendt
    [_v(som_kladden=False)],  # changed since the version: kladde
    [_v(), _b(Art.INDSENDT, False)],  # sendt
    [_v(), _b(Art.INDSENDT, False), ("ordre", True)],  # godkendes
    [_b(Art.INDSENDT, False), ("ordre", True), ("ordre", False)],  # the newest order failed
    [_b(Art.INDSENDT), _b(Art.SENDT_TILBAGE)],  # sendt_tilbage
    [_b(Art.INDSENDT), _b(Art.TRUKKET_TILBAGE)],  # withdrawn: kladde
    [_b(Art.GODKENDT, False)],  # approved, no version found: godkendt
]
HVER_LBF_TILSTAND = [
    [_v(True), _b(Art.GODKENDT)],  # afventer_lbf
    [_v(True), _b(Art.GODKENDT), _b(Art.LBF_AFVIST)],  # lbf_afvist
    [_v(True), _b(Art.GODKENDT), _b(Art.LBF_GODKENDT)],  # godkendt, current from LBF's time
    [_v(True), _b(Art.LBF_AFVIST), _b(Art.LBF_GODKENDT)],  # LBF's latest decision counts
    [_v(), _b(Art.GODKENDT), _v(True), _b(Art.GODKENDT)],  # awaits LBF, version 1 current
    [_v(True), _b(Art.LBF_GODKENDT), ("rediger",)],  # kladde
    [_v(True), _b(Art.LBF_GODKENDT), _b(Art.INDSENDT, False)],  # sendt, still current
]


def _aftale(plan: Any, randers: Delaftale, historik: list[tuple[Any, ...]]) -> None:
    aftale = Delaftale.objects.create(
        helhedsplan=plan,
        indsatsomraade=randers.indsatsomraade,
        indsatsnavn="Genereret",
        gaelder_fra=randers.gaelder_fra,
        gaelder_til=randers.gaelder_til,
    )
    versioner: list[Version] = []
    log: list[Behandling] = []
    for nr, (art, *valg) in enumerate(historik):
        if art == "rediger":
            Aftale.objects.filter(pk=aftale.pk).update(redigeringsnummer=F("redigeringsnummer") + 1)
            aftale.refresh_from_db(fields=["redigeringsnummer"])
        elif art == "version":
            kraever_lbf, som_kladden = valg
            versioner.append(
                Version.objects.create(
                    aftale=aftale,
                    nummer=len(versioner) + 1,
                    json="{}",
                    pdf=b"",
                    docx=b"",
                    redigeringsnummer=aftale.redigeringsnummer + (0 if som_kladden else 7),
                    godkendt=START + nr * SEKUND,
                    moededato=START.date(),
                    kraever_lbf=kraever_lbf,
                )
            )
        elif art == "behandling":
            skridt, paa_version = valg
            version = versioner[-1] if paa_version and versioner else None
            log.append(Behandling.objects.create(aftale=aftale, art=skridt, version=version))
        elif log:
            # At most one waiting order per agreement (a partial unique index).
            venter = valg[0] and not aftale.godkendelser.filter(status="afventer").exists()
            Godkendelsesordre.objects.create(
                aftale=aftale,
                indsendelse=log[-1],
                moededato=START.date(),
                status="afventer" if venter else "fejlet",
                fejl="" if venter else "Fejlede",
            )


def _pk(aftaler: Any) -> set[int]:
    return set(aftaler.values_list("pk", flat=True))


@settings(
    max_examples=25,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(historier=st.lists(st.lists(SKRIDT, max_size=9), min_size=1, max_size=3))
@example(historier=HVER_TILSTAND)
@example(historier=HVER_LBF_TILSTAND)
def test_the_database_says_what_the_rule_says(randers, historier):
    with transaction.atomic():
        for historik in historier:
            _aftale(randers.helhedsplan, randers, historik)
        _sammenlign(randers)
        transaction.set_rollback(True)


def _sammenlign(randers: Delaftale) -> None:
    nye = Aftale.objects.filter(delaftale__indsatsnavn="Genereret")
    aftaler = {
        a.pk: a for a in nye.select_related("helhedsplan", "delaftale__indsatsomraade").order_by()
    }
    regel = tilstande(aftaler.values())
    koder = dict(med_tilstand(nye).annotate(k=tilstandskode()).values_list("pk", "k"))
    assert koder == {pk: t.kode for pk, t in regel.items()}
    for kode in KODER:
        assert _pk(i_tilstand(nye, kode)) == {pk for pk, t in regel.items() if t.kode == kode}
    venter = {pk for pk, t in regel.items() if t.afventer_lbf}
    assert _pk(med_tilstand(nye).filter(afventer_lbf())) == venter
    tider = sorted(
        {START - SEKUND}
        | set(Version.objects.filter(aftale__in=nye).values_list("godkendt", flat=True))
        | set(Behandling.objects.filter(aftale__in=nye).values_list("tidspunkt", flat=True))
    )
    # The times that matter are the steps' and versions' own (a version is new after a time
    # strictly before it): a few of them, the first and the last.
    for siden in [None, *tider[:: max(1, len(tider) // 3)], tider[-1], tider[-1] + SEKUND]:
        blev = {pk: blev_gaeldende(t) for pk, t in regel.items()}
        efter = {pk for pk, tid in blev.items() if tid and (siden is None or tid > siden)}
        assert _pk(nye.filter(blev_gaeldende_efter(siden))) == efter, siden
        for rolle in Medlemskab.Rolle.values:
            roller = {randers.helhedsplan_id: rolle}
            har_punkt = {
                pk for pk, a in aftaler.items() if aftalepunkter(roller, [a], regel, siden)
            }
            assert har_punkt <= _pk(med_tilstand(nye).filter(kandidater(rolle, siden)))
