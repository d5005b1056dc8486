"""An agreement's state in the database: `Tilstand.kode` and what "Til mig" asks of it, as
expressions on `Aftale` querysets, so the start page filters and counts a user's plans by
state without reading every agreement's log and versions into Python.

Each expression mirrors a property of `tilstand.Tilstand` clause by clause;
tests/test_tilstandskode.py holds the two side by side on every state.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import (
    Case,
    CharField,
    Exists,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.lookups import GreaterThan

from delaftaler.models import Behandling, Version
from delaftaler.models.version import Godkendelsesordre
from delaftaler.versioner.tilstand import LBF_ARTER, Art


def _forloeb() -> QuerySet[Behandling]:
    """The agreement's board round (LBF's decisions left out), newest step first."""
    return (
        Behandling.objects.filter(aftale_id=OuterRef("pk"))
        .exclude(art__in=LBF_ARTER)
        .order_by("-tidspunkt", "-id")
    )


def _seneste() -> QuerySet[Version]:
    return Version.objects.filter(aftale_id=OuterRef("pk")).order_by("-nummer")


def med_tilstand(aftaler: QuerySet[Any]) -> QuerySet[Any]:
    """The agreements with the aliases the expressions below read: the last step of the
    board's round, the newest version and LBF's latest decision on it, the submission's
    newest approval order."""
    return aftaler.alias(
        skridt_art=Subquery(_forloeb().values("art")[:1]),
        skridt_pk=Subquery(_forloeb().values("pk")[:1]),
        seneste_pk=Subquery(_seneste().values("pk")[:1]),
        seneste_kraever_lbf=Subquery(_seneste().values("kraever_lbf")[:1]),
        seneste_redigeringsnummer=Subquery(_seneste().values("redigeringsnummer")[:1]),
    ).alias(
        lbf_art=Subquery(
            Behandling.objects.filter(version_id=OuterRef("seneste_pk"), art__in=LBF_ARTER)
            .order_by("-tidspunkt", "-id")
            .values("art")[:1]
        ),
        ordre_status=Subquery(
            Godkendelsesordre.objects.filter(indsendelse_id=OuterRef("skridt_pk"))
            .order_by("-id")
            .values("status")[:1]
        ),
    )


def afventer_lbf() -> Q:
    """`Tilstand.afventer_lbf`: the newest version needs LBF and LBF has not decided."""
    return Q(seneste_kraever_lbf=True, lbf_art__isnull=True)


def tilstandskode() -> Case:
    """`Tilstand.kode` (on `med_tilstand`'s aliases)."""
    efter_godkendelse = Case(
        When(afventer_lbf(), then=Value("afventer_lbf")),
        When(lbf_art=Art.LBF_AFVIST, then=Value("lbf_afvist")),
        When(
            Q(seneste_pk__isnull=False) & ~Q(seneste_redigeringsnummer=F("redigeringsnummer")),
            then=Value("kladde"),
        ),
        default=Value("godkendt"),
    )
    return Case(
        When(
            skridt_art=Art.INDSENDT,
            then=Case(
                When(ordre_status=Godkendelsesordre.Status.AFVENTER, then=Value("godkendes")),
                default=Value("sendt"),
            ),
        ),
        When(skridt_art=Art.SENDT_TILBAGE, then=Value("sendt_tilbage")),
        When(
            Q(skridt_art=Art.GODKENDT) | Q(skridt_art__isnull=True, seneste_pk__isnull=False),
            then=efter_godkendelse,
        ),
        default=Value("kladde"),
        output_field=CharField(),
    )


# What an agreement in each state has for certain: cheap to test before the state itself.
_FORUDSAT = {
    "sendt": Q(skridt_art=Art.INDSENDT),
    "godkendes": Q(skridt_art=Art.INDSENDT),
    "sendt_tilbage": Q(skridt_art=Art.SENDT_TILBAGE),
    "afventer_lbf": Q(seneste_kraever_lbf=True),
    "lbf_afvist": Q(lbf_art=Art.LBF_AFVIST),
}


def i_tilstand(aftaler: QuerySet[Any], kode: str) -> QuerySet[Any]:
    """The agreements whose `Tilstand.kode` is `kode`."""
    aftaler = med_tilstand(aftaler).alias(tilstandskode=tilstandskode())
    return aftaler.filter(_FORUDSAT.get(kode, Q()), tilstandskode=kode)


def blev_gaeldende_efter(siden: datetime.datetime | None) -> Q:
    """`til_mig.blev_gaeldende(t)` after `siden` (at any time if None): the current version
    (the newest that needs no LBF, or that LBF approved) became current by the board's
    approval, or by LBF's."""
    lbf_godkendt = Behandling.objects.filter(
        aftale_id=OuterRef("aftale_id"), version_id=OuterRef("pk"), art=Art.LBF_GODKENDT
    )
    gaeldende = (
        Version.objects.filter(aftale_id=OuterRef("pk"))
        .filter(Q(kraever_lbf=False) | Exists(lbf_godkendt))
        .order_by("-nummer")
    )
    if siden is None:
        return Q(Exists(gaeldende))
    tid = Case(
        When(kraever_lbf=False, then=F("godkendt")),
        default=Subquery(lbf_godkendt.order_by("-tidspunkt", "-id").values("tidspunkt")[:1]),
    )
    blev = Subquery(gaeldende.annotate(tid=tid).values("tid")[:1])
    # A cheap test first (the exact one is four subqueries deep): any approval after it.
    efter = Version.objects.filter(aftale_id=OuterRef("pk"), kraever_lbf=False, godkendt__gt=siden)
    lbf_efter = Behandling.objects.filter(
        aftale_id=OuterRef("pk"), art=Art.LBF_GODKENDT, tidspunkt__gt=siden
    )
    return (Q(Exists(efter)) | Q(Exists(lbf_efter))) & Q(GreaterThan(blev, siden))
