"""python manage.py beskaer_historik [--dage N] [--proevekoersel]"""

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from delaftaler.historikbeskaering import STANDARD_DAGE, beskaer


class Command(BaseCommand):
    help = (
        "Tynder aftalernes historik ud: beholder alt fra de seneste N dage, tilstanden ved "
        "hver indsendelse, godkendelse og tilbagesendelse, den første og den nyeste "
        "revision, og af ældre revisioner den sidste fra hver dag."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--dage",
            type=int,
            default=STANDARD_DAGE,
            help=f"Behold alle revisioner fra de seneste N dage (standard {STANDARD_DAGE}).",
        )
        parser.add_argument("--proevekoersel", action="store_true", help="Tæl kun; slet ingenting.")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["dage"] < 0:
            raise CommandError("--dage skal være 0 eller mere.")
        r = beskaer(options["dage"], options["proevekoersel"])
        handling = "Ville slette" if options["proevekoersel"] else "Slettede"
        self.stdout.write(
            f"{handling} {r.slettede} af {r.revisioner} revisioner for {r.aftaler} aftaler."
        )
