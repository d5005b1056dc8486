"""Importing measurements in the browser: upload, preview, confirm (redaktør only).

The preview is computed from the uploaded file; the confirm button posts the file's rows
back, signed (django.core.signing, bound to the helhedsplan and the user, valid two
hours), so nothing is stored between the two steps and a tampered or replayed confirm
can write nowhere else: the signature covers the plan, and the rows are checked against
the plan of the URL again before anything is saved.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.db import IntegrityError
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render

from delaftaler.models import Helhedsplan
from delaftaler.versioner import navn
from delaftaler.views import adgang
from opfoelgning import indlaesning
from opfoelgning.indlaesning import (
    KOLONNER,
    MAKS_FIL_BYTES,
    MAKS_RAEKKER,
    Filfejl,
    Raekke,
    Resultat,
)

SALT = "opfoelgning.indlaes_maalinger"
GYLDIG_SEKUNDER = 2 * 60 * 60
MSG_UGYLDIG = "Bekræftelsen er ugyldig eller for gammel; intet er gemt. Indlæs filen igen."
MSG_FOR_STOR = (
    "Filen er for stor til at blive bekræftet i browseren; brug kommandoen "
    "manage.py import_maalinger."
)
MSG_FIL_FOR_STOR = f"filen er for stor (højst {MAKS_FIL_BYTES // (1024 * 1024)} MB)"
MSG_SAMTIDIG = "Målingerne blev ændret samtidig af en anden; intet er gemt. Prøv igen."


class FilForm(forms.Form):
    fil = forms.FileField(
        label="Fil (CSV eller Excel)",
        help_text=f"En .csv- eller .xlsx-fil med overskriften {';'.join(KOLONNER)} i første "
        f"række; højst {MAKS_RAEKKER:,} rækker.".replace(",", "."),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx"}),
    )


def _token(plan: Helhedsplan, bruger_id: Any, filnavn: str, raekker: list[Raekke]) -> str:
    return signing.dumps(
        {
            "plan": plan.pk,
            "bruger": bruger_id,
            "fil": filnavn,
            "raekker": [[r.nr, [r.felter[k] for k in KOLONNER]] for r in raekker],
        },
        salt=SALT,
        compress=True,
    )


def _fra_token(token: str, plan: Helhedsplan, bruger_id: Any) -> tuple[str, list[Raekke]] | None:
    """The signed rows, if the token is genuine, recent, and for this plan and user."""
    try:
        data = signing.loads(token, salt=SALT, max_age=GYLDIG_SEKUNDER)
    except signing.BadSignature:  # SignatureExpired is one, too
        return None
    if not isinstance(data, dict) or data.get("plan") != plan.pk or data.get("bruger") != bruger_id:
        return None
    raekker = [
        Raekke(int(nr), dict(zip(KOLONNER, felter, strict=True))) for nr, felter in data["raekker"]
    ]
    return str(data.get("fil", "")), raekker


def _for_stor(token: str) -> bool:
    maks = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    return maks is not None and len(token) > maks - 10_000


def _vis(
    request: HttpRequest,
    helhedsplan: Helhedsplan,
    form: FilForm,
    resultat: Resultat | None = None,
    filnavn: str = "",
    token: str = "",
    status: int = 200,
) -> HttpResponse:
    kontekst = {
        "plan": helhedsplan,
        "form": form,
        "resultat": resultat,
        "filnavn": filnavn,
        "token": token,
        "kolonner": ";".join(KOLONNER),
    }
    return render(request, "opfoelgning/indlaes.html", kontekst, status=status)


@login_required
def indlaes(request: HttpRequest, plan: str) -> HttpResponse:
    if request.method not in ("GET", "HEAD", "POST"):
        return HttpResponseNotAllowed(["GET", "POST"])
    helhedsplan = adgang.redaktoer(request, plan).helhedsplan
    if request.method != "POST":
        return _vis(request, helhedsplan, FilForm())
    if "bekraeft" in request.POST:
        return _bekraeft(request, helhedsplan)
    form = FilForm(request.POST, request.FILES)
    if not form.is_valid():
        return _vis(request, helhedsplan, form, status=400)
    fil = form.cleaned_data["fil"]
    try:
        if fil.size > MAKS_FIL_BYTES:
            raise Filfejl(f"{fil.name}: {MSG_FIL_FOR_STOR}")
        raekker = indlaesning.laes_fil(fil.read(MAKS_FIL_BYTES + 1), fil.name)
    except Filfejl as fejl:
        form.add_error("fil", str(fejl))
        return _vis(request, helhedsplan, form, status=400)
    resultat = indlaesning.indlaes(helhedsplan, raekker, navn(request.user), gem=False)
    if resultat.fejl:
        return _vis(request, helhedsplan, form, resultat, fil.name, status=400)
    token = _token(helhedsplan, request.user.pk, fil.name, raekker)
    if _for_stor(token):
        form.add_error("fil", MSG_FOR_STOR)
        return _vis(request, helhedsplan, form, resultat, fil.name, status=400)
    return _vis(request, helhedsplan, FilForm(), resultat, fil.name, token)


def _bekraeft(request: HttpRequest, helhedsplan: Helhedsplan) -> HttpResponse:
    try:
        fundet = _fra_token(request.POST.get("data", ""), helhedsplan, request.user.pk)
    except (TypeError, ValueError, KeyError):
        fundet = None
    if fundet is None:
        messages.error(request, MSG_UGYLDIG)
        return _vis(request, helhedsplan, FilForm(), status=400)
    filnavn, raekker = fundet
    try:
        resultat = indlaesning.indlaes(helhedsplan, raekker, navn(request.user), gem=True)
    except IntegrityError:
        messages.error(request, MSG_SAMTIDIG)
        return _vis(request, helhedsplan, FilForm(), status=409)
    if not resultat.gemt:
        # The plan changed since the preview (an area or indicator renamed): refused whole.
        return _vis(request, helhedsplan, FilForm(), resultat, filnavn, status=400)
    messages.success(request, f"{filnavn}: {resultat.besked}.")
    return redirect("indlaes_maalinger", helhedsplan.slug)
