"""Password change, and reset by e-mail, with Django's auth views and Danish pages."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.fixture
def person(db):
    return get_user_model().objects.create_user(
        "karin", email="karin@example.dk", password="gammel-kode-4711", first_name="Karin"
    )


def test_the_header_links_to_the_password_change(client, person):
    client.force_login(person)
    html = client.get(reverse("forside")).content.decode()
    assert f'href="{reverse("password_change")}"' in html and "Skift adgangskode" in html


def test_the_login_page_links_to_the_reset(client):
    html = client.get(reverse("login")).content.decode()
    assert reverse("password_reset") in html and "Glemt adgangskode?" in html


def test_change_password(client, person):
    client.force_login(person)
    side = client.get(reverse("password_change"))
    assert side.status_code == 200 and "Gammel adgangskode" in side.content.decode()
    svar = client.post(
        reverse("password_change"),
        {
            "old_password": "gammel-kode-4711",
            "new_password1": "ny-lang-kode-9182",
            "new_password2": "ny-lang-kode-9182",
        },
        follow=True,
    )
    assert "Din adgangskode er skiftet." in svar.content.decode()
    person.refresh_from_db()
    assert person.check_password("ny-lang-kode-9182")


def test_a_wrong_old_password_is_refused_in_danish_and_changes_nothing(client, person):
    client.force_login(person)
    svar = client.post(
        reverse("password_change"),
        {
            "old_password": "forkert",
            "new_password1": "ny-lang-kode-9182",
            "new_password2": "ny-lang-kode-9182",
        },
    )
    assert svar.status_code == 200
    assert "Din gamle adgangskode blev ikke indtastet korrekt" in svar.content.decode()
    person.refresh_from_db()
    assert person.check_password("gammel-kode-4711")


def test_the_change_page_needs_a_login(client):
    svar = client.get(reverse("password_change"))
    assert svar.status_code == 302 and svar.url.startswith(reverse("login"))


def _link(tekst: str) -> str:
    (link,) = re.findall(r"https?://\S+/adgangskode/ny/\S+/", tekst)
    return link.split("://", 1)[1].split("/", 1)[1].join(["/", ""])


def test_reset_by_email_sets_a_new_password_once(client, person):
    svar = client.post(reverse("password_reset"), {"email": "karin@example.dk"}, follow=True)
    assert "Hvis adressen hører til en bruger" in svar.content.decode()
    (besked,) = mail.outbox
    assert besked.to == ["karin@example.dk"]
    assert besked.subject == "Ny adgangskode til LBF-aftaler"
    assert "Hej Karin" in besked.body and "Dit brugernavn er: karin" in besked.body
    link = _link(besked.body)

    side = client.get(link, follow=True)
    assert "Vælg din adgangskode" in side.content.decode()
    formular = side.redirect_chain[-1][0]
    svar = client.post(
        formular,
        {"new_password1": "helt-ny-kode-5521", "new_password2": "helt-ny-kode-5521"},
        follow=True,
    )
    assert "Din adgangskode er gemt." in svar.content.decode()
    person.refresh_from_db()
    assert person.check_password("helt-ny-kode-5521")
    # The link is used up.
    igen = client.get(link, follow=True).content.decode()
    assert "Linket virker ikke længere" in igen


def test_mismatched_new_passwords_are_refused_and_change_nothing(client, person):
    client.post(reverse("password_reset"), {"email": "karin@example.dk"})
    side = client.get(_link(mail.outbox[0].body), follow=True)
    svar = client.post(
        side.redirect_chain[-1][0],
        {"new_password1": "helt-ny-kode-5521", "new_password2": "en-anden-kode-1"},
    )
    assert svar.status_code == 200
    assert "De to adgangskoder var ikke identiske." in svar.content.decode()
    person.refresh_from_db()
    assert person.check_password("gammel-kode-4711")


def test_an_unknown_address_gets_the_same_page_and_no_mail(client, person):
    svar = client.post(reverse("password_reset"), {"email": "ingen@example.dk"}, follow=True)
    assert "Hvis adressen hører til en bruger" in svar.content.decode()
    assert mail.outbox == []
