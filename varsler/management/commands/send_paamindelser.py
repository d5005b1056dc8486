"""`manage.py send_paamindelser`, meant for cron (e.g. every hour or once a day)."""

from typing import Any

from django.core.management.base import BaseCommand

from varsler import paamindelser


def flertal(antal: int, ental: str, flere: str) -> str:
    return f"{antal} {ental if antal == 1 else flere}"


class Command(BaseCommand):
    help = (
        "Sender de e-mails, der ikke kunne sendes, minder bestyrelsen om aftaler og "
        "statusrapporter, der har ventet mere end 14 dage, og minder redaktørerne om "
        "statusrapporter med frist inden for 30 dage. Hver påmindelse sendes højst én gang "
        "om ugen. Beregnet til cron."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        r = paamindelser.koer()
        mail = ("e-mail", "e-mails")
        self.stdout.write(
            f"Sendt igen: {r.sendt_igen} af {flertal(r.ventede, *mail)}, der ikke var sendt."
        )
        self.stdout.write(
            f"Påmindelser til bestyrelsen: {flertal(len(r.sager), 'sag', 'sager')}"
            + "".join(f"\n  {s}" for s in r.sager)
        )
        self.stdout.write(
            f"Påmindelser om statusrapporters frist: {flertal(len(r.frister), 'rapport', 'rapporter')}"
            + "".join(f"\n  {s}" for s in r.frister)
        )
        self.stdout.write(f"Nye e-mails sendt: {r.sendt} af {len(r.mails)}.")
        if r.ikke_sendt:
            self.stderr.write(
                f"Ikke sendt: {flertal(r.ikke_sendt, *mail)} (se loggen og administrationen "
                "under E-mail-varsler); de sendes ved næste kørsel."
            )
        if r.opgivet:
            self.stderr.write(
                f"Opgivet: {flertal(r.opgivet, *mail)} efter {paamindelser.MAKS_FORSOEG} "
                "forsøg; se fejlen i administrationen under E-mail-varsler."
            )
