"""Placeholder until this page is built."""

from django.http import Http404, HttpRequest, HttpResponse


def oversigt(request: HttpRequest, plan: str) -> HttpResponse:
    raise Http404


def frist(request: HttpRequest, plan: str) -> HttpResponse:
    raise Http404


def vurdering(request: HttpRequest, plan: str, pk: int, aar: int) -> HttpResponse:
    raise Http404
