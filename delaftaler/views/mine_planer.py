"""The start page's plans, read in the same number of queries for any number of them.

One query gives every plan of the user with its role, its kommune and what the filters ask
of it: whether an agreement of it is in the state chosen, and whether something of it may
wait for the user ("Til mig"); the database works out the states
(`versioner.tilstandskode`). Only the agreements of the page's plans, and of the plans
that may have something for "Til mig", are then read whole with their states.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from functools import partial
from typing import Any

from django.db import connection
from django.db.models import BooleanField, Case, Exists, OuterRef, QuerySet, Value, When
from django.urls import reverse

from delaftaler.models import Aftale, Helhedsplan, Medlemskab
from delaftaler.versioner.tilstand import Tilstand, tilstande
from delaftaler.versioner.tilstandskode import i_tilstand, med_tilstand
from delaftaler.views import forberedt
from delaftaler.views.til_mig import kandidater, tidspunkt_tekst


@dataclass(frozen=True)
class Kommune:
    pk: int
    navn: str


@dataclass(frozen=True)
class Plan:
    """A plan of the user as the list and its filters need it (its heading is read later,
    for the page's plans only)."""

    pk: int
    rolle: str
    administrator: bool
    kommune: Kommune | None
    i_status: bool  # an agreement of it is in the state the filter asks for
    kandidat: bool  # something of it may wait for the user (see `til_mig.kandidater`)


def planer(bruger: Any, status: str, siden: datetime.datetime | None) -> list[Plan]:
    """The user's plans in the database's order of names (its collation), as the list
    always was; `status` a state code or "" (none asked for)."""
    navn = f"planer:{bool(status)}:{siden is not None}"
    byg = partial(
        _planer, forberedt.STATUS if status else "", None if siden is None else forberedt.TID
    )
    vaerdier: dict[Any, Any] = {forberedt.BRUGER: bruger.pk}
    if status:
        vaerdier[forberedt.STATUS] = status
    if siden is not None:
        vaerdier[forberedt.TID] = siden
    with connection.cursor() as cursor:
        cursor.execute(*forberedt.sql(navn, byg, vaerdier))
        raekker = cursor.fetchall()
    return [
        Plan(pk, rolle, bool(admin), Kommune(k, kommunenavn) if k else None, bool(s), bool(t))
        for pk, rolle, admin, k, kommunenavn, s, t in raekker
    ]


def _planer(status: str, siden: datetime.datetime | None) -> QuerySet[Any]:
    aftaler = Aftale.objects.filter(helhedsplan_id=OuterRef("helhedsplan_id"))
    # The role decides what may wait: one condition per role, tried for its plans only.
    kandidat = Case(
        *(
            When(rolle=rolle, then=Exists(med_tilstand(aftaler).filter(kandidater(rolle, siden))))
            for rolle in Medlemskab.Rolle.values
        ),
        default=Value(False),
        output_field=BooleanField(),
    )
    i_status = Exists(i_tilstand(aftaler, status)) if status else Value(False)
    return (
        Medlemskab.objects.filter(bruger_id=forberedt.BRUGER)
        .annotate(i_status=i_status, kandidat=kandidat)
        .order_by("helhedsplan__navn", "helhedsplan_id")
        .values_list(
            "helhedsplan_id",
            "rolle",
            "administrator",
            "helhedsplan__kommune_id",
            "helhedsplan__kommune__navn",
            "i_status",
            "kandidat",
        )
    )


# What the list and "Til mig" show of an agreement: not its texts.
_VIST = (
    "helhedsplan__slug",
    "helhedsplan__navn",
    "gaelder_fra",
    "gaelder_til",
    "aendret",
    "redigeringsnummer",
    "aendret_af__username",
    "aendret_af__first_name",
    "aendret_af__last_name",
    "delaftale__indsatsomraade__navn",
    "strategiskaftale__aftale_ptr",
)


def aftaler(planer: set[int]) -> tuple[list[Aftale], dict[int, Tilstand]]:
    """The plans' agreements, in the list's order, and their states (three queries)."""
    fundet = list(
        Aftale.objects.filter(helhedsplan_id__in=planer)
        .select_related("helhedsplan", "strategiskaftale", "delaftale__indsatsomraade")
        .select_related("aendret_af")
        .only(*_VIST)
        .order_by("gaelder_fra", "id")
    )
    return fundet, tilstande(fundet)


@dataclass(frozen=True)
class Raekke:
    """A plan on the page: its heading, its links, and a row per agreement (the agreement,
    its state, the next step for the user's role, its address, when it was last changed)."""

    plan: Helhedsplan
    rolle: str
    links: dict[str, str]
    aftaler: list[tuple[Aftale, Tilstand, str, str, str]]


# The plan's links on the page, by the name of their address.
LINKS = ("lbf_eksport_plan", "opfoelgning", "ny_delaftale", "ny_strategisk_aftale", "omraader")
LINKS_ADMINISTRATOR = ("medlemmer",)
# Stand-ins for a plan's slug and an agreement's number: each address is reversed once per
# page with them and the plan's own put in (a reversal costs about 20 µs, a page has 150).
_SLUG, _PK = "plan-markoer", 987654321987


def raekker(planer: list[Plan], aftaler: dict[int, list[tuple[Aftale, Tilstand]]]) -> list[Raekke]:
    """The page's plans as the page shows them (two queries)."""
    vist = {p.pk: p for p in _med_organisationer([p.pk for p in planer])}
    links = {navn: reverse(navn, args=[_SLUG]) for navn in LINKS + LINKS_ADMINISTRATOR}
    side = reverse("aftale", args=[_SLUG, _PK])
    ud = []
    for p in planer:
        plan = vist[p.pk]
        ud.append(
            Raekke(
                plan,
                p.rolle,
                {
                    navn: adresse.replace(_SLUG, plan.slug)
                    for navn, adresse in links.items()
                    if p.administrator or navn not in LINKS_ADMINISTRATOR
                },
                [
                    (
                        a,
                        t,
                        t.naeste_skridt(p.rolle),
                        side.replace(str(_PK), str(a.pk)).replace(_SLUG, plan.slug),
                        tidspunkt_tekst(a.aendret),
                    )
                    for a, t in aftaler.get(p.pk, [])
                ],
            )
        )
    return ud


def _med_organisationer(ids: list[int]) -> list[Helhedsplan]:
    """The plans with what their heading shows (two queries): the housing organisations as
    a list `organisationer`, read through the link table in one query (a prefetch builds a
    manager and a queryset per plan)."""
    planer = list(Helhedsplan.objects.filter(pk__in=ids).select_related("kommune", "fondsperiode"))
    organisationer: dict[int, list[Any]] = {p.pk: [] for p in planer}
    led = Helhedsplan.boligorganisationer.through.objects.filter(helhedsplan_id__in=ids)
    for link in led.select_related("organisation").order_by("organisation__navn"):
        organisationer[link.helhedsplan_id].append(link.organisation)
    for p in planer:
        p.organisationer = organisationer[p.pk]  # type: ignore[attr-defined]
    return planer
