"""Draft and approved versions: submit to the board, approve (freeze) or send back, LBF.

The working draft is the agreement itself, edited as before. Approval freezes a
``Version``: the agreement with all its children as JSON (format ``lbf-aftaler`` with its
schema version), its PDF and Word file as they were rendered at that moment, and SHA-256
checksums. A version never changes (``models.Version``); the draft goes on.

A delaftale's newest approved version is its current one. A strategic agreement's
version also needs Landsbyggefonden's approval before it becomes current; until then the
previous LBF-approved version stays current.
"""

from __future__ import annotations

import datetime
import hashlib
import json
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from delaftaler.dansk import dansk_dato
from delaftaler.dataformat import eksporter_delaftale, eksporter_strategisk
from delaftaler.dataformat.eksport import eksporter_plan
from delaftaler.dataformat.felter import FORMAT, VERSION
from delaftaler.dokumenter import pdf
from delaftaler.models import Aftale, Behandling, Delaftale, Organisation, StrategiskAftale, Version
from delaftaler.versioner import haendelser
from delaftaler.versioner.indhold import indhold
from delaftaler.versioner.tilstand import Tilstand, tilstande
from delaftaler.versioner.tjekliste import Ufuldstaendig, opfyldt, tjekliste

Art = Behandling.Art


class Afvist(Exception):
    """A workflow step that is not possible now; the message says why, in Danish."""


def navn(bruger: Any) -> str:
    if bruger is None:
        return ""
    return bruger.get_full_name() or bruger.get_username()


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def konkret(aftale: Aftale) -> Delaftale | StrategiskAftale:
    """The agreement as its own kind, with everything its documents show fetched."""
    art = aftale if isinstance(aftale, Delaftale | StrategiskAftale) else aftale.konkret
    if isinstance(art, Delaftale):
        return Delaftale.objects.med_indhold().get(pk=aftale.pk)
    return StrategiskAftale.objects.med_indhold().get(pk=aftale.pk)


def snapshot(aftale: Delaftale | StrategiskAftale) -> dict[str, Any]:
    """The agreement with its helhedsplan, areas and organisations, as one lbf-aftaler file.

    Only this agreement is read (with what `konkret` fetched), never the plan's others:
    its cost does not grow with the plan or with the agreement's rows.
    """
    organisationer: dict[str, str] = {}

    def brug(o: Organisation | None) -> str | None:
        if o is None:
            return None
        organisationer[o.navn] = o.type
        return o.navn

    plan = eksporter_plan(aftale.helhedsplan, brug)
    if isinstance(aftale, Delaftale):
        plan["strategiske_aftaler"], plan["delaftaler"] = [], [eksporter_delaftale(aftale, brug)]
    else:
        plan["strategiske_aftaler"], plan["delaftaler"] = [eksporter_strategisk(aftale, brug)], []
    data = {
        "format": FORMAT,
        "version": VERSION,
        "organisationer": [{"navn": n, "type": t} for n, t in sorted(organisationer.items())],
        "helhedsplaner": [plan],
    }
    # Only the organisations this agreement and its plan name: another agreement's new
    # party must not change what the board was sent of this one.
    data["organisationer"] = indhold(data)["organisationer"]
    return data


def som_json(data: dict[str, Any]) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def kontrolsum(aftale: Aftale) -> str:
    """SHA-256 of the agreement as `frys` would freeze it now (its JSON text)."""
    return sha256(som_json(snapshot(konkret(aftale))).encode())


MSG_AENDRET = (
    "Aftalen er ændret, efter den blev sendt til bestyrelsen. Redaktøren skal sende den igen."
)


def tilstand(aftale: Aftale) -> Tilstand:
    return tilstande([aftale])[aftale.pk]


def uaendret_siden(aftale: Aftale, seneste: Version | None) -> Version | None:
    """The newest version, if the draft is still exactly its content; else None."""
    if seneste is None:
        return None
    data = snapshot(konkret(aftale))
    if sha256(som_json(data).encode()) == seneste.kontrolsum:
        return seneste
    frosset = json.loads(Version.objects.only("json").get(pk=seneste.pk).json)
    return seneste if indhold(frosset) == indhold(data) else None


def msg_uaendret(version: Version) -> str:
    return f"Ingen ændringer siden version {version.nummer}."


def _laas(aftale: Aftale) -> Aftale:
    return Aftale.objects.select_for_update().get(pk=aftale.pk)


MSG_FORAELDET = (
    "Kladden er trukket tilbage eller sendt igen, efter du åbnede siden, så din beslutning "
    "er ikke gemt. Se den aktuelle kladde, før du tager stilling."
)


