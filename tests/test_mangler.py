"""Defects of issue 13: over-booking across periods and employers, a målsætning without an
indicator, a footnote marker without its footnote, dates that wrap on a phone."""

import datetime
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from delaftaler.dokumenter.pdf import dokument_html
from delaftaler.models import Delaftale, Fodnote
from delaftaler.models.delaftale import med_indhold
from delaftaler.redigering.overbelastning import overbelastning
from tests.conftest import bruger

pytestmark = pytest.mark.django_db


@pytest.fixture
def ishoej():
    return Delaftale.objects.get(helhedsplan__slug="ishoej-2025-29")


def _delaftale(ishoej, fra: datetime.date, til: datetime.date, slug: str = "beskaeftigelse"):
    return Delaftale.objects.create(
        helhedsplan=ishoej.helhedsplan,
        indsatsomraade=ishoej.indsatsomraade.fondsperiode.indsatsomraader.get(slug=slug),
        indsatsnavn="Beskæftigelse",
        gaelder_fra=fra,
        gaelder_til=til,
    )


def _linje(aftale, funktion: str, procent: int, arbejdsgiver: str = ""):
    aftale.medarbejderressourcer.create(
        funktion=funktion, arbejdsgiver=arbejdsgiver, maengde=procent, enhed="procent"
    )


def _advarsler_om(plan, funktion: str) -> list[str]:
    return [a for a in overbelastning(plan) if a.lower().startswith(funktion.lower())]


def test_one_person_in_a_delaftale_and_its_copy_for_the_next_period_is_not_over_booked(ishoej):
    # 2021–25 and its 2025–29 copy: the periods follow each other, they do not overlap.
    gammel = _delaftale(ishoej, datetime.date(2021, 11, 1), datetime.date(2025, 10, 31))
    kopi = _delaftale(ishoej, datetime.date(2025, 11, 1), datetime.date(2029, 10, 31))
    _linje(gammel, "Projektleder", 100)
    _linje(kopi, "Projektleder", 100)
    assert _advarsler_om(ishoej.helhedsplan, "Projektleder") == []  # was "200 %"


def test_overlapping_periods_still_add_up(ishoej):
    foerste = _delaftale(ishoej, datetime.date(2021, 11, 1), datetime.date(2026, 10, 31))
    anden = _delaftale(ishoej, datetime.date(2025, 11, 1), datetime.date(2029, 10, 31))
    _linje(foerste, "Projektleder", 60)
    _linje(anden, "Projektleder", 60)
    (advarsel,) = _advarsler_om(ishoej.helhedsplan, "Projektleder")
    assert "samlet sat til 120 % af stillingen" in advarsel


def test_an_employer_typed_on_one_line_only_is_the_same_person(ishoej, client, leder):
    anden = _delaftale(ishoej, ishoej.gaelder_fra, ishoej.gaelder_til)
    _linje(ishoej, "Projektleder", 55, arbejdsgiver="Boligforeningen AAB")
    _linje(anden, "projektleder", 50)
    (advarsel,) = _advarsler_om(ishoej.helhedsplan, "Projektleder")
    assert "samlet sat til 105 % af stillingen" in advarsel  # was missed
    client.force_login(leder)
    side = client.get(ishoej.get_absolute_url()).content.decode()
    assert "Projektleder er samlet sat til 105 % af stillingen" in side


def test_two_different_employers_are_two_people(ishoej):
    anden = _delaftale(ishoej, ishoej.gaelder_fra, ishoej.gaelder_til)
    _linje(ishoej, "Projektleder", 60, arbejdsgiver="Ishøj Kommune")
    _linje(anden, "Projektleder", 60, arbejdsgiver="Boligforeningen AAB")
    assert _advarsler_om(ishoej.helhedsplan, "Projektleder") == []
    # A line without an employer counts for each of them.
    _linje(anden, "Projektleder", 50)
    advarsler = _advarsler_om(ishoej.helhedsplan, "Projektleder")
    assert len(advarsler) == 2
    assert all("samlet sat til 110 %" in a for a in advarsler)
    assert any("(Ishøj Kommune)" in a for a in advarsler)


def test_the_warning_costs_one_query(ishoej, django_assert_num_queries):
    _linje(ishoej, "Projektleder", 60)
    plan = ishoej.helhedsplan
    with django_assert_num_queries(1):
        overbelastning(plan)


@pytest.fixture
def randers():
    return Delaftale.objects.get(helhedsplan__slug="randers-2025-29")


def test_a_maalsaetning_shows_while_its_delmaal_has_no_indicator(randers, client, leder):
    randers.maal.create(navn="Flere unge i job", maalsaetning="Halvdelen af de unge i job i 2029")
    client.force_login(leder)
    side = client.get(randers.get_absolute_url()).content.decode()
    assert "Flere unge i job" in side
    assert "Halvdelen af de unge i job i 2029" in side
    pdf = _pdf(randers)
    assert "Halvdelen af de unge i job i 2029" in pdf


