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

Everything in a fixed number of queries, whatever the number of plans: the database
tells which plans may have something (`kandidater`, on the states of
`versioner.tilstandskode`), the start page reads those plans' agreements and their states,
and `aftalepunkter` makes the points of them by the rules below; the status reports'
last steps are one query.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.db.models import Exists, F, OuterRef, Q, QuerySet, Subquery
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from delaftaler.models import Aftale, Medlemskab
from delaftaler.versioner.tilstand import Art, Tilstand
from delaftaler.versioner.tilstandskode import afventer_lbf, blev_gaeldende_efter
from delaftaler.views import forberedt
from opfoelgning.models import Rapportbehandling

Rolle = Medlemskab.Rolle
SIDST_SET = "til_mig_sidst_set"


@dataclass(frozen=True)
class Punkt:
    """One thing that waits for the user: a line of text, a link, and a detail line."""

    tekst: str
    url: str
    detalje: str = ""
    helhedsplan_id: int = 0  # the plan it belongs to, for the filter "Til mig"


def aftalenavn(aftale: Aftale) -> str:
    if hasattr(aftale, "delaftale"):
        return f"Delaftale: {aftale.delaftale.indsatsomraade}"
    return "Strategisk samarbejdsaftale"


def tidspunkt_tekst(t: datetime.datetime | None) -> str:
    """1/8-2025 14:05 in the current time zone, as the filter `date:"j/n-Y H:i"` writes it."""
    return timezone.localtime(t).strftime("%-d/%-m-%Y %H:%M") if t else ""


def _af(bruger: str, tid: datetime.datetime | None) -> str:
    return " ".join(x for x in (tidspunkt_tekst(tid), f"af {bruger}" if bruger else "") if x)


def forrige_besoeg(request: HttpRequest) -> datetime.datetime | None:
    """The previous visit of the start page (this one is noted by `noter_besoeg`)."""
    gemt = request.session.get(SIDST_SET)
    siden = parse_datetime(gemt) if isinstance(gemt, str) else None
    return siden if siden is not None else getattr(request.user, "last_login", None)


def noter_besoeg(request: HttpRequest) -> None:
    request.session[SIDST_SET] = timezone.now().isoformat()


def kandidater(rolle: str, siden: datetime.datetime | None) -> Q:
    """The agreements that may wait for a user in this role (every one `_aftalepunkt` makes
    a point of, and few others), on the aliases of `tilstandskode.med_tilstand`."""
    if rolle == Rolle.BESTYRELSE:
        return Q(skridt_art=Art.INDSENDT)
    if rolle == Rolle.REDAKTOER:
        return Q(skridt_art=Art.SENDT_TILBAGE) | Q(lbf_art=Art.LBF_AFVIST) | afventer_lbf()
    return afventer_lbf() | blev_gaeldende_efter(siden)


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


def _med_besked(tekst: str, kommentar: str) -> str:
    """A step's line with its message quoted, as the agreement's own status box has it."""
    return f"{tekst}: ”{kommentar}”" if kommentar else tekst


def _aftalepunkt(aftale: Aftale, t: Tilstand, rolle: str, siden: Any) -> Punkt | None:
    plan = aftale.helhedsplan
    navn = f"{aftalenavn(aftale)} ({plan.navn})"
    # The addresses only for a point made: the start page asks this of every agreement.
    side = lambda: reverse("aftale", args=[plan.slug, aftale.pk])  # noqa: E731
    versioner = lambda: reverse("versioner", args=[plan.slug, aftale.pk])  # noqa: E731
    if rolle == Rolle.BESTYRELSE and t.indsendelse and not t.godkendes:
        i = t.indsendelse
        tekst = f"Til godkendelse: {navn}"
        detalje = _med_besked(f"Sendt {_af(i.bruger, i.tidspunkt)}", i.kommentar)
        return Punkt(tekst, side(), detalje, plan.pk)
    if rolle == Rolle.REDAKTOER and t.sendt_tilbage:
        s = t.sendt_tilbage
        detalje = _med_besked(f"Sendt tilbage {_af(s.bruger, s.tidspunkt)}", s.kommentar)
        return Punkt(f"Sendt tilbage: {navn}", side(), detalje, plan.pk)
    if rolle == Rolle.REDAKTOER and t.kode == "lbf_afvist" and t.lbf_afvist:
        a = t.lbf_afvist
        afvist = f"Ikke godkendt af Landsbyggefonden {_af(a.bruger, a.tidspunkt)}"
        tekst = f"Afvist af Landsbyggefonden: {navn}"
        return Punkt(tekst, versioner(), _med_besked(afvist, a.kommentar), plan.pk)
    if t.afventer_lbf and rolle in (Rolle.REDAKTOER, Rolle.LBF):
        v = t.afventer_lbf
        forklaring = "til din afgørelse" if rolle == Rolle.LBF else "afventer Landsbyggefonden"
        tekst = f"Version {v.nummer} {forklaring}: {navn}"
        return Punkt(
            tekst, versioner(), f"Godkendt af bestyrelsen {tidspunkt_tekst(v.godkendt)}", plan.pk
        )
    tid = blev_gaeldende(t)
    if rolle == Rolle.LBF and tid and (siden is None or tid > siden) and t.gaeldende:
        v = t.gaeldende
        tekst = f"Ny gældende version {v.nummer}: {navn}"
        return Punkt(tekst, versioner(), f"Gældende fra {tidspunkt_tekst(tid)}", plan.pk)
    return None


