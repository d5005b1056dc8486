import io
import json
import uuid
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command

from delaftaler.models import Helhedsplan, Medlemskab

FIXTURES = Path(settings.BASE_DIR, "fixtures")


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup: None, django_db_blocker: Any) -> None:
    """Every test database holds the five real agreements: they are the yardstick."""
    with django_db_blocker.unblock():
        call_command("load_demo", stdout=io.StringIO())


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


@pytest.fixture
def leder(db: None) -> Any:
    return get_user_model().objects.get(username="leder")


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


def pytest_report_header(config: Any) -> str:
    db = settings.DATABASES["default"]
    return f"database: {db['ENGINE'].rsplit('.', 1)[-1]} {db.get('HOST') or ''} {db['NAME']}"
