"""Compare costs the same number of queries whatever the agreement's size (issue 11)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from delaftaler.models import Delaftale, Medlemskab
from tests.conftest import bruger
from tests.stor_delaftale import stor_delaftale


def _sammenlign(client, aftale: Delaftale) -> int:
    """The compare page of version 1 and the draft, as the board opens it: its queries."""
    bestyrelse = bruger("bestyrelse")
    Medlemskab.objects.get_or_create(
        bruger=bestyrelse, helhedsplan=aftale.helhedsplan, rolle=Medlemskab.Rolle.BESTYRELSE
    )
    client.force_login(bestyrelse)
    url = reverse("sammenlign", args=[aftale.helhedsplan.slug, aftale.pk]) + "?fra=1&til=kladde"
    with CaptureQueriesContext(connection) as q:
        svar = client.get(url)
    assert svar.status_code == 200
    return len(q)


@pytest.mark.django_db
def test_compare_takes_the_same_queries_for_1_and_30_delmaal_and_activities(client):
    lille, stor = stor_delaftale(1, "lille"), stor_delaftale(30, "stor")
    assert stor.maal.count() == 30 and stor.aktiviteter.count() == 30
    assert stor.aktiviteter.first().datatabeller.exists()
    assert _sammenlign(client, lille) == _sammenlign(client, stor)


@pytest.mark.django_db
def test_compare_of_a_seed_no_longer_reads_the_plans_other_agreements(client):
    # Was 76 for Viborg: the draft's snapshot exported every agreement of the plan,
    # one query per activity and relation.
    viborg = Delaftale.objects.get(helhedsplan__slug="viborg-2025-29")
    assert _sammenlign(client, viborg) <= 40


@pytest.mark.django_db
def test_the_draft_snapshot_is_byte_for_byte_what_an_approval_froze(randers):
    """The query-count work must not change the frozen JSON (checksums of sent drafts)."""
    from delaftaler import versioner

    version = randers.versioner.get(nummer=1)
    tekst = versioner.som_json(versioner.snapshot(versioner.konkret(randers)))
    assert versioner.uaendret_siden(randers, version) == version
    assert versioner.sha256(tekst.encode()) == versioner.kontrolsum(randers)
