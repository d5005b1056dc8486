from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch, Q, prefetch_related_objects
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from delaftaler import versioner
from delaftaler.models import Aftale, Helhedsplan, Medlemskab, StrategiskAftale, med_indhold
from delaftaler.redigering.sektioner import overbelastning
from delaftaler.views import adgang
from opfoelgning.models import Maaltal


@login_required
def forside(request: HttpRequest) -> HttpResponse:
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
        Prefetch(
            "aftaler",
            queryset=Aftale.objects.select_related(
                "strategiskaftale", "delaftale__indsatsomraade", "aendret_af"
            ).order_by("gaelder_fra", "id"),
        ),
        "boligorganisationer",
    )
    redaktoer_i = set(
        Medlemskab.objects.filter(
            bruger_id=request.user.pk, rolle=Medlemskab.Rolle.REDAKTOER
        ).values_list("helhedsplan_id", flat=True)
    )
    return render(
        request,
        "delaftaler/forside.html",
        {"planer": planer, "redaktoer_i": redaktoer_i, "soeg": soeg},
    )


@login_required
def aftale(request: HttpRequest, plan: str, pk: int) -> HttpResponse:
    medlemskab = adgang.medlemskab(request, plan)
    if medlemskab.rolle == Medlemskab.Rolle.LBF:
        # Landsbyggefonden reads the approved versions, never the draft.
        return redirect("versioner", plan, pk)
    helhedsplan = medlemskab.helhedsplan
    fundet = med_indhold(helhedsplan, pk)
    if fundet is None:
        raise Http404("Aftalen findes ikke.")
    _med_maaltal(fundet)
    kontekst = {
        "plan": helhedsplan,
        "kan_redigere": medlemskab.maa_redigere,
        "medlemskab": medlemskab,
        "aftale": fundet,
        "tilstand": versioner.tilstand(fundet),
    }
    if isinstance(fundet, StrategiskAftale):
        return render(request, "delaftaler/strategiskaftale_detail.html", kontekst)
    kontekst["advarsler"] = overbelastning(helhedsplan)
    return render(request, "delaftaler/delaftale_detail.html", kontekst)


def _med_maaltal(aftale: Aftale) -> None:
    """The indicators' targets, shown under each on the page (not in the documents)."""
    indikatorer = [i for m in aftale.maal.all() for i in m.indikatorer.all()]
    maaltal = Maaltal.objects.select_related("omraade").prefetch_related("milepaele")
    prefetch_related_objects(indikatorer, Prefetch("maaltal", maaltal))
