"""Feedback when saving (issue 13 §1): the error summary at the top of a failed form, the
app's own Danish messages (novalidate), buttons named by what they add, and Danish 400 and
CSRF pages without internals."""

import re
from typing import Any

import pytest
from django.core.exceptions import SuspiciousOperation
from django.http import HttpRequest, HttpResponse, QueryDict
from django.test import Client
from django.urls import include, path, reverse

from delaftaler import versioner
from delaftaler.models import StrategiskAftale
from delaftaler.redigering.formdata import formdata
from indikatorer.models import Indikator
from tests.conftest import baselineside, bruger, sektion

pytestmark = pytest.mark.django_db


def ugyldig(request: HttpRequest) -> HttpResponse:
    raise SuspiciousOperation("hemmelig intern detalje")


# The URLconf of the 400 test (pytest.mark.urls): the app's URLs plus a view that gets a
# request it refuses; handler400 is Django's default, which renders templates/400.html.
urlpatterns = [path("ugyldig-til-test/", ugyldig), path("", include("config.urls"))]


def oversigt(html: str) -> str:
    """The error summary's markup, which must come before the form."""
    fund = re.search(r'<div class="alert alert-danger fejloversigt".*?</div>', html, re.S)
    assert fund, "ingen fejloversigt"
    formular = re.search(r"<form[^>]*\bdata-formular\b", html)
    assert formular and html.index(fund[0]) < formular.start()
    return fund[0]


def test_a_failed_save_has_a_focusable_announced_summary_with_a_link_to_each_field(klient, randers):
    url = sektion(randers, "ressourcer")
    data = formdata(klient.get(url).content.decode())
    data.update({"res-0-maengde": "150", "res-0-enhed": "procent", "t-ressourcer_tekst": "Typet"})
    svar = klient.post(url, data)
    html = svar.content.decode()
    boks = oversigt(html)
    assert 'role="alert"' in boks and 'tabindex="-1"' in boks and "data-fejloversigt" in boks
    assert "Formularen har 1 fejl" in boks
    assert (
        '<a href="#id_res-0-maengde">Medarbejderressourcer, række 1, Andel: '
        "En andel af stillingen kan højst være 100 %.</a>"
    ) in boks
    assert 'id="id_res-0-maengde"' in html  # the link's target exists
    assert 'value="150"' in html and "Typet</textarea>" in html


def test_errors_in_several_rows_and_fields_are_counted_and_each_linked(klient, randers):
    indikator = Indikator.objects.get(maal__aftale=randers, navn__startswith="Fraflytning")
    url = baselineside(randers, indikator)
    data = formdata(klient.get(url).content.decode())
    prefix = f"bl-{indikator.pk}"
    data[f"{prefix}-0-procent"] = "4x,3"
    data[f"{prefix}-1-aar"] = "20x3"
    html = klient.post(url, data).content.decode()
    boks = oversigt(html)
    assert "Formularen har 2 fejl" in boks
    assert f'href="#id_{prefix}-0-procent"' in boks and f'href="#id_{prefix}-1-aar"' in boks
    assert "række 2" in boks and "Baselineåret skal være et årstal" in boks
    assert 'value="4x,3"' in html


def test_a_row_error_links_to_the_row_and_a_saved_page_has_no_summary(klient, randers):
    url = sektion(randers, "maal")
    html = klient.get(url).content.decode()
    assert "fejloversigt" not in html
    assert re.search(r'<fieldset [^>]*id="raekke-maal-0"', html)


