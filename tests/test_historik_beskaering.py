"""`manage.py beskaer_historik`: old history thinned to one state a day, every state that
was decided on and the recent past kept."""

from __future__ import annotations

import io
from datetime import datetime, timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone
from reversion.models import Revision, Version

from delaftaler.historik import historik
from delaftaler.historikbeskaering import beholdes, beskaer
from delaftaler.models import Behandling
from tests.test_historik_side import gem_mange

pytestmark = pytest.mark.django_db

NU = timezone.make_aware(datetime(2026, 6, 1, 12, 0))


def _tider(*dage_og_timer: tuple[int, int]) -> list[tuple[int, datetime]]:
    return [(i, NU - timedelta(days=d, hours=t)) for i, (d, t) in enumerate(dage_og_timer)]


def test_old_revisions_keep_the_last_of_each_day_and_recent_ones_all():
    revisioner = _tider((100, 5), (100, 4), (100, 3), (90, 2), (90, 1), (5, 3), (5, 2), (0, 1))
    behold = beholdes(revisioner, [], NU - timedelta(days=30))
    # Day 100: the last of three (id 2) and the first ever (id 0); day 90: its last (4);
    # the last 30 days: everything; the newest always.
    assert behold == {0, 2, 4, 5, 6, 7}


def test_the_state_at_each_submission_and_approval_is_kept():
    revisioner = _tider((100, 5), (100, 4), (100, 3), (100, 2), (100, 1))
    indsendt = NU - timedelta(days=100, hours=3, minutes=30)  # while revision 1 was current
    behold = beholdes(revisioner, [indsendt], NU - timedelta(days=30))
    assert behold == {0, 1, 4}


def _aeldes(aftale, dage: int) -> None:
    """Move the agreement's revisions `dage` days back, one hour apart (as if long ago)."""
    ids = list(
        Revision.objects.filter(version__object_id=str(aftale.pk))
        .distinct()
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    start = timezone.now() - timedelta(days=dage)
    for n, rid in enumerate(ids):
        Revision.objects.filter(pk=rid).update(date_created=start + timedelta(minutes=n))


def test_the_command_thins_old_history_and_the_page_still_compares(randers, leder):
    gem_mange(randers, leder, 6)
    _aeldes(randers, 60)
    for_ = historik(randers).antal
    ud = io.StringIO()
    call_command("beskaer_historik", "--proevekoersel", stdout=ud)
    assert "Ville slette" in ud.getvalue()
    assert historik(randers).antal == for_  # a dry run deletes nothing
    call_command("beskaer_historik", stdout=io.StringIO())
    side = historik(randers)
    assert side.antal == 2  # the first and the newest (the same day: the day's last)
    nyeste = side.poster[0].aendringer
    assert nyeste and any(a.model == "part" for a in nyeste)
    assert not Version.objects.filter(revision__isnull=True).exists()


def test_recent_history_and_decided_states_survive_the_command(randers, leder):
    gem_mange(randers, leder, 3)
    Behandling.objects.create(aftale=randers, art=Behandling.Art.INDSENDT, bruger="leder")
    Behandling.objects.create(aftale=randers, art=Behandling.Art.TRUKKET_TILBAGE, bruger="leder")
    gem_mange(randers, leder, 3)
    antal = historik(randers).antal
    resultat = beskaer(dage=30)  # all within the last 30 days
    assert historik(randers).antal == antal and resultat.revisioner >= antal
