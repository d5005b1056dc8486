"""The grid of an indicator's measured values: /planer/<plan>/opfoelgning/indikatorer/<pk>/.

The redaktør edits; the board reads it (read-only); Landsbyggefonden gets 403 (it reads
approved reports only). The indicator is fetched through the plan: another plan's is 404.
"""

from __future__ import annotations

import logging

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import IntegrityError
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe

from delaftaler.versioner import navn
from delaftaler.views import adgang
from indikatorer.models import Indikator
from opfoelgning import graf, tabel
from opfoelgning.forms.grid import Grid
from opfoelgning.views.oversigt import STATUSFARVE, valgt_aar

logger = logging.getLogger(__name__)
MSG_FREMMEDE = (
    "Formularen indeholdt felter, der ikke hører til denne indikators tabel; intet er gemt. "
    "Genindlæs siden og prøv igen."
)
MSG_FEJL = "Nogle felter er ikke udfyldt rigtigt; intet er gemt. Se fejlene ved felterne."
MSG_SAMTIDIG = "Målingerne blev ændret samtidig af en anden; intet er gemt. Prøv igen."


def _graf(io: tabel.Indikatoropfoelgning, aar: int) -> SafeString | None:
    try:
        svg = graf.graf_svg(io, aar)
    except Exception:  # noqa: BLE001 - the table is the page; a chart must not take it down
        logger.exception("Diagrammet for indikator %s kunne ikke tegnes", io.indikator.pk)
        return None
    return mark_safe(svg) if svg else None  # noqa: S308 - SVG drawn on the server by graf


def _gem(request: HttpRequest, grid_: Grid, tilbage: str) -> HttpResponse | None:
    """Save a posted grid and redirect back; None (with a message) when it is refused."""
    if grid_.fremmede():
        messages.error(request, MSG_FREMMEDE)
        return None
    if not grid_.is_valid():
        messages.error(request, MSG_FEJL)
        return None
    try:
        gemt, slettet = grid_.gem(navn(request.user))
    except IntegrityError:
        messages.error(request, MSG_SAMTIDIG)
        return redirect(tilbage)
    tekst = f"{gemt} {'måling' if gemt == 1 else 'målinger'} gemt"
    if slettet:
        tekst += f", {slettet} slettet"
    messages.success(request, tekst + ".")
    return redirect(tilbage)


def _aftalenavn(indikator: Indikator) -> str:
    delaftale = getattr(indikator.maal.aftale, "delaftale", None)
    if delaftale is not None:
        return f"Delaftale: {delaftale.indsatsomraade}"
    return "Strategisk samarbejdsaftale"


@login_required
def grid(request: HttpRequest, plan: str, pk: int) -> HttpResponse:
    if request.method not in ("GET", "HEAD", "POST"):
        return HttpResponseNotAllowed(["GET", "POST"])
    medlemskab = (
        adgang.redaktoer(request, plan)
        if request.method == "POST"
        else adgang.kladdelaeser(request, plan)
    )
    helhedsplan = medlemskab.helhedsplan
    indikator = get_object_or_404(
        tabel.indikatorer_med_opfoelgning()
        .filter(maal__aftale__helhedsplan=helhedsplan)
        .select_related(
            "maal__aftale__delaftale__indsatsomraade", "maal__aftale__strategiskaftale"
        ),
        pk=pk,
    )
    io = tabel.indikator(indikator)
    aar = valgt_aar(request.GET.get("aar"), helhedsplan)
    grid_ = Grid(io, io.aar(aar), request.POST if request.method == "POST" else None)
    if request.method == "POST":
        tilbage = f"{reverse('maalinger', args=[helhedsplan.slug, pk])}?aar={aar}"
        svar = _gem(request, grid_, tilbage)
        if svar is not None:
            return svar
    kontekst = {
        "plan": helhedsplan,
        "medlemskab": medlemskab,
        "kan_redigere": medlemskab.maa_redigere,
        "indikator": indikator,
        "aftale": indikator.maal.aftale,
        "aftalenavn": _aftalenavn(indikator),
        "io": io,
        "grid": grid_,
        "aar": aar,
        "raekker": [
            (linje, celler, s, STATUSFARVE[s.status])
            for (linje, celler) in grid_.raekker
            for s in [linje.status(aar)]
        ],
        "svg": _graf(io, aar),
    }
    status = 400 if request.method == "POST" else 200
    return render(request, "opfoelgning/maalinger.html", kontekst, status=status)
