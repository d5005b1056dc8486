"""Compact editing (issue 13 §2): baselines and staff lines as table rows, their order set by
typed numbers without JavaScript, staff conversions, and a new indicator's baseline page
after saving it. The browser side (dragging, "Flyt op"/"Flyt ned", live conversions) is in
tests/test_e2e_kompakt.py."""

import re
from decimal import Decimal

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils.html import escape
from django.utils.text import Truncator

from delaftaler.models import Medarbejderressource, StrategiskAftale
from delaftaler.redigering.formdata import formdata
from delaftaler.templatetags.kompakt import omregning_tekst
from indikatorer.models import BaselineVaerdi, Indikator
from tests.conftest import baselineside, sektion

pytestmark = pytest.mark.django_db


def fraflytning(aftale) -> Indikator:
    return Indikator.objects.get(maal__aftale=aftale, navn__startswith="Fraflytning")


def tabel(html: str, prefix: str) -> str:
    fund = re.search(
        rf'<div class="formset formset-tabel" data-formset="{prefix}".*?</table>', html, re.S
    )
    assert fund, f"ingen tabel for {prefix}"
    return fund[0]


def test_baselines_are_table_rows_with_column_headers_and_labelled_inputs(klient, randers):
    indikator = fraflytning(randers)
    prefix = f"bl-{indikator.pk}"
    html = klient.get(baselineside(randers, indikator)).content.decode()
    t = tabel(html, prefix)
    overskrifter = re.findall(r'<th scope="col"[^>]*>(.*?)</th>', t, re.S)
    tekster = [re.sub(r"<[^>]+>", "", o) for o in overskrifter]
    assert tekster[1:7] == ["Område/afdeling", "Procent", "Antal", "Ud af", "Værdi", "Baselineår"]
    # A focusable, named region that scrolls sideways on a phone.
    assert re.search(r'tabindex="0" role="region" aria-label="Baselines, tabel', t)
    antal = indikator.baselines.count()
    assert t.count("<tbody ") == antal + 1  # one <tbody> per row, and the blank one
    # Each column input has a label of its own for screen readers, and keeps its id.
    felt = f"id_{prefix}-0-procent"
    assert f'<label for="{felt}" class="visually-hidden">Procent</label>' in t
    assert f'id="{felt}"' in t
    # The other fields are behind "Flere felter", one <details> per row, as {% felt %} writes them.
    assert t.count("<summary>Flere felter") == antal + 1
    assert f'<div id="div_id_{prefix}-0-kommentar" class="mb-3">' in t
    assert f'<label for="id_{prefix}-0-kommentar" class="form-label">Kommentar</label>' in t
    # Without JavaScript the order is typed in the "Nr." column.
    assert f'name="{prefix}-0-ORDER"' in t and 'class="kun-uden-js"' in t
    assert t.count('data-flyt="op"') == antal + 1
    # Named by their row, as the cards' are: "Flyt op: <the baseline>", the blank row "ny række".
    for baseline in indikator.baselines.all():
        navn = escape(Truncator(str(baseline)).chars(70))
        assert f'<span class="visually-hidden">Flyt op: {navn}</span>' in t
    assert '<span class="visually-hidden">Flyt ned: ny række</span>' in t


def test_a_failed_baseline_save_shows_the_error_at_the_field_in_its_cell(klient, randers):
    indikator = fraflytning(randers)
    prefix = f"bl-{indikator.pk}"
    url = baselineside(randers, indikator)
    data = formdata(klient.get(url).content.decode())
    data[f"{prefix}-0-procent"] = "4x,3"
    data[f"{prefix}-0-kommentar"] = "Typet før fejlen"
    html = klient.post(url, data).content.decode()
    felt = f"id_{prefix}-0-procent"
    assert f'<a href="#{felt}">' in html  # the summary's link
    celle = re.search(rf'<td class="kolonne-procent"><div id="div_{felt}".*?</td>', html, re.S)
    assert celle and "is-invalid" in celle[0] and f'id="{felt}_error"' in celle[0]
    assert 'value="4x,3"' in celle[0]
    assert 'value="Typet før fejlen"' in html
    assert 'class="raekke raekke-fejl"' in html


