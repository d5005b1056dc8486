"""Issue 13 §6: the indicator's baseline page (and every edit page's rows) rendered once,
without crispy-forms per field, in queries that do not grow with its rows."""

from __future__ import annotations

from decimal import Decimal
from html.parser import HTMLParser
from typing import Any

import pytest
from crispy_forms.templatetags.crispy_forms_filters import as_crispy_field
from django.template.loader import render_to_string
from django.urls import reverse

from aktiviteter.models import Aktivitet
from delaftaler.models import Aftale, Omraade
from delaftaler.redigering.formdata import formdata, som_indsendt
from delaftaler.redigering.sektioner import SEKTIONER, Del
from delaftaler.redigering.undersider import (
    BASELINER_PR_SIDE,
    aktivitetsskema,
    baselines,
    baselineside,
    indikatorer,
)
from delaftaler.templatetags.felter import felt, widget_tag
from indikatorer.models import BaselineVaerdi, Indikator, Maal

pytestmark = pytest.mark.django_db


class _Struktur(HTMLParser):
    """Tags, attributes and text of a piece of HTML, whitespace and class order aside."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ud: list[Any] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        def v(navn: str, vaerdi: str | None) -> Any:
            if navn in ("class", "aria-describedby"):
                return " ".join(sorted((vaerdi or "").split()))
            return vaerdi

        self.ud.append((tag, sorted((n, v(n, a)) for n, a in attrs)))

    def handle_endtag(self, tag: str) -> None:
        self.ud.append(f"/{tag}")

    def handle_data(self, data: str) -> None:
        if data.strip():
            self.ud.append(" ".join(data.split()))


def struktur(html: str) -> list[Any]:
    p = _Struktur()
    p.feed(str(html))
    return p.ud


def sider(aftale: Aftale, data: Any = None) -> list[tuple[str, list[Del]]]:
    """Every edit page of an agreement, as its parts."""
    a = aftale.konkret
    ud = [(n, byg(a, data)) for n, (_, byg, art) in SEKTIONER.items() if isinstance(a, art)]
    for m in a.maal.all():
        ud.append((f"maal {m.pk}", indikatorer(a, m, data)))
        for i in m.indikatorer.all():
            s, foer, efter = baselineside(i, None)
            ud.append((f"baselines {i.pk}", baselines(a, i, s, (foer, efter), data)))
    for akt in Aktivitet.objects.filter(delaftale__pk=a.pk):
        ud.append((f"aktivitet {akt.pk}", aktivitetsskema(akt, data)))
    return ud


def felterne(dele: list[Del]) -> list[Any]:
    ud = []
    for d in dele:
        for objekt in d.alle():
            for form in getattr(objekt, "forms", [objekt]):
                ud.extend(form)
    return ud


@pytest.mark.parametrize("slug", ["randers-2025-29", "viborg-2025-29", "vejleaaparken-2021-25"])
def test_a_field_is_written_as_crispy_forms_wrote_it(slug):
    for aftale in Aftale.objects.filter(helhedsplan__slug=slug):
        for navn, dele in sider(aftale):
            for bf in felterne(dele):
                # Ours first: crispy-forms adds its classes to the widget it renders.
                ny = struktur(felt(bf))
                assert ny == struktur(as_crispy_field(bf)), (navn, bf.html_name)


def test_a_field_with_errors_is_written_as_crispy_forms_wrote_it(randers):
    indikator = Indikator.objects.filter(maal__aftale=randers, baselines__isnull=False).first()
    p = f"bl-{indikator.pk}"
    data = {
        f"{p}-TOTAL_FORMS": "1",
        f"{p}-INITIAL_FORMS": "0",
        f"{p}-0-slags": "",
        f"{p}-0-procent": "4x,3",
        f"{p}-0-aar": "abc",
        f"{p}-0-afventer": "on",
        f"{p}-0-ORDER": "x",
    }
    s, foer, efter = baselineside(indikator, None)
    (d, *_) = baselines(randers, indikator, s, (foer, efter), data)
    form = d.objekt.forms[0]
    assert not form.is_valid()
    for bf in form:
        ny = struktur(felt(bf))
        assert ny == struktur(as_crispy_field(bf)), bf.html_name
    html = felt(form["procent"])
    assert 'aria-invalid="true"' in html and "is-invalid" in html
    assert f'aria-describedby="id_{p}-0-procent_error"' in html
    assert f'<p id="error_1_id_{p}-0-procent"><strong>Indtast et tal.</strong></p>' in html


@pytest.mark.parametrize("slug", ["randers-2025-29", "viborg-2025-29", "vejleaaparken-2021-25"])
def test_the_starting_state_is_what_the_rendered_page_submits(slug):
    """The state a page records for a later merge is read from its forms, not rendered:
    the same values as a browser submits for the page as shown."""
    for aftale in Aftale.objects.filter(helhedsplan__slug=slug):
        for navn, dele in sider(aftale):
            html = render_to_string(
                "delaftaler/_sektion_felter.html", {"dele": dele, "aftale": aftale}
            )
            ny = {
                "redigeringsnummer": str(aftale.redigeringsnummer),
                **som_indsendt(o for d in dele for o in d.alle()),
            }
            assert ny == formdata(html), navn


def baselineside_url(indikator: Indikator) -> str:
    aftale = indikator.maal.aftale
    return reverse(
        "rediger_baselines",
        args=[aftale.helhedsplan.slug, aftale.pk, indikator.maal_id, indikator.pk],
    )


def med_baselines(maal: Maal, antal: int, omraader: list[Omraade]) -> Indikator:
    indikator = Indikator.objects.create(maal=maal, navn=f"Indikator med {antal}")
    BaselineVaerdi.objects.bulk_create(
        BaselineVaerdi(
            indikator=indikator,
            omraade=omraader[nr % len(omraader)],
            procent=Decimal(nr),
            aar=2023,
            raekkefoelge=nr,
        )
        for nr in range(antal)
    )
    return indikator


def test_the_baseline_page_is_rendered_once_without_crispy_per_field(client, leder, randers):
    indikator = Indikator.objects.filter(maal__aftale=randers, baselines__isnull=False).first()
    client.force_login(leder)
    svar = client.get(baselineside_url(indikator))
    assert svar.status_code == 200
    navne = [t.name for t in svar.templates]
    # Once for the page; before, once more to record the starting state.
    assert navne.count("delaftaler/_sektion_felter.html") == 1
    assert "bootstrap5/field.html" not in navne


def test_the_baseline_pages_queries_are_the_same_for_1_and_40_baselines(
    client, leder, randers, django_assert_num_queries
):
    maal = randers.maal.first()
    omraader = list(Omraade.objects.filter(helhedsplan=randers.helhedsplan))
    assert len(omraader) > 1
    en = med_baselines(maal, 1, omraader)
    mange = med_baselines(maal, BASELINER_PR_SIDE, omraader)
    client.force_login(leder)
    client.get(baselineside_url(en))  # the first request of a session looks up more
    with django_assert_num_queries(18) as en_q:
        assert client.get(baselineside_url(en)).status_code == 200
    with django_assert_num_queries(len(en_q)):
        html = client.get(baselineside_url(mange)).content.decode()
    assert html.count('<select name="bl-') >= BASELINER_PR_SIDE * 2


def test_the_indicator_pages_queries_are_the_same_for_1_and_30_indicators(
    client, leder, randers, django_assert_num_queries
):
    omraader = list(Omraade.objects.filter(helhedsplan=randers.helhedsplan))
    lille = Maal.objects.create(aftale=randers, navn="Lille", raekkefoelge=90)
    stor = Maal.objects.create(aftale=randers, navn="Stor", raekkefoelge=91)
    med_baselines(lille, 5, omraader)
    for _ in range(30):
        med_baselines(stor, 5, omraader)
    slug = randers.helhedsplan.slug
    client.force_login(leder)
    client.get(reverse("rediger_maal", args=[slug, randers.pk, lille.pk]))
    with django_assert_num_queries(9) as lille_q:
        client.get(reverse("rediger_maal", args=[slug, randers.pk, lille.pk]))
    with django_assert_num_queries(len(lille_q)):
        html = client.get(reverse("rediger_maal", args=[slug, randers.pk, stor.pk])).content
    assert html.decode().count("Redigér baselines") >= 30


@pytest.mark.parametrize("slug", ["randers-2025-29", "viborg-2025-29"])
def test_a_widget_alone_is_written_as_django_writes_it(slug):
    for aftale in Aftale.objects.filter(helhedsplan__slug=slug):
        for navn, dele in sider(aftale):
            for bf in felterne(dele):
                assert struktur(widget_tag(bf)) == struktur(str(bf)), (navn, bf.html_name)
