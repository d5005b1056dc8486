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

from delaftaler import versioner
from delaftaler.dansk import heltal
from delaftaler.models import Aftale, Helhedsplan, Medlemskab, StrategiskAftale, med_indhold
from delaftaler.redigering.overbelastning import overbelastning
from delaftaler.versioner.tjekliste import BEKRAEFT_TEKST, opfyldt, tjekliste
from delaftaler.views import adgang, mine_planer
from delaftaler.views.til_mig import aftalepunkter, forrige_besoeg, noter_besoeg, rapportpunkter
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


@login_required
def forside(request: HttpRequest) -> HttpResponse:
    """The user's plans, 25 a page, with each agreement and its state, and "Til mig" across
    all plans; filtered by search words, kommune, status and "Til mig". The same number of
    queries for any number of plans and agreements, and only the agreements of a page of
    plans (and of the plans with something for "Til mig") read (`mine_planer`)."""
    filtre = Filtre.fra(request)
    siden = forrige_besoeg(request)
    planer = mine_planer.planer(request.user, filtre.status, siden)
    roller = {p.pk: p.rolle for p in planer}
    # Only Landsbyggefonden is shown what became current since its last visit.
    if Medlemskab.Rolle.LBF in roller.values():
        noter_besoeg(request)
    else:
        siden = None
    alle = planer
    if filtre.soeg:
        soegte = _soegt(request.user, filtre.soeg)
        alle = [p for p in alle if p.pk in soegte]
    valgte = [
        p
        for p in alle
        if (not filtre.kommune or (p.kommune and p.kommune.pk == filtre.kommune))
        and (not filtre.status or p.i_status)
    ]
    rapporter = rapportpunkter(request.user)
    kandidater = {p.pk for p in planer if p.kandidat}
    nr = request.GET.get("side")
    # Filtered by "Til mig", the page is known once the points are: its plans are among
    # those that may have one, or have a report's.
    if filtre.til_mig:
        side = None
        med_rapport = {r.helhedsplan_id for r in rapporter}
        hent = kandidater | {p.pk for p in valgte if p.pk in med_rapport}
    else:
        side = Paginator(valgte, PLANER_PR_SIDE).get_page(nr)
        hent = kandidater | {p.pk for p in side.object_list}
    aftaler, tilstand = mine_planer.aftaler(hent)
    til_mig = [a for a in aftaler if a.helhedsplan_id in kandidater]
    punkter = aftalepunkter(roller, til_mig, tilstand, siden) + rapporter
    if side is None:
        med_punkt = {punkt.helhedsplan_id for punkt in punkter}
        side = Paginator([p for p in valgte if p.pk in med_punkt], PLANER_PR_SIDE).get_page(nr)
    pr_plan: dict[int, list[tuple[Aftale, Any]]] = {}
    for a in aftaler:
        pr_plan.setdefault(a.helhedsplan_id, []).append((a, tilstand[a.pk]))
    kommuner = {p.kommune.pk: p.kommune for p in alle if p.kommune is not None}
    return render(
        request,
        "delaftaler/forside.html",
        {
            "planer": mine_planer.raekker(list(side.object_list), pr_plan),
            "side": side,
            "filtre": filtre,
            "soeg": filtre.soeg,
            "kommuner": sorted(kommuner.values(), key=lambda k: k.navn),
            "statusvalg": STATUSVALG,
            "har_planer": bool(roller),
            "til_mig": punkter,
            "roller": set(roller.values()),
        },
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
