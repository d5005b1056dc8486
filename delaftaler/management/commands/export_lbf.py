"""python manage.py export_lbf --output FILE.zip [--helhedsplan SLUG]"""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from delaftaler.models import Helhedsplan
from delaftaler.versioner.lbf_eksport import skriv_zip


class Command(BaseCommand):
    help = (
        "Skriver Landsbyggefondens eksport: den gældende godkendte version af hver aftale "
        "som PDF, Word og JSON, med et manifest over versioner, datoer og kontrolsummer."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--output", required=True, help="ZIP-filen, der skal skrives.")
        parser.add_argument("--helhedsplan", help="Kun denne helhedsplan (slug).")

    def handle(self, *args: Any, **options: Any) -> None:
        planer = Helhedsplan.objects.order_by("slug")
        if options["helhedsplan"]:
            planer = planer.filter(slug=options["helhedsplan"])
            if not planer.exists():
                raise CommandError(f"Helhedsplanen {options['helhedsplan']!r} findes ikke.")
        fil = Path(options["output"])
        fil.parent.mkdir(parents=True, exist_ok=True)
        # The same streamed writer as the download: one version's files in memory at a time.
        with fil.open("wb") as ud:
            manifest = skriv_zip(planer, ud)
        aftaler = len([f for f in manifest["filer"] if "statusrapport" not in f]) // 3
        self.stdout.write(f"Skrev {fil}: {aftaler} aftaler, {len(manifest['filer'])} filer.")
