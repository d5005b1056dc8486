"""Where an agreement stands in its approval round, read from its log and its versions.

The states (`Tilstand.kode`):

- ``kladde``: the draft, not with the board (never sent, or withdrawn);
- ``sendt``: sent to the board (when, by whom, the message), locked for editing;
- ``godkendes``: the board approved it and a worker is freezing the version (still
  locked; withdrawing, sending back and a second approval are refused until it is made);
- ``sendt_tilbage``: the board sent it back with a comment (by whom, when);
- ``afventer_lbf``: the board approved a version of the strategic agreement, LBF has not
  decided yet;
- ``lbf_afvist``: LBF did not approve the newest version;
- ``godkendt``: the board's approval was the last step (version N, the board's date).

`tilstande` reads the states of many agreements in two queries, whatever their number
(the submission carries the status of its newest approval as ``godkendelse_status``).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import OuterRef, Subquery

from delaftaler.models import Aftale, Behandling, Medlemskab, Version
from delaftaler.models.version import Godkendelsesordre

Art = Behandling.Art
Rolle = Medlemskab.Rolle
LBF_ARTER = (Art.LBF_GODKENDT, Art.LBF_AFVIST)

TEKSTER = {
    "kladde": "Kladde",
    "sendt": "Sendt til bestyrelsen",
    "godkendes": "Godkendt – versionen dannes",
    "sendt_tilbage": "Sendt tilbage af bestyrelsen",
    "godkendt": "Godkendt",
}


@dataclass(frozen=True)
class Tilstand:
    """Where an agreement stands: an open submission, its current and newest versions."""

    indsendelse: Behandling | None
    gaeldende: Version | None
    seneste: Version | None
    behandlinger: list[Behandling]
    # The draft's edit number now: a draft changed since its newest version is a draft.
    redigeringsnummer: int | None = None

    @property
    def aendret_siden_godkendelse(self) -> bool:
        v = self.seneste
        return v is not None and self.redigeringsnummer not in (None, v.redigeringsnummer)

    @property
    def godkendes(self) -> bool:
        """The board approved the open submission and its version is being made."""
        status = getattr(self.indsendelse, "godkendelse_status", None)
        return status == Godkendelsesordre.Status.AFVENTER

    @property
    def forloeb(self) -> list[Behandling]:
        """The board's round: every step but LBF's decisions."""
        return [b for b in self.behandlinger if b.art not in LBF_ARTER]

    @property
    def sidste_skridt(self) -> Behandling | None:
        forloeb = self.forloeb
        return forloeb[-1] if forloeb else None

    @property
    def sendt_tilbage(self) -> Behandling | None:
        """The board's return with its comment, if that is the last step."""
        s = self.sidste_skridt
        return s if s is not None and s.art == Art.SENDT_TILBAGE else None

    @property
    def afventer_lbf(self) -> Version | None:
        """The newest version, if it still waits for LBF's decision."""
        v = self.seneste
        if v is None or not v.kraever_lbf:
            return None
        if self.lbf_afgoerelse(v) is not None:
            return None
        return v

    def lbf_afgoerelse(self, version: Version) -> Behandling | None:
        for b in reversed(self.behandlinger):
            if b.version_id == version.pk and b.art in LBF_ARTER:
                return b
        return None

    @property
    def lbf_afvist(self) -> Behandling | None:
        v = self.seneste
        afgoerelse = self.lbf_afgoerelse(v) if v is not None else None
        return afgoerelse if afgoerelse is not None and afgoerelse.art == Art.LBF_AFVIST else None

    @property
    def kode(self) -> str:
        if self.indsendelse:
            return "godkendes" if self.godkendes else "sendt"
        if self.sendt_tilbage:
            return "sendt_tilbage"
        s = self.sidste_skridt
        if s is not None and s.art == Art.GODKENDT or s is None and self.seneste is not None:
            if self.afventer_lbf:
                return "afventer_lbf"
            if self.lbf_afvist:
                return "lbf_afvist"
            return "kladde" if self.aendret_siden_godkendelse else "godkendt"
        return "kladde"

    @property
    def tekst(self) -> str:
        kode = self.kode
        if kode == "afventer_lbf" and self.afventer_lbf:
            return f"Version {self.afventer_lbf.nummer} afventer Landsbyggefondens godkendelse"
        if kode == "lbf_afvist" and self.seneste:
            return f"Version {self.seneste.nummer} er ikke godkendt af Landsbyggefonden"
        if kode == "godkendt" and self.gaeldende:
            return f"Godkendt version {self.gaeldende.nummer}"
        if kode == "kladde" and self.seneste and self.aendret_siden_godkendelse:
            return f"Kladde (ændret siden version {self.seneste.nummer})"
        return TEKSTER[kode]

    @property
    def farve(self) -> str:
        """The Bootstrap colour of the state's badge."""
        return {
            "sendt": "warning",
            "godkendes": "info",
            "sendt_tilbage": "danger",
            "afventer_lbf": "info",
            "lbf_afvist": "danger",
            "godkendt": "success",
        }.get(self.kode, "secondary")

    def naeste_skridt(self, rolle: str) -> str:
        """What the user in this role can or must do next, in Danish."""
        kode = self.kode
        nummer = self.seneste.nummer if self.seneste else 0
        if rolle == Rolle.REDAKTOER:
            return {
                "kladde": "Du kan sende kladden til bestyrelsen.",
                "sendt": "Bestyrelsen skal tage stilling. Træk kladden tilbage, "
                "hvis du vil redigere den.",
                "godkendes": "Bestyrelsen har godkendt kladden. Versionen dannes nu.",
                "sendt_tilbage": "Ret kladden efter bestyrelsens kommentar, og send den igen.",
                "afventer_lbf": f"Landsbyggefonden skal godkende version {nummer}.",
                "lbf_afvist": "Ret kladden efter Landsbyggefondens afgørelse, "
                "og send den til bestyrelsen igen.",
                "godkendt": f"Version {nummer} er gældende. Du kan ændre kladden "
                "og sende den til bestyrelsen igen.",
            }[kode]
        if rolle == Rolle.BESTYRELSE:
            return {
                "sendt": "Bestyrelsen skal tage stilling: godkend kladden, "
                "eller send den tilbage med en kommentar.",
                "godkendes": "Godkendelsen er registreret. Versionen dannes nu.",
                "sendt_tilbage": "Redaktøren skal rette kladden og sende den igen.",
                "afventer_lbf": f"Landsbyggefonden skal godkende version {nummer}.",
            }.get(kode, "Der er intet, bestyrelsen skal tage stilling til.")
        if kode == "afventer_lbf":
            return f"Landsbyggefonden skal godkende eller afvise version {nummer}."
        return "Der er intet, Landsbyggefonden skal tage stilling til."


