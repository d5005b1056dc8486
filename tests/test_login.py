"""Logging in: throttled and locked after repeated wrong passwords; every page has a CSP."""

import pytest
from axes.models import AccessAttempt
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db


def log_ind(klient: Client, brugernavn: str, adgangskode: str):
    return klient.post(reverse("login"), {"username": brugernavn, "password": adgangskode})


def test_a_wrong_password_gets_the_danish_login_error():
    svar = log_ind(Client(), "leder", "forkert")
    assert svar.status_code == 200
    assert "Indtast venligst korrekt brugernavn og adgangskode" in svar.content.decode()


def test_after_five_wrong_passwords_the_right_one_is_refused_with_a_danish_message(settings):
    klient = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        log_ind(klient, "leder", "forkert")
    svar = log_ind(klient, "leder", "demo")
    assert svar.status_code == 429
    tekst = svar.content.decode()
    assert "Brugernavnet er spærret" in tekst
    assert "ophører af sig selv efter 1 time." in tekst
    assert "_auth_user_id" not in klient.session
    # Another address, the same username: still locked (rotating addresses does not help).
    anden = Client(REMOTE_ADDR="10.9.8.7")
    assert log_ind(anden, "leder", "demo").status_code == 429
    # Other users are not affected.
    assert log_ind(Client(), "bestyrelse", "demo").status_code == 302


def test_two_hundred_wrong_passwords_never_let_the_right_one_in():
    klient = Client()
    for _ in range(200):
        log_ind(klient, "leder", "forkert")
    assert log_ind(klient, "leder", "demo").status_code == 429
    assert AccessAttempt.objects.filter(username="leder").exists()


def test_an_administrator_lifts_the_lock(settings):
    klient = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        log_ind(klient, "leder", "forkert")
    assert log_ind(klient, "leder", "demo").status_code == 429
    call_command("axes_reset_username", "leder")
    assert log_ind(klient, "leder", "demo").status_code == 302


def test_a_successful_login_clears_the_count(settings):
    klient = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        log_ind(klient, "leder", "forkert")
    assert log_ind(klient, "leder", "demo").status_code == 302
    klient.logout()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        log_ind(klient, "leder", "forkert")
    assert log_ind(klient, "leder", "demo").status_code == 302


def test_the_admin_login_is_throttled_too(settings):
    get_user_model().objects.create_superuser("admin", password="admin-kode-1234")
    klient = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        klient.post(reverse("admin:login"), {"username": "admin", "password": "forkert"})
    svar = klient.post(reverse("admin:login"), {"username": "admin", "password": "admin-kode-1234"})
    assert svar.status_code == 429


@pytest.mark.parametrize("navn", ["login", "forside"])
def test_every_page_carries_a_strict_content_security_policy(navn, leder):
    klient = Client()
    klient.force_login(leder)
    politik = klient.get(reverse(navn))["Content-Security-Policy"]
    direktiver = dict(d.strip().split(" ", 1) for d in politik.split(";") if d.strip())
    assert direktiver["default-src"] == "'self'"
    assert direktiver["script-src"] == "'self'"
    assert direktiver["style-src"] == "'self'"
    assert direktiver["frame-ancestors"] == "'none'"
    assert "unsafe-inline" not in politik and "unsafe-eval" not in politik
