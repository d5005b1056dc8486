"""Load the five real agreements in fixtures/ and the three demo users.

The Randers delaftale also gets invented follow-up figures (targets for its area lines,
measurements for 2024 and 2025, the leader's assessment of 2025), marked as invented (the
measurements' source is "Opfundne demotal", the targets' note says so too), so a fresh
`make run` shows charts, statuses and a status report. They are made before the seed is
approved as version 1, so the approved agreement holds the targets it is edited with. No
demo report is sent or approved: the board can try that itself.
"""

import datetime
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from delaftaler.dataformat import FormatFejl, importer
from delaftaler.historik import gem_revision
from delaftaler.models import Aftale, Helhedsplan, Medlemskab
from delaftaler.models.version import slet_historik
from delaftaler.versioner import registrer_godkendt
from opfoelgning import tabel
from opfoelgning.behandling import slet_rapporthistorik
from opfoelgning.models import Maaling, Maaltal, Retning, Statusrapport, Vurdering

DEMO_BRUGERE = [
    ("leder", "Lene", "Leder", Medlemskab.Rolle.REDAKTOER),
    ("bestyrelse", "Bo", "Bestyrelse", Medlemskab.Rolle.BESTYRELSE),
    ("lbf", "Lise", "Landsbyggefonden", Medlemskab.Rolle.LBF),
]
DEMO_ADGANGSKODE = "demo"
DEMO_OPFOELGNING = "randers-2025-29"
DEMO_KILDE = "Opfundne demotal"
DEMO_NOTE = "Opfundet tal til demonstration; ikke en rigtig måling."
# Invented change from the baseline per year, line by line (cycled): a mix of statuses.
DEMO_UDVIKLING = {
    2024: [Decimal("-1"), Decimal("0"), Decimal("1"), Decimal("-1"), Decimal("0")],
    2025: [Decimal("-1"), Decimal("-1"), Decimal("1"), Decimal("0"), Decimal("-2")],
}
DEMO_VURDERINGER = [
    (
        Vurdering.Lys.GUL,
        "Opfundet demovurdering: udsættelserne falder i de fleste områder, men ikke i alle. "
        "Vi følger op med boligorganisationerne.",
    ),
    (
        Vurdering.Lys.GROEN,
        "Opfundet demovurdering: fraflytningen falder som ventet.",
    ),
]


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
                        self.glem_opfoelgning([p["slug"] for p in data["helhedsplaner"]])
                    resultat = importer(data, erstat=options["nulstil"])
                except json.JSONDecodeError as fejl:
                    raise CommandError(f"{fil.name}: ugyldig JSON: {fejl}") from fejl
                except FormatFejl as fejl:
                    raise CommandError(f"{fil.name}: {fejl}") from fejl
                slugs += [p["slug"] for p in data["helhedsplaner"]]
                for slug in resultat.oprettet:
                    if slug == DEMO_OPFOELGNING:
                        # Before the approval: the targets are part of the agreement
                        # (edited with the indicator), so version 1 holds them too.
                        self.opret_opfoelgning(slug)
                        self.stdout.write(f"Opfølgning med opfundne demotal: {slug}")
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
    def glem_opfoelgning(slugs: list[str]) -> None:
        """Remove the plans' follow-up (reports with their frozen approvals and log too)."""
        planer = list(Helhedsplan.objects.filter(slug__in=slugs).values_list("pk", flat=True))
        slet_rapporthistorik(planer)
        Statusrapport.objects.filter(helhedsplan__in=planer).delete()
        for model in (Maaling, Maaltal):
            model.objects.filter(indikator__maal__aftale__helhedsplan__in=planer).delete()
        Vurdering.objects.filter(maal__aftale__helhedsplan__in=planer).delete()

    @staticmethod
    def opret_opfoelgning(slug: str) -> None:
        """Invented targets, measurements (2024, 2025) and assessments (2025) for the
        plan's delaftaler: every figure's source says it is invented."""
        aftaler = list(Aftale.objects.filter(helhedsplan__slug=slug, delaftale__isnull=False))
        nr = 0
        for maalene in tabel.maal_for(aftaler).values():
            for mnr, mo in enumerate(maalene):
                for ind in mo.indikatorer:
                    for linje in ind.linjer:
                        if linje.omraade_id is None or linje.baseline is None:
                            continue  # reference groups: no target of their own
                        _demo_linje(linje, nr)
                        nr += 1
                lys, tekst = DEMO_VURDERINGER[mnr % len(DEMO_VURDERINGER)]
                Vurdering.objects.create(
                    maal=mo.maal, aar=2025, lys=lys, tekst=tekst, registreret_af="Demodata"
                )
        # The targets are part of the agreement: one revision records them, so the first
        # save afterwards does not list every target as added by that save.
        for aftale in aftaler:
            gem_revision(aftale.konkret, None, "Opfundne demomål tilføjet")

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
            if oprettet or not bruger.email:  # the demo mails go to example.dk (RFC 2606)
                bruger.email = f"{brugernavn}@example.dk"
                bruger.save()
            for plan in planer:
                Medlemskab.objects.update_or_create(
                    bruger=bruger,
                    helhedsplan=plan,
                    # The leder also administers the demo plans' members.
                    defaults={"rolle": rolle, "administrator": brugernavn == "leder"},
                )
        self.stdout.write(
            f"Demobrugere: {', '.join(b[0] for b in DEMO_BRUGERE)} (adgangskode '{DEMO_ADGANGSKODE}')"
        )


def _demo_linje(linje: tabel.Linjeopfoelgning, nr: int) -> None:
    """A falling target and two invented measurements for one line of an indicator."""
    baseline = linje.baseline
    assert baseline is not None
    art = "procent" if baseline.procent is not None else "antal"
    start = baseline.tal_som(art)
    if start is None:
        return
    linjen = {
        "indikator": linje.indikator,
        "omraade_id": linje.omraade_id,
        "delindikator": linje.delindikator,
        "referencegruppe": linje.referencegruppe,
    }

    def tal(vaerdi: Decimal) -> dict[str, Any]:
        vaerdi = max(vaerdi, Decimal("0"))
        if art == "procent":
            return {"procent": vaerdi, "procent_decimaler": max(baseline.procent_decimaler, 1)}
        return {"antal": vaerdi, "enhed": baseline.enhed}

    Maaltal.objects.create(
        **linjen, retning=Retning.FALDE, aar=2028, note=DEMO_NOTE, **tal(start - 2)
    )
    for aar, udvikling in DEMO_UDVIKLING.items():
        Maaling.objects.create(
            **linjen,
            aar=aar,
            kilde=DEMO_KILDE,
            dato=datetime.date(aar + 1, 2, 1),
            note=DEMO_NOTE,
            registreret_af="Demodata",
            **tal(start + udvikling[nr % len(udvikling)]),
        )
