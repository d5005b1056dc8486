import io

import pytest
from django.contrib.auth import authenticate
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import RequestFactory

from delaftaler.models import Aftale, Delaftale, Helhedsplan, Medlemskab
from indikatorer.models import BaselineVaerdi

pytestmark = pytest.mark.django_db

SLUGS = {
    "ishoej-2025-29",
    "vejleaaparken-2021-25",
    "viborg-2025-29",
    "soenderborg-2021-25",
    "randers-2025-29",
}


def test_load_demo_creates_the_five_helhedsplaner_and_three_demo_users():
    assert set(Helhedsplan.objects.values_list("slug", flat=True)) >= SLUGS
    for navn, rolle in [("leder", "redaktoer"), ("bestyrelse", "bestyrelse"), ("lbf", "lbf")]:
        bruger = authenticate(RequestFactory().post("/log-ind/"), username=navn, password="demo")
        assert bruger is not None
        assert not bruger.is_staff
        roller = set(
            Medlemskab.objects.filter(bruger=bruger).values_list("helhedsplan__slug", "rolle")
        )
        assert roller == {(slug, rolle) for slug in SLUGS}


def test_load_demo_is_idempotent():
    foer = (Aftale.objects.count(), BaselineVaerdi.objects.count(), Medlemskab.objects.count())
    call_command("load_demo", "--tillad-demo-brugere", stdout=io.StringIO())
    assert (
        Aftale.objects.count(),
        BaselineVaerdi.objects.count(),
        Medlemskab.objects.count(),
    ) == foer


def test_a_second_load_keeps_edits_and_reset_restores_the_seed():
    aftale = Delaftale.objects.get(helhedsplan__slug="randers-2025-29")
    aftale.revision = "Ændret af brugeren"
    aftale.save()
    call_command("load_demo", "--tillad-demo-brugere", stdout=io.StringIO())
    assert (
        Delaftale.objects.get(helhedsplan__slug="randers-2025-29").revision == "Ændret af brugeren"
    )
    call_command("load_demo", "--nulstil", "--tillad-demo-brugere", stdout=io.StringIO())
    assert Delaftale.objects.get(helhedsplan__slug="randers-2025-29").revision.startswith(
        "Eventuelle ændringer i delaftalen godkendes af bestyrelsen"
    )


def test_load_demo_refuses_to_create_demo_users_when_debug_is_off(settings):
    """Everybody knows the password 'demo': a production installation never gets those users."""
    from django.contrib.auth import get_user_model

    settings.DEBUG = False
    get_user_model().objects.filter(username__in=["leder", "bestyrelse", "lbf"]).delete()
    with pytest.raises(CommandError, match="--tillad-demo-brugere"):
        call_command("load_demo", stdout=io.StringIO())
    assert not get_user_model().objects.filter(username="leder").exists()


def test_load_demo_runs_with_debug_on_without_the_flag(settings):
    settings.DEBUG = True
    call_command("load_demo", stdout=io.StringIO())
