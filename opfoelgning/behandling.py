"""The status report's treatment by the board: send, withdraw, send back, approve (freeze).

Modelled on the agreements' workflow (`delaftaler.versioner`). The report's content is
computed (`opfoelgning.rapport.rapportdata`); what the board is shown is recorded at
submission by the SHA-256 of its canonical JSON, and the approval freezes only that very
content: if anything changed since (a measurement, a target, an assessment), the approval
is refused and the redaktør must send the report again. An approval is a `GodkendtRapport`
(JSON, PDF, Word and the SHA-256 of each), numbered 1, 2, … per plan and year, with a
GODKENDT entry in the log; both are immutable.

The state is read from the log: its last entry (ignoring none) decides.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.models import Max
from django.utils import timezone

from delaftaler.dansk import dansk_dato
from delaftaler.dokumenter.tidsgraense import ForLangTid
from delaftaler.models import Helhedsplan
from delaftaler.models.version import vedligehold
from delaftaler.versioner import Afvist, haendelser, navn, sha256
from opfoelgning import dokumenter
from opfoelgning.models import GodkendtRapport, Rapportbehandling, Statusrapport, standardfrist
from opfoelgning.rapport import rapport_json, rapportdata

Art = Rapportbehandling.Art

__all__ = ["Afvist", "Tilstand", "godkend", "indsend", "send_tilbage", "tilstand", "traek_tilbage"]

MSG_AENDRET = (
    "Rapportens indhold er ændret, efter den blev sendt til bestyrelsen (en måling, et "
    "måltal eller en vurdering). Redaktøren skal sende den igen, før den kan godkendes."
)
MSG_IKKE_SENDT = "Rapporten er ikke sendt til bestyrelsen."
MSG_ALLEREDE_SENDT = "Rapporten er allerede sendt til bestyrelsen."
MSG_KOMMENTAR = "Skriv en kommentar, så redaktøren ved, hvad der skal ændres."


def statusrapport(plan: Helhedsplan, aar: int) -> Statusrapport:
    """The plan's report on the year, created on first need with the standard due date."""
    rapport, _ = Statusrapport.objects.get_or_create(
        helhedsplan=plan, aar=aar, defaults={"frist": standardfrist(aar)}
    )
    return rapport


@dataclass(frozen=True)
class Tilstand:
    """Where a report stands: its log, an open submission, the approved versions."""

    rapport: Statusrapport
    behandlinger: list[Rapportbehandling]
    godkendte: list[GodkendtRapport]

    @property
    def seneste(self) -> Rapportbehandling | None:
        return self.behandlinger[-1] if self.behandlinger else None

    @property
    def indsendelse(self) -> Rapportbehandling | None:
        s = self.seneste
        return s if s is not None and s.art == Art.INDSENDT else None

    @property
    def sendt_tilbage(self) -> Rapportbehandling | None:
        s = self.seneste
        return s if s is not None and s.art == Art.SENDT_TILBAGE else None

    @property
    def godkendt(self) -> GodkendtRapport | None:
        """The newest approved version (the report's current approved state)."""
        return self.godkendte[0] if self.godkendte else None

    @property
    def kode(self) -> str:
        """kladde, sendt, sendt_tilbage or godkendt: for badges and tests."""
        s = self.seneste
        if s is None or s.art == Art.TRUKKET_TILBAGE:
            return "godkendt" if self.godkendte else "kladde"
        koder: dict[str, str] = {Art.INDSENDT: "sendt", Art.SENDT_TILBAGE: "sendt_tilbage"}
        return koder.get(s.art, "godkendt")

    @property
    def tekst(self) -> str:
        return {
            "kladde": "Kladde",
            "sendt": "Sendt til bestyrelsen",
            "sendt_tilbage": "Sendt tilbage af bestyrelsen",
            "godkendt": "Godkendt af bestyrelsen",
        }[self.kode]


def tilstand(rapport: Statusrapport) -> Tilstand:
    return Tilstand(
        rapport=rapport,
        behandlinger=list(
            rapport.behandlinger.select_related("godkendt_rapport")
            .defer("godkendt_rapport__pdf", "godkendt_rapport__docx", "godkendt_rapport__json")
            .order_by("tidspunkt", "id")
        ),
        godkendte=list(rapport.godkendte.defer("pdf", "docx", "json").order_by("-nummer")),
    )


def rapporttekst(rapport: Statusrapport) -> str:
    """The report's content now, as the canonical JSON that is checksummed and frozen."""
    return rapport_json(rapportdata(rapport.helhedsplan, rapport.aar))


def kontrolsum(rapport: Statusrapport) -> str:
    return sha256(rapporttekst(rapport).encode())


def _laas(rapport: Statusrapport) -> Statusrapport:
    return (
        Statusrapport.objects.select_for_update().select_related("helhedsplan").get(pk=rapport.pk)
    )


