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
from delaftaler.dataformat.filer import Filfejl, laes_jsonfil
from delaftaler.dataformat.indlaesning import Resultat
from delaftaler.models import Helhedsplan, Organisation
from delaftaler.versioner.lbf_import import Zipindhold, gendan_versioner, laes_zip, sted
from delaftaler.versioner.lbf_manifest import MANIFEST


class Command(BaseCommand):
    help = (
        "Indlæser aftaler fra en JSON-fil i formatet lbf-aftaler eller fra LBF's ZIP-eksport "
        "(én JSON-fil pr. aftale). Opretter helhedsplanen, organisationerne og områderne, "
        "hvor de mangler. Filen kontrolleres mod skemaet (fixtures/lbf-aftaler.schema.json), "
        "før noget gemmes, og indlæsningen sker helt eller slet ikke. En helhedsplan, der "
        "findes i forvejen, springes over, medmindre --erstat er givet; en helhedsplan med "
        "godkendte versioner erstattes aldrig. LBF's ZIP-eksport gendanner de godkendte "
        "versioner, når hver fil passer med manifestets SHA-256-kontrolsum."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "fil", type=Path, metavar="FIL", help="En .json-fil eller LBF's .zip-eksport."
        )
        parser.add_argument(
            "--erstat",
            action="store_true",
            help="Erstat helhedsplaner, der findes i forvejen, med filens indhold "
            "(deres aftaler og områder slettes først; afvises, hvis helhedsplanen har "
            "godkendte versioner).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        fil: Path = options["fil"]
        if not fil.exists():
            raise CommandError(f"Filen {fil} findes ikke.")
        if not fil.is_file():
            raise CommandError(f"{fil} er ikke en fil.")
        zip_: Zipindhold | None = None
        try:
            if fil.suffix.lower() == ".zip":
                zip_ = laes_zip(fil)
                data = zip_.data
            else:
                data = laes_jsonfil(fil)
        except Filfejl as fejl:
            raise CommandError(str(fejl)) from fejl

        planer = [p["slug"] for p in data["helhedsplaner"]]
        fandtes = set(Helhedsplan.objects.filter(slug__in=planer).values_list("slug", flat=True))
        organisationer_foer = set(Organisation.objects.values_list("navn", flat=True))
        try:
            with transaction.atomic():
                resultat = importer(data, erstat=options["erstat"])
                gendannet = gendan_versioner(zip_, resultat) if zip_ else 0
        except FormatFejl as fejl:
            hvor = zip_.oprindelse.sted(fejl.sti) if zip_ else sted(fil.name, fejl.sti)
            raise CommandError(f"{hvor}: {fejl.besked}") from fejl
        if zip_ and zip_.versioner is None:
            self.stdout.write(
                f"{fil.name} har intet {MANIFEST}: aftalerne er indlæst, men ingen godkendte "
                "versioner er gendannet (kun Landsbyggefondens eksport med manifest kan "
                "gendanne versioner)."
            )
        elif gendannet:
            self.stdout.write(f"Gendannet {gendannet} godkendte versioner fra manifestet.")
        self.rapporter(fil, data, resultat, fandtes, organisationer_foer)

    def rapporter(
        self,
        fil: Path,
        data: dict[str, Any],
        resultat: Resultat,
        fandtes: set[str],
        organisationer_foer: set[str],
    ) -> None:
        efter_slug = {p["slug"]: p for p in data["helhedsplaner"]}
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
