"""Load the five real agreements in fixtures/ and the three demo users."""

import json
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from delaftaler.dataformat import FormatFejl, importer
from delaftaler.models import Aftale, Helhedsplan, Medlemskab
from delaftaler.models.version import slet_historik
from delaftaler.versioner import registrer_godkendt

DEMO_BRUGERE = [
    ("leder", "Lene", "Leder", Medlemskab.Rolle.REDAKTOER),
    ("bestyrelse", "Bo", "Bestyrelse", Medlemskab.Rolle.BESTYRELSE),
    ("lbf", "Lise", "Landsbyggefonden", Medlemskab.Rolle.LBF),
]
DEMO_ADGANGSKODE = "demo"


def demo_filer() -> list[Path]:
    return sorted(Path(settings.BASE_DIR, "fixtures").glob("[0-9][0-9][0-9]_*.json"))


class Command(BaseCommand):
    help = (
        "Indlæser demodata (de fem rigtige aftaler i fixtures/) og opretter demobrugerne "
        "leder, bestyrelse og lbf med adgangskoden 'demo'. Kan køres igen: eksisterende "
        "helhedsplaner springes over, medmindre --nulstil er givet."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--nulstil",
            action="store_true",
            help="Erstat demo-helhedsplanerne med fixtures' indhold (ændringer går tabt).",
        )
        parser.add_argument(
            "--tillad-demo-brugere",
            action="store_true",
            help="Opret demobrugerne, selv om DEBUG er slået fra (kun til test og demo: "
            "alle kender deres adgangskode).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.DEBUG and not options["tillad_demo_brugere"]:
            # Everybody knows the demo users' password: never create them on a production
            # installation by mistake.
            raise CommandError(
                "load_demo opretter brugere med adgangskoden 'demo' og kører derfor kun med "
                "DEBUG slået til. Brug --tillad-demo-brugere, hvis det virkelig er meningen "
                "(f.eks. på en testserver)."
            )
        slugs = []
        with transaction.atomic():
            for fil in demo_filer():
                try:
                    data = json.loads(fil.read_text(encoding="utf-8"))
                    if options["nulstil"]:
                        self.glem_demoversioner([p["slug"] for p in data["helhedsplaner"]])
                    resultat = importer(data, erstat=options["nulstil"])
                except json.JSONDecodeError as fejl:
                    raise CommandError(f"{fil.name}: ugyldig JSON: {fejl}") from fejl
                except FormatFejl as fejl:
                    raise CommandError(f"{fil.name}: {fejl}") from fejl
                slugs += [p["slug"] for p in data["helhedsplaner"]]
                for slug in resultat.oprettet:
                    self.godkend_seeds(slug)
                    self.stdout.write(f"Indlæst: {slug} (godkendt som version 1)")
                for slug in resultat.sprunget_over:
                    self.stdout.write(f"Findes allerede: {slug}")
            self.opret_demobrugere(slugs)

    @staticmethod
    def glem_demoversioner(slugs: list[str]) -> None:
        """Empty the demo plans' versions and their log, so --nulstil can replace them.

        Versions are immutable for the app (migration 0006); putting the demo data back is
        maintenance by the tables' owner, on a demo installation only (see handle()).
        """
        slet_historik(
            list(Aftale.objects.filter(helhedsplan__slug__in=slugs).values_list("pk", flat=True))
        )

    @staticmethod
    def godkend_seeds(slug: str) -> None:
        """The seeds are the signed agreements: each is approved version 1."""
        for aftale in Aftale.objects.filter(helhedsplan__slug=slug).order_by("id"):
            registrer_godkendt(
                aftale,
                moededato=aftale.gaelder_fra,
                beslutning="Den underskrevne aftale, indlæst som demodata.",
            )

    def opret_demobrugere(self, slugs: list[str]) -> None:
        User = get_user_model()
        planer = list(Helhedsplan.objects.filter(slug__in=slugs))
        for brugernavn, fornavn, efternavn, rolle in DEMO_BRUGERE:
            bruger, oprettet = User.objects.get_or_create(
                username=brugernavn, defaults={"first_name": fornavn, "last_name": efternavn}
            )
            if oprettet:
                bruger.set_password(DEMO_ADGANGSKODE)
                bruger.save()
            for plan in planer:
                Medlemskab.objects.update_or_create(
                    bruger=bruger, helhedsplan=plan, defaults={"rolle": rolle}
                )
        self.stdout.write(
            f"Demobrugere: {', '.join(b[0] for b in DEMO_BRUGERE)} (adgangskode '{DEMO_ADGANGSKODE}')"
        )
