"""What `send_paamindelser` does: send the mails that failed, remind of what waits.

- the board of drafts and status reports that have waited for it more than 14 days;
- the redaktører of status reports due within 30 days (or overdue) and not approved.

Each reminder is sent at most once a week per thing (recorded in `Paamindelse`), however
often the command runs.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from delaftaler import versioner
from delaftaler.models import Aftale, Helhedsplan, Medlemskab
from opfoelgning import behandling
from opfoelgning.models import Rapportbehandling, Statusrapport, standardfrist
from varsler.models import Paamindelse, Udsendelse
from varsler.udsendelse import MAKS_FORSOEG, link, modtagere, send, udsend, ventende

Rolle = Medlemskab.Rolle
VENTETID = datetime.timedelta(days=14)
INTERVAL = datetime.timedelta(days=7)
FRIST_FOER = datetime.timedelta(days=30)


def nu() -> datetime.datetime:
    return timezone.now()


@dataclass
class Opsummering:
    """What a run did, for the command's summary."""

    ventede: int = 0
    sendt_igen: int = 0
    sager: list[str] = field(default_factory=list)
    frister: list[str] = field(default_factory=list)
    mails: list[Udsendelse] = field(default_factory=list)

    @property
    def sendt(self) -> int:
        return sum(1 for u in self.mails if u.sendt)

    @property
    def ikke_sendt(self) -> int:
        """Mails still unsent that the next run tries again."""
        return ventende().count()

    @property
    def opgivet(self) -> int:
        """Mails given up after MAKS_FORSOEG attempts (left in the admin with their error)."""
        return Udsendelse.objects.filter(sendt__isnull=True, forsoeg__gte=MAKS_FORSOEG).count()


def skal_mindes(noegle: str, tid: datetime.datetime) -> bool:
    """Whether the reminder is due (none in the last week), and if so record it as sent."""
    if Paamindelse.objects.filter(noegle=noegle, sidst__gt=tid - INTERVAL).exists():
        return False
    Paamindelse.objects.update_or_create(noegle=noegle, defaults={"sidst": tid})
    return True


def _mind_bestyrelsen(
    resultat: Opsummering, noegle: str, plan: Helhedsplan, kontekst: dict[str, Any], tid: Any
) -> None:
    if not skal_mindes(noegle, tid):
        return
    resultat.sager.append(str(kontekst["titel"]))
    kontekst = {**kontekst, "plan": plan}
    resultat.mails += udsend("paamindelse_bestyrelse", kontekst, modtagere(plan.pk, "bestyrelse"))


def aftaler_hos_bestyrelsen(resultat: Opsummering, tid: datetime.datetime) -> None:
    graense = tid - VENTETID
    kandidater = Aftale.objects.filter(
        behandlinger__art=versioner.Art.INDSENDT, behandlinger__tidspunkt__lte=graense
    ).select_related("helhedsplan", "delaftale", "strategiskaftale")
    for aftale in kandidater.distinct().order_by("pk"):
        indsendelse = versioner.tilstand(aftale).indsendelse
        if indsendelse is None or indsendelse.tidspunkt > graense:
            continue
        plan = aftale.helhedsplan
        kontekst = {
            "titel": aftale.konkret,
            "indsendelse": indsendelse,
            "link": link(reverse("aftale", args=[plan.slug, aftale.pk])),
        }
        _mind_bestyrelsen(resultat, f"aftale-indsendt:{indsendelse.pk}", plan, kontekst, tid)


def rapporter_hos_bestyrelsen(resultat: Opsummering, tid: datetime.datetime) -> None:
    graense = tid - VENTETID
    kandidater = Statusrapport.objects.filter(
        behandlinger__art=Rapportbehandling.Art.INDSENDT, behandlinger__tidspunkt__lte=graense
    ).select_related("helhedsplan")
    for rapport in kandidater.distinct().order_by("pk"):
        indsendelse = behandling.tilstand(rapport).indsendelse
        if indsendelse is None or indsendelse.tidspunkt > graense:
            continue
        plan = rapport.helhedsplan
        kontekst = {
            "titel": f"Statusrapporten {rapport.aar} for {plan.navn}",
            "indsendelse": indsendelse,
            "link": link(reverse("statusrapport", args=[plan.slug, rapport.aar])),
        }
        _mind_bestyrelsen(resultat, f"rapport-indsendt:{indsendelse.pk}", plan, kontekst, tid)


def _i_perioden(plan: Helhedsplan, aar: int) -> bool:
    return (plan.gaelder_fra is None or plan.gaelder_fra.year <= aar) and (
        plan.gaelder_til is None or aar <= plan.gaelder_til.year
    )


def rapporter_med_frist(idag: datetime.date) -> list[tuple[Helhedsplan, int, datetime.date]]:
    """(plan, year, due date) of the reports due by 30 days from now and not approved: the
    stored reports, and last year's report (due by default) where none is stored yet."""
    fundet: dict[tuple[int, int], tuple[Helhedsplan, int, datetime.date]] = {}
    for r in Statusrapport.objects.select_related("helhedsplan").filter(godkendte__isnull=True):
        fundet[(r.helhedsplan_id, r.aar)] = (r.helhedsplan, r.aar, r.frist)
    sidste_aar = idag.year - 1
    gemte = set(Statusrapport.objects.values_list("helhedsplan_id", "aar"))
    planer = Helhedsplan.objects.filter(Q(aftaler__delaftale__isnull=False)).distinct()
    for plan in planer:
        if (plan.pk, sidste_aar) not in gemte:
            fundet[(plan.pk, sidste_aar)] = (plan, sidste_aar, standardfrist(sidste_aar))
    return sorted(
        (
            (plan, aar, frist)
            for plan, aar, frist in fundet.values()
            if frist <= idag + FRIST_FOER and _i_perioden(plan, aar)
        ),
        key=lambda t: (t[2], t[0].navn),
    )


def frister(resultat: Opsummering, tid: datetime.datetime) -> None:
    idag = timezone.localdate(tid)
    for plan, aar, frist in rapporter_med_frist(idag):
        if not skal_mindes(f"rapport-frist:{plan.pk}:{aar}", tid):
            continue
        resultat.frister.append(f"Statusrapporten {aar} for {plan.navn}")
        kontekst = {
            "plan": plan,
            "aar": aar,
            "frist": frist,
            "overskredet": frist < idag,
            "link": link(reverse("statusrapport", args=[plan.slug, aar])),
        }
        resultat.mails += udsend("paamindelse_frist", kontekst, modtagere(plan.pk, "redaktoer"))


def koer() -> Opsummering:
    """One run: first the mails that wait, then the reminders (each sent at once)."""
    tid = nu()
    resultat = Opsummering()
    gamle = list(ventende())
    resultat.ventede = len(gamle)
    resultat.sendt_igen = send(gamle)
    aftaler_hos_bestyrelsen(resultat, tid)
    rapporter_hos_bestyrelsen(resultat, tid)
    frister(resultat, tid)
    return resultat
