"""The workflows' events, for whoever listens (the e-mail notifications in ``varsler``).

``behandlet`` is sent once for each step of an agreement's or a status report's treatment,
after the transaction that recorded it has committed (``meld`` registers it with
``transaction.on_commit``): a step that is rolled back sends nothing, and a receiver that
fails is logged and never undoes the step. The workflows know nothing of their listeners.

Arguments of ``behandlet`` (all keyword):

- ``sender``: the class of ``genstand``;
- ``genstand``: the agreement (``delaftaler.models.Aftale``) or the status report
  (``opfoelgning.models.Statusrapport``) that was treated;
- ``art``: what happened, the value of the log entry's ``Art`` (``"indsendt"``,
  ``"sendt_tilbage"``, ``"godkendt"``, ``"lbf_godkendt"``, ``"lbf_afvist"``);
- ``bruger``: the user who acted (None when unknown);
- ``kommentar``: the message, the board's comment or the decision note ("" if none);
- ``version``: the approved ``Version`` (agreements) or ``GodkendtRapport`` (reports) the
  step concerns, None for sending and sending back;
- ``gaeldende``: True when this step made ``version`` the agreement's current version
  (a delaftale's approval, LBF's approval of a strategic agreement's version).
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.dispatch import Signal

behandlet = Signal()


def meld(
    genstand: Any,
    art: str,
    bruger: Any,
    *,
    kommentar: str = "",
    version: Any = None,
    gaeldende: bool = False,
) -> None:
    """Send ``behandlet`` once the current transaction commits (at once outside one)."""

    def send_behandlet() -> None:
        behandlet.send(
            sender=type(genstand),
            genstand=genstand,
            art=str(art),
            bruger=bruger,
            kommentar=kommentar,
            version=version,
            gaeldende=gaeldende,
        )

    transaction.on_commit(send_behandlet, robust=True)
