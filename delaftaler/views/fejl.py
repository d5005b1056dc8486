"""Django's error views in the app's Danish: a refused form (CSRF)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def csrf_fejl(request: HttpRequest, reason: str = "") -> HttpResponse:
    """A form whose security token was missing or stale (settings.CSRF_FAILURE_VIEW).

    Mostly a page left open past a log-in or log-out: the user is told to reload and try
    again. The reason is for the log (django.security.csrf), never for the page.
    """
    return render(request, "403_csrf.html", status=403)
