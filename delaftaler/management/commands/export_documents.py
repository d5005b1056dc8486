"""Write every agreement in the database as PDF and/or Word files to one folder."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from delaftaler import dokumenter
from delaftaler.dansk import dansk_tal
from delaftaler.models import Delaftale, StrategiskAftale


def ledigt_navn(navn: str, brugt: set[str]) -> str:
    """``navn``, or ``navn`` with "-2", "-3"… before the extension if it is taken."""
    stamme, punktum, endelse = navn.rpartition(".")
    if not punktum:
        stamme, endelse = navn, ""
    kandidat, nummer = navn, 1
    while kandidat in brugt:
        nummer += 1
        kandidat = f"{stamme}-{nummer}{punktum}{endelse}"
    brugt.add(kandidat)
    return kandidat


class Command(BaseCommand):
    help = (
        "Skriver alle aftaler i databasen (strategiske samarbejdsaftaler og delaftaler i alle "
        "helhedsplaner) som filer i en mappe: én fil pr. aftale og format. Allerede dannede "
        "dokumenter hentes fra dokumentcachen."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--output",
            required=True,
            type=Path,
            metavar="MAPPE",
            help="Mappen filerne skrives i (oprettes, hvis den ikke findes).",
        )
        parser.add_argument(
            "--format",
            choices=[dokumenter.PDF, dokumenter.DOCX],
            help="Skriv kun dette format (pdf eller docx). Uden: begge formater.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        mappe: Path = options["output"]
        formater = [options["format"]] if options["format"] else [dokumenter.PDF, dokumenter.DOCX]
        try:
            mappe.mkdir(parents=True, exist_ok=True)
        except OSError as fejl:
            raise CommandError(f"Kan ikke oprette mappen {mappe}: {fejl}") from fejl

        brugt: set[str] = set()
        antal = 0
        for aftale in self.aftaler():
            for format in formater:
                dokument = dokumenter.aftale_dokument(aftale, format)
                navn = ledigt_navn(dokument.filnavn, brugt)
                (mappe / navn).write_bytes(dokument.indhold)
                antal += 1
                self.stdout.write(f"{navn} ({dansk_tal(len(dokument.indhold))} bytes)")
        filer = "fil" if antal == 1 else "filer"
        self.stdout.write(self.style.SUCCESS(f"Skrev {antal} {filer} i {mappe}"))

    def aftaler(self) -> list[Delaftale | StrategiskAftale]:
        """Every agreement, plan by plan: the strategic agreement first, then the delaftaler.

        One set of queries per kind (not two per helhedsplan), in the order of
        ``dokumenter.helhedsplanens_aftaler``.
        """
        strategiske = StrategiskAftale.objects.med_indhold().order_by(
            "helhedsplan__slug", "gaelder_fra", "id"
        )
        delaftaler = Delaftale.objects.med_indhold().order_by(
            "helhedsplan__slug", "indsatsomraade__raekkefoelge", "gaelder_fra", "id"
        )
        alle: list[Delaftale | StrategiskAftale] = [*strategiske, *delaftaler]
        # A stable sort keeps each kind's own order within a helhedsplan.
        return sorted(alle, key=lambda a: (a.helhedsplan.slug, isinstance(a, Delaftale)))