def _pdf(aftale: Delaftale) -> str:
    """The agreement's print HTML, as the PDF renders it."""
    fuld = med_indhold(aftale.helhedsplan, aftale.pk)
    assert fuld is not None
    return dokument_html(fuld)


def _sup(nummer: int) -> str:
    return f'<sup class="fodnote-ref">{nummer}</sup>'


def test_a_footnote_marker_without_its_footnote_prints_as_typed(randers, client, leder):
    randers.parter_tekst = "Parterne mødes kvartalsvis [^7]."
    randers.save()
    assert not randers.fodnoter.filter(nummer=7).exists()
    client.force_login(bruger("bestyrelse"))
    side = client.get(randers.get_absolute_url()).content.decode()
    assert "Parterne mødes kvartalsvis [^7]." in side
    assert _sup(7) not in side
    pdf = _pdf(randers)
    assert "Parterne mødes kvartalsvis [^7]." in pdf and 'data-nummer="7"' not in pdf
    # The leader, who can mend it, is told on screen.
    client.force_login(leder)
    side = client.get(randers.get_absolute_url()).content.decode()
    assert "[^7]" in side and "fodnote 7 findes ikke" in side
    assert _sup(7) not in side


def test_a_footnote_marker_with_its_footnote_is_a_superscript(randers, client, leder):
    randers.parter_tekst = "Parterne mødes kvartalsvis [^7]."
    randers.save()
    Fodnote.objects.create(aftale=randers, nummer=7, tekst="Se mødeplanen.")
    client.force_login(leder)
    side = client.get(randers.get_absolute_url()).content.decode()
    assert "kvartalsvis " + _sup(7) in side and "findes ikke" not in side
    pdf = _pdf(randers)
    assert 'data-nummer="7">Se mødeplanen.</span>' in pdf


def test_dates_in_table_cells_do_not_wrap(randers, client, leder):
    client.force_login(leder)
    side = client.get(reverse("versioner", args=[randers.helhedsplan.slug, randers.pk]))
    assert re.search(r'<td class="dato">Møde \d+/\d+-\d{4}', side.content.decode())
    regler = Path(settings.BASE_DIR, "static", "css", "app.css").read_text(encoding="utf-8")
    assert re.search(r"\.dato[^{]*\{[^}]*white-space: nowrap", regler)
    # Long words are hyphenated (lang="da"), not cut anywhere without a hyphen.
    assert "overflow-wrap: anywhere" not in regler
    assert re.search(r"\{[^}]*hyphens: auto", regler)


def test_a_period_breaks_between_its_dates_never_inside_one(client, leder):
    # "1/9-2021 – 31/8-" and "2025" on the next line: each date is kept whole.
    client.force_login(leder)
    forside = client.get(reverse("forside")).content.decode()
    assert (
        '<td><span class="dato">1/9-2021</span> – <span class="dato">31/8-2025</span></td>'
        in forside
    )
    aftale = Delaftale.objects.get(helhedsplan__slug="soenderborg-2021-25")
    side = client.get(aftale.get_absolute_url()).content.decode()
    assert '<span class="dato">1/9-2021</span> – <span class="dato">31/8-2025</span>' in side


def test_long_words_in_the_delmaal_table_may_break_with_a_hyphen_on_the_page_only(client, leder):
    from delaftaler.templatetags.aftaler import orddeling

    assert orddeling("Fraflytningsprocenten falder") == "Fraflyt\xadnings\xadpro\xadcenten falder"
    assert orddeling("RandersBolig og Lejerbo") == "RandersBolig og Lejerbo"  # names stay whole
    assert orddeling("Fraflytningsprocenten", True) == "Fraflytningsprocenten"  # the PDF's own
    randers = Delaftale.objects.get(helhedsplan__slug="randers-2025-29")
    client.force_login(leder)
    side = client.get(randers.get_absolute_url()).content.decode()
    assert "Fraflyt\xadnings\xadpro\xadcenten" in side
    assert "\xad" not in dokument_html(Delaftale.objects.med_indhold().get(pk=randers.pk))


def test_a_delmaal_without_indicators_breaks_its_long_words_with_a_hyphen_too(client, leder):
    randers = Delaftale.objects.get(helhedsplan__slug="randers-2025-29")
    randers.maal.create(navn="Beskæftigelsesfrekvensen stiger <script>x</script>")
    client.force_login(leder)
    side = client.get(randers.get_absolute_url()).content.decode()
    assert "Beskæf\xadti\xadgel\xadses\xadfre\xadkvensen stiger" in side
    # The filter's text is escaped as any other: markup typed into a name stays text.
    assert "&lt;script&gt;x&lt;/script&gt;" in side and "<script>x</script>" not in side
