"""Mails: who may get them, their text (templates/varsler/*.txt), stored first, then sent.

Every mail is stored as an `Udsendelse` before it is sent, one per recipient (nobody sees
the others' addresses). Sending goes through Django's e-mail framework (the backend of the
settings); a failure is logged and recorded on the row, which stays unsent, so that
`send_paamindelser` can send it later. Nothing here raises because a mail server fails.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import mail
from django.db.models import F, QuerySet
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from varsler.models import Udsendelse

log = logging.getLogger("varsler")

# After this many failed attempts a mail is given up (it stays in the admin with its error).
MAKS_FORSOEG = 10
EMNE_MAKS = 300


def link(sti: str) -> str:
    """An absolute address of a page of the app, for a mail (settings.SITE_URL)."""
    return settings.SITE_URL.rstrip("/") + sti


def modtagere(plan_id: int, rolle: str, undtagen: Any = None) -> QuerySet[Any]:
    """The plan's active members with the role who have an address and want mails."""
    brugere = (
        get_user_model()
        .objects.filter(
            medlemskaber__helhedsplan_id=plan_id, medlemskaber__rolle=rolle, is_active=True
        )
        .exclude(email="")
        .exclude(varselsindstilling__modtag_mails=False)
    )
    if undtagen is not None and getattr(undtagen, "pk", None) is not None:
        brugere = brugere.exclude(pk=undtagen.pk)
    return brugere.order_by("username").distinct()


def skriv(skabelon: str, kontekst: dict[str, Any]) -> tuple[str, str]:
    """The mail's subject (the template's first line) and its text (the rest)."""
    tekst = render_to_string(
        f"varsler/{skabelon}.txt",
        {**kontekst, "indstillinger": link(reverse("varsler_indstillinger"))},
    )
    emne, _, krop = tekst.strip().partition("\n")
    return " ".join(emne.split())[:EMNE_MAKS], krop.strip() + "\n"


def opret(skabelon: str, kontekst: dict[str, Any], brugere: Iterable[Any]) -> list[Udsendelse]:
    """Store one mail per user, its text written for that user."""
    raekker = []
    for bruger in brugere:
        emne, tekst = skriv(skabelon, {**kontekst, "modtager": bruger})
        raekker.append(
            Udsendelse.objects.create(bruger=bruger, modtager=bruger.email, emne=emne, tekst=tekst)
        )
    return raekker


def udsend(skabelon: str, kontekst: dict[str, Any], brugere: Iterable[Any]) -> list[Udsendelse]:
    """Store the mails, then send them; returns the rows (unsent where sending failed)."""
    raekker = opret(skabelon, kontekst, brugere)
    send(raekker)
    return raekker


def _besked(udsendelse: Udsendelse, forbindelse: Any) -> mail.EmailMessage:
    return mail.EmailMessage(
        subject=udsendelse.emne,
        body=udsendelse.tekst,
        to=[udsendelse.modtager],
        connection=forbindelse,
    )


def _sendt(udsendelse: Udsendelse) -> None:
    udsendelse.sendt = timezone.now()
    udsendelse.fejl = ""
    Udsendelse.objects.filter(pk=udsendelse.pk).update(
        sendt=udsendelse.sendt, fejl="", forsoeg=F("forsoeg") + 1
    )
    udsendelse.forsoeg += 1


def _fejlet(udsendelse: Udsendelse, fejl: Exception) -> None:
    tekst = f"{type(fejl).__name__}: {fejl}"[:2000]
    log.warning("E-mail %s til %s kunne ikke sendes: %s", udsendelse.pk, udsendelse.modtager, tekst)
    udsendelse.fejl = tekst
    Udsendelse.objects.filter(pk=udsendelse.pk).update(fejl=tekst, forsoeg=F("forsoeg") + 1)
    udsendelse.forsoeg += 1


def send(udsendelser: Sequence[Udsendelse]) -> int:
    """Send the stored mails over one connection; returns how many were sent."""
    if not udsendelser:
        return 0
    try:
        forbindelse = mail.get_connection(fail_silently=False)
        forbindelse.open()
    except Exception as fejl:  # any failure of the mail server: the mails wait
        for udsendelse in udsendelser:
            _fejlet(udsendelse, fejl)
        return 0
    antal = 0
    try:
        for udsendelse in udsendelser:
            try:
                if not forbindelse.send_messages([_besked(udsendelse, forbindelse)]):
                    raise RuntimeError("Mailserveren tog ikke imod e-mailen.")
            except Exception as fejl:  # this mail waits; the others are still tried
                _fejlet(udsendelse, fejl)
            else:
                _sendt(udsendelse)
                antal += 1
    finally:
        try:
            forbindelse.close()
        except Exception:  # closing a broken connection: nothing left to lose
            log.debug("Forbindelsen til mailserveren kunne ikke lukkes.", exc_info=True)
    return antal


def ventende() -> QuerySet[Udsendelse]:
    """Mails not sent yet that are still tried, oldest first."""
    return Udsendelse.objects.filter(sendt__isnull=True, forsoeg__lt=MAKS_FORSOEG).order_by(
        "oprettet", "id"
    )
