"""'Gendan som kladde': the redaktør makes the draft an approved version's content."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect

from delaftaler import versioner
from delaftaler.dansk import heltal
from delaftaler.models import Aftale, Version
from delaftaler.redigering import Konflikt
from delaftaler.versioner.gendannelse import gendan_som_kladde
from delaftaler.views import adgang
from delaftaler.views.versioner import versionsliste

MSG_KONFLIKT = (
    "Kladden er blevet ændret, efter du åbnede siden, og er ikke gendannet. "
    "Se ændringerne i historikken, og gendan igen, hvis det stadig er meningen."
)

MSG_NUMMER = (
    "Kladden er ikke gendannet, fordi siden ikke har et gyldigt redigeringsnummer. "
    "Genindlæs siden, og prøv igen."
)


@login_required
def gendan(request: HttpRequest, plan: str, pk: int, nummer: int) -> HttpResponse:
    medlemskab = adgang.redaktoer(request, plan)
    aftale = get_object_or_404(Aftale, helhedsplan=medlemskab.helhedsplan, pk=pk)
    version = get_object_or_404(Version.objects.defer("pdf", "docx"), aftale=aftale, nummer=nummer)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    redigeringsnummer = heltal(request.POST.get("redigeringsnummer", ""), cifre=12)
    if redigeringsnummer is None:
        messages.error(request, MSG_NUMMER)
        return redirect("versioner", plan, pk)
    try:
        gendan_som_kladde(aftale, version, request.user, redigeringsnummer)
    except Konflikt:
        messages.error(request, MSG_KONFLIKT)
        svar = versionsliste(request, plan, pk)
        svar.status_code = 409
        return svar
    except versioner.Afvist as fejl:
        messages.error(request, str(fejl))
        return redirect("versioner", plan, pk)
    messages.success(
        request, f"Kladden er gendannet fra version {version.nummer}. Den er ikke sendt videre."
    )
    return redirect("aftale", plan, pk)
