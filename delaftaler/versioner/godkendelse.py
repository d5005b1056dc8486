"""The board's approval off the request: registered at once, frozen by a worker.

The board's request checks the approval (the agreement locked, the submission it saw,
unchanged since it was sent, not identical to the newest version) and records it as a
``Godkendelsesordre`` with the task that freezes it queued in the same transaction
(``bestil``). The worker's task (``dan_version``) locks the approval and the agreement,
and freezes the version (its PDF and Word rendered there) once: run again or retried, it
sees the approval no longer waiting and stops. A freeze that cannot be made (the PDF
over its time limit, the draft changed) marks the approval failed with the reason; the
draft stays with the board, who may approve again. ``godkend`` is the same freeze done
at once (the core both use).
"""

from __future__ import annotations

import datetime
import logging
from typing import Any

from django.db import transaction
from django_tasks import task

from delaftaler.dokumenter.tidsgraense import ForLangTid
from delaftaler.models import Aftale, Behandling, Version
from delaftaler.models.version import Godkendelsesordre
from delaftaler.versioner import (
    MSG_AENDRET,
    Afvist,
    _aaben,
    _godkendt,
    _laas,
    frys,
    haendelser,
    msg_uaendret,
    navn,
    tilstand,
    uaendret_siden,
    under_godkendelse,
)

log = logging.getLogger(__name__)
Status = Godkendelsesordre.Status
Art = Behandling.Art
MSG_UVENTET = "Versionen kunne ikke dannes på grund af en uventet fejl. Prøv at godkende igen."


def kan_godkendes(laast: Aftale, set_indsendelse: int | None = None) -> Behandling:
    """The open submission the board may approve now (the agreement locked); else Afvist."""
    indsendelse = _aaben(laast, set_indsendelse)
    if indsendelse.redigeringsnummer != laast.redigeringsnummer:
        raise Afvist(MSG_AENDRET)
    if not indsendelse.kontrolsum:
        raise Afvist(
            "Aftalen blev sendt til bestyrelsen, før indsendelser fik en kontrolsum. "
            "Redaktøren skal trække den tilbage og sende den igen."
        )
    uaendret = uaendret_siden(laast, tilstand(laast).seneste)
    if uaendret is not None:
        raise Afvist(msg_uaendret(uaendret))
    return indsendelse


def godkendt_version(
    laast: Aftale,
    indsendelse: Behandling,
    bruger: Any,
    moededato: datetime.date,
    beslutning: str = "",
    godkendt_af: str | None = None,
) -> Version:
    """Freeze the approved submission as the next version and log it (inside a transaction,
    the agreement locked, `kan_godkendes` passed)."""
    af = navn(bruger) if godkendt_af is None else godkendt_af
    try:
        version = frys(
            laast,
            som_indsendt=indsendelse.kontrolsum,
            indsendt_af=indsendelse.bruger,
            indsendt=indsendelse.tidspunkt,
            godkendt_af=af,
            moededato=moededato,
            beslutning=beslutning,
        )
    except ForLangTid as fejl:
        raise Afvist(
            f"Aftalen kan ikke godkendes, fordi dens PDF ikke kan dannes: {fejl}"
        ) from fejl
    _godkendt(version, af)
    haendelser.meld(
        laast,
        Art.GODKENDT,
        bruger,
        kommentar=beslutning,
        version=version,
        gaeldende=not version.kraever_lbf,
    )
    return version


def bestil(
    aftale: Aftale,
    bruger: Any,
    moededato: datetime.date,
    beslutning: str = "",
    set_indsendelse: int | None = None,
) -> Godkendelsesordre:
    """The board's approval, checked and registered; its version is made by `dan_version`
    (queued in the same transaction: no approval without its task, nor a task without it)."""
    with transaction.atomic():
        laast = _laas(aftale)
        under_godkendelse(laast)
        indsendelse = kan_godkendes(laast, set_indsendelse)
        ordre = Godkendelsesordre.objects.create(
            aftale=laast,
            indsendelse=indsendelse,
            bruger=bruger if getattr(bruger, "pk", None) else None,
            godkendt_af=navn(bruger),
            moededato=moededato,
            beslutning=beslutning,
        )
        dan_version.enqueue(ordre.pk)
    # An immediate backend has made the version already (its files not read).
    return (
        Godkendelsesordre.objects.select_related("version")
        .defer("version__pdf", "version__docx", "version__json")
        .get(pk=ordre.pk)
    )


def udfoer(ordre_id: int) -> Version | None:
    """Freeze the waiting approval's version, once; None if it is not waiting (any more)
    or could not be made (then it is marked failed with the reason)."""
    with transaction.atomic():
        ordre = Godkendelsesordre.objects.select_for_update().filter(pk=ordre_id).first()
        if ordre is None or ordre.status != Status.AFVENTER:
            return None  # made or failed by an earlier run
        laast = _laas(ordre.aftale)
        try:
            with transaction.atomic():
                indsendelse = kan_godkendes(laast, ordre.indsendelse_id)
                version = godkendt_version(
                    laast,
                    indsendelse,
                    ordre.bruger,
                    ordre.moededato,
                    ordre.beslutning,
                    godkendt_af=ordre.godkendt_af,
                )
        except Afvist as fejl:
            ordre.afslut(fejl=str(fejl))
            return None
        except Exception:
            log.exception("Godkendelse %s: versionen kunne ikke dannes", ordre_id)
            ordre.afslut(fejl=MSG_UVENTET)
            return None
        ordre.afslut(version=version)
        return version


@task()
def dan_version(ordre_id: int) -> int | None:
    """The worker's part of an approval: the version's number, or None (see `udfoer`)."""
    version = udfoer(ordre_id)
    return version.nummer if version is not None else None


def seneste(aftale: Aftale) -> Godkendelsesordre | None:
    """The agreement's newest approval registered through the app, if any."""
    return (
        Godkendelsesordre.objects.filter(aftale=aftale)
        .select_related("version")
        .defer("version__pdf", "version__docx", "version__json")
        .order_by("-id")
        .first()
    )
