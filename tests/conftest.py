import io
import json
import uuid
from collections.abc import Iterator
from contextlib import ExitStack
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import connections
from django.urls import reverse

from delaftaler.models import Helhedsplan, Medlemskab
from delaftaler.models.version import vedligehold

FIXTURES = Path(settings.BASE_DIR, "fixtures")


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup: None, django_db_blocker: Any) -> None:
    """Every test database holds the five real agreements: they are the yardstick."""
    with django_db_blocker.unblock():
        call_command("load_demo", "--tillad-demo-brugere", stdout=io.StringIO())


@pytest.fixture(autouse=True)
def dokumentcache(settings: Any) -> None:
    """Each test starts with an empty document cache of its own (in memory)."""
    settings.CACHES = {
        **settings.CACHES,
        "dokumenter": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": f"dokumenter-{uuid.uuid4()}",
        },
    }


def seed_json(navn: str) -> dict[str, Any]:
    (fil,) = FIXTURES.glob(f"{navn}*.json")
    return json.loads(fil.read_text(encoding="utf-8"))


def bruger(navn: str) -> Any:
    return get_user_model().objects.get(username=navn)


@pytest.fixture
def randers(db: None) -> Any:
    """Randers' delaftale, the seed most tests edit."""
    from delaftaler.models import Delaftale

    return Delaftale.objects.get(helhedsplan__slug="randers-2025-29")


@pytest.fixture
def leder(db: None) -> Any:
    return get_user_model().objects.get(username="leder")


@pytest.fixture
def klient(client: Any, leder: Any) -> Any:
    """The test client logged in as the demo's redaktør."""
    client.force_login(leder)
    return client


def sektion(aftale: Any, navn: str) -> str:
    """The address of one section's edit page."""
    return reverse("rediger_sektion", args=[aftale.helhedsplan.slug, aftale.pk, navn])


def baselineside(aftale: Any, indikator: Any) -> str:
    """The address of an indicator's baseline page."""
    args = [aftale.helhedsplan.slug, aftale.pk, indikator.maal_id, indikator.pk]
    return reverse("rediger_baselines", args=args)


@pytest.fixture
def fremmed(db: None) -> Any:
    """A redaktør of a helhedsplan of their own, and of no demo helhedsplan."""
    bruger = get_user_model().objects.create_user("fremmed", password="hemmelig-1234")
    plan = Helhedsplan.objects.create(
        slug="fremmed-plan",
        navn="Fremmed plan",
        fondsperiode_id=Helhedsplan.objects.first().fondsperiode_id,
    )
    Medlemskab.objects.create(bruger=bruger, helhedsplan=plan, rolle=Medlemskab.Rolle.REDAKTOER)
    return bruger


@pytest.fixture
def godkendelse_straks(settings: Any) -> None:
    """The board's approval makes its version in the request (the immediate task backend);
    the worker's part is tested in tests/test_godkendelse_baggrund.py."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


def _transaktionel(item: pytest.Item) -> bool:
    marker = item.get_closest_marker("django_db")
    if marker and (marker.kwargs.get("transaction") or (marker.args and marker.args[0])):
        return True
    navne = set(getattr(item, "fixturenames", ()))
    return bool(navne & {"transactional_db", "live_server", "django_db_reset_sequences"})


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item: pytest.Item, nextitem: pytest.Item | None) -> Iterator[None]:
    """A transactional test ends with Django's flush (TRUNCATE on PostgreSQL, DELETE on
    SQLite), which the triggers refuse for approved versions and their log. Emptying a
    test database is maintenance by the tables' owner, so the flush runs as such; the
    tests themselves never do (the bypass is on only while fixtures are torn down)."""
    with ExitStack() as stak:
        if _transaktionel(item):
            for forbindelse in connections.all():
                stak.enter_context(vedligehold(forbindelse.alias))
        return (yield)


def pytest_report_header(config: Any) -> str:
    db = settings.DATABASES["default"]
    return f"database: {db['ENGINE'].rsplit('.', 1)[-1]} {db.get('HOST') or ''} {db['NAME']}"
