"""The start page (the user's plans, each agreement's state, "Til mig") and an agreement's page."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Prefetch, Q, prefetch_related_objects
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import Resolver404, resolve

from delaftaler import versioner
from delaftaler.dansk import heltal
from delaftaler.models import Aftale, Helhedsplan, Medlemskab, StrategiskAftale, med_indhold
from delaftaler.redigering.overbelastning import overbelastning
from delaftaler.versioner.tilstand import tilstande
from delaftaler.versioner.tjekliste import BEKRAEFT_TEKST, opfyldt, tjekliste
from delaftaler.views import adgang
from delaftaler.views.til_mig import sidste_besoeg, til_mig
from opfoelgning.models import Maaltal

PLANER_PR_SIDE = 25
STATUSVALG = [
    ("kladde", "Kladde"),
    ("sendt", "Sendt til bestyrelsen"),
    ("sendt_tilbage", "Sendt tilbage af bestyrelsen"),
    ("afventer_lbf", "Afventer Landsbyggefonden"),
    ("lbf_afvist", "Ikke godkendt af Landsbyggefonden"),
    ("godkendt", "Godkendt"),
]


@dataclass(frozen=True)
class Filtre:
    """The start page's filters, as typed in its address (unknown values count as none)."""

    soeg: str = ""
    kommune: int | None = None
    status: str = ""
    til_mig: bool = False

    @classmethod
    def fra(cls, request: HttpRequest) -> Filtre:
        status = request.GET.get("status", "")
        return cls(
            soeg=request.GET.get("q", "").strip(),
            kommune=heltal(request.GET.get("kommune", ""), cifre=12),
            status=status if status in dict(STATUSVALG) else "",
            til_mig=request.GET.get("til_mig") == "1",
        )

    @property
    def adresse(self) -> str:
        """The filters as a query string for the pager's links (without the page)."""
        felter = {"q": self.soeg, "kommune": self.kommune or "", "status": self.status}
        felter["til_mig"] = "1" if self.til_mig else ""
        return urlencode({k: v for k, v in felter.items() if v})

    @property
    def aktive(self) -> bool:
        return bool(self.soeg or self.kommune or self.status or self.til_mig)


def _soegt(bruger: Any, soeg: str) -> set[int]:
    """The user's plans the search words match (one query)."""
    return set(
        Helhedsplan.objects.for_bruger(bruger)
        .filter(
            Q(navn__icontains=soeg)
            | Q(kommune__navn__icontains=soeg)
            | Q(boligorganisationer__navn__icontains=soeg)
            | Q(aftaler__delaftale__indsatsnavn__icontains=soeg)
            | Q(aftaler__delaftale__indsatsomraade__navn__icontains=soeg)
            | Q(aftaler__strategiskaftale__omraadets_navn__icontains=soeg)
        )
        .values_list("pk", flat=True)
    )


def _til_mig_planer(punkter: list[Any]) -> set[str]:
    """The plans (slugs) something in "Til mig" links into."""
    slugs = set()
    for punkt in punkter:
        try:
            slugs.add(resolve(punkt.url).kwargs.get("plan", ""))
        except Resolver404:  # pragma: no cover - every point links to a page of a plan
            continue
    return slugs


def _filtrer(
    planer: list[Helhedsplan],
    filtre: Filtre,
    pr_plan: dict[int, list[tuple[Aftale, Any]]],
    punkter: list[Any],
) -> list[Helhedsplan]:
    if filtre.kommune:
        planer = [p for p in planer if p.kommune_id == filtre.kommune]
    if filtre.status:
        planer = [
            p for p in planer if any(t.kode == filtre.status for _, t in pr_plan.get(p.pk, []))
        ]
    if filtre.til_mig:
        slugs = _til_mig_planer(punkter)
        planer = [p for p in planer if p.slug in slugs]
    return planer


