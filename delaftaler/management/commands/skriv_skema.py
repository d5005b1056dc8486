"""Write the JSON Schema of the `lbf-aftaler` format to fixtures/lbf-aftaler.schema.json."""

from typing import Any

from django.core.management.base import BaseCommand

from delaftaler.dataformat import skema


class Command(BaseCommand):
    help = (
        "Danner JSON-skemaet for formatet lbf-aftaler ud fra feltlisterne og modellerne og "
        "skriver det til fixtures/lbf-aftaler.schema.json (eller til standardoutput med --vis)."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--vis",
            action="store_true",
            help="Skriv skemaet til standardoutput i stedet for filen.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        tekst = skema.skema_json()
        if options["vis"]:
            self.stdout.write(tekst, ending="")
            return
        skema.SKEMA_FIL.write_text(tekst, encoding="utf-8")
        self.stdout.write(self.style.SUCCESS(f"Skrev {skema.SKEMA_FIL}"))