def test_a_folded_field_with_an_error_opens_its_row(klient, randers):
    indikator = fraflytning(randers)
    prefix = f"bl-{indikator.pk}"
    url = baselineside(randers, indikator)
    data = formdata(klient.get(url).content.decode())
    data[f"{prefix}-0-besvarelser"] = "mange"
    html = klient.post(url, data).content.decode()
    raekke = re.search(rf'<tbody [^>]*id="raekke-{prefix}-0".*?</tbody>', html, re.S)
    assert raekke and "<details open>" in raekke[0]
    assert f'id="id_{prefix}-0-besvarelser_error"' in raekke[0]


def raekke_summary(html: str, prefix: str, nummer: int) -> str:
    raekke = re.search(rf'<tbody [^>]*id="raekke-{prefix}-{nummer}".*?</tbody>', html, re.S)
    assert raekke
    summary = re.search(r"<summary>(.*?)</summary>", raekke[0], re.S)
    assert summary
    return re.sub(r'<span class="visually-hidden">.*?</span>', "", summary[1])


def test_a_folded_row_says_what_it_holds_so_a_reference_line_is_seen(klient, randers):
    indikator = fraflytning(randers)
    prefix = f"bl-{indikator.pk}"
    url = baselineside(randers, indikator)
    html = klient.get(url).content.decode()
    linjer = list(indikator.baselines.all())
    kommunen = next(i for i, b in enumerate(linjer) if b.referencegruppe.endswith("i Randers"))
    assert raekke_summary(html, prefix, kommunen) == (
        'Flere felter <span class="foldet-indhold">– Kolonne: Evt. anden baseline · '
        "Referencegruppe: Almene familieboliger i Randers</span>"
    )
    # A line of an area with nothing folded away: no summary of defaults.
    omraade = next(i for i, b in enumerate(linjer) if b.omraade_id and not b.kommentar)
    assert raekke_summary(html, prefix, omraade) == "Flere felter"
    # A saved 0 is a value, and named.
    BaselineVaerdi.objects.filter(pk=linjer[omraade].pk).update(til=Decimal(0))
    html0 = klient.get(url).content.decode()
    assert raekke_summary(html0, prefix, omraade).endswith("– Til (interval): 0</span>")
    # What was typed into a refused save is what the line shows, numbers the Danish way,
    # a ticked box by its name; and markup typed stays text.
    data = formdata(html)
    data[f"{prefix}-{omraade}-til"] = "14,5"
    data[f"{prefix}-{omraade}-afventer"] = "on"
    data[f"{prefix}-{omraade}-kommentar"] = "<b>ny</b> " + "x" * 80
    data[f"{prefix}-{omraade}-procent"] = "4x,3"
    html = klient.post(url, data).content.decode()
    tekst = raekke_summary(html, prefix, omraade)
    assert "Til (interval): 14,5" in tekst and tekst.endswith("· Afventer data</span>"), tekst
    assert "Kommentar: &lt;b&gt;ny&lt;/b&gt; xxx" in tekst and "x…" in tekst


def test_typed_order_numbers_reorder_the_baselines_without_javascript(klient, randers):
    indikator = fraflytning(randers)
    prefix = f"bl-{indikator.pk}"
    url = baselineside(randers, indikator)
    foer = list(indikator.baselines.values_list("pk", flat=True))
    assert len(foer) >= 2
    data = formdata(klient.get(url).content.decode())
    data[f"{prefix}-0-ORDER"], data[f"{prefix}-1-ORDER"] = "2", "1"
    svar = klient.post(url, data)
    assert svar.status_code == 302
    efter = list(indikator.baselines.values_list("pk", flat=True))
    assert efter == [foer[1], foer[0], *foer[2:]]


