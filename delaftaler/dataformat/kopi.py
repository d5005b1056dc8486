"""Copying an agreement into a (new) period, through the format: export, then import."""

from __future__ import annotations

import datetime
from typing import Any

from django.db import transaction

from delaftaler.dataformat.aftaleindlaesning import AftaleImporter
from delaftaler.dataformat.eksport import eksporter_delaftale, eksporter_strategisk
from delaftaler.models import (
    Aftale,
    Delaftale,
    Helhedsplan,
    Omraade,
    Organisation,
    StrategiskAftale,
)


def kopier_aftale(
    aftale: Aftale,
    til_plan: Helhedsplan,
    gaelder_fra: datetime.date,
    gaelder_til: datetime.date,
    bruger: Any,
) -> Aftale:
    """A copy of the agreement with all its children in a (new) period, as a start on the next.

    All its children: the indicators with their baselines and their targets (with their
    milestones), as the format carries them. Areas the copied baselines and targets belong
    to are created in the target helhedsplan if missing. Measurements and assessments
    (the follow-up of the old period) are not copied.
    """

    def navn(org: Organisation | None) -> str | None:
        return org.navn if org else None

    konkret = aftale.konkret
    if isinstance(konkret, Delaftale):
        data = eksporter_delaftale(konkret, navn)
    elif isinstance(konkret, StrategiskAftale):
        data = eksporter_strategisk(konkret, navn)
    else:  # pragma: no cover - every agreement is one of the two kinds
        raise TypeError(konkret)
    data["gaelder_fra"], data["gaelder_til"] = gaelder_fra.isoformat(), gaelder_til.isoformat()
    with transaction.atomic():
        importer = AftaleImporter(bruger=bruger, kommentar=f"Kopieret fra {konkret}")
        importer.plan = til_plan
        importer.omraader = {o.navn: o for o in til_plan.omraader.all()}
        for kilde in aftale.helhedsplan.omraader.select_related("organisation"):
            if kilde.navn not in importer.omraader:
                importer.omraader[kilde.navn] = Omraade.objects.create(
                    helhedsplan=til_plan,
                    navn=kilde.navn,
                    type=kilde.type,
                    organisation=kilde.organisation,
                    raekkefoelge=kilde.raekkefoelge,
                )
        if isinstance(konkret, Delaftale):
            return importer.delaftale(data, "")
        return importer.strategisk_aftale(data, "")