def _log(rapport: Statusrapport, art: str, bruger: Any, **felter: Any) -> Rapportbehandling:
    return Rapportbehandling.objects.create(rapport=rapport, art=art, bruger=navn(bruger), **felter)


def indsend(rapport: Statusrapport, bruger: Any, kommentar: str = "") -> Rapportbehandling:
    """The redaktør sends the report to the board as it is now (recorded by its checksum)."""
    with transaction.atomic():
        laast = _laas(rapport)
        if tilstand(laast).indsendelse:
            raise Afvist(MSG_ALLEREDE_SENDT)
        haendelser.meld(laast, Art.INDSENDT, bruger, kommentar=kommentar)
        return _log(laast, Art.INDSENDT, bruger, kommentar=kommentar, kontrolsum=kontrolsum(laast))


def traek_tilbage(rapport: Statusrapport, bruger: Any) -> Rapportbehandling:
    with transaction.atomic():
        laast = _laas(rapport)
        if not tilstand(laast).indsendelse:
            raise Afvist(MSG_IKKE_SENDT)
        return _log(laast, Art.TRUKKET_TILBAGE, bruger)


def send_tilbage(rapport: Statusrapport, bruger: Any, kommentar: str) -> Rapportbehandling:
    """The board returns the report to the redaktør with a comment."""
    if not kommentar.strip():
        raise Afvist(MSG_KOMMENTAR)
    with transaction.atomic():
        laast = _laas(rapport)
        if not tilstand(laast).indsendelse:
            raise Afvist(MSG_IKKE_SENDT)
        haendelser.meld(laast, Art.SENDT_TILBAGE, bruger, kommentar=kommentar)
        return _log(laast, Art.SENDT_TILBAGE, bruger, kommentar=kommentar)


def fod(moededato: datetime.date) -> str:
    """The footer line of an approved report's PDF and Word file."""
    return f"Godkendt af bestyrelsen {dansk_dato(moededato)}"


def godkend(
    rapport: Statusrapport, bruger: Any, moededato: datetime.date, beslutning: str = ""
) -> GodkendtRapport:
    """The board approves the submitted report: frozen as its next approved version."""
    with transaction.atomic():
        laast = _laas(rapport)
        indsendelse = tilstand(laast).indsendelse
        if indsendelse is None:
            raise Afvist(MSG_IKKE_SENDT)
        data = rapportdata(laast.helhedsplan, laast.aar)
        tekst = rapport_json(data)
        if sha256(tekst.encode()) != indsendelse.kontrolsum:
            raise Afvist(MSG_AENDRET)
        try:
            indhold_pdf = dokumenter.rapport_pdf(data, fod=fod(moededato))
        except ForLangTid as fejl:
            raise Afvist(
                f"Rapporten kan ikke godkendes, fordi dens PDF ikke kan dannes: {fejl}"
            ) from fejl
        indhold_docx = dokumenter.rapport_docx(data, fod=fod(moededato))
        nummer = (laast.godkendte.aggregate(n=Max("nummer"))["n"] or 0) + 1
        godkendt = GodkendtRapport.objects.create(
            rapport=laast,
            nummer=nummer,
            json=tekst,
            pdf=indhold_pdf,
            docx=indhold_docx,
            kontrolsum=indsendelse.kontrolsum,
            pdf_kontrolsum=sha256(indhold_pdf),
            docx_kontrolsum=sha256(indhold_docx),
            indsendt_af=indsendelse.bruger,
            indsendt=indsendelse.tidspunkt,
            godkendt_af=navn(bruger),
            godkendt=timezone.now(),
            moededato=moededato,
            beslutning=beslutning,
        )
        _log(
            laast,
            Art.GODKENDT,
            bruger,
            godkendt_rapport=godkendt,
            dato=moededato,
            kommentar=beslutning,
            kontrolsum=godkendt.kontrolsum,
        )
        haendelser.meld(laast, Art.GODKENDT, bruger, kommentar=beslutning, version=godkendt)
        return godkendt


def slet_rapporthistorik(plan_ids: list[int], using: str = DEFAULT_DB_ALIAS) -> None:
    """Empty the plans' approved reports and report log: maintenance only.

    As `delaftaler.models.version.slet_historik`: the app never calls this; it is for
    putting demo data back (`load_demo --nulstil`) and for tests, and on PostgreSQL it
    works for the tables' owner only.
    """
    if not plan_ids:
        return
    pladser = ", ".join(["%s"] * len(plan_ids))
    rapporter = f"SELECT id FROM {Statusrapport._meta.db_table} WHERE helhedsplan_id IN ({pladser})"
    with vedligehold(using), connections[using].cursor() as c:
        for model in (Rapportbehandling, GodkendtRapport):
            c.execute(
                f"DELETE FROM {model._meta.db_table} WHERE rapport_id IN ({rapporter})", plan_ids
            )
