"""Saving an edit of an agreement: never a silent overwrite, always a revision."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db import transaction
from django.utils import timezone
from reversion.models import Revision, Version

from delaftaler.historik import gem_revision, versioner_siden
from delaftaler.models import Aftale, Behandling
from delaftaler.redigering.revision import til_revision

MSG_LAAST = "Kladden er sendt til bestyrelsen og kan ikke redigeres"


class Laast(Exception):
    """The draft is with the board: it may not change until it is withdrawn or decided."""

    def __init__(self, indsendelse: Behandling) -> None:
        self.indsendelse = indsendelse
        super().__init__(f"{MSG_LAAST}.")


def aaben_indsendelse(aftale_ids: list[int]) -> dict[int, Behandling]:
    """The open submissions among these agreements (their newest step of the board's round
    is "sent"; LBF's decisions do not count), in one query."""
    sidste: dict[int, Behandling] = {}
    lbf = (Behandling.Art.LBF_GODKENDT, Behandling.Art.LBF_AFVIST)
    for b in (
        Behandling.objects.filter(aftale_id__in=aftale_ids)
        .exclude(art__in=lbf)
        .order_by("tidspunkt", "id")
    ):
        sidste[b.aftale_id] = b
    return {pk: b for pk, b in sidste.items() if b.art == Behandling.Art.INDSENDT}


class Konflikt(Exception):
    """Someone else saved the agreement after the user opened it."""

    def __init__(self, versioner: list[Version], grundlag: Revision | None) -> None:
        self.versioner = versioner
        self.grundlag = grundlag
        super().__init__("Aftalen er blevet ændret af en anden, efter du åbnede den.")


def gem_aendring(
    aftale: Aftale, bruger: Any, redigeringsnummer: int, kommentar: str, gem: Callable[[], None]
) -> None:
    """Run `gem` (which saves the forms) if the agreement is still at `redigeringsnummer`.

    The row is locked for the check, the number counted up, and the resulting state of
    the whole agreement recorded as one revision, all in one transaction.
    """
    with transaction.atomic():
        naa = (
            Aftale.objects.select_for_update()
            .filter(pk=aftale.pk)
            .values_list("redigeringsnummer", flat=True)
            .get()
        )
        if naa != redigeringsnummer:
            raise Konflikt(*versioner_siden(aftale, redigeringsnummer))
        # Under the same row lock `indsend` takes: a draft with the board never changes.
        indsendt = aaben_indsendelse([aftale.pk]).get(aftale.pk)
        if indsendt is not None:
            raise Laast(indsendt)
        gem()
        Aftale.objects.filter(pk=aftale.pk).update(
            redigeringsnummer=naa + 1, aendret=timezone.now(), aendret_af=bruger
        )
        # Fetched with everything the revision reads: its queries do not grow with the rows.
        gem_revision(til_revision(aftale.pk), bruger, kommentar)
        aftale.redigeringsnummer = naa + 1
