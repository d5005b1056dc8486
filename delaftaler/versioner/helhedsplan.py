"""The whole helhedsplan as one PDF built from its agreements' current approved versions.

A version keeps what the board approved as JSON. To print it with the same templates as
the draft, each version is read back into new agreement objects inside a transaction
that is always rolled back: nothing is saved, and the print HTML is made while the
objects exist. The file is cached under the versions' checksums, the plan's own data and
the code and templates (``dokumenter.kodeversion``), so a download reads nothing back
once it is rendered.
"""

from __future__ import annotations

import json
import logging

from django.db import transaction

from delaftaler import dokumenter
from delaftaler.dansk import dansk_dato
from delaftaler.dataformat.aftaleindlaesning import AftaleImporter
from delaftaler.dataformat.felter import FormatFejl
from delaftaler.dataformat.opgradering import opgrader
from delaftaler.dokumenter import cache, pdf
from delaftaler.models import Aftale, Delaftale, Helhedsplan, StrategiskAftale, Version
from delaftaler.versioner.lbf_eksport import gaeldende_versioner

log = logging.getLogger(__name__)

STATUS = "Gældende godkendte versioner"


def _grundlag(plan: Helhedsplan, par: list[tuple[Aftale, Version]]) -> str:
    """Everything the approved document is made of, as one string for the cache key."""
    organisationer = [str(b) for b in plan.boligorganisationer.all()]
    return json.dumps(
        [
            [plan.navn, plan.periode, str(plan.kommune), organisationer],
            [(v.pk, v.kontrolsum, v.nummer, v.moededato.isoformat()) for _, v in par],
        ]
    )


def _genskab(importer: AftaleImporter, version: Version) -> Delaftale | StrategiskAftale:
    """The version's agreement as new (unsaved once rolled back) objects."""
    plan = opgrader(json.loads(version.json))["helhedsplaner"][0]
    if plan.get("delaftaler"):
        ny: Delaftale | StrategiskAftale = importer.delaftale(plan["delaftaler"][0], "")
        return Delaftale.objects.med_indhold().get(pk=ny.pk)
    ny = importer.strategisk_aftale(plan["strategiske_aftaler"][0], "")
    return StrategiskAftale.objects.med_indhold().get(pk=ny.pk)


def _side(plan: Helhedsplan, par: list[tuple[Aftale, Version]]) -> str:
    """The print HTML of the approved versions: contents, strategic agreement, annexes."""
    with transaction.atomic():
        importer = AftaleImporter(kommentar="")
        importer.plan = plan
        importer.omraader = {o.navn: o for o in plan.omraader.all()}
        strategiske: list[StrategiskAftale] = []
        delaftaler: list[Delaftale] = []
        noter: dict[int, str] = {}
        for _, version in par:
            ny = _genskab(importer, version)
            noter[ny.pk] = f"version {version.nummer}, godkendt {dansk_dato(version.moededato)}"
            if isinstance(ny, Delaftale):
                delaftaler.append(ny)
            else:
                strategiske.append(ny)
        strategiske.sort(key=lambda a: a.gaelder_fra)
        delaftaler.sort(key=lambda d: (d.indsatsomraade.raekkefoelge, d.gaelder_fra))
        status = pdf.Status(STATUS, max(v.moededato for _, v in par), udkast=False)
        side = pdf.helhedsplan_side(plan, strategiske, delaftaler, status, noter)
        transaction.set_rollback(True)
    return side


def godkendt_dokument(plan: Helhedsplan) -> dokumenter.Dokument | None:
    """The plan's current approved versions as one PDF; None if it has none, or if one
    can no longer be read back (then the draft, marked UDKAST, is what can be given).

    Keyed by the versions' checksums and what the cover prints of the plan, never by the
    print HTML: a cached download reads no version back (a few queries, whatever the
    plan's size); ``_side`` runs only to render.
    """
    par = gaeldende_versioner([plan])
    if not par:
        return None
    noegle = dokumenter.plan_noegle(plan, "helhedsplan-godkendt", _grundlag(plan, par))
    try:
        indhold, fra_cache = cache.hent(noegle, lambda: (pdf.skriv(_side(plan, par)), True))
    except FormatFejl:
        log.exception("Helhedsplanen %s: en godkendt version kan ikke læses tilbage", plan.slug)
        return None
    navn = f"helhedsplan-{plan.slug}.pdf"
    return dokumenter.Dokument(indhold, navn, dokumenter.PDF, noegle, fra_cache)
