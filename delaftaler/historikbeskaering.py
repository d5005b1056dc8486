"""Thinning an agreement's edit history so storage grows with time, not with every save.

Every save records the whole agreement as one django-reversion revision. The policy
(`manage.py beskaer_historik`) keeps, per agreement:

- every revision of the last `dage` days (default 30), so a conflict and yesterday's
  work can always be compared save by save;
- the revision that was current at each step of the approval round (sent to the board,
  approved, sent back, withdrawn, LBF's decision): the states that were decided on;
- the first and the newest revision;
- of older revisions, the last one of each calendar day (Danish time).

Every other revision is deleted (its versions with it). A history page then compares
each kept state with the kept state before it, so nothing of the content is lost, only
the steps in between.
"""

from __future__ import annotations

from bisect import bisect_right
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone
from reversion.models import Revision, Version

from delaftaler.models import Behandling, Delaftale, StrategiskAftale

STANDARD_DAGE = 30


@dataclass
class Beskaering:
    aftaler: int = 0
    revisioner: int = 0
    slettede: int = 0


def _revisioner_pr_aftale() -> dict[int, list[tuple[int, datetime]]]:
    """Each agreement's revisions (id, time), oldest first."""
    cts = ContentType.objects.get_for_models(Delaftale, StrategiskAftale).values()
    raekker = (
        Version.objects.filter(content_type__in=list(cts))
        .order_by("revision_id")
        .values_list("object_id", "revision_id", "revision__date_created")
    )
    pr_aftale: dict[int, list[tuple[int, datetime]]] = defaultdict(list)
    for oid, rid, tid in raekker:
        pr_aftale[int(oid)].append((rid, tid))
    return pr_aftale


def beholdes(
    revisioner: list[tuple[int, datetime]], behandlinger: list[datetime], graense: datetime
) -> set[int]:
    """The ids to keep of one agreement's revisions (oldest first), by the policy above."""
    if not revisioner:
        return set()
    behold = {revisioner[0][0], revisioner[-1][0]}
    tider = [t for _, t in revisioner]
    for tidspunkt in behandlinger:
        nr = bisect_right(tider, tidspunkt) - 1  # the state current at that moment
        if nr >= 0:
            behold.add(revisioner[nr][0])
    dagens_sidste: dict[object, int] = {}
    for rid, tid in revisioner:
        if tid >= graense:
            behold.add(rid)
        else:
            dagens_sidste[timezone.localtime(tid).date()] = rid
    return behold | set(dagens_sidste.values())


def beskaer(dage: int = STANDARD_DAGE, proevekoersel: bool = False) -> Beskaering:
    """Apply the policy to every agreement; with `proevekoersel`, only count."""
    graense = timezone.now() - timedelta(days=dage)
    behandlinger: dict[int, list[datetime]] = defaultdict(list)
    for aftale_id, tid in Behandling.objects.order_by("tidspunkt").values_list(
        "aftale_id", "tidspunkt"
    ):
        behandlinger[aftale_id].append(tid)
    resultat = Beskaering()
    slet: list[int] = []
    for aftale_id, revisioner in _revisioner_pr_aftale().items():
        resultat.aftaler += 1
        resultat.revisioner += len(revisioner)
        behold = beholdes(revisioner, behandlinger[aftale_id], graense)
        slet.extend(rid for rid, _ in revisioner if rid not in behold)
    resultat.slettede = len(slet)
    if not proevekoersel:
        with transaction.atomic():
            for start in range(0, len(slet), 500):
                Revision.objects.filter(pk__in=slet[start : start + 500]).delete()
    return resultat
