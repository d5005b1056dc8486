"""Write a helhedsplan's yearly status report as PDF, Word or JSON: the current state, or
with --godkendt the newest approved report's stored file, byte for byte."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from delaftaler.models import Helhedsplan
from opfoelgning.dokumenter import rapport_docx, rapport_pdf
from opfoelgning.models import GodkendtRapport
from opfoelgning.rapport import rapport_json, rapportdata

FORMATER = ("pdf", "docx", "json")


class Command(BaseCommand):
    help = (
        "Skriver helhedsplanens statusrapport for et år (»Status på delmål og indikatorer«) "
        "som PDF, Word eller JSON – efter filens endelse. Uden --godkendt: rapporten, som den "
        "ser ud nu (udkast); med --godkendt: den senest godkendte rapports gemte fil."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--helhedsplan", required=True, metavar="KORTNAVN")
        parser.add_argument("--aar", required=True, type=int, metavar="ÅR")
        parser.add_argument(
            "--output", required=True, type=Path, metavar="FIL", help="FIL.pdf, FIL.docx, FIL.json"
        )
        parser.add_argument(
            "--godkendt",
            action="store_true",
            help="Den senest godkendte rapport, som den blev godkendt.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        fil: Path = options["output"]
        aar: int = options["aar"]
        format = fil.suffix.lower().lstrip(".")
        if format not in FORMATER:
            raise CommandError(
                f"Ukendt filtype »{fil.suffix or fil.name}«: filen skal ende på .pdf, .docx eller .json."
            )
        if not 1900 <= aar <= 2100:
            raise CommandError("Året skal være et årstal mellem 1900 og 2100.")
        plan = Helhedsplan.objects.filter(slug=options["helhedsplan"]).first()
        if plan is None:
            raise CommandError(f"Helhedsplanen »{options['helhedsplan']}« findes ikke.")
        indhold = (
            self.godkendt(plan, aar, format) if options["godkendt"] else self.nu(plan, aar, format)
        )
        try:
            fil.write_bytes(indhold)
        except OSError as fejl:
            raise CommandError(f"Kan ikke skrive {fil}: {fejl}") from fejl
        self.stdout.write(f"Skrev {fil} ({len(indhold):,} bytes).".replace(",", "."))

    def nu(self, plan: Helhedsplan, aar: int, format: str) -> bytes:
        data = rapportdata(plan, aar)
        if format == "json":
            return rapport_json(data).encode()
        return rapport_pdf(data) if format == "pdf" else rapport_docx(data)

    def godkendt(self, plan: Helhedsplan, aar: int, format: str) -> bytes:
        godkendt = (
            GodkendtRapport.objects.filter(rapport__helhedsplan=plan, rapport__aar=aar)
            .order_by("-nummer")
            .first()
        )
        if godkendt is None:
            raise CommandError(
                f"{plan.navn} har ingen godkendt statusrapport for {aar}. "
                "Udelad --godkendt for at skrive rapporten, som den ser ud nu."
            )
        indhold, _kontrolsum = godkendt.filer()[format]
        return indhold