@login_required
def forside(request: HttpRequest) -> HttpResponse:
    """The user's plans, 25 a page, with each agreement and its state, and "Til mig" across
    all plans; filtered by search words, kommune, status and "Til mig". The same number of
    queries for any number of plans and agreements, and only a page of plans rendered."""
    filtre = Filtre.fra(request)
    medlemskaber = list(
        Medlemskab.objects.filter(bruger_id=request.user.pk)
        .select_related("helhedsplan__kommune")
        .order_by("helhedsplan__navn", "helhedsplan_id")
    )
    roller = {m.helhedsplan_id: m.rolle for m in medlemskaber}
    administrator_i = {m.helhedsplan_id for m in medlemskaber if m.administrator}
    # The plans in the database's order of names (its collation), as the list always was.
    planer = {m.helhedsplan_id: m.helhedsplan for m in medlemskaber}
    # Every agreement of the user's plans: listed under its plan, and read for "Til mig".
    aftaler = list(
        Aftale.objects.filter(helhedsplan_id__in=list(roller))
        .select_related("strategiskaftale", "delaftale__indsatsomraade", "aendret_af")
        .order_by("gaelder_fra", "id")
    )
    tilstand = tilstande(aftaler)
    pr_plan: dict[int, list[tuple[Aftale, Any]]] = {}
    for a in aftaler:
        a.helhedsplan = planer[a.helhedsplan_id]  # the plans came with the memberships
        pr_plan.setdefault(a.helhedsplan_id, []).append((a, tilstand[a.pk]))
    # Only Landsbyggefonden is shown what became current since its last visit.
    siden = sidste_besoeg(request) if Medlemskab.Rolle.LBF in roller.values() else None
    punkter = til_mig(roller, aftaler, tilstand, siden)
    alle = list(planer.values())
    if filtre.soeg:
        soegte = _soegt(request.user, filtre.soeg)
        alle = [p for p in alle if p.pk in soegte]
    side = Paginator(_filtrer(alle, filtre, pr_plan, punkter), PLANER_PR_SIDE).get_page(
        request.GET.get("side")
    )
    liste = _sidens_planer(side.object_list, pr_plan, roller)
    kommuner = {p.kommune_id: p.kommune for p in alle if p.kommune is not None}
    return render(
        request,
        "delaftaler/forside.html",
        {
            "planer": liste,
            "side": side,
            "filtre": filtre,
            "soeg": filtre.soeg,
            "kommuner": sorted(kommuner.values(), key=lambda k: k.navn),
            "statusvalg": STATUSVALG,
            "har_planer": bool(roller),
            "til_mig": punkter,
            "roller": set(roller.values()),
            "administrator_i": administrator_i,
        },
    )


def _sidens_planer(
    planer: Any, pr_plan: dict[int, list[tuple[Aftale, Any]]], roller: dict[int, str]
) -> list[tuple[Helhedsplan, list[tuple[Aftale, Any, str]], str]]:
    """The page's plans as the page shows them: each with its agreements, their states and
    the next step for the user's role."""
    vist = {p.pk: p for p in _med_organisationer([p.pk for p in planer])}
    return [
        (
            vist[p.pk],
            [(a, t, t.naeste_skridt(roller[p.pk])) for a, t in pr_plan.get(p.pk, [])],
            roller[p.pk],
        )
        for p in planer
    ]


def _med_organisationer(ids: list[int]) -> list[Helhedsplan]:
    """The page's plans with what their heading shows (two queries)."""
    return list(
        Helhedsplan.objects.filter(pk__in=ids)
        .select_related("kommune", "fondsperiode")
        .prefetch_related("boligorganisationer")
    )


def vis_aftale(
    request: HttpRequest,
    medlemskab: Medlemskab,
    pk: int,
    ekstra: dict[str, Any] | None = None,
    status: int = 200,
) -> HttpResponse:
    """The agreement's page (also shown again, with what the user typed, after a refusal)."""
    helhedsplan = medlemskab.helhedsplan
    fundet = med_indhold(helhedsplan, pk)
    if fundet is None:
        raise Http404("Aftalen findes ikke.")
    _med_maaltal(fundet)
    punkter = tjekliste(fundet)
    tilstand = versioner.tilstand(fundet)
    kontekst = {
        "plan": helhedsplan,
        # A draft with the board is locked: its page offers no edits until withdrawn.
        "kan_redigere": medlemskab.maa_redigere and not tilstand.indsendelse,
        "laast": medlemskab.maa_redigere and bool(tilstand.indsendelse),
        "medlemskab": medlemskab,
        "aftale": fundet,
        "tilstand": tilstand,
        "naeste_skridt": tilstand.naeste_skridt(medlemskab.rolle),
        "tjekliste": punkter,
        "tjekliste_opfyldt": opfyldt(punkter),
        "bekraeft_tekst": BEKRAEFT_TEKST,
        **(ekstra or {}),
    }
    if isinstance(fundet, StrategiskAftale):
        return render(request, "delaftaler/strategiskaftale_detail.html", kontekst, status=status)
    kontekst["advarsler"] = overbelastning(helhedsplan)
    return render(request, "delaftaler/delaftale_detail.html", kontekst, status=status)


@login_required
def aftale(request: HttpRequest, plan: str, pk: int) -> HttpResponse:
    medlemskab = adgang.medlemskab(request, plan)
    if medlemskab.rolle == Medlemskab.Rolle.LBF:
        # Landsbyggefonden reads the approved versions, never the draft.
        return redirect("versioner", plan, pk)
    return vis_aftale(request, medlemskab, pk)


def _med_maaltal(aftale: Aftale) -> None:
    """The indicators' targets, shown under each on the page (not in the documents)."""
    indikatorer = [i for m in aftale.maal.all() for i in m.indikatorer.all()]
    maaltal = Maaltal.objects.select_related("omraade").prefetch_related("milepaele")
    prefetch_related_objects(indikatorer, Prefetch("maaltal", maaltal))
