"""The yearly follow-up: targets, measured values, the leader's assessment, status reports.

An indicator's *lines* are what its baseline values are given for: an area (or the whole
area), a sub-indicator and a reference group. Targets and measurements are kept per line,
so the follow-up table lines up with the baseline table. The value shape (figure,
qualifier, range, sample, period) is the baselines' own (`indikatorer.vaerdiform`).

The status report of a year is approved by the board as an agreement is: the approval
freezes it (`GodkendtRapport`: JSON, PDF, Word, SHA-256 of each), and the frozen reports
and the report log are immutable in the model and in the database (migration 0002's
triggers, the same as for versions).
"""

from opfoelgning.models.maal import (
    MSG_MAALING_AFVENTER,
    MSG_MAALING_TAL,
    Linje,
    Maaling,
    Maaltal,
    Milepael,
    Retning,
    Vurdering,
    linje_betingelser,
)
from opfoelgning.models.rapport import (
    MSG_RAPPORT_UFORANDERLIG,
    MSG_RAPPORTLOG_UFORANDERLIG,
    GodkendtRapport,
    Rapportbehandling,
    Statusrapport,
    standardfrist,
)

__all__ = [
    "MSG_MAALING_AFVENTER",
    "MSG_MAALING_TAL",
    "MSG_RAPPORTLOG_UFORANDERLIG",
    "MSG_RAPPORT_UFORANDERLIG",
    "GodkendtRapport",
    "Linje",
    "Maaling",
    "Maaltal",
    "Milepael",
    "Rapportbehandling",
    "Retning",
    "Statusrapport",
    "Vurdering",
    "linje_betingelser",
    "standardfrist",
]
