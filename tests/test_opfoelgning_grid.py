"""The grid of an indicator's measurements: saving cells, errors at the cell with everything
kept, "data kommer", deleting by emptying, tampered keys, access per role, query counts."""

from __future__ import annotations

import datetime
import re
from decimal import Decimal

import pytest
from django.urls import reverse

from delaftaler.models import Omraade
from indikatorer.models import BaselineVaerdi, Indikator
from opfoelgning import tabel
from opfoelgning.forms.grid import linjetegn
from opfoelgning.models import Maaling, Maaltal
from tests.conftest import bruger

pytestmark = pytest.mark.django_db

SLUG = "randers-2025-29"
UDS = "Antallet af udsættelser i de 7 boligområder"


@pytest.fixture(autouse=True)
def uden_maalinger(db: None) -> None:
    """Each test starts without measurements (load_demo gives Randers some)."""
    Maaling.objects.all().delete()


@pytest.fixture
def ind() -> Indikator:
    return Indikator.objects.get(navn=UDS, maal__aftale__helhedsplan__slug=SLUG)


def url(ind: Indikator, aar: int | None = 2025, slug: str = SLUG) -> str:
    u = reverse("maalinger", args=[slug, ind.pk])
    return f"{u}?aar={aar}" if aar else u


def omraade(navn: str) -> Omraade:
    return Omraade.objects.get(helhedsplan__slug=SLUG, navn=navn)


def felt(ind: Indikator, omraadenavn: str, aar: int) -> str:
    io = tabel.indikator(tabel.indikatorer_med_opfoelgning().get(pk=ind.pk))
    (linje,) = [lin for lin in io.linjer if lin.navn == omraadenavn]
    return f"c_{linjetegn(linje)}_{aar}"


def maalinger() -> list[tuple]:
    return list(Maaling.objects.order_by("id").values_list())


def test_the_grid_shows_lines_baselines_years_and_labelled_inputs(client, leder, ind):
    Maaltal.objects.filter(indikator=ind).delete()
    Maaltal.objects.create(
        indikator=ind, omraade=omraade("Vangdalen"), retning="falde", antal=0, aar=2028
    )
    client.force_login(leder)
    svar = client.get(url(ind))
    html = svar.content.decode()
    assert svar.status_code == 200
    assert "Delaftale: Sammenhængskraft og medborgerskab" in html and ind.maal.navn in html
    assert f'<h1 class="h3">{ind.navn}</h1>' in html
    assert '<th scope="row">Gl. Jennumparken</th>' in html
    assert '<th scope="col">2024</th>' in html and '<th scope="col">2025</th>' in html
    assert '<th scope="col">2026</th>' not in html
    assert "<td>1 (2023)</td>" in html
    navn = felt(ind, "Gl. Jennumparken", 2024)
    assert f'<label class="visually-hidden" for="id_{navn}">Gl. Jennumparken 2024</label>' in html
    assert "skal falde til 0 i 2028" in html
    assert "Mangler data" in html
    # later years on request, the current year by default
    assert '<th scope="col">2027</th>' in client.get(url(ind, 2027)).content.decode()
    i_aar = datetime.date.today().year
    assert (
        f'<th scope="col">{i_aar}</th>' in client.get(url(ind, None) + "?aar=abc").content.decode()
    )


def test_saving_cells_with_the_columns_source_and_date(client, leder, ind):
    client.force_login(leder)
    gl, vang = felt(ind, "Gl. Jennumparken", 2024), felt(ind, "Vangdalen", 2024)
    svar = client.post(
        url(ind),
        {
            "indikator": ind.pk,
            gl: "2",
            vang: "Data kommer",
            "kilde_2024": "RandersBolig",
            "dato_2024": "2025-01-31",
        },
    )
    assert svar.status_code == 302 and svar.url == url(ind)
    m = Maaling.objects.get(indikator=ind, omraade__navn="Gl. Jennumparken", aar=2024)
    # a plain number in a line of counts is a count, like its baseline
    assert (m.antal, m.vaerdi, m.afventer) == (Decimal(2), None, False)
    assert (m.kilde, m.dato, m.registreret_af) == (
        "RandersBolig",
        datetime.date(2025, 1, 31),
        "Lene Leder",
    )
    v = Maaling.objects.get(indikator=ind, omraade__navn="Vangdalen", aar=2024)
    assert v.afventer and not v.har_tal() and v.kilde == "RandersBolig"
    assert Maaling.objects.count() == 2
    html = client.get(url(ind)).content.decode()
    assert "2 målinger gemt." in html and f'name="{gl}" id="id_{gl}" value="2"' in html
    assert 'value="data kommer"' in html


