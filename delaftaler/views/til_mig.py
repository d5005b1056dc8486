""" "Til mig" on the start page: what waits for the user, per role, across all their plans.

- bestyrelse: drafts sent to the board, status reports sent to the board;
- redaktør: agreements the board sent back (with its comment), strategic versions
  awaiting Landsbyggefonden, status reports sent back;
- lbf: strategic versions awaiting its decision, and versions that became current since
  the user's last visit.

"The last visit" is a timestamp on the session (`SIDST_SET`), moved on at every visit of
the start page: a version shows once, on the first visit after it became current. A
session without it (the first start page after logging in) counts from the user's
`last_login`, i.e. from this login. The user's own timestamp on the session was chosen
over `last_login` alone because `last_login` is set anew at every login, and a session
lives on across visits.

Everything in a fixed number of queries: the user's agreements and their states come in
from the start page; the status reports' log is one query.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from delaftaler.models import Aftale, Medlemskab
from delaftaler.versioner.tilstand import Art, Tilstand
from opfoelgning import behandling as rapportbehandling
from opfoelgning.models import Rapportbehandling

Rolle = Medlemskab.Rolle
SIDST_SET = "til_mig_sidst_set"


@dataclass(frozen=True)
class Punkt:
    """One thing that waits for the user: a line of text, a link, and a detail line."""

    tekst: str
    url: str
    detalje: str = ""


def aftalenavn(aftale: Aftale) -> str:
    if hasattr(aftale, "delaftale"):
        return f"Delaftale: {aftale.delaftale.indsatsomraade}"
    return "Strategisk samarbejdsaftale"


def _tid(t: datetime.datetime | None) -> str:
    return timezone.localtime(t).strftime("%-d/%-m-%Y %H:%M") if t else ""


def _af(bruger: str, tid: datetime.datetime | None) -> str:
    return " ".join(x for x in (_tid(tid), f"af {bruger}" if bruger else "") if x)


def sidste_besoeg(request: HttpRequest) -> datetime.datetime | None:
    """The previous visit of the start page (and note this one)."""
    gemt = request.session.get(SIDST_SET)
    siden = parse_datetime(gemt) if isinstance(gemt, str) else None
    if siden is None:
        siden = getattr(request.user, "last_login", None)
    request.session[SIDST_SET] = timezone.now().isoformat()
    return siden


def blev_gaeldende(t: Tilstand) -> datetime.datetime | None:
    """When the current version became current: the board's approval, or LBF's."""
    v = t.gaeldende
    if v is None:
        return None
    if not v.kraever_lbf:
        return v.godkendt
    for b in reversed(t.behandlinger):
        if b.version_id == v.pk and b.art == Art.LBF_GODKENDT:
            return b.tidspunkt
    return None


def _aftalepunkt(aftale: Aftale, t: Tilstand, rolle: str, siden: Any) -> Punkt | None:
    plan = aftale.helhedsplan
    navn = f"{aftalenavn(aftale)} ({plan.navn})"
    # The addresses only for a point made: the start page asks this of every agreement.
    side = lambda: reverse("aftale", args=[plan.slug, aftale.pk])  # noqa: E731
    versioner = lambda: reverse("versioner", args=[plan.slug, aftale.pk])  # noqa: E731
    if rolle == Rolle.BESTYRELSE and t.indsendelse and not t.godkendes:
        i = t.indsendelse
        tekst = f"Til godkendelse: {navn}"
        return Punkt(tekst, side(), f"Sendt {_af(i.bruger, i.tidspunkt)}. {i.kommentar}".strip())
    if rolle == Rolle.REDAKTOER and t.sendt_tilbage:
        s = t.sendt_tilbage
        detalje = f"Sendt tilbage {_af(s.bruger, s.tidspunkt)}: ”{s.kommentar}”"
        return Punkt(f"Sendt tilbage: {navn}", side(), detalje)
    if rolle == Rolle.REDAKTOER and t.kode == "lbf_afvist" and t.lbf_afvist:
        a = t.lbf_afvist
        detalje = f"Ikke godkendt af Landsbyggefonden {_af(a.bruger, a.tidspunkt)}: {a.kommentar}"
        return Punkt(f"Afvist af Landsbyggefonden: {navn}", versioner(), detalje.rstrip(": "))
    if t.afventer_lbf and rolle in (Rolle.REDAKTOER, Rolle.LBF):
        v = t.afventer_lbf
        forklaring = "til din afgørelse" if rolle == Rolle.LBF else "afventer Landsbyggefonden"
        tekst = f"Version {v.nummer} {forklaring}: {navn}"
        return Punkt(tekst, versioner(), f"Godkendt af bestyrelsen {_tid(v.godkendt)}")
    tid = blev_gaeldende(t)
    if rolle == Rolle.LBF and tid and (siden is None or tid > siden) and t.gaeldende:
        v = t.gaeldende
        tekst = f"Ny gældende version {v.nummer}: {navn}"
        return Punkt(tekst, versioner(), f"Gældende fra {_tid(tid)}")
    return None


def _rapporter(roller: dict[int, str]) -> list[Punkt]:
    """Status reports with the board (for the board), sent back (for the redaktør)."""
    log: dict[int, list[Rapportbehandling]] = {}
    rapporter = {}
    for b in (
        Rapportbehandling.objects.filter(rapport__helhedsplan_id__in=list(roller))
        .select_related("rapport__helhedsplan")
        .order_by("tidspunkt", "id")
    ):
        log.setdefault(b.rapport_id, []).append(b)
        rapporter[b.rapport_id] = b.rapport
    ud = []
    for pk, behandlinger in log.items():
        rapport = rapporter[pk]
        t = rapportbehandling.Tilstand(rapport=rapport, behandlinger=behandlinger, godkendte=[])
        rolle, s = roller[rapport.helhedsplan_id], behandlinger[-1]
        url = reverse("statusrapport", args=[rapport.helhedsplan.slug, rapport.aar])
        navn = f"Statusrapport {rapport.aar} ({rapport.helhedsplan.navn})"
        if rolle == Rolle.BESTYRELSE and t.kode == "sendt":
            ud.append(Punkt(f"Til godkendelse: {navn}", url, f"Sendt {_af(s.bruger, s.tidspunkt)}"))
        elif rolle == Rolle.REDAKTOER and t.kode == "sendt_tilbage":
            detalje = f"Sendt tilbage {_af(s.bruger, s.tidspunkt)}: ”{s.kommentar}”"
            ud.append(Punkt(f"Sendt tilbage: {navn}", url, detalje))
    return ud


def til_mig(
    roller: dict[int, str],
    aftaler: list[Aftale],
    tilstande: dict[int, Tilstand],
    siden: datetime.datetime | None,
) -> list[Punkt]:
    """What waits for the user: `roller` is the user's role per plan id."""
    punkter = []
    for aftale in aftaler:
        rolle = roller.get(aftale.helhedsplan_id)
        punkt = _aftalepunkt(aftale, tilstande[aftale.pk], rolle, siden) if rolle else None
        if punkt:
            punkter.append(punkt)
    return punkter + _rapporter(roller)