def rapportpunkter(bruger: Any) -> list[Punkt]:
    """Status reports with the board (for the board), sent back (for the redaktør), in the
    order of the reports' first steps: of a report only its last step counts (as
    `opfoelgning.behandling.Tilstand.kode` reads the log), and the database gives those
    that count (one query)."""
    sql, parametre = forberedt.sql("rapportpunkter", _rapportlog, {forberedt.BRUGER: bruger.pk})
    ud = []
    s: Any  # with the plan's slug and name, and the report's year
    for s in Rapportbehandling.objects.raw(sql, parametre):
        url = reverse("statusrapport", args=[s.slug, s.aar])
        navn = f"Statusrapport {s.aar} ({s.plannavn})"
        if s.art == Rapportbehandling.Art.INDSENDT:
            detalje = _med_besked(f"Sendt {_af(s.bruger, s.tidspunkt)}", s.kommentar)
            ud.append(Punkt(f"Til godkendelse: {navn}", url, detalje, s.plan))
        else:
            detalje = _med_besked(f"Sendt tilbage {_af(s.bruger, s.tidspunkt)}", s.kommentar)
            ud.append(Punkt(f"Sendt tilbage: {navn}", url, detalje, s.plan))
    return ud


def _rapportlog() -> QuerySet[Rapportbehandling]:
    log = Rapportbehandling.objects.filter(rapport_id=OuterRef("rapport_id"))
    foerste = log.order_by("tidspunkt", "id")

    def som(rolle: str) -> Exists:
        medlem = Medlemskab.objects.filter(bruger_id=forberedt.BRUGER, rolle=rolle)
        return Exists(medlem.filter(helhedsplan_id=OuterRef("rapport__helhedsplan_id")))

    return (
        Rapportbehandling.objects.filter(
            pk=Subquery(log.order_by("-tidspunkt", "-id").values("pk")[:1])
        )
        .filter(
            Q(som(Rolle.BESTYRELSE), art=Rapportbehandling.Art.INDSENDT)
            | Q(som(Rolle.REDAKTOER), art=Rapportbehandling.Art.SENDT_TILBAGE)
        )
        .annotate(
            aar=F("rapport__aar"),
            plan=F("rapport__helhedsplan_id"),
            slug=F("rapport__helhedsplan__slug"),
            plannavn=F("rapport__helhedsplan__navn"),
        )
        .order_by(Subquery(foerste.values("tidspunkt")[:1]), Subquery(foerste.values("pk")[:1]))
    )


def aftalepunkter(
    roller: dict[int, str],
    aftaler: list[Aftale],
    tilstande: dict[int, Tilstand],
    siden: datetime.datetime | None,
) -> list[Punkt]:
    """What of these agreements waits for the user: `roller` is the user's role per plan id."""
    punkter = []
    for aftale in aftaler:
        rolle = roller.get(aftale.helhedsplan_id)
        punkt = _aftalepunkt(aftale, tilstande[aftale.pk], rolle, siden) if rolle else None
        if punkt:
            punkter.append(punkt)
    return punkter
