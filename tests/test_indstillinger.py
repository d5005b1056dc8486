"""Production settings pass Django's deployment checklist."""

import os
import subprocess
import sys

from django.conf import settings


def test_production_settings_pass_check_deploy():
    miljoe = {
        **{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"},
        "DEBUG": "False",
        "SECRET_KEY": "x" * 60 + "-produktion-nøgle-til-test",
        "ALLOWED_HOSTS": "aftaler.example.dk",
    }
    svar = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=settings.BASE_DIR,
        env=miljoe,
        capture_output=True,
        text=True,
    )
    assert svar.returncode == 0, svar.stdout + svar.stderr


def test_production_refuses_to_start_without_a_secret_key():
    miljoe = {**os.environ, "DEBUG": "False", "SECRET_KEY": ""}
    svar = subprocess.run(
        [
            sys.executable,
            "-c",
            "import django, os; os.environ.setdefault('DJANGO_SETTINGS_MODULE','config.settings'); django.setup()",
        ],
        cwd=settings.BASE_DIR,
        env=miljoe,
        capture_output=True,
        text=True,
    )
    assert svar.returncode != 0 and "SECRET_KEY skal sættes" in svar.stderr


def test_danish_language_time_zone_and_number_format():
    assert settings.LANGUAGE_CODE == "da"
    assert settings.TIME_ZONE == "Europe/Copenhagen"
    assert settings.USE_THOUSAND_SEPARATOR
