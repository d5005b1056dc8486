"""The leader's edit pages: one page per section, many rows per page (formsets); a goal's
indicators, an indicator's baselines, an activity's schema, the helhedsplan's areas, and an
agreement's history."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from aktiviteter.models import Aktivitet
from delaftaler.dansk import heltal
from delaftaler.formfelter import delte_valg
from delaftaler.forms import OmraadeFormSet, planens_organisationer
from delaftaler.historik import historik, sammenlign
from delaftaler.models import Aftale, Delaftale, Helhedsplan
from delaftaler.redigering import Konflikt, Laast, aaben_indsendelse, gem_aendring
from delaftaler.redigering.formdata import flet, fra_json, som_indsendt
from delaftaler.redigering.gentjek import uden_gentjek
from delaftaler.redigering.overbelastning import overbelastning
from delaftaler.redigering.sektioner import (
    SEKTIONER,
    Del,
    formularer,
    gem,
    gem_formset,
)
from delaftaler.redigering.undersider import (
    aktivitetsskema,
    baselines,
    baselineside,
    indikatorer,
    ny_indikators_baselines,
)
from delaftaler.views import adgang
from indikatorer.models import Indikator, Maal

MSG_REDIGERINGSNUMMER = (
    "Siden kunne ikke gemmes, fordi den ikke har et gyldigt redigeringsnummer. "
    "Genindlæs siden, og skriv dine ændringer igen."
)

# The page's warnings (over-booked staff), worked out when the page is shown.
Advarsler = Callable[[], list[str]] | None


def _konflikt_visning(fejl: Konflikt) -> dict[str, Any]:
    nyeste = fejl.versioner[0].revision if fejl.versioner else None
    return {
        "versioner": fejl.versioner,
        "aendringer": sammenlign(fejl.grundlag, nyeste) if nyeste and fejl.grundlag else [],
    }


def _som_querydict(data: dict[str, list[str]]) -> QueryDict:
    q = QueryDict(mutable=True)
    for navn, vaerdier in data.items():
        q.setlist(navn, vaerdier)
    return q


def _lister(data: Any) -> dict[str, list[str]]:
    if isinstance(data, QueryDict):
        return {navn: data.getlist(navn) for navn in data}
    return {n: (v if isinstance(v, list) else [v]) for n, v in data.items()}


@dataclass
class Side:
    """What an edit page works on, fetched fresh from the database."""

    aftale: Aftale
    byg: Callable[[QueryDict | None], list[Del]]
    titel: str
    tilbage: str
    # The page of a list shown a page at a time (an indicator's baselines).
    sider: Any = None
    # Where to go after a save instead of `tilbage`, and the message (a new indicator's
    # baselines); None: back.
    videre: Callable[[list[Del]], tuple[str, str] | None] | None = None


def _som_indsendt(dele: list[Del], aftale: Aftale) -> dict[str, Any]:
    """What a browser would submit for these forms if the user changed nothing: read from
    the forms, not from rendering them (the page is rendered once, for the user)."""
    return {
        "redigeringsnummer": str(aftale.redigeringsnummer),
        **som_indsendt(objekt for d in dele for objekt in d.alle()),
    }


def _grundlag(dele: list[Del], aftale: Aftale) -> str:
    """What the page carries of the state it was opened with: the base for a later merge."""
    return json.dumps(_som_indsendt(dele, aftale), ensure_ascii=False)


def _vis(
    request: HttpRequest,
    plan: Helhedsplan,
    side: Side,
    dele: list[Del],
    grundlag: str,
    advarsler: Advarsler,
    konflikt: dict[str, Any] | None = None,
    status: int = 200,
    fejl: str = "",
    gemt: str = "",
) -> HttpResponse:
    kontekst = {
        "plan": plan,
        "aftale": side.aftale,
        "titel": side.titel,
        "dele": dele,
        "konflikt": konflikt,
        "tilbage": side.tilbage,
        # Worked out when the page is shown, so after a save from what was saved.
        "advarsler": advarsler() if advarsler else [],
        "organisationer": planens_organisationer(plan).values_list("navn", flat=True),
        "grundlag": grundlag,
        "sider": side.sider,
        "fejl": fejl,
        # Saved through htmx: the page stays, with the message by the save button.
        "gemt": gemt,
        # A posted form that was not saved: what it shows is not what is stored.
        "ugemt": request.method == "POST" and not gemt,
    }
    return render(request, "delaftaler/sektion_form.html", kontekst, status=status)


def _htmx(request: HttpRequest) -> bool:
    """Posted by htmx (the form saved without a page reload, templates/delaftaler/sektion_form.html)."""
    return request.headers.get("HX-Request") == "true"


def _gemt_uden_genindlaesning(
    request: HttpRequest,
    plan: Helhedsplan,
    side: Side,
    hent: Callable[[], Side],
    advarsler: Advarsler,
) -> HttpResponse:
    """After a save through htmx: the page again as stored now (new edit number and base)."""
    besked = f"{side.titel} er gemt kl. {timezone.localtime():%H.%M}."
    ny = replace(hent(), titel=side.titel)
    dele = ny.byg(None)
    return _vis(request, plan, ny, dele, _grundlag(dele, ny.aftale), advarsler, gemt=besked)


def laast_side(
    request: HttpRequest,
    plan: Helhedsplan,
    titel: str,
    tilbage: str,
    laaste: list[tuple[Aftale, Any]],
    aftale: Aftale | None = None,
) -> HttpResponse:
    """Instead of the form: the draft is with the board (GET 200; a POST is refused, 423)."""
    kontekst = {
        "plan": plan,
        "aftale": aftale,
        "titel": titel,
        "tilbage": tilbage,
        "laaste": laaste,
        "afvist": request.method == "POST",
    }
    status = 423 if request.method == "POST" else 200
    return render(request, "delaftaler/laast.html", kontekst, status=status)


def _redigeringsnummer(request: HttpRequest) -> int | None:
    """The agreement's edit number when the user opened the page; None if it is not one.

    Only plain digits count: a number read as 0 would refuse every save as a conflict.
    """
    return heltal(request.POST.get("redigeringsnummer", ""), cifre=12)


def _flettet(
    request: HttpRequest,
    plan: Helhedsplan,
    side: Side,
    konflikt: dict[str, Any],
    advarsler: Advarsler,
) -> HttpResponse:
    """The page again after a conflict: the current state is "theirs" and becomes the new base."""
    deres = _som_indsendt(side.byg(None), side.aftale)
    grundlag = fra_json(request.POST.get("grundlag", ""))
    flettet = flet(grundlag, _lister(request.POST), _lister(deres))
    flettet["redigeringsnummer"] = [str(side.aftale.redigeringsnummer)]
    flettet.pop("grundlag", None)
    dele = side.byg(_som_querydict(flettet))
    grundlag_nu = json.dumps(deres, ensure_ascii=False)
    return _vis(request, plan, side, dele, grundlag_nu, advarsler, konflikt, status=409)


def _side(
    request: HttpRequest,
    plan: Helhedsplan,
    hent: Callable[[], Side],
    advarsler: Advarsler = None,
    foerste: Side | None = None,
) -> HttpResponse:
    """An edit page: show, validate, save without overwriting anyone, or merge after a conflict.

    The page carries the values it was opened with (`grundlag`). When someone else saved in
    between, every field the user did not touch is refreshed to the current value and every
    field the user changed is kept; the user sees what the other person changed and decides.
    """
    side = foerste or hent()  # `hent` fetches afresh; after a conflict it is called again
    # Every edit page of an agreement comes here: a draft with the board is locked.
    indsendt = aaben_indsendelse([side.aftale.pk]).get(side.aftale.pk)
    if indsendt is not None:
        laaste = [(side.aftale, indsendt)]
        return laast_side(request, plan, side.titel, side.tilbage, laaste, side.aftale)
    if request.method != "POST":
        dele = side.byg(None)
        # The page carries what it was opened with: the base for a later merge.
        return _vis(request, plan, side, dele, _grundlag(dele, side.aftale), advarsler)

    dele = side.byg(request.POST)
    uden_gentjek(dele)
    grundlag = request.POST.get("grundlag", "")
    if not all([objekt.is_valid() for d in dele for objekt in d.alle()]):
        return _vis(request, plan, side, dele, grundlag, advarsler)
    nummer = _redigeringsnummer(request)
    if nummer is None:
        return _vis(
            request, plan, side, dele, grundlag, advarsler, status=400, fejl=MSG_REDIGERINGSNUMMER
        )
    try:
        gem_aendring(side.aftale, request.user, nummer, f"{side.titel} ændret", lambda: gem(dele))
    except Konflikt as fejl:
        konflikt = _konflikt_visning(fejl)
    except Laast as fejl:  # sent between the check above and the save
        laaste = [(side.aftale, fejl.indsendelse)]
        return laast_side(request, plan, side.titel, side.tilbage, laaste, side.aftale)
    else:
        videre = side.videre(dele) if side.videre else None
        besked, adresse = videre or ("", side.tilbage)
        if _htmx(request) and not besked:
            return _gemt_uden_genindlaesning(request, plan, side, hent, advarsler)
        messages.success(request, f"{side.titel} er gemt.{besked}")
        if _htmx(request):  # on to the next page (a new indicator's baselines)
            svar = HttpResponse(status=204)
            svar["HX-Redirect"] = adresse
            return svar
        return redirect(adresse)
    # Fetched afresh, but under the title the page was opened with.
    return _flettet(request, plan, replace(hent(), titel=side.titel), konflikt, advarsler)


@login_required
def rediger_sektion(request: HttpRequest, plan: str, pk: int, sektion: str) -> HttpResponse:
    medlemskab = adgang.redaktoer(request, plan)
    helhedsplan = medlemskab.helhedsplan
    aftale = adgang.aftale(helhedsplan, pk)
    if sektion not in SEKTIONER or not isinstance(aftale, SEKTIONER[sektion][2]):
        raise Http404("Den del af aftalen findes ikke.")
    titel, byg, _ = SEKTIONER[sektion]
    tilbage = f"{aftale.get_absolute_url()}#{sektion}"  # type: ignore[attr-defined]

    def side(a: Aftale) -> Side:
        return Side(a, lambda data: byg(a, data), titel, tilbage)

    return _side(
        request,
        helhedsplan,
        lambda: side(adgang.aftale(helhedsplan, pk)),
        advarsler=(lambda: overbelastning(helhedsplan)) if sektion == "ressourcer" else None,
        foerste=side(aftale),
    )


@login_required
def rediger_maal(request: HttpRequest, plan: str, pk: int, maal_pk: int) -> HttpResponse:
    medlemskab = adgang.redaktoer(request, plan)
    helhedsplan = medlemskab.helhedsplan

    def hent() -> Side:
        aftale = adgang.aftale(helhedsplan, pk)
        maal = get_object_or_404(Maal.objects.filter(aftale=aftale), pk=maal_pk)
        return Side(
            aftale,
            lambda data: indikatorer(aftale, maal, data),
            f"Indikatorer: {maal.navn[:60]}",
            f"{aftale.get_absolute_url()}#maal",  # type: ignore[attr-defined]
            videre=lambda dele: ny_indikators_baselines(aftale, maal, dele),
        )

    return _side(request, helhedsplan, hent)


@login_required
def rediger_baselines(
    request: HttpRequest, plan: str, pk: int, maal_pk: int, indikator_pk: int
) -> HttpResponse:
    """One indicator's baselines, a page at a time."""
    medlemskab = adgang.redaktoer(request, plan)
    helhedsplan = medlemskab.helhedsplan
    side_nr = request.GET.get("side")

    def hent() -> Side:
        aftale = adgang.aftale(helhedsplan, pk)
        indikator = get_object_or_404(
            Indikator.objects.filter(maal__aftale=aftale, maal_id=maal_pk), pk=indikator_pk
        )
        sider, foer, efter = baselineside(indikator, side_nr)
        return Side(
            aftale,
            lambda data: baselines(aftale, indikator, sider, (foer, efter), data),
            f"Baselines: {indikator.navn[:60]}",
            f"{aftale.get_absolute_url()}#maal",  # type: ignore[attr-defined]
            sider=sider,
        )

    return _side(request, helhedsplan, hent)


