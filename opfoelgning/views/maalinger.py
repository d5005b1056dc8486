"""Placeholder until this page is built."""

from django.http import Http404, HttpRequest, HttpResponse


def grid(request: HttpRequest, plan: str, **kwargs: object) -> HttpResponse:
    raise Http404
