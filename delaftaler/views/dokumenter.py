"""Downloads: an agreement as PDF or Word, and a helhedsplan as one PDF, for every reader.

An agreement's download reads only its own row to find its cached file
(``dokumenter.hoved``); the agreement with all its rows is fetched only to render it.
``X-Dokument-Cache`` says which it was: ``hit`` or ``miss``.
"""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.cache import patch_cache_control

from delaftaler import dokumenter
from delaftaler.dokumenter.tidsgraense import ForLangTid
from delaftaler.versioner.helhedsplan import godkendt_dokument
from delaftaler.views import adgang


def _svar(request: HttpRequest, dokument: dokumenter.Dokument) -> HttpResponse:
    etag = f'"{dokument.noegle}"'
    if request.headers.get("If-None-Match") == etag:
        svar = HttpResponse(status=304)
    else:
        svar = HttpResponse(dokument.indhold, content_type=dokument.content_type)
        svar["Content-Disposition"] = f'attachment; filename="{dokument.filnavn}"'
    svar["ETag"] = etag
    svar["X-Dokument-Cache"] = "hit" if dokument.fra_cache else "miss"
    patch_cache_control(svar, private=True, no_cache=True)
    return svar


def _dokument(request: HttpRequest, plan: str, pk: int, format: str) -> dokumenter.Dokument:
    aftale = dokumenter.hoved(adgang.kladdelaeser(request, plan).helhedsplan, pk)
    if aftale is None:
        raise Http404("Aftalen findes ikke.")
    return dokumenter.aftale_dokument(
        aftale, format, hent_indhold=lambda: dokumenter.med_indhold(aftale)
    )


def _for_stort(request: HttpRequest, fejl: ForLangTid) -> HttpResponse:
    return render(request, "delaftaler/dokument_for_stort.html", {"fejl": fejl}, status=503)


@login_required
def aftale_pdf(request: HttpRequest, plan: str, pk: int) -> HttpResponse:
    try:
        return _svar(request, _dokument(request, plan, pk, dokumenter.PDF))
    except ForLangTid as fejl:
        return _for_stort(request, fejl)


@login_required
def aftale_docx(request: HttpRequest, plan: str, pk: int) -> HttpResponse:
    return _svar(request, _dokument(request, plan, pk, dokumenter.DOCX))


@login_required
def helhedsplan_pdf(request: HttpRequest, plan: str) -> HttpResponse:
    helhedsplan = adgang.kladdelaeser(request, plan).helhedsplan
    try:
        # The current approved versions; the drafts (marked UDKAST) with ?udkast=1 or
        # when nothing is approved yet.
        godkendt = None if request.GET.get("udkast") else godkendt_dokument(helhedsplan)
        return _svar(request, godkendt or dokumenter.helhedsplan_dokument(helhedsplan))
    except ForLangTid as fejl:
        return _for_stort(request, fejl)