@login_required
def rediger_aktivitet(request: HttpRequest, plan: str, pk: int, aktivitet_pk: int) -> HttpResponse:
    medlemskab = adgang.redaktoer(request, plan)
    helhedsplan = medlemskab.helhedsplan

    def hent() -> Side:
        aftale = adgang.aftale(helhedsplan, pk)
        if not isinstance(aftale, Delaftale):
            raise Http404("Kun delaftaler har aktiviteter.")
        aktivitet = get_object_or_404(
            Aktivitet.objects.filter(delaftale=aftale).prefetch_related(
                "cfbu_led__cfbu_type", "delmaal_led"
            ),
            pk=aktivitet_pk,
        )
        return Side(
            aftale,
            lambda data: aktivitetsskema(aktivitet, data),
            f"Aktivitet: {aktivitet.navn}",
            f"{aftale.get_absolute_url()}#aktivitet-{aktivitet.pk}",
        )

    return _side(request, helhedsplan, hent)


@login_required
def omraader(request: HttpRequest, plan: str) -> HttpResponse:
    """The helhedsplan's housing areas and afdelinger, which baselines can belong to."""
    medlemskab = adgang.redaktoer(request, plan)
    helhedsplan = medlemskab.helhedsplan
    # The areas are part of every agreement's frozen content: locked while one is sent.
    aftaler = {
        a.pk: a.konkret for a in helhedsplan.aftaler.select_related("delaftale", "strategiskaftale")
    }
    aabne = aaben_indsendelse(list(aftaler))
    if aabne:
        laaste = [(aftaler[pk], b) for pk, b in aabne.items()]
        return laast_side(request, helhedsplan, "Områder og afdelinger", "/", laaste)
    formset = OmraadeFormSet(request.POST or None, instance=helhedsplan, prefix="omr")
    formset.queryset = formset.get_queryset().select_related("organisation", "overordnet")
    delte_valg(formularer(formset), "overordnet", helhedsplan.omraader.all())
    if request.method == "POST" and formset.is_valid():
        with transaction.atomic():
            gem_formset(formset)
        messages.success(request, "Områder og afdelinger er gemt.")
        return redirect("omraader", plan=helhedsplan.slug)
    return render(
        request,
        "delaftaler/omraader.html",
        {
            "plan": helhedsplan,
            "formset": formset,
            "organisationer": planens_organisationer(helhedsplan).values_list("navn", flat=True),
        },
    )


@login_required
def historik_side(request: HttpRequest, plan: str, pk: int) -> HttpResponse:
    """The agreement's history, 20 revisions a page (`?side=N`), optionally one section's
    (`?afsnit=maal`); a page number out of range shows the nearest page."""
    medlemskab = adgang.kladdelaeser(request, plan)
    aftale = adgang.aftale(medlemskab.helhedsplan, pk)
    side = heltal(request.GET.get("side", ""), 6) or 1
    afsnit = request.GET.get("afsnit", "")
    return render(
        request,
        "delaftaler/aftale_historik.html",
        {"plan": medlemskab.helhedsplan, "aftale": aftale, "side": historik(aftale, side, afsnit)},
    )
