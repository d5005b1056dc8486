from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from .models import Aftale, Delaftale, Helhedsplan, StrategiskAftale


def _plan_for_bruger(request: HttpRequest, slug: str) -> Helhedsplan:
    """The helhedsplan, if the user is a member of it; otherwise 404 (never a hint it exists)."""
    return get_object_or_404(Helhedsplan.objects.for_bruger(request.user), slug=slug)


@login_required
def forside(request: HttpRequest) -> HttpResponse:
    planer = (
        Helhedsplan.objects.for_bruger(request.user)
        .select_related("kommune", "fondsperiode")
        .prefetch_related(
            Prefetch(
                "aftaler",
                queryset=Aftale.objects.select_related(
                    "strategiskaftale", "delaftale__indsatsomraade", "aendret_af"
                ).order_by("gaelder_fra", "id"),
            ),
            "boligorganisationer",
        )
    )
    return render(request, "delaftaler/forside.html", {"planer": planer})


@login_required
def aftale(request: HttpRequest, plan: str, pk: int) -> HttpResponse:
    helhedsplan = _plan_for_bruger(request, plan)
    delaftale = Delaftale.objects.med_indhold().filter(helhedsplan=helhedsplan, pk=pk).first()
    if delaftale:
        return render(
            request,
            "delaftaler/delaftale_detail.html",
            {"plan": helhedsplan, "aftale": delaftale},
        )
    strategisk = (
        StrategiskAftale.objects.med_indhold().filter(helhedsplan=helhedsplan, pk=pk).first()
    )
    if strategisk:
        return render(
            request,
            "delaftaler/strategiskaftale_detail.html",
            {"plan": helhedsplan, "aftale": strategisk},
        )
    raise Http404("Aftalen findes ikke.")
