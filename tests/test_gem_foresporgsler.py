"""A save costs the same number of queries whatever the agreement's size (issue 11).

Each edit page is opened, one field changed and the page posted, for a delaftale with 1
and with 30 delmål (and as many activities, parties and staff lines). The revision writes
the whole agreement with one bulk INSERT; SQLite splits it in batches of its variable
limit, so those batches are counted apart (PostgreSQL sends one).
"""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from delaftaler.models import Delaftale, Medlemskab
from delaftaler.redigering.formdata import formdata
from tests.conftest import bruger
from tests.stor_delaftale import stor_delaftale

REVISION = 'INSERT INTO "reversion_version"'


def _sider(aftale: Delaftale) -> dict[str, tuple[str, str]]:
    """Each edit page that saves part of the agreement, and the field changed on it."""
    plan = aftale.helhedsplan.slug
    maal = aftale.maal.first()
    indikator = maal.indikatorer.first()
    sektion = {
        s: reverse("rediger_sektion", args=[plan, aftale.pk, s])
        for s in ("stamdata", "maal", "aktiviteter", "ressourcer")
    }
    return {
        "stamdata": (sektion["stamdata"], "a-motto"),
        "maal": (sektion["maal"], "maal-0-navn"),
        "aktiviteter": (sektion["aktiviteter"], "akt-0-navn"),
        "ressourcer": (sektion["ressourcer"], "res-0-bemaerkning"),
        "indikatorer": (reverse("rediger_maal", args=[plan, aftale.pk, maal.pk]), "-0-navn"),
        "baselines": (
            reverse("rediger_baselines", args=[plan, aftale.pk, maal.pk, indikator.pk]),
            "-0-kommentar",
        ),
    }


def _gem(client, url: str, felt: str) -> tuple[int, int]:
    """Post the page with one field changed: (queries, of which the revision's INSERTs)."""
    data = formdata(client.get(url).content.decode())
    (navn,) = [n for n in data if n == felt or n.endswith(felt)][:1]
    data[navn] = f"{data[navn]} ændret"
    with CaptureQueriesContext(connection) as q:
        svar = client.post(url, data)
    assert svar.status_code == 302, svar.content.decode()[:2000]
    revision = sum(1 for x in q.captured_queries if x["sql"].startswith(REVISION))
    return len(q), revision


def _maal(client, n: int) -> dict[str, tuple[int, int]]:
    aftale = stor_delaftale(n)
    Medlemskab.objects.create(
        bruger=bruger("leder"), helhedsplan=aftale.helhedsplan, rolle=Medlemskab.Rolle.REDAKTOER
    )
    client.force_login(bruger("leder"))
    return {side: _gem(client, url, felt) for side, (url, felt) in _sider(aftale).items()}


@pytest.mark.django_db
def test_saving_a_section_costs_the_same_queries_for_1_and_30_delmaal(client):
    lille, stor = _maal(client, 1), _maal(client, 30)
    for side in lille:
        (i_alt_lille, rev_lille), (i_alt_stor, rev_stor) = lille[side], stor[side]
        assert i_alt_lille - rev_lille == i_alt_stor - rev_stor, side
        assert rev_lille == 1
        # One bulk INSERT for the whole agreement (SQLite: a batch per ~100 rows).
        assert rev_stor == 1 or connection.vendor == "sqlite", side
        assert i_alt_stor - rev_stor < 150, side


@pytest.mark.django_db
def test_a_save_writes_the_changed_row_and_leaves_the_others_alone(client):
    aftale = stor_delaftale(3)
    Medlemskab.objects.create(
        bruger=bruger("leder"), helhedsplan=aftale.helhedsplan, rolle=Medlemskab.Rolle.REDAKTOER
    )
    client.force_login(bruger("leder"))
    url, felt = _sider(aftale)["ressourcer"]
    data = formdata(client.get(url).content.decode())
    data[felt] = "Ny bemærkning"
    with CaptureQueriesContext(connection) as q:
        assert client.post(url, data).status_code == 302
    opdateringer = [x["sql"] for x in q.captured_queries if x["sql"].startswith("UPDATE")]
    assert sum('"delaftaler_medarbejderressource"' in s for s in opdateringer) == 1
    linjer = list(aftale.medarbejderressourcer.order_by("raekkefoelge"))
    assert linjer[0].bemaerkning == "Ny bemærkning"
    assert [linje.raekkefoelge for linje in linjer] == [0, 1, 2]
