"""The start page (the user's plans, each agreement's state, "Til mig") and an agreement's page."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch, Q, prefetch_related_objects
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from delaftaler import versioner
from delaftaler.models import Aftale, Helhedsplan, Medlemskab, StrategiskAftale, med_indhold
from delaftaler.redigering.sektioner import overbelastning
from delaftaler.versioner.tilstand import tilstande
from delaftaler.versioner.tjekliste import BEKRAEFT_TEKST, opfyldt, tjekliste
from delaftaler.views import adgang
from delaftaler.views.til_mig import sidste_besoeg, til_mig
from opfoelgning.models import Maaltal


@login_required
def forside(request: HttpRequest) -> HttpResponse:
    """The user's plans with each agreement and its state, and "Til mig" across all plans;
    the same number of queries for any number of plans and agreements."""
    soeg = request.GET.get("q", "").strip()
    planer = Helhedsplan.objects.for_bruger(request.user)
    if soeg:
        planer = planer.filter(
            Q(navn__icontains=soeg)
            | Q(kommune__navn__icontains=soeg)
            | Q(boligorganisationer__navn__icontains=soeg)
            | Q(aftaler__delaftale__indsatsnavn__icontains=soeg)
            | Q(aftaler__delaftale__indsatsomraade__navn__icontains=soeg)
            | Q(aftaler__strategiskaftale__omraadets_navn__icontains=soeg)
        ).distinct()
    planer = planer.select_related("kommune", "fondsperiode").prefetch_related(
        "boligorganisationer"
    )
    medlemskaber = Medlemskab.objects.filter(bruger_id=request.user.pk).select_related(
        "helhedsplan"
    )
    roller = {m.helhedsplan_id: m.rolle for m in medlemskaber}
    administrator_i = {m.helhedsplan_id for m in medlemskaber if m.administrator}
    # Every agreement of the user's plans: listed under its plan, and read for "Til mig".
    aftaler = list(
        Aftale.objects.filter(helhedsplan_id__in=list(roller))
        .select_related(
            "strategiskaftale", "delaftale__indsatsomraade", "aendret_af", "helhedsplan"
        )
        .order_by("gaelder_fra", "id")
    )
    tilstand = tilstande(aftaler)
    pr_plan: dict[int, list[tuple[Aftale, Any, str]]] = {}
    for a in aftaler:
        t = tilstand[a.pk]
        naeste = t.naeste_skridt(roller[a.helhedsplan_id])
        pr_plan.setdefault(a.helhedsplan_id, []).append((a, t, naeste))
    # Only Landsbyggefonden is shown what became current since its last visit.
    siden = sidste_besoeg(request) if Medlemskab.Rolle.LBF in roller.values() else None
    liste = [(plan, pr_plan.get(plan.pk, []), roller.get(plan.pk, "")) for plan in planer]
    return render(
        request,
        "delaftaler/forside.html",
        {
            "planer": liste,
            "soeg": soeg,
            "til_mig": til_mig(roller, aftaler, tilstand, siden),
            "roller": set(roller.values()),
            "administrator_i": administrator_i,
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
