"""Every model is in the admin, and its pages open; the admin is for staff only."""

import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.fixture
def superbruger():
    return get_user_model().objects.create_superuser("admin", "admin@example.dk", "admin-1234")


def test_every_model_of_the_three_apps_is_registered():
    from django.apps import apps

    for app in ("delaftaler", "indikatorer", "aktiviteter"):
        for model in apps.get_app_config(app).get_models():
            assert admin.site.is_registered(model), model


def test_every_admin_list_and_one_change_page_open(client, superbruger):
    client.force_login(superbruger)
    for model in admin.site._registry:
        if model._meta.app_label not in {"delaftaler", "indikatorer", "aktiviteter"}:
            continue
        info = (model._meta.app_label, model._meta.model_name)
        assert client.get(reverse("admin:{}_{}_changelist".format(*info))).status_code == 200, info
        assert (
            client.get(reverse("admin:{}_{}_changelist".format(*info)), {"q": "a"}).status_code
            == 200
        )
        objekt = model.objects.first()
        if objekt:
            assert (
                client.get(
                    reverse("admin:{}_{}_change".format(*info), args=[objekt.pk])
                ).status_code
                == 200
            ), info


def test_demo_users_cannot_use_the_admin(client, leder):
    client.force_login(leder)
    svar = client.get(reverse("admin:index"))
    assert svar.status_code == 302
