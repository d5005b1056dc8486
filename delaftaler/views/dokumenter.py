"""Downloads: an agreement as PDF or Word, and a helhedsplan as one PDF, for every reader."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.cache import patch_cache_control

from delaftaler import dokumenter
from delaftaler.dokumenter.tidsgraense import ForLangTid
from delaftaler.models import Delaftale, StrategiskAftale, med_indhold
from delaftaler.views import adgang


def _svar(request: HttpRequest, dokument: dokumenter.Dokument) -> HttpResponse:
    etag = f'"{dokument.noegle}"'
    if request.headers.get("If-None-Match") == etag:
        svar = HttpResponse(status=304)
    else:
        svar = HttpResponse(dokument.indhold, content_type=dokument.content_type)
        svar["Content-Disposition"] = f'attachment; filename="{dokument.filnavn}"'
    svar["ETag"] = etag
    patch_cache_control(svar, private=True, no_cache=True)
    return svar


def _aftale(request: HttpRequest, plan: str, pk: int) -> Delaftale | StrategiskAftale:
    fundet = med_indhold(adgang.kladdelaeser(request, plan).helhedsplan, pk)
    if fundet is None:
        raise Http404("Aftalen findes ikke.")
    return fundet


def _for_stort(request: HttpRequest, fejl: ForLangTid) -> HttpResponse:
    return render(request, "delaftaler/dokument_for_stort.html", {"fejl": fejl}, status=503)


@login_required
def aftale_pdf(request: HttpRequest, plan: str, pk: int) -> HttpResponse:
    aftale = _aftale(request, plan, pk)
    try:
        return _svar(request, dokumenter.aftale_dokument(aftale, dokumenter.PDF))
    except ForLangTid as fejl:
        return _for_stort(request, fejl)


@login_required
def aftale_docx(request: HttpRequest, plan: str, pk: int) -> HttpResponse:
    return _svar(request, dokumenter.aftale_dokument(_aftale(request, plan, pk), dokumenter.DOCX))


@login_required
def helhedsplan_pdf(request: HttpRequest, plan: str) -> HttpResponse:
    helhedsplan = adgang.kladdelaeser(request, plan).helhedsplan
    try:
        return _svar(request, dokumenter.helhedsplan_dokument(helhedsplan))
    except ForLangTid as fejl:
        return _for_stort(request, fejl)
