"""Saving an edit page through htmx (templates/delaftaler/sektion_form.html): the server
answers with the page as saved, the form with its errors, the conflict, or where to go on;
without htmx the same post is answered as before (redirect, 302)."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from delaftaler import versioner
from delaftaler.redigering.formdata import formdata
from indikatorer.models import Indikator
from tests.conftest import baselineside, bruger, sektion

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


def hent(klient, url: str) -> dict:
    return formdata(klient.get(url).content.decode())


def redigeringsnummer(html: str) -> str:
    fundet = re.search(r'name="redigeringsnummer" value="(\d+)"', html)
    assert fundet, "the form has no edit number"
    return fundet.group(1)


def test_a_save_answers_with_the_page_as_saved_and_no_message_for_later(klient, randers):
    url = sektion(randers, "tekster")
    data = hent(klient, url)
    data["t-revision"] = "Revideres hvert halve år."
    svar = klient.post(url, data, **HTMX)
    html = svar.content.decode()
    assert svar.status_code == 200
    randers.refresh_from_db()
    assert randers.revision == "Revideres hvert halve år."
    # The part htmx swaps in, with the message by the save button and the way back.
    assert 'id="redigering"' in html and "data-ugemt" not in html
    assert re.search(r"data-gem-status>Tekster er gemt kl\. \d\d\.\d\d\.<", html)
    assert "Tilbage til aftalen" in html and "data-annuller" not in html
    # The form now carries the new edit number and base, so the next save is no conflict.
    assert redigeringsnummer(html) == str(randers.redigeringsnummer)
    igen = formdata(html)
    assert igen["t-revision"] == "Revideres hvert halve år."
    igen["t-bemaerkninger"] = "Og en bemærkning."
    assert klient.post(url, igen, **HTMX).status_code == 200
    randers.refresh_from_db()
    assert randers.bemaerkninger == "Og en bemærkning."
    # Nothing waits in the message queue for the next page.
    assert not list(klient.get(randers.get_absolute_url()).context["messages"])


def test_the_same_post_without_htmx_is_still_a_redirect(klient, randers):
    url = sektion(randers, "tekster")
    data = hent(klient, url)
    data["t-revision"] = "Revideres hvert halve år."
    svar = klient.post(url, data)
    assert svar.status_code == 302 and svar.url.endswith("#tekster")


def test_an_invalid_baseline_comes_back_with_its_errors_and_is_marked_unsaved(klient, randers):
    indikator = randers.maal.get(navn="Flere tilfredse beboere").indikatorer.get()
    url = baselineside(randers, indikator)
    data = hent(klient, url)
    foer = list(indikator.baselines.values_list("procent", flat=True))
    data[f"bl-{indikator.pk}-0-procent"] = "4x,3"
    data[f"bl-{indikator.pk}-0-kommentar"] = "Min kommentar"
    svar = klient.post(url, data, **HTMX)
    html = svar.content.decode()
    assert svar.status_code == 200
    assert 'id="redigering"' in html and "data-ugemt" in html
    assert "data-fejloversigt" in html and 'value="4x,3"' in html and "Min kommentar" in html
    assert "er gemt kl." not in html
    assert list(indikator.baselines.values_list("procent", flat=True)) == foer


def test_a_conflict_is_swapped_in_too_with_both_peoples_text(client, randers, leder):
    kollega = get_user_model().objects.create_user("kollega", first_name="Kim", last_name="K")
    randers.helhedsplan.medlemskaber.create(bruger=kollega, rolle="redaktoer")
    url = sektion(randers, "tekster")
    client.force_login(leder)
    min_side = hent(client, url)
    client.force_login(kollega)
    deres = hent(client, url)
    deres["t-revision"] = "Revideres hvert kvartal."
    assert client.post(url, deres, **HTMX).status_code == 200
    client.force_login(leder)
    min_side["t-bemaerkninger"] = "Min vigtige bemærkning"
    svar = client.post(url, min_side, **HTMX)
    html = svar.content.decode()
    # 409, which the page's htmx configuration swaps in (responseHandling).
    assert svar.status_code == 409
    assert 'id="redigering"' in html and 'id="konflikt" tabindex="-1"' in html
    assert "Min vigtige bemærkning" in html and "Revideres hvert kvartal." in html
    randers.refresh_from_db()
    assert randers.bemaerkninger == ""


def test_a_new_indicator_sends_htmx_on_to_its_baselines_with_the_message(klient, randers):
    maal = randers.maal.first()
    url = reverse("rediger_maal", args=[randers.helhedsplan.slug, randers.pk, maal.pk])
    data = hent(klient, url)
    ny = int(str(data["ind-TOTAL_FORMS"])) - 1
    data[f"ind-{ny}-navn"] = "Andel unge i uddannelse"
    svar = klient.post(url, data, **HTMX)
    indikator = Indikator.objects.get(maal=maal, navn="Andel unge i uddannelse")
    assert svar.status_code == 204
    assert svar["HX-Redirect"] == baselineside(randers, indikator)
    side = klient.get(svar["HX-Redirect"])
    assert any("Tilføj nu baselines" in str(b) for b in side.context["messages"])


def test_a_locked_draft_refuses_the_htmx_save_without_a_page_to_swap(klient, randers):
    url = sektion(randers, "tekster")
    data = hent(klient, url)
    data["t-revision"] = "Ændret, mens den var hos bestyrelsen"
    type(randers).objects.filter(pk=randers.pk).update(bemaerkninger="Ændret siden version 1")
    versioner.indsend(randers, bruger("leder"))
    svar = klient.post(url, data, **HTMX)
    # Not swapped (static/js/formular.js says so by the save button and keeps the text).
    assert svar.status_code == 423 and 'id="redigering"' not in svar.content.decode()
    randers.refresh_from_db()
    assert randers.revision != "Ændret, mens den var hos bestyrelsen"


def test_the_edit_page_loads_htmx_from_the_app_with_its_configuration(klient, randers):
    html = klient.get(sektion(randers, "tekster")).content.decode()
    assert 'src="/static/vendor/htmx.min.js"' in html
    assert '"responseHandling"' in html and '"includeIndicatorStyles": false' in html
    assert 'hx-post="' + sektion(randers, "tekster") + '"' in html


def test_the_over_booking_warning_is_worked_out_again_from_what_was_saved(klient, randers):
    url = sektion(randers, "ressourcer")
    data = hent(klient, url)
    for raekke in ("0", "1"):  # one person on two lines of 60 %
        data[f"res-{raekke}-funktion"] = "Projektleder"
        data[f"res-{raekke}-arbejdsgiver"] = "Randers Kommune"
        data[f"res-{raekke}-maengde"] = "60"
        data[f"res-{raekke}-enhed"] = "procent"
    html = klient.post(url, data, **HTMX).content.decode()
    assert "er gemt kl." in html
    assert "Projektleder er samlet sat til 120 % af stillingen" in html
    # Mended in the same place: the warning goes with that save, not on the next visit.
    igen = formdata(html)
    igen["res-1-maengde"] = "40"
    html = klient.post(url, igen, **HTMX).content.decode()
    assert "er gemt kl." in html and "samlet sat til" not in html