def test_staff_lines_are_table_rows_with_their_conversions(klient, randers):
    html = klient.get(sektion(randers, "ressourcer")).content.decode()
    t = tabel(html, "res")
    assert "data-omregning" in t and '<th scope="col" class="kolonne-omregning">Omregnet</th>' in t
    overskrifter = [
        re.sub(r"<[^>]+>", "", o) for o in re.findall(r'<th scope="col"[^>]*>(.*?)</th>', t, re.S)
    ]
    assert overskrifter[1:6] == [
        "Medarbejder eller funktion*",
        "Arbejdsgiver",
        "Andel*",
        "Enhed*",
        "Ansat på (timer pr. uge)",
    ]
    linje = randers.medarbejderressourcer.order_by("raekkefoelge").first()
    forventet = omregning_tekst(linje.maengde, linje.enhed, linje.kontrakt_timer_uge)
    assert forventet and f'<output class="small" data-omregning-tekst>{forventet}</output>' in t
    assert (
        '<label for="id_res-0-funktion" class="visually-hidden">Medarbejder eller funktion (skal udfyldes)</label>'
        in t
    )


def test_a_failed_staff_save_shows_the_typed_share_converted(klient, randers):
    url = sektion(randers, "ressourcer")
    data = formdata(klient.get(url).content.decode())
    data.update(
        {"res-0-maengde": "18,5", "res-0-enhed": "timer_uge", "res-0-kontrakt_timer_uge": ""}
    )
    data["res-0-funktion"] = ""  # required: the save fails
    html = klient.post(url, data).content.decode()
    assert "data-omregning-tekst>50 % · 18,5 t./uge · 962 t./år</output>" in html
    assert 'id="id_res-0-funktion_error"' in html


@pytest.mark.parametrize(
    ("maengde", "enhed", "kontrakt", "tekst"),
    [
        ("50", "procent", None, "50 % · 18,5 t./uge · 962 t./år"),
        ("1924", "timer_aar", None, "100 % · 37 t./uge · 1.924 t./år"),
        ("10", "timer_uge", "30", "33,3 % · 10 t./uge · 520 t./år"),
        ("75", "procent", "30", "75 % · 22,5 t./uge · 1.170 t./år"),
        ("0", "procent", None, ""),
        ("10", "timer_uge", "90", ""),
        ("10", "ukendt", None, ""),
    ],
)
def test_the_conversions_follow_the_models_rules(maengde, enhed, kontrakt, tekst):
    k = Decimal(kontrakt) if kontrakt else None
    assert omregning_tekst(Decimal(maengde), enhed, k) == tekst
    if tekst:
        linje = Medarbejderressource(maengde=Decimal(maengde), enhed=enhed, kontrakt_timer_uge=k)
        procent = linje.procent_af_stilling().quantize(Decimal("0.1"))
        assert tekst.startswith(f"{procent.normalize():f}".replace(".", ",") + " %")


def test_after_creating_an_indicator_the_user_lands_on_its_baseline_page(klient, randers):
    maal = randers.maal.first()
    url = reverse("rediger_maal", args=[randers.helhedsplan.slug, randers.pk, maal.pk])
    data = formdata(klient.get(url).content.decode())
    ny = int(str(data["ind-TOTAL_FORMS"])) - 1
    data[f"ind-{ny}-navn"] = "Andel unge i uddannelse"
    svar = klient.post(url, data, follow=True)
    indikator = Indikator.objects.get(maal=maal, navn="Andel unge i uddannelse")
    assert svar.redirect_chain[-1][0] == baselineside(randers, indikator)
    beskeder = [str(b) for b in svar.context["messages"]]
    assert any("er gemt" in b and "Tilføj nu baselines" in b for b in beskeder)
    assert "Tilføj baselineværdi" in svar.content.decode()