def test_the_boards_date_is_checked_by_the_app_in_danish_not_by_the_browser(client, randers):
    randers.parter_tekst = "Ændret, så kladden kan sendes."
    randers.save()
    indsendelse = versioner.indsend(randers, bruger("leder"), trods_tjekliste=True)
    client.force_login(bruger("bestyrelse"))
    side = client.get(randers.get_absolute_url()).content.decode()
    godkend = re.search(r'<form [^>]*>(?:(?!</form>).)*name="moededato".*?</form>', side, re.S)
    assert godkend and "novalidate" in godkend[0].split(">")[0]
    svar = client.post(
        reverse("behandl", args=[randers.helhedsplan.slug, randers.pk]),
        {"handling": "godkend", "moededato": "", "indsendelse": indsendelse.pk, "kommentar": "x"},
    )
    html = svar.content.decode()
    boks = re.search(r'<div class="alert alert-danger[^"]*fejloversigt".*?</div>', html, re.S)
    assert boks and 'role="alert"' in boks[0] and 'href="#moededato"' in boks[0]
    assert "Formularen har 1 fejl" in boks[0]
    assert ">x</textarea>" in html  # the note typed is kept


def _formularer(html: str) -> list[str]:
    return re.findall(r"<form [^>]*data-formular[^>]*>", html)


@pytest.mark.parametrize("navn", ["stamdata", "parter", "maal", "aktiviteter", "ressourcer"])
def test_every_delaftale_section_form_is_novalidate_and_guarded(klient, randers, navn):
    html = klient.get(sektion(randers, navn)).content.decode()
    (form,) = _formularer(html)
    assert "novalidate" in form
    assert re.search(r"<a [^>]*data-annuller[^>]*>Annullér</a>", html)


def test_the_other_edit_forms_are_novalidate_and_guarded(klient, randers):
    plan = randers.helhedsplan.slug
    indikator = Indikator.objects.filter(maal__aftale=randers)[0]
    aktivitet = randers.aktiviteter.first()
    sider = [
        baselineside(randers, indikator),
        reverse("rediger_maal", args=[plan, randers.pk, indikator.maal_id]),
        reverse("rediger_aktivitet", args=[plan, randers.pk, aktivitet.pk]),
        reverse("omraader", args=[plan]),
        reverse("maalinger", args=[plan, indikator.pk]),
        reverse("password_change"),
    ]
    for url in sider:
        html = klient.get(url).content.decode()
        formularer = _formularer(html)
        assert formularer and all("novalidate" in f for f in formularer), url


def test_add_buttons_say_what_they_add(klient, randers):
    strategisk = StrategiskAftale.objects.first()
    indikator = Indikator.objects.filter(maal__aftale=randers)[0]
    forventet = {
        sektion(randers, "maal"): "Tilføj delmål",
        sektion(randers, "aktiviteter"): "Tilføj aktivitet",
        sektion(randers, "ressourcer"): "Tilføj medarbejderressource",
        sektion(randers, "parter"): "Tilføj part",
        sektion(strategisk, "maal"): "Tilføj overordnet mål",
        baselineside(randers, indikator): "Tilføj baselineværdi",
        reverse("rediger_maal", args=[randers.helhedsplan.slug, randers.pk, indikator.maal_id]): (
            "Tilføj indikator"
        ),
    }
    for url, tekst in forventet.items():
        html = klient.get(url).content.decode()
        assert f"data-tilfoej-raekke>{tekst}</button>" in html, url
        assert "Tilføj række" not in html, url


def test_the_success_message_is_in_the_box_the_script_moves_to_the_anchor(klient, randers):
    url = sektion(randers, "stamdata")
    data = formdata(klient.get(url).content.decode())
    data["a-indsatsnavn"] = "Fællesskab i Randers"
    svar = klient.post(url, data, follow=True)
    html = svar.content.decode()
    assert svar.redirect_chain[-1][0].endswith("#stamdata")
    assert re.search(
        r'<div class="beskeder" data-beskeder>\s*<div class="alert alert-success" role="status">'
        r"Navn og periode er gemt.</div>",
        html,
    )
    assert 'id="stamdata"' in html
    assert "js/formular.js" in html


@pytest.mark.urls("tests.test_feedback")
def test_a_bad_request_gives_the_danish_400_page(client, settings):
    settings.DEBUG = False
    svar = client.get("/ugyldig-til-test/")
    assert svar.status_code == 400
    html = svar.content.decode()
    assert "Forespørgslen kunne ikke behandles" in html and '<html lang="da">' in html
    assert "hemmelig" not in html and "Bad Request" not in html


