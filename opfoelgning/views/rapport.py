"""Placeholder until this page is built."""

from django.http import Http404, HttpRequest, HttpResponse


def rapport(request: HttpRequest, plan: str, aar: int) -> HttpResponse:
    raise Http404


def behandl(request: HttpRequest, plan: str, aar: int) -> HttpResponse:
    raise Http404


def fil(request: HttpRequest, plan: str, aar: int, fil: str) -> HttpResponse:
    raise Http404


def godkendt_fil(request: HttpRequest, plan: str, aar: int, nummer: int, fil: str) -> HttpResponse:
    raise Http404
