"""Import agreements from an `lbf-aftaler` JSON file or from LBF's ZIP export.

The reading and merging of a ZIP export is delaftaler.versioner.lbf_import; the format
itself is delaftaler.dataformat.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from delaftaler.dataformat import FormatFejl, importer
from delaftaler.dataformat.filer import Filfejl, laes_dokument
from delaftaler.models import Helhedsplan, Organisation
from delaftaler.versioner.lbf_import import Oprindelse, gendan_versioner, laes_zip, sted


class Command(BaseCommand):
    help = (
        "Indlæser aftaler fra en JSON-fil i formatet lbf-aftaler eller fra LBF's ZIP-eksport "
        "(én JSON-fil pr. aftale). Opretter helhedsplanen, organisationerne og områderne, "
        "hvor de mangler. Filen kontrolleres mod skemaet (fixtures/lbf-aftaler.schema.json), "
        "før noget gemmes, og indlæsningen sker helt eller slet ikke. En helhedsplan, der "
        "findes i forvejen, springes over, medmindre --erstat er givet."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "fil", type=Path, metavar="FIL", help="En .json-fil eller LBF's .zip-eksport."
        )
        parser.add_argument(
            "--erstat",
            action="store_true",
            help="Erstat helhedsplaner, der findes i forvejen, med filens indhold "
            "(deres aftaler og områder slettes først).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        fil: Path = options["fil"]
        if not fil.exists():
            raise CommandError(f"Filen {fil} findes ikke.")
        if not fil.is_file():
            raise CommandError(f"{fil} er ikke en fil.")

        oprindelse: Oprindelse | None = None
        try:
            if fil.suffix.lower() == ".zip":
                data, oprindelse = laes_zip(fil)
            else:
                try:
                    indhold = fil.read_bytes()
                except OSError as fejl:
                    raise CommandError(f"Kan ikke læse {fil}: {fejl.strerror}") from fejl
                data = laes_dokument(indhold, fil.name)
        except Filfejl as fejl:
            raise CommandError(str(fejl)) from fejl

        planer = data["helhedsplaner"]
        fandtes = set(
            Helhedsplan.objects.filter(slug__in=[p["slug"] for p in planer]).values_list(
                "slug", flat=True
            )
        )
        organisationer_foer = set(Organisation.objects.values_list("navn", flat=True))
        try:
            with transaction.atomic():
                resultat = importer(data, erstat=options["erstat"])
                gendannet = (
                    gendan_versioner(fil, resultat.oprettet) if fil.suffix.lower() == ".zip" else 0
                )
        except FormatFejl as fejl:
            hvor = oprindelse.sted(fejl.sti) if oprindelse else sted(fil.name, fejl.sti)
            raise CommandError(f"{hvor}: {fejl.besked}") from fejl
        if gendannet:
            self.stdout.write(f"Gendannet {gendannet} godkendte versioner fra manifestet.")

        efter_slug = {p["slug"]: p for p in planer}
        for slug in resultat.oprettet:
            plan = efter_slug[slug]
            omfang = _antal(
                len(plan["strategiske_aftaler"]), "strategisk aftale", "strategiske aftaler"
            )
            omfang += ", " + _antal(len(plan["delaftaler"]), "delaftale", "delaftaler")
            handling = "Erstattet" if slug in fandtes else "Oprettet"
            self.stdout.write(f"{handling}: {slug} ({omfang})")
        for slug in resultat.sprunget_over:
            self.stdout.write(
                f"Sprunget over: {slug} findes allerede (brug --erstat for at erstatte)"
            )
        nye = [o["navn"] for o in data["organisationer"] if o["navn"] not in organisationer_foer]
        if nye:
            self.stdout.write(f"Nye organisationer: {', '.join(nye)}")
        self.stdout.write(
            self.style.SUCCESS(
                f"{fil.name}: "
                f"{_antal(len(resultat.oprettet), 'helhedsplan', 'helhedsplaner')} indlæst, "
                f"{len(resultat.sprunget_over)} sprunget over"
            )
        )


def _antal(antal: int, ental: str, flertal: str) -> str:
    return f"{antal} {ental if antal == 1 else flertal}"
