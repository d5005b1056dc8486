from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from .models import Helhedsplan


@login_required
def forside(request: HttpRequest) -> HttpResponse:
    planer = Helhedsplan.objects.for_bruger(request.user).prefetch_related(
        "aftaler__delaftale__indsatsomraade", "aftaler__strategiskaftale"
    )
    return render(request, "delaftaler/forside.html", {"planer": planer})


@login_required
def aftale(request: HttpRequest, plan: str, pk: int) -> HttpResponse:
    helhedsplan = get_object_or_404(Helhedsplan.objects.for_bruger(request.user), slug=plan)
    aftale = get_object_or_404(helhedsplan.aftaler.all(), pk=pk).konkret
    return render(request, "delaftaler/aftale_detail.html", {"plan": helhedsplan, "aftale": aftale})
