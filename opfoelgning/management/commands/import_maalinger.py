"""Import measurements from a CSV or XLSX file into a helhedsplan (issue 15, point 3)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.db import IntegrityError

from delaftaler.models import Helhedsplan
from opfoelgning.indlaesning import KOLONNER, MAKS_FIL_BYTES, Filfejl, indlaes, laes_fil


class Command(BaseCommand):
    help = (
        "Indlæser målinger fra en CSV- eller Excel-fil (.xlsx) i en helhedsplan. Filens første "
        f"række er overskriften med kolonnerne {';'.join(KOLONNER)}; CSV med ; eller , som "
        "skilletegn, UTF-8 med eller uden BOM, decimalkomma. Hver række vises med det, den "
        "gør (ny, erstatter, uændret). En fil med én forkert række afvises helt, og intet "
        "gemmes; alle rækkers fejl vises med rækkenummer."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("fil", type=Path, metavar="FIL", help="En .csv- eller .xlsx-fil.")
        parser.add_argument(
            "--helhedsplan", required=True, metavar="SLUG", help="Helhedsplanens kortnavn."
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Vis kun, hvad filen vil gøre; gem intet.",
        )
        parser.add_argument(
            "--bruger",
            default="kommandolinjen",
            help="Navnet, der registreres som den, der har indtastet målingerne.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        fil: Path = options["fil"]
        plan = Helhedsplan.objects.filter(slug=options["helhedsplan"]).first()
        if plan is None:
            raise CommandError(f"Helhedsplanen »{options['helhedsplan']}« findes ikke.")
        try:
            if not fil.is_file():
                raise CommandError(f"Filen {fil} findes ikke.")
            with fil.open("rb") as f:
                indhold = f.read(MAKS_FIL_BYTES + 1)
            raekker = laes_fil(indhold, fil.name)
        except OSError as fejl:
            raise CommandError(f"Kan ikke læse {fil}: {fejl.strerror}") from fejl
        except Filfejl as fejl:
            raise CommandError(str(fejl)) from fejl
        try:
            resultat = indlaes(plan, raekker, options["bruger"], gem=not options["dry_run"])
        except IntegrityError as fejl:
            raise CommandError(
                "Målingerne blev ændret samtidig af en anden; intet er gemt. Prøv igen."
            ) from fejl
        for r in resultat.raekker:
            if not r.fejl:
                self.stdout.write(r.beskrivelse)
        if resultat.fejl:
            for linje in resultat.fejl:
                self.stderr.write(linje)
            raise CommandError(f"{fil.name} er afvist: {len(resultat.fejl)} fejl; intet er gemt.")
        if options["dry_run"]:
            self.stdout.write(
                f"Prøvekørsel: {resultat.nye} nye, {resultat.erstattede} erstattede, "
                f"{resultat.uaendrede} uændrede; intet er gemt."
            )
        else:
            self.stdout.write(self.style.SUCCESS(resultat.besked))
