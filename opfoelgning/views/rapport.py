"""The yearly status report's page: its content, files, log and treatment by the board."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseBadRequest,
    HttpResponseNotAllowed,
)
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from delaftaler.dokumenter.tidsgraense import ForLangTid
from delaftaler.models import Helhedsplan, Medlemskab
from delaftaler.versioner import sha256
from delaftaler.views import adgang
from opfoelgning import behandling, dokumenter
from opfoelgning.forms.behandling import GodkendForm, IndsendForm, SendTilbageForm
from opfoelgning.models import GodkendtRapport, Statusrapport, standardfrist
from opfoelgning.rapport import rapport_json, rapportdata

Rolle = Medlemskab.Rolle
INDHOLDSTYPER = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "json": "application/json",
}
ROLLER = {
    "send": Rolle.REDAKTOER,
    "traek_tilbage": Rolle.REDAKTOER,
    "godkend": Rolle.BESTYRELSE,
    "send_tilbage": Rolle.BESTYRELSE,
}
MSG_ROLLE = {
    Rolle.REDAKTOER: "Kun redaktøren kan sende statusrapporten til bestyrelsen.",
    Rolle.BESTYRELSE: "Kun bestyrelsen kan godkende statusrapporten eller sende den tilbage.",
}


def _aar(aar: int) -> int:
    if not 1900 <= aar <= 2100:
        raise Http404("Året findes ikke.")
    return aar


def filnavn(plan: Helhedsplan, aar: int, endelse: str, nummer: int | None = None) -> str:
    """ "statusrapport-randers-2025-29-2025.pdf", "…-2025-godkendt-1.pdf"."""
    godkendt = f"-godkendt-{nummer}" if nummer else ""
    return f"statusrapport-{plan.slug}-{aar}{godkendt}.{endelse}"


def _fil(indhold: bytes, endelse: str, navn: str) -> HttpResponse:
    svar = HttpResponse(indhold, content_type=INDHOLDSTYPER[endelse])
    svar["Content-Disposition"] = f'attachment; filename="{navn}"'
    return svar


def _side(
    request: HttpRequest,
    medlemskab: Medlemskab,
    aar: int,
    former: dict[str, forms.Form] | None = None,
    status: int = 200,
) -> HttpResponse:
    plan = medlemskab.helhedsplan
    rapport = Statusrapport.objects.filter(helhedsplan=plan, aar=aar).first()
    tilstand = behandling.tilstand(rapport) if rapport else None
    data = rapportdata(plan, aar)
    sum_nu = sha256(rapport_json(data).encode())
    indsendt = tilstand.indsendelse if tilstand else None
    godkendt = tilstand.godkendt if tilstand else None
    return render(
        request,
        "opfoelgning/rapport.html",
        {
            "plan": plan,
            "medlemskab": medlemskab,
            "aar": aar,
            "data": data,
            "rapport": dokumenter.visning(data),
            "statusrapport": rapport,
            "tilstand": tilstand,
            "frist": rapport.frist if rapport else standardfrist(aar),
            "aendret_siden_indsendt": bool(indsendt and indsendt.kontrolsum != sum_nu),
            "aendret_siden_godkendt": bool(godkendt and godkendt.kontrolsum != sum_nu),
            "indsend_form": IndsendForm(),
            "godkend_form": GodkendForm(),
            "send_tilbage_form": SendTilbageForm(),
            **(former or {}),
        },
        status=status,
    )


@login_required
def rapport(request: HttpRequest, plan: str, aar: int) -> HttpResponse:
    medlemskab = adgang.kladdelaeser(request, plan)
    return _side(request, medlemskab, _aar(aar))


def _udfoer(
    request: HttpRequest, handling: str, rapport: Statusrapport
) -> tuple[str, str, forms.Form | None]:
    """Take the step; returns (message, form name, bound form when its input is invalid)."""
    if handling == "send":
        form: forms.Form = IndsendForm(request.POST)
        if not form.is_valid():
            return "", "indsend_form", form
        behandling.indsend(rapport, request.user, form.cleaned_data["kommentar"])
        return "Statusrapporten er sendt til bestyrelsen.", "", None
    if handling == "traek_tilbage":
        behandling.traek_tilbage(rapport, request.user)
        return "Statusrapporten er trukket tilbage fra bestyrelsen.", "", None
    if handling == "send_tilbage":
        form = SendTilbageForm(request.POST)
        if not form.is_valid():
            return "", "send_tilbage_form", form
        behandling.send_tilbage(rapport, request.user, form.cleaned_data["kommentar"])
        return "Statusrapporten er sendt tilbage til redaktøren.", "", None
    form = GodkendForm(request.POST)
    if not form.is_valid():
        return "", "godkend_form", form
    try:
        godkendt = behandling.godkend(
            rapport, request.user, form.cleaned_data["moededato"], form.cleaned_data["beslutning"]
        )
    except behandling.Afvist as fejl:
        if str(fejl) == behandling.MSG_IKKE_SENDT:
            raise
        # The board's typed date and note stay on the page with the reason.
        form.add_error(None, str(fejl))
        return "", "godkend_form", form
    return f"Statusrapporten er godkendt og låst som version {godkendt.nummer}.", "", None


@login_required
def behandl(request: HttpRequest, plan: str, aar: int) -> HttpResponse:
    """One treatment step, by the role that may take it (POST `handling`)."""
    medlemskab = adgang.medlemskab(request, plan)
    aar = _aar(aar)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    handling = request.POST.get("handling", "")
    if handling not in ROLLER:
        return HttpResponseBadRequest("Ukendt handling.")
    if medlemskab.rolle != ROLLER[handling]:
        raise PermissionDenied(MSG_ROLLE[ROLLER[handling]])
    # Only sending creates the year's report row; the other steps need a sent report.
    rapport = (
        behandling.statusrapport(medlemskab.helhedsplan, aar)
        if handling == "send"
        else Statusrapport.objects.filter(helhedsplan=medlemskab.helhedsplan, aar=aar).first()
    )
    if rapport is None:
        messages.error(request, behandling.MSG_IKKE_SENDT)
        return redirect("statusrapport", plan, aar)
    try:
        besked, navn, form = _udfoer(request, handling, rapport)
    except behandling.Afvist as fejl:
        messages.error(request, str(fejl))
        return redirect("statusrapport", plan, aar)
    if form is not None:
        return _side(request, medlemskab, aar, {navn: form}, status=400)
    messages.success(request, besked)
    return redirect("statusrapport", plan, aar)


@login_required
def fil(request: HttpRequest, plan: str, aar: int, fil: str) -> HttpResponse:
    """The report as it stands now (the draft): redaktør and bestyrelse only."""
    medlemskab = adgang.kladdelaeser(request, plan)
    aar = _aar(aar)
    if fil not in INDHOLDSTYPER:
        raise Http404("Ukendt filtype.")
    data = rapportdata(medlemskab.helhedsplan, aar)
    fod = f"Kladde, dannet {_nu()} – ikke godkendt af bestyrelsen"
    dannere: dict[str, Any] = {
        "pdf": lambda: dokumenter.rapport_pdf(data, fod=fod),
        "docx": lambda: dokumenter.rapport_docx(data, fod=fod),
        "json": lambda: rapport_json(data).encode(),
    }
    try:
        indhold = dannere[fil]()
    except ForLangTid as fejl:
        messages.error(request, str(fejl))
        return redirect("statusrapport", plan, aar)
    return _fil(indhold, fil, filnavn(medlemskab.helhedsplan, aar, fil))


def _nu() -> str:
    return timezone.localtime().strftime("%-d/%-m-%Y %H:%M")


@login_required
def godkendt_fil(request: HttpRequest, plan: str, aar: int, nummer: int, fil: str) -> HttpResponse:
    """An approved report's frozen file, byte for byte: every member, LBF included."""
    medlemskab = adgang.medlemskab(request, plan)
    if fil not in INDHOLDSTYPER:
        raise Http404("Ukendt filtype.")
    godkendt = get_object_or_404(
        GodkendtRapport,
        rapport__helhedsplan=medlemskab.helhedsplan,
        rapport__aar=aar,
        nummer=nummer,
    )
    indhold, _ = godkendt.filer()[fil]
    return _fil(indhold, fil, filnavn(medlemskab.helhedsplan, aar, fil, nummer))