def indsend(
    aftale: Aftale, bruger: Any, kommentar: str = "", *, trods_tjekliste: bool = False
) -> Behandling:
    """The redaktør sends the draft to the board as it is now: never one identical to the
    newest version, and an incomplete one (the checklist) only when confirmed."""
    with transaction.atomic():
        laast = _laas(aftale)
        naa = tilstand(laast)
        if naa.indsendelse:
            raise Afvist("Aftalen er allerede sendt til bestyrelsen.")
        uaendret = uaendret_siden(laast, naa.seneste)
        if uaendret is not None:
            raise Afvist(msg_uaendret(uaendret))
        punkter = tjekliste(konkret(laast))
        if not opfyldt(punkter) and not trods_tjekliste:
            raise Ufuldstaendig(punkter)
        # What the board is shown is recorded by its checksum: the approval freezes only
        # this very text, whatever path a change takes (admin, shell, import, raw SQL).
        haendelser.meld(laast, Art.INDSENDT, bruger, kommentar=kommentar)
        return Behandling.objects.create(
            aftale=laast,
            art=Art.INDSENDT,
            bruger=navn(bruger),
            kommentar=kommentar,
            redigeringsnummer=laast.redigeringsnummer,
            kontrolsum=kontrolsum(laast),
        )


def _aaben(laast: Aftale, set_indsendelse: int | None) -> Behandling:
    """The open submission, which must be the one the board's page showed (if it says)."""
    indsendelse = tilstand(laast).indsendelse
    if indsendelse is None:
        raise Afvist("Aftalen er ikke sendt til bestyrelsen.")
    if set_indsendelse is not None and set_indsendelse != indsendelse.pk:
        raise Afvist(MSG_FORAELDET)
    return indsendelse


def send_tilbage(
    aftale: Aftale, bruger: Any, kommentar: str, set_indsendelse: int | None = None
) -> Behandling:
    """The board returns the draft to the redaktør with a comment."""
    if not kommentar.strip():
        raise Afvist("Skriv en kommentar, så redaktøren ved, hvad der skal ændres.")
    with transaction.atomic():
        laast = _laas(aftale)
        under_godkendelse(laast)
        _aaben(laast, set_indsendelse)
        haendelser.meld(laast, Art.SENDT_TILBAGE, bruger, kommentar=kommentar)
        return Behandling.objects.create(
            aftale=laast,
            art=Art.SENDT_TILBAGE,
            bruger=navn(bruger),
            kommentar=kommentar,
            redigeringsnummer=laast.redigeringsnummer,
        )


def traek_tilbage(aftale: Aftale, bruger: Any) -> Behandling:
    with transaction.atomic():
        laast = _laas(aftale)
        under_godkendelse(laast)
        if not tilstand(laast).indsendelse:
            raise Afvist("Aftalen er ikke sendt til bestyrelsen.")
        return Behandling.objects.create(
            aftale=laast,
            art=Art.TRUKKET_TILBAGE,
            bruger=navn(bruger),
            redigeringsnummer=laast.redigeringsnummer,
        )


MSG_DANNES = "Bestyrelsen har godkendt aftalen, og versionen dannes nu. Vent, til den er klar."


def under_godkendelse(laast: Aftale) -> None:
    """Refuse a step while the board's approval is being frozen (``godkendelse``)."""
    if tilstand(laast).godkendes:
        raise Afvist(MSG_DANNES)


def godkend(
    aftale: Aftale,
    bruger: Any,
    moededato: datetime.date,
    beslutning: str = "",
    set_indsendelse: int | None = None,
) -> Version:
    """The board approves the submitted draft: it is frozen as the next version (never
    one identical to the newest) at once. The app's request registers the approval and
    leaves the freezing to a worker instead (``godkendelse.bestil``)."""
    from delaftaler.versioner import godkendelse

    with transaction.atomic():
        laast = _laas(aftale)
        under_godkendelse(laast)
        indsendelse = godkendelse.kan_godkendes(laast, set_indsendelse)
        return godkendelse.godkendt_version(laast, indsendelse, bruger, moededato, beslutning)


def lbf_beslut(
    version: Version, bruger: Any, dato: datetime.date, godkendt: bool, kommentar: str = ""
) -> Behandling:
    """Landsbyggefonden's decision on a version of a strategic agreement."""
    with transaction.atomic():
        _laas(version.aftale)
        if not version.kraever_lbf:
            raise Afvist("Denne version skal ikke godkendes af Landsbyggefonden.")
        if tilstand(version.aftale).afventer_lbf != version:
            raise Afvist("Versionen afventer ikke Landsbyggefondens godkendelse.")
        haendelser.meld(
            version.aftale,
            Art.LBF_GODKENDT if godkendt else Art.LBF_AFVIST,
            bruger,
            kommentar=kommentar,
            version=version,
            gaeldende=godkendt,
        )
        return Behandling.objects.create(
            aftale=version.aftale,
            version=version,
            art=Art.LBF_GODKENDT if godkendt else Art.LBF_AFVIST,
            bruger=navn(bruger),
            dato=dato,
            kommentar=kommentar,
        )


