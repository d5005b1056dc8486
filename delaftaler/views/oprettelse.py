"""New agreements: a blank one, or a copy of an existing one into a new period."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from delaftaler.dataformat import FormatFejl, kopier_aftale
from delaftaler.forms import DelaftaleForm, KopierForm, StrategiskAftaleForm
from delaftaler.historik import gem_revision
from delaftaler.models import Helhedsplan, Medlemskab
from delaftaler.views import adgang


def _ny(request: HttpRequest, plan: str, strategisk: bool) -> HttpResponse:
    medlemskab = adgang.redaktoer(request, plan)
    helhedsplan = medlemskab.helhedsplan
    form_class = StrategiskAftaleForm if strategisk else DelaftaleForm
    form = form_class(request.POST or None, helhedsplan=helhedsplan, prefix="a")
    if request.method == "POST" and form.is_valid():
        aftale = form.save(commit=False)
        aftale.aendret_af = request.user
        aftale.save()
        gem_revision(aftale, request.user, "Oprettet")
        messages.success(request, "Aftalen er oprettet. Udfyld nu de enkelte afsnit.")
        return redirect(aftale.get_absolute_url())
    return render(
        request,
        "delaftaler/aftale_ny.html",
        {"plan": helhedsplan, "form": form, "strategisk": strategisk},
    )


@login_required
def ny_delaftale(request: HttpRequest, plan: str) -> HttpResponse:
    return _ny(request, plan, strategisk=False)


@login_required
def ny_strategisk_aftale(request: HttpRequest, plan: str) -> HttpResponse:
    return _ny(request, plan, strategisk=True)


@login_required
def kopier(request: HttpRequest, plan: str, pk: int) -> HttpResponse:
    """Copy an agreement with all its children into a new period (and helhedsplan)."""
    # The copy carries the whole draft: the original's plan must let the user read drafts
    # (not Landsbyggefonden's role), the copy's plan must let the user edit.
    medlemskab = adgang.kladdelaeser(request, plan)
    aftale = adgang.aftale(medlemskab.helhedsplan, pk)
    planer = Helhedsplan.objects.filter(
        medlemskaber__bruger_id=request.user.pk, medlemskaber__rolle=Medlemskab.Rolle.REDAKTOER
    )
    if not planer.exists():
        raise PermissionDenied("Du er ikke redaktør i nogen helhedsplan.")
    form = KopierForm(
        request.POST or None,
        planer=planer,
        initial={"helhedsplan": medlemskab.helhedsplan if medlemskab.maa_redigere else None},
    )
    if request.method == "POST" and form.is_valid():
        try:
            kopi = kopier_aftale(
                aftale,
                form.cleaned_data["helhedsplan"],
                form.cleaned_data["gaelder_fra"],
                form.cleaned_data["gaelder_til"],
                request.user,
            )
        except FormatFejl as fejl:
            form.add_error(None, f"Aftalen kan ikke kopieres: {fejl.besked}")
        else:
            messages.success(request, "Aftalen er kopieret. Du redigerer nu kopien.")
            return redirect(kopi.get_absolute_url())  # type: ignore[attr-defined]
    return render(
        request,
        "delaftaler/aftale_kopier.html",
        {"plan": medlemskab.helhedsplan, "aftale": aftale, "form": form},
    )