def test_a_stale_form_gives_the_danish_csrf_page_without_internals(randers, settings):
    settings.DEBUG = False
    klient: Any = Client(enforce_csrf_checks=True)
    klient.force_login(bruger("leder"))
    svar = klient.post(sektion(randers, "stamdata"), {"a-indsatsnavn": "Nyt"})
    assert svar.status_code == 403
    html = svar.content.decode()
    assert '<html lang="da">' in html
    (indhold,) = re.findall(r'<main id="indhold".*?</main>', html, re.S)
    assert "Siden var for gammel – genindlæs og prøv igen" in indhold
    assert "CSRF" not in indhold and "Forbidden" not in indhold
    assert "token" not in indhold.lower() and "referer" not in indhold.lower()
    randers.refresh_from_db()
    assert randers.indsatsnavn != "Nyt"


def test_the_follow_up_grid_links_each_bad_cell(klient, randers):
    from opfoelgning import tabel
    from opfoelgning.forms.grid import linjetegn

    indikator = Indikator.objects.get(maal__aftale=randers, navn__startswith="Fraflytning")
    linje = next(iter(tabel.indikator(indikator).linjer))
    felt = f"c_{linjetegn(linje)}_2025"
    url = reverse("maalinger", args=[randers.helhedsplan.slug, indikator.pk]) + "?aar=2025"
    svar = klient.post(url, {felt: "mange", "kilde_2025": "Min kilde"})
    html = svar.content.decode()
    assert svar.status_code == 400
    boks = oversigt(html)
    assert "Formularen har 1 fejl" in boks
    assert f'<a href="#id_{felt}">{linje.navn} 2025: »mange« kan ikke læses som et tal.' in boks
    assert 'value="mange"' in html and 'value="Min kilde"' in html


def test_a_bad_invitation_is_summed_up_and_linked(klient, randers):
    url = reverse("medlemmer_inviter", args=[randers.helhedsplan.slug])
    svar = klient.post(
        url, {"navn": "Typet navn", "email": "ikke-en-adresse", "rolle": "bestyrelse"}
    )
    boks = re.search(
        r'<div class="alert alert-danger fejloversigt".*?</div>', svar.content.decode(), re.S
    )
    assert boks and 'href="#id_email"' in boks[0] and "gyldig e-mail-adresse" in boks[0]


def test_a_stale_login_form_gets_the_same_danish_page(settings):
    settings.DEBUG = False
    svar = Client(enforce_csrf_checks=True).post(
        reverse("login"), {"username": "leder", "password": "demo"}
    )
    assert svar.status_code == 403
    assert "Siden var for gammel – genindlæs og prøv igen" in svar.content.decode()


def test_rows_on_a_later_page_are_numbered_as_in_the_whole_list(klient, randers):
    from delaftaler.redigering.undersider import baselines
    from delaftaler.redigering.undersider import baselineside as side_af
    from delaftaler.templatetags.formular import fejl_i

    indikator = Indikator.objects.get(maal__aftale=randers, navn__startswith="Fraflytning")
    prefix = f"bl-{indikator.pk}"
    data = formdata(klient.get(baselineside(randers, indikator)).content.decode())
    data[f"{prefix}-0-procent"] = "4x,3"
    sider, _, efter = side_af(indikator, None)
    # As if 40 rows came before this page.
    post = QueryDict(mutable=True)
    for navn, vaerdi in data.items():
        post.setlist(navn, vaerdi if isinstance(vaerdi, list) else [vaerdi])
    (del_, *_) = baselines(randers, indikator, sider, (list(range(40)), efter), post)
    assert not del_.objekt.is_valid()
    (fejl,) = fejl_i(del_)
    assert fejl.tekst.startswith("Baselines, række 41, Procent:")