def status_for(version_nummer: int, moededato: datetime.date) -> pdf.Status:
    return pdf.Status(f"Version {version_nummer}, godkendt af bestyrelsen", moededato, udkast=False)


def _ny_version(
    aftale: Delaftale | StrategiskAftale,
    *,
    nummer: int,
    tekst: str,
    indhold_pdf: bytes,
    indhold_docx: bytes,
    **felter: Any,
) -> Version:
    """Store a version with its files and their SHA-256 checksums."""
    return Version.objects.create(
        aftale=aftale,
        nummer=nummer,
        json=tekst,
        pdf=indhold_pdf,
        docx=indhold_docx,
        kontrolsum=sha256(tekst.encode()),
        pdf_kontrolsum=sha256(indhold_pdf),
        docx_kontrolsum=sha256(indhold_docx),
        redigeringsnummer=aftale.redigeringsnummer,
        godkendt=felter.pop("godkendt", None) or timezone.now(),
        kraever_lbf=isinstance(aftale, StrategiskAftale),
        **felter,
    )


def _godkendt(version: Version, af: str = "", lbf_dato: datetime.date | None = None) -> None:
    """Log the board's approval of a new version, and LBF's where it is already given."""
    Behandling.objects.create(
        aftale=version.aftale,
        version=version,
        art=Art.GODKENDT,
        bruger=af,
        dato=version.moededato,
        kommentar=version.beslutning,
        redigeringsnummer=version.redigeringsnummer,
    )
    if version.kraever_lbf and lbf_dato:
        Behandling.objects.create(
            aftale=version.aftale,
            version=version,
            art=Art.LBF_GODKENDT,
            dato=lbf_dato,
            kommentar=version.beslutning,
        )


def frys(
    aftale: Aftale,
    *,
    moededato: datetime.date,
    godkendt_af: str = "",
    beslutning: str = "",
    indsendt_af: str = "",
    indsendt: datetime.datetime | None = None,
    som_indsendt: str | None = None,
) -> Version:
    """Freeze the agreement as it is now into its next version (call inside a transaction).

    With `som_indsendt` (the checksum of the submission) only if it is still exactly that.
    """
    from delaftaler.dokumenter import word

    aftalen = konkret(aftale)
    tekst = som_json(snapshot(aftalen))
    if som_indsendt is not None and sha256(tekst.encode()) != som_indsendt:
        raise Afvist(MSG_AENDRET)
    nummer = (aftalen.versioner.aggregate(n=Max("nummer"))["n"] or 0) + 1
    status = status_for(nummer, moededato)
    godkendt = timezone.now()  # the Word file is dated with it (its ZIP entries)
    if isinstance(aftalen, Delaftale):
        indhold_docx = word.delaftale_docx(aftalen, status=status.linje(), tidspunkt=godkendt)
    else:
        indhold_docx = word.strategisk_docx(aftalen, status=status.linje(), tidspunkt=godkendt)
    return _ny_version(
        aftalen,
        nummer=nummer,
        tekst=tekst,
        indhold_pdf=pdf.aftale_pdf(aftalen, status),
        indhold_docx=indhold_docx,
        indsendt_af=indsendt_af,
        indsendt=indsendt,
        godkendt_af=godkendt_af,
        moededato=moededato,
        beslutning=beslutning,
        godkendt=godkendt,
    )


def registrer_godkendt(aftale: Aftale, moededato: datetime.date, beslutning: str) -> Version:
    """Record an agreement approved outside the app (a signed agreement) as its next
    version; a strategic agreement is recorded as approved by LBF on the same date."""
    with transaction.atomic():
        version = frys(_laas(aftale), moededato=moededato, beslutning=beslutning)
        _godkendt(version, lbf_dato=moededato)
        return version


def gendan(
    aftale: Delaftale | StrategiskAftale,
    *,
    nummer: int,
    tekst: str,
    indhold_pdf: bytes,
    indhold_docx: bytes,
    moededato: datetime.date,
    lbf_dato: datetime.date | None,
    beslutning: str,
) -> Version:
    """Restore an approved version from an export, byte for byte (its files as approved)."""
    version = _ny_version(
        aftale,
        nummer=nummer,
        tekst=tekst,
        indhold_pdf=indhold_pdf,
        indhold_docx=indhold_docx,
        moededato=moededato,
        beslutning=beslutning,
    )
    _godkendt(version, lbf_dato=lbf_dato)
    return version


def versionstekst(version: Version) -> str:
    return f"Version {version.nummer}, godkendt {dansk_dato(version.moededato)}"
