"""Approved versions: the approval steps, the revision log, files, comparison, LBF's ZIP."""

from __future__ import annotations

import datetime
import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseNotAllowed,
    StreamingHttpResponse,
)
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme

from delaftaler import dokumenter, versioner
from delaftaler.dansk import heltal
from delaftaler.models import MSG_TEKST_MAKS, TEKST_MAKS, Aftale, Helhedsplan, Medlemskab, Version
from delaftaler.versioner import godkendelse, lbf_eksport, sammenligning
from delaftaler.versioner.tjekliste import Ufuldstaendig
from delaftaler.views import adgang
from delaftaler.views.aftale import vis_aftale

Rolle = Medlemskab.Rolle
INDHOLDSTYPER = {**dokumenter.FORMATER, "json": "application/json"}


def _aftale(medlemskab: Medlemskab, pk: int) -> Aftale:
    return get_object_or_404(
        Aftale.objects.select_related("helhedsplan"), helhedsplan=medlemskab.helhedsplan, pk=pk
    )


@login_required
def versionsliste(request: HttpRequest, plan: str, pk: int) -> HttpResponse:
    medlemskab = adgang.medlemskab(request, plan)
    aftale = _aftale(medlemskab, pk)
    tilstand = versioner.tilstand(aftale)
    lbf_status: dict[int, str] = {}
    for b in tilstand.behandlinger:
        if b.version_id and b.art in (b.Art.LBF_GODKENDT, b.Art.LBF_AFVIST):
            lbf_status[b.version_id] = b.get_art_display()
    return render(
        request,
        "delaftaler/versioner.html",
        {
            "plan": medlemskab.helhedsplan,
            "aftale": aftale.konkret,
            "medlemskab": medlemskab,
            "tilstand": tilstand,
            "versioner": [
                (v, lbf_status.get(v.pk, ""))
                for v in aftale.versioner.defer("pdf", "docx", "json").order_by("-nummer")
            ],
            "kan_se_kladde": medlemskab.rolle != Rolle.LBF,
            "godkendelse": godkendelse.seneste(aftale) if medlemskab.rolle != Rolle.LBF else None,
        },
    )


@login_required
def versionsfil(request: HttpRequest, plan: str, pk: int, nummer: int, fil: str) -> HttpResponse:
    medlemskab = adgang.medlemskab(request, plan)
    aftale = _aftale(medlemskab, pk)
    version = get_object_or_404(Version, aftale=aftale, nummer=nummer)
    if fil not in INDHOLDSTYPER:
        raise Http404("Ukendt filtype.")
    indhold, _ = version.filer()[fil]
    navn = dokumenter.filnavn(aftale.konkret, fil, nummer)  # type: ignore[arg-type]
    svar = HttpResponse(indhold, content_type=INDHOLDSTYPER[fil])
    svar["Content-Disposition"] = f'attachment; filename="{navn}"'
    return svar


