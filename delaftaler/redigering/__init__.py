"""Saving an edit of an agreement: never a silent overwrite, always a revision."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db import transaction
from django.utils import timezone
from reversion.models import Revision, Version

from delaftaler.historik import gem_revision, versioner_siden
from delaftaler.models import Aftale


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
        gem()
        Aftale.objects.filter(pk=aftale.pk).update(
            redigeringsnummer=naa + 1, aendret=timezone.now(), aendret_af=bruger
        )
        konkret = Aftale.objects.get(pk=aftale.pk).konkret
        gem_revision(konkret, bruger, kommentar)
        aftale.redigeringsnummer = naa + 1