def test_danish_figures_are_read(client, leder):
    fra = Indikator.objects.get(
        navn__startswith="Fraflytningsprocenten", maal__aftale__helhedsplan__slug=SLUG
    )
    client.force_login(leder)
    gl = felt(fra, "Gl. Jennumparken", 2024)
    vang = felt(fra, "Vangdalen", 2025)
    assert client.post(url(fra), {gl: "ca. 53 %", vang: "6,3 %"}).status_code == 302
    m = Maaling.objects.get(indikator=fra, omraade__navn="Gl. Jennumparken")
    assert (m.procent, m.kvalifikator, m.tekst) == (Decimal(53), "ca.", "ca. 53 %")
    assert Maaling.objects.get(indikator=fra, aar=2025).procent == Decimal("6.3")


def test_an_error_is_shown_at_the_cell_nothing_is_saved_and_everything_typed_is_kept(
    client, leder, ind
):
    client.force_login(leder)
    gl, vang = felt(ind, "Gl. Jennumparken", 2024), felt(ind, "Vangdalen", 2025)
    foer = maalinger()
    svar = client.post(
        url(ind),
        {gl: "mange", vang: "41 beboere", "kilde_2025": "Min kilde", "dato_2024": "31/2-2025"},
    )
    html = svar.content.decode()
    assert svar.status_code == 400
    assert maalinger() == foer
    assert (
        f'name="{gl}" id="id_{gl}" value="mange" maxlength="200" class="form-control form-control-sm is-invalid" '
        f'aria-invalid="true" aria-describedby="id_{gl}_fejl">'
    ) in html
    assert (
        f'<div id="id_{gl}_fejl" class="invalid-feedback">»mange« kan ikke læses som et tal.'
        in html
    )
    assert 'value="41 beboere"' in html and 'value="Min kilde"' in html
    assert 'aria-describedby="id_dato_2024_fejl"' in html
    assert "intet er gemt" in html


def test_a_rule_of_the_model_is_an_error_at_the_cell(client, leder, ind):
    client.force_login(leder)
    gl = felt(ind, "Gl. Jennumparken", 2024)
    svar = client.post(url(ind), {gl: "150 ud af 148"})
    assert (
        svar.status_code == 400
        and "Antallet kan ikke være større end det, det er ud af." in svar.content.decode()
    )
    assert not Maaling.objects.exists()


def test_emptying_a_cell_deletes_the_measurement_and_an_absent_cell_changes_nothing(
    client, leder, ind
):
    gl = Maaling.objects.create(
        indikator=ind, omraade=omraade("Gl. Jennumparken"), aar=2024, antal=3
    )
    vang = Maaling.objects.create(
        indikator=ind, omraade=omraade("Vangdalen"), aar=2024, antal=4, kilde="k"
    )
    client.force_login(leder)
    svar = client.post(url(ind), {felt(ind, "Gl. Jennumparken", 2024): "  "}, follow=True)
    assert "0 målinger gemt, 1 slettet." in svar.content.decode()
    assert not Maaling.objects.filter(pk=gl.pk).exists()
    assert Maaling.objects.get(pk=vang.pk).antal == 4


def test_unchanged_cells_are_not_rewritten_but_a_changed_source_applies_to_the_column(
    client, leder, ind
):
    m = Maaling.objects.create(
        indikator=ind, omraade=omraade("Vangdalen"), aar=2024, aar_til=2025, periodeart="skoleaar",
        antal=4, enhed="udsættelser", kilde="gammel", note="en note", registreret_af="Nogen",
    )  # fmt: skip
    client.force_login(leder)
    vang = felt(ind, "Vangdalen", 2024)
    html = client.get(url(ind)).content.decode()
    assert 'value="4 udsættelser"' in html and "skoleåret 2024/25" in html and "en note" in html
    assert client.post(url(ind), {vang: "4 udsættelser", "kilde_2024": "gammel"}).status_code == 302
    assert Maaling.objects.get(pk=m.pk).registreret_af == "Nogen"
    client.post(url(ind), {vang: "4 udsættelser", "kilde_2024": "Ny kilde"})
    m.refresh_from_db()
    assert (m.kilde, m.antal, m.registreret_af) == ("Ny kilde", 4, "Lene Leder")
    client.post(url(ind), {vang: "5 udsættelser", "kilde_2024": "Ny kilde"})
    m.refresh_from_db()
    # the cell's period and note stay
    assert (m.antal, m.aar_til, m.periodeart, m.note) == (5, 2025, "skoleaar", "en note")