def tilstande(aftaler: Iterable[Aftale]) -> dict[int, Tilstand]:
    """The state of each of these agreements, in two queries (the log and the versions)."""
    nummer = {a.pk: a.redigeringsnummer for a in aftaler}
    ids = list(nummer)
    log: dict[int, list[Behandling]] = {pk: [] for pk in ids}
    nyeste = Godkendelsesordre.objects.filter(indsendelse=OuterRef("pk")).order_by("-id")
    for b in (
        Behandling.objects.filter(aftale_id__in=ids)
        .annotate(godkendelse_status=Subquery(nyeste.values("status")[:1]))
        .order_by("tidspunkt", "id")
    ):
        log[b.aftale_id].append(b)
    versioner: dict[int, list[Version]] = {pk: [] for pk in ids}
    for v in (
        Version.objects.filter(aftale_id__in=ids).defer("pdf", "docx", "json").order_by("-nummer")
    ):
        versioner[v.aftale_id].append(v)
    ud = {}
    for pk in ids:
        behandlinger = log[pk]
        lbf_godkendt = {b.version_id for b in behandlinger if b.art == Art.LBF_GODKENDT}
        forloeb = [b for b in behandlinger if b.art not in LBF_ARTER]
        alle = versioner[pk]
        ud[pk] = Tilstand(
            indsendelse=forloeb[-1] if forloeb and forloeb[-1].art == Art.INDSENDT else None,
            gaeldende=next((v for v in alle if not v.kraever_lbf or v.pk in lbf_godkendt), None),
            seneste=alle[0] if alle else None,
            behandlinger=behandlinger,
            redigeringsnummer=nummer[pk],
        )
    return ud
