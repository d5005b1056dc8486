"""Importing measurements from CSV and XLSX (issue 15, point 3): read, check, preview, save.

`laes_fil` reads a file into rows of text (`filer`); `indlaes` checks every row against
the helhedsplan (`raekker`) and, when asked and no row has an error, saves them all in
one transaction. A file with any bad row is refused whole; every row's error is listed
with its row number and value. The browser page and `manage.py import_maalinger` share
this code, so they show the same preview and the same errors.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from delaftaler.dataformat.filer import Filfejl
from delaftaler.models import Helhedsplan
from opfoelgning.indlaesning.filer import KOLONNER, MAKS_FIL_BYTES, MAKS_RAEKKER, Raekke, laes_fil
from opfoelgning.indlaesning.raekker import ERSTAT, FELTER, NY, UAENDRET, Plan, planlaeg
from opfoelgning.models import Maaling

__all__ = [
    "ERSTAT",
    "KOLONNER",
    "MAKS_FIL_BYTES",
    "MAKS_RAEKKER",
    "NY",
    "UAENDRET",
    "Filfejl",
    "Plan",
    "Raekke",
    "Resultat",
    "indlaes",
    "laes_fil",
]


@dataclass
class Resultat:
    raekker: list[Plan]
    gemt: bool = False

    @property
    def fejl(self) -> list[str]:
        return [f for r in self.raekker for f in r.fejltekster]

    def antal(self, handling: str) -> int:
        return sum(1 for r in self.raekker if r.handling == handling and not r.fejl)

    @property
    def nye(self) -> int:
        return self.antal(NY)

    @property
    def erstattede(self) -> int:
        return self.antal(ERSTAT)

    @property
    def uaendrede(self) -> int:
        return self.antal(UAENDRET)

    @property
    def besked(self) -> str:
        """ "12 målinger gemt (3 erstattet)" – or, before saving, what would be saved."""
        n = self.nye + self.erstattede
        tekst = f"{n} {'måling' if n == 1 else 'målinger'} gemt ({self.erstattede} erstattet)"
        if self.uaendrede:
            tekst += f"; {self.uaendrede} uændrede"
        return tekst


def indlaes(plan: Helhedsplan, raekker: list[Raekke], bruger: str, gem: bool) -> Resultat:
    """Check the rows against the plan; with `gem` and no errors, save them (all or nothing)."""
    with transaction.atomic():
        resultat = Resultat(planlaeg(plan, raekker, bruger))
        if not gem or resultat.fejl:
            return resultat
        nye = [r.maaling for r in resultat.raekker if r.handling == NY and r.maaling]
        erstat = [r.maaling for r in resultat.raekker if r.handling == ERSTAT and r.maaling]
        Maaling.objects.bulk_create(nye, batch_size=500)
        nu = timezone.now()
        for m in erstat:
            m.registreret = nu
        Maaling.objects.bulk_update(
            erstat, [*FELTER, "enhed", "registreret", "registreret_af"], batch_size=500
        )
        resultat.gemt = True
        return resultat