def test_saving_indicators_without_a_new_one_goes_back_to_the_agreement(klient, randers):
    maal = randers.maal.first()
    url = reverse("rediger_maal", args=[randers.helhedsplan.slug, randers.pk, maal.pk])
    data = formdata(klient.get(url).content.decode())
    data["ind-0-navn"] = "Et nyt navn"
    svar = klient.post(url, data)
    assert svar.status_code == 302 and svar.url.endswith("#maal")


def test_sortable_is_vendored_with_its_licence_and_served_by_the_app(klient, randers):
    fil = settings.BASE_DIR / "static" / "vendor" / "Sortable.min.js"
    tekst = fil.read_text(encoding="utf-8")
    assert (
        tekst.startswith("/*!")
        and "MIT License" in tekst[:2000]
        and "Sortable 1.15" in tekst[:2000]
    )
    assert "sourceMappingURL" not in tekst
    html = klient.get(sektion(randers, "ressourcer")).content.decode()
    assert '<script src="/static/vendor/Sortable.min.js" defer></script>' in html
    csp = settings.CONTENT_SECURITY_POLICY["DIRECTIVES"]["script-src"]
    assert len(csp) == 1  # 'self' only: no CDN


def test_the_blank_rows_are_ignored_when_untouched(klient, randers):
    """The blank row (and the page's hidden template row) save nothing when left empty."""
    indikator = fraflytning(randers)
    url = baselineside(randers, indikator)
    antal = BaselineVaerdi.objects.filter(indikator=indikator).count()
    data = formdata(klient.get(url).content.decode())
    svar = klient.post(url, data)
    assert svar.status_code == 302
    assert BaselineVaerdi.objects.filter(indikator=indikator).count() == antal


def test_the_areas_are_table_rows_with_the_organisation_column_named(klient):
    html = klient.get(reverse("omraader", args=["viborg-2025-29"])).content.decode()
    t = tabel(html, "omr")
    overskrifter = re.findall(r'<th scope="col"[^>]*>(.*?)</th>', t, re.S)
    tekster = [re.sub(r"<[^>]+>", "", o) for o in overskrifter]
    assert tekster[1:5] == ["Navn*", "Type*", "Boligorganisation", "Overordnet område"]
    assert t.count("<tbody ") == 16 + 1  # Viborg's 16 afdelinger and the blank row
    # The typed organisation keeps the plan's names to choose from.
    assert 'list="organisationer"' in t and 'value="BoligViborg"' in t
    assert '<label for="id_omr-0-organisation_navn" class="visually-hidden">Boligorganisation' in t


def test_the_board_members_are_table_rows(klient):
    vejle = StrategiskAftale.objects.get(helhedsplan__slug="vejleaaparken-2021-25")
    html = klient.get(sektion(vejle, "bestyrelse")).content.decode()
    t = tabel(html, "best")
    overskrifter = re.findall(r'<th scope="col"[^>]*>(.*?)</th>', t, re.S)
    tekster = [re.sub(r"<[^>]+>", "", o) for o in overskrifter]
    assert tekster[1:5] == ["Funktion i bestyrelsen", "Titel*", "Organisation", "Navn"]
    assert t.count("<tbody ") == vejle.bestyrelsesmedlemmer.count() + 1 == 6
    assert 'value="Velfærdsdirektør"' in t and 'list="organisationer"' in t


def test_the_footnotes_are_table_rows_of_number_and_text(klient):
    vejle = StrategiskAftale.objects.get(helhedsplan__slug="vejleaaparken-2021-25")
    html = klient.get(sektion(vejle, "fodnoter")).content.decode()
    t = tabel(html, "fod")
    overskrifter = re.findall(r'<th scope="col"[^>]*>(.*?)</th>', t, re.S)
    assert [re.sub(r"<[^>]+>", "", o) for o in overskrifter] == ["Nummer*", "Tekst*", "Slet"]
    assert t.count("<tbody ") == vejle.fodnoter.count() + 1 == 26
    assert re.search(r'<textarea name="fod-0-tekst"[^>]*rows="2"', t)
    assert "https://ishoj.dk/boligforeninger-og-boligselskaber</textarea>" in t