def _dato(tekst: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(tekst)
    except ValueError:
        raise versioner.Afvist("Angiv en gyldig dato.") from None


def versionsnummer(tekst: str) -> int | None:
    """A version number as typed in a form or an address; None for anything but plain digits."""
    return heltal(tekst, cifre=9)


def _kommentar(tekst: str) -> str:
    if "\x00" in tekst:
        raise versioner.Afvist("Kommentaren indeholder et ugyldigt tegn.")
    if len(tekst) > TEKST_MAKS:
        raise versioner.Afvist(MSG_TEKST_MAKS)
    return tekst


ROLLER = {
    "indsend": Rolle.REDAKTOER,
    "traek_tilbage": Rolle.REDAKTOER,
    "godkend": Rolle.BESTYRELSE,
    "send_tilbage": Rolle.BESTYRELSE,
    "lbf_godkend": Rolle.LBF,
    "lbf_afvis": Rolle.LBF,
}
MSG_ROLLE = {
    Rolle.REDAKTOER: "Kun redaktøren kan sende aftalen til bestyrelsen.",
    Rolle.BESTYRELSE: "Kun bestyrelsen kan godkende eller sende aftalen tilbage.",
    Rolle.LBF: "Kun Landsbyggefonden kan træffe fondens afgørelse.",
}


def _naeste(request: HttpRequest) -> str | None:
    """Where to go after withdrawing (back to the edit page), if it is a page of this site."""
    naeste = request.POST.get("naeste", "")
    sikker = url_has_allowed_host_and_scheme(
        naeste, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return naeste if naeste.startswith("/") and sikker else None


def _trin(request: HttpRequest, aftale: Aftale, handling: str, kommentar: str) -> str:
    """Take the step; the message of success. Raises Afvist (or Ufuldstaendig)."""
    sete = heltal(request.POST.get("indsendelse", ""), cifre=12)
    if handling == "indsend":
        trods = request.POST.get("trods_tjekliste") == "ja"
        versioner.indsend(aftale, request.user, kommentar, trods_tjekliste=trods)
        return "Aftalen er sendt til bestyrelsen."
    if handling == "traek_tilbage":
        versioner.traek_tilbage(aftale, request.user)
        return "Aftalen er trukket tilbage fra bestyrelsen. Du kan redigere den igen."
    if handling == "godkend":
        moededato = _dato(request.POST.get("moededato", ""))
        ordre = godkendelse.bestil(aftale, request.user, moededato, kommentar, sete)
        if ordre.version is not None:  # made at once (an immediate task backend)
            return f"Version {ordre.version.nummer} er godkendt og låst."
        if ordre.status == ordre.Status.FEJLET:
            raise versioner.Afvist(ordre.fejl)
        return "Godkendelsen er registreret. Versionen dannes nu; siden viser, når den er klar."
    if handling == "send_tilbage":
        versioner.send_tilbage(aftale, request.user, kommentar, sete)
        return "Aftalen er sendt tilbage til redaktøren."
    nummer = versionsnummer(request.POST.get("nummer", ""))
    if nummer is None:
        raise versioner.Afvist("Angiv nummeret på den version, afgørelsen gælder.")
    version = get_object_or_404(Version, aftale=aftale, nummer=nummer)
    dato = _dato(request.POST.get("dato", ""))
    versioner.lbf_beslut(version, request.user, dato, handling == "lbf_godkend", kommentar)
    return "Landsbyggefondens afgørelse er registreret."


@login_required
def behandl(request: HttpRequest, plan: str, pk: int) -> HttpResponse:
    """One approval step, by the role that may take it.

    A refused step by the redaktør or the board shows the agreement's page again (409)
    with the reason and everything typed (the board's date, note or comment; the message
    to the board), never losing it: e.g. a decision taken on a stale page (two tabs).
    """
    medlemskab = adgang.medlemskab(request, plan)
    aftale = _aftale(medlemskab, pk)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    handling = request.POST.get("handling", "")
    if handling not in ROLLER:
        raise Http404("Ukendt handling.")
    if medlemskab.rolle != ROLLER[handling]:
        raise PermissionDenied(MSG_ROLLE[ROLLER[handling]])
    kommentar = request.POST.get("kommentar", "").strip()
    try:
        messages.success(request, _trin(request, aftale, handling, _kommentar(kommentar)))
    except (versioner.Afvist, Ufuldstaendig) as fejl:
        if medlemskab.rolle == Rolle.LBF or handling == "traek_tilbage":
            messages.error(request, str(fejl))
            return redirect("versioner", plan, pk)
        indtastet = {
            "handling": handling,
            "kommentar": kommentar,
            "moededato": request.POST.get("moededato", "")[:10],
        }
        ekstra = {"fejl": str(fejl), "indtastet": indtastet}
        return vis_aftale(request, medlemskab, pk, ekstra, status=409)
    naeste = _naeste(request) if handling == "traek_tilbage" else None
    return redirect(naeste) if naeste else redirect("versioner", plan, pk)


@login_required
def sammenlign(request: HttpRequest, plan: str, pk: int) -> HttpResponse:
    """Two states side by side: versions by number, or "kladde" for the draft."""
    medlemskab = adgang.medlemskab(request, plan)
    aftale = _aftale(medlemskab, pk)
    tilstand = versioner.tilstand(aftale)

    def side(valg: str) -> tuple[str, dict]:
        if valg == "kladde":
            if medlemskab.rolle == Rolle.LBF:
                raise PermissionDenied("Landsbyggefonden ser de godkendte versioner, ikke kladden.")
            return "Kladden (nu)", versioner.snapshot(versioner.konkret(aftale))
        version = get_object_or_404(Version, aftale=aftale, nummer=versionsnummer(valg) or 0)
        return versioner.versionstekst(version), json.loads(version.json)

    standard_fra = str(tilstand.gaeldende.nummer) if tilstand.gaeldende else ""
    fra = request.GET.get("fra") or standard_fra
    til = request.GET.get("til") or ("kladde" if medlemskab.rolle != Rolle.LBF else fra)
    if not fra:
        raise Http404("Aftalen har ingen godkendt version at sammenligne med.")
    fra_navn, fra_data = side(fra)
    til_navn, til_data = side(til)
    aendringer = sammenligning.sammenlign(
        sammenligning.aftalen(fra_data), sammenligning.aftalen(til_data)
    )
    return render(
        request,
        "delaftaler/sammenlign.html",
        {
            "plan": medlemskab.helhedsplan,
            "aftale": aftale.konkret,
            "fra": fra,
            "til": til,
            "fra_navn": fra_navn,
            "til_navn": til_navn,
            "aendringer": aendringer,
            "afsnit": sammenligning.afsnitsvis(aendringer),
            "kan_se_kladde": medlemskab.rolle != Rolle.LBF,
        },
    )


@login_required
def eksport(request: HttpRequest, plan: str | None = None) -> StreamingHttpResponse:
    """LBF's export: the current approved versions as one ZIP with a manifest, streamed
    member by member (the first bytes go out before the later versions are read)."""
    planer = Helhedsplan.objects.for_bruger(request.user)
    if plan is not None:
        planer = planer.filter(slug=plan)
        if not planer.exists():
            raise Http404("Helhedsplanen findes ikke.")
    svar = StreamingHttpResponse(
        lbf_eksport.Eksport(planer.order_by("slug")), content_type="application/zip"
    )
    svar["Content-Disposition"] = f'attachment; filename="{lbf_eksport.zipnavn(plan)}"'
    return svar