@pytest.mark.parametrize(
    "fremmed_felt",
    ["c_999999-abcdef0123_2024", "ROW_1999", "kilde_1999", "dato_2031", "indikator"],
)
def test_tampered_keys_are_refused_with_a_message_and_nothing_changes(
    client, leder, ind, fremmed_felt
):
    Maaling.objects.create(indikator=ind, omraade=omraade("Vangdalen"), aar=2024, antal=4)
    foer = maalinger()
    client.force_login(leder)
    gl = felt(ind, "Gl. Jennumparken", 2024)
    noegle = {
        "ROW_1999": gl.replace("_2024", "_1999"),
        "indikator": "indikator",
    }.get(fremmed_felt, fremmed_felt)
    vaerdi = str(ind.pk + 1) if noegle == "indikator" else "7"
    svar = client.post(url(ind), {gl: "2", felt(ind, "Vangdalen", 2024): "", noegle: vaerdi})
    assert svar.status_code == 400
    assert "ikke hører til denne indikators tabel; intet er gemt" in svar.content.decode()
    assert maalinger() == foer


def test_the_board_reads_the_grid_but_cannot_post(client, ind):
    Maaling.objects.create(
        indikator=ind,
        omraade=omraade("Vangdalen"),
        aar=2024,
        antal=4,
        dato=datetime.date(2025, 1, 31),
    )
    client.force_login(bruger("bestyrelse"))
    svar = client.get(url(ind))
    html = svar.content.decode()
    assert (
        svar.status_code == 200
        and 'name="c_' not in html
        and '<form method="post" action="/planer' not in html
    )
    assert re.search(r"<td>\s*4\s*</td>", html)
    assert re.search(r"<td>\s*31/1-2025\s*</td>", html)
    foer = maalinger()
    assert client.post(url(ind), {felt(ind, "Vangdalen", 2024): "9"}).status_code == 403
    assert maalinger() == foer


def test_lbf_gets_403_strangers_and_other_plans_indicators_404(client, fremmed, ind, leder):
    client.force_login(bruger("lbf"))
    assert client.get(url(ind)).status_code == 403
    assert client.post(url(ind), {}).status_code == 403
    client.force_login(fremmed)
    assert client.get(url(ind)).status_code == 404
    client.force_login(leder)
    viborg = Indikator.objects.filter(maal__aftale__helhedsplan__slug="viborg-2025-29")[0]
    assert client.get(url(viborg)).status_code == 404
    assert client.post(url(viborg), {}).status_code == 404
    assert client.get(url(ind, slug="viborg-2025-29")).status_code == 404
    assert client.get(reverse("maalinger", args=[SLUG, 10**9])).status_code == 404


def stor_indikator(ind: Indikator) -> Indikator:
    """An indicator of 7 areas × 4 sub-indicators (28 lines), measured 2024–2029, with targets."""
    stor = Indikator.objects.create(maal=ind.maal, navn="Stor indikator", raekkefoelge=99)
    omraader = list(Omraade.objects.filter(helhedsplan__slug=SLUG))
    for o in omraader:
        for d in ("A", "B", "C", "D"):
            BaselineVaerdi.objects.create(
                indikator=stor, omraade=o, delindikator=d, aar=2023, procent=50
            )
            Maaltal.objects.create(
                indikator=stor, omraade=o, delindikator=d, retning="stige", procent=60, aar=2028
            )
            for aar in range(2024, 2030):
                Maaling.objects.create(
                    indikator=stor, omraade=o, delindikator=d, aar=aar, procent=51
                )
    return stor


def test_the_grid_takes_the_same_number_of_queries_for_one_line_and_many(
    client, leder, ind, django_assert_num_queries
):
    lille = Indikator.objects.create(maal=ind.maal, navn="Lille indikator", raekkefoelge=98)
    BaselineVaerdi.objects.create(indikator=lille, aar=2023, procent=40)
    Maaling.objects.create(indikator=lille, aar=2024, procent=41)
    Maaltal.objects.create(indikator=lille, retning="stige", procent=50, aar=2028)
    stor = stor_indikator(ind)
    client.force_login(leder)
    client.get(url(lille, 2029))  # the session and the user are loaded once per request anyway
    with django_assert_num_queries(8):
        svar = client.get(url(lille, 2029))
    assert svar.status_code == 200 and svar.content.decode().count('name="c_') == 6
    with django_assert_num_queries(8):
        svar = client.get(url(stor, 2029))
    assert svar.status_code == 200 and svar.content.decode().count('name="c_') == 28 * 6
    assert re.search(r'value="51 %"', svar.content.decode())


def test_the_chart_is_on_the_page_in_a_figure_with_the_table_as_its_alternative(client, leder, ind):
    Maaling.objects.create(indikator=ind, omraade=omraade("Vangdalen"), aar=2024, antal=4)
    client.force_login(leder)
    html = client.get(url(ind)).content.decode()
    figur = html[html.index("<figure") : html.index("</figure>")]
    assert 'aria-describedby="maalingstabel-titel"' in figur and "<svg" in figur
    assert 'id="maalingstabel-titel"' in html
