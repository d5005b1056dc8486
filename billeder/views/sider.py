"""The agreement's "Billeder" page (redaktør) and each image, served to the plan's readers.

An image is never a public MEDIA address: it is read from storage by a view that fetches
it through the user's membership of the plan, like every other page of an agreement.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from billeder.forms import BilledeForm, BilledeRetForm
from billeder.models import Billede, afsnit_for
from delaftaler import versioner
from delaftaler.models import Aftale, Helhedsplan
from delaftaler.redigering import Konflikt, Laast, gem_aendring
from delaftaler.views import adgang
from delaftaler.views.redigering import laast_side

TITEL = "Billeder"


@login_required
def billede(
    request: HttpRequest, plan: str, pk: int, billede_pk: int
) -> HttpResponse | FileResponse:
    """The image's bytes, for those who may read the draft (not Landsbyggefonden)."""
    medlemskab = adgang.kladdelaeser(request, plan)
    aftale = adgang.aftale(medlemskab.helhedsplan, pk)
    fundet = get_object_or_404(Billede.objects.filter(aftale=aftale), pk=billede_pk)
    if request.method not in ("GET", "HEAD"):  # after the membership: others get 404
        return HttpResponseNotAllowed(["GET", "HEAD"])
    svar = FileResponse(fundet.fil.open("rb"), content_type=fundet.indholdstype)
    svar["Content-Disposition"] = f'inline; filename="{fundet.filnavn}"'
    svar["Cache-Control"] = "private, max-age=3600"
    return svar


def _ret_forms(aftale: Aftale, billeder: list[Billede], bundet: Any = None) -> list[Any]:
    forms = []
    for b in billeder:
        data = bundet if bundet is not None and bundet[0] == b.pk else None
        form = BilledeRetForm(
            data[1] if data else None, instance=b, aftale=aftale, prefix=f"b{b.pk}"
        )
        forms.append((b, form))
    return forms


def _vis(
    request: HttpRequest,
    plan: Helhedsplan,
    aftale: Aftale,
    ny: BilledeForm | None = None,
    bundet: Any = None,
    status: int = 200,
) -> HttpResponse:
    billeder = list(aftale.billeder.all())
    navne = dict(afsnit_for(aftale))
    kontekst = {
        "plan": plan,
        "aftale": aftale,
        "ny": ny
        or BilledeForm(aftale=aftale, prefix="ny", initial={"raekkefoelge": len(billeder) + 1}),
        "billeder": [
            (b, f, navne.get(b.afsnit, b.afsnit)) for b, f in _ret_forms(aftale, billeder, bundet)
        ],
    }
    return render(request, "billeder/billeder.html", kontekst, status=status)


MSG_KONFLIKT = (
    "Aftalen er blevet ændret af en anden, efter du åbnede siden. "
    "Se billederne herunder og prøv igen."
)


def _gem(
    request: HttpRequest, plan: Helhedsplan, aftale: Aftale, kommentar: str, gem: Any
) -> HttpResponse | None:
    """Save through the agreement's edit path (row lock, conflict and lock check, edit
    counter, one revision with `kommentar`); a response if it could not be saved."""
    try:
        nummer = int(request.POST.get("redigeringsnummer", ""))
    except ValueError:
        nummer = aftale.redigeringsnummer
    try:
        gem_aendring(aftale, request.user, nummer, kommentar, gem)
    except Konflikt:
        messages.error(request, MSG_KONFLIKT)
        aftale.refresh_from_db(fields=["redigeringsnummer"])
        return None
    except Laast as fejl:
        tilbage = aftale.get_absolute_url()  # type: ignore[attr-defined]
        return laast_side(request, plan, TITEL, tilbage, [(aftale, fejl.indsendelse)], aftale)
    return None


def _handl(request: HttpRequest, plan: Helhedsplan, aftale: Aftale) -> HttpResponse:
    handling = request.POST.get("handling", "")
    tilbage = reverse("billeder", args=[plan.slug, aftale.pk])
    foer = aftale.redigeringsnummer
    if handling == "tilfoej":
        ny = BilledeForm(request.POST, request.FILES, aftale=aftale, prefix="ny")
        if not ny.is_valid():
            return _vis(request, plan, aftale, ny=ny, status=400)
        tekst = f"Billede tilføjet: {ny.cleaned_data['billedtekst']}"
        svar = _gem(request, plan, aftale, tekst, ny.save)
        if svar or aftale.redigeringsnummer == foer:
            return svar or _vis(request, plan, aftale, ny=ny, status=409)
        messages.success(request, "Billedet er tilføjet.")
        return redirect(tilbage)
    fundet = get_object_or_404(aftale.billeder.all(), pk=request.POST.get("billede") or 0)
    if handling == "slet":
        svar = _gem(request, plan, aftale, f"Billede slettet: {fundet.billedtekst}", fundet.delete)
        if svar or aftale.redigeringsnummer == foer:
            return svar or _vis(request, plan, aftale, status=409)
        messages.success(request, "Billedet er slettet.")
        return redirect(tilbage)
    if handling == "ret":
        gammel = fundet.billedtekst
        form = BilledeRetForm(request.POST, instance=fundet, aftale=aftale, prefix=f"b{fundet.pk}")
        if not form.is_valid():
            return _vis(request, plan, aftale, bundet=(fundet.pk, request.POST), status=400)
        svar = _gem(request, plan, aftale, f"Billede ændret: {gammel}", form.save)
        if svar or aftale.redigeringsnummer == foer:
            return svar or _vis(request, plan, aftale, bundet=(fundet.pk, request.POST), status=409)
        messages.success(request, "Billedets tekster er gemt.")
        return redirect(tilbage)
    return _vis(request, plan, aftale, status=400)


@login_required
def billeder(request: HttpRequest, plan: str, pk: int) -> HttpResponse:
    """Upload, list, change, order and delete the agreement's images."""
    medlemskab = adgang.redaktoer(request, plan)
    helhedsplan = medlemskab.helhedsplan
    aftale = adgang.aftale(helhedsplan, pk)
    indsendelse = versioner.tilstand(aftale).indsendelse
    if indsendelse:
        tilbage = aftale.get_absolute_url()  # type: ignore[attr-defined]
        return laast_side(request, helhedsplan, TITEL, tilbage, [(aftale, indsendelse)], aftale)
    if request.method == "POST":
        return _handl(request, helhedsplan, aftale)
    return _vis(request, helhedsplan, aftale)
