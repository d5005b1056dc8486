"""Search across the user's plans (/soeg/?q=): what it finds, for whom, and at what cost."""

import re
from typing import Any
from urllib.parse import quote_plus

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.urls import reverse

from aktiviteter.models import Aktivitet
from delaftaler.models import Delaftale, Helhedsplan, Medlemskab, Omraade
from soeg.fremhaevning import marker, moenster, soegeord, uddrag, udeladte
from soeg.soegning import GRAENSE, soeg
from tests.conftest import bruger

pytestmark = pytest.mark.django_db

ISHOEJ = "ishoej-2025-29"
VIBORG = "viborg-2025-29"
SOENDERBORG = "soenderborg-2021-25"


def _side(client: Any, navn: str, q: str, status: int = 200) -> str:
    client.force_login(bruger(navn))
    svar = client.get(reverse("soeg"), {"q": q})
    assert svar.status_code == status
    return svar.content.decode()


def _fund(resultat: Any) -> dict[str, list[tuple[str, str, str]]]:
    """Kind → [(plan slug, title without markup, url)]."""
    return {
        s.art.noegle: [
            (g.plan.slug, re.sub(r"</?mark>", "", f.titel), f.url)
            for g in s.grupper
            for f in g.fund
        ]
        for s in resultat.sektioner
    }


def _medlem(navn: str, **roller: str) -> Any:
    person = get_user_model().objects.create_user(navn, password="hemmelig-1234")
    for slug, rolle in roller.items():
        Medlemskab.objects.create(
            bruger=person, helhedsplan=Helhedsplan.objects.get(slug=slug), rolle=rolle
        )
    return person


def test_the_four_words_of_the_issue_are_found_with_links_to_their_sections() -> None:
    leder = bruger("leder")
    ishoej = Delaftale.objects.get(helhedsplan__slug=ISHOEJ)
    side = reverse("aftale", args=[ISHOEJ, ishoej.pk])

    fund = _fund(soeg(leder, "Steenbjerggård"))
    assert (ISHOEJ, "Steenbjerggård (afdeling)", reverse("omraader", args=[ISHOEJ])) in fund[
        "omraader"
    ]
    assert any(t.startswith("Ejendomsdriften i Steenbjerggård") for _, t, _ in fund["parter"])
    assert {u for _, _, u in fund["parter"]} == {side + "#parter"}
    assert fund["aktiviteter"]  # the activity Beboerrådgivning names the afdeling
    assert fund["aftaler"][0][2] == side + f"#aftale-{ishoej.pk}"

    sundhedstjek = ishoej.aktiviteter.get(navn="Sundhedstjek")
    fund = _fund(soeg(leder, "Sundhedstjek"))
    assert (ISHOEJ, "Sundhedstjek", side + f"#aktivitet-{sundhedstjek.pk}") in fund["aktiviteter"]

    fund = _fund(soeg(leder, "fællesspisning"))
    assert [p for p, _, _ in fund["aktiviteter"]] == [SOENDERBORG]

    fund = _fund(soeg(leder, "Kølvrå"))
    assert fund["omraader"] == [
        (VIBORG, "Kølvrå afd. 8 (afdeling)", reverse("omraader", args=[VIBORG]))
    ]


def test_part_of_a_word_is_found() -> None:
    leder = bruger("leder")
    assert [t for _, t, _ in _fund(soeg(leder, "Kølv"))["omraader"]] == ["Kølvrå afd. 8 (afdeling)"]
    assert "Steenbjerggård (afdeling)" in [
        t for _, t, _ in _fund(soeg(leder, "bjerggård"))["omraader"]
    ]
    assert _fund(soeg(leder, "sundhedstj"))["aktiviteter"]


def test_staff_titles_indicators_and_goals_are_found() -> None:
    leder = bruger("leder")
    randers = Delaftale.objects.get(helhedsplan__slug="randers-2025-29")
    linje = randers.medarbejderressourcer.first()
    fund = _fund(soeg(leder, linje.funktion))
    assert any(u.endswith("#ressourcer") for _, _, u in fund["ressourcer"])
    fund = _fund(soeg(leder, "Fraflytningsprocenten"))
    assert any(u.endswith("#maal") for _, _, u in fund["indikatorer"])
    fund = _fund(soeg(leder, "Flere tilfredse beboere"))
    assert any(u.endswith("#maal") for _, _, u in fund["maal"])


def test_the_page_groups_by_kind_and_plan_and_marks_the_words(client: Any) -> None:
    html = _side(client, "leder", "Steenbjerggård")
    assert 'role="search"' in html
    assert re.search(r'role="status"[^>]*>\s*\d+ resultater for »Steenbjerggård«', html)
    assert "<mark>Steenbjerggård</mark>" in html
    for overskrift in ("Områder og afdelinger", "Parter", "Aktiviteter"):
        assert f">{overskrift} <span" in html
    assert "Den boligsociale helhedsplan i Ishøj" in html or "Ishøj" in html


def test_typed_markup_is_printed_as_typed(client: Any) -> None:
    randers = Delaftale.objects.get(helhedsplan__slug="randers-2025-29")
    Aktivitet.objects.create(
        delaftale=randers, navn="Zyx <b>fed</b>", formaal="<script>alert(1)</script> zyxord"
    )
    html = _side(client, "leder", "zyxord")
    assert "<script>alert(1)" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; <mark>zyxord</mark>" in html
    assert "Zyx &lt;b&gt;fed&lt;/b&gt;" in html


def test_never_another_plans_rows_and_each_role_reads_what_it_may(client: Any) -> None:
    """Redaktør in Ishøj, bestyrelse in Viborg, LBF in Sønderborg, not in Randers."""
    person = _medlem(
        "tre_roller",
        **{
            ISHOEJ: Medlemskab.Rolle.REDAKTOER,
            VIBORG: Medlemskab.Rolle.BESTYRELSE,
            SOENDERBORG: Medlemskab.Rolle.LBF,
        },
    )
    viborg = Helhedsplan.objects.get(slug=VIBORG)
    # The redaktør's area leads to the areas page; the board's to the plan on the start page.
    assert _fund(soeg(person, "Steenbjerggård"))["omraader"] == [
        (ISHOEJ, "Steenbjerggård (afdeling)", reverse("omraader", args=[ISHOEJ]))
    ]
    assert _fund(soeg(person, "Kølvrå"))["omraader"] == [
        (
            VIBORG,
            "Kølvrå afd. 8 (afdeling)",
            reverse("forside") + f"?q={quote_plus(viborg.navn)}#plan-{VIBORG}",
        )
    ]
    # Landsbyggefonden reads no draft: Sønderborg's texts are not searched, its name is,
    # and it leads to the approved versions.
    assert soeg(person, "fællesspisning").sektioner == []
    soenderborg = Delaftale.objects.get(helhedsplan__slug=SOENDERBORG)
    fund = _fund(soeg(person, soenderborg.indsatsnavn))
    assert [u for p, _, u in fund["aftaler"] if p == SOENDERBORG] == [
        reverse("versioner", args=[SOENDERBORG, soenderborg.pk])
    ]
    assert all(p != SOENDERBORG for art, f in fund.items() if art != "aftaler" for p, _, _ in f)
    # Randers is not the person's: nothing of it.
    randers = Delaftale.objects.get(helhedsplan__slug="randers-2025-29")
    fund = _fund(soeg(person, randers.indsatsnavn))
    assert fund and all(p != "randers-2025-29" for f in fund.values() for p, _, _ in f)
    Omraade.objects.create(helhedsplan=randers.helhedsplan, navn="Kølvrå Randers")
    assert [t for _, t, _ in _fund(soeg(person, "Kølvrå"))["omraader"]] == [
        "Kølvrå afd. 8 (afdeling)"
    ]
    html = _side(client, "tre_roller", "Kølvrå")
    assert "Landsbyggefonden, søges kun i aftalernes navne" in html


def test_a_user_of_another_plan_finds_nothing_of_the_demo_plans(fremmed: Any) -> None:
    Omraade.objects.create(
        helhedsplan=Helhedsplan.objects.get(slug="fremmed-plan"), navn="Kølvrå Øst"
    )
    assert _fund(soeg(fremmed, "Kølvrå")) == {
        "omraader": [
            ("fremmed-plan", "Kølvrå Øst (boligområde)", reverse("omraader", args=["fremmed-plan"]))
        ]
    }
    assert soeg(fremmed, "Steenbjerggård").sektioner == []


def test_empty_search_shows_the_form_and_a_hint(client: Any) -> None:
    html = _side(client, "leder", "")
    assert 'role="search"' in html and "Skriv et eller flere ord" in html
    assert "resultat" not in html.split("</form>", 1)[1].lower()
    client.force_login(bruger("leder"))
    assert client.get(reverse("soeg")).status_code == 200


def test_a_search_over_200_characters_is_refused_in_danish_with_the_text_kept(client: Any) -> None:
    lang = "Kølvrå " * 30
    html = _side(client, "leder", lang, status=400)
    assert "Søgningen må højst være 200 tegn" in html
    assert 'aria-invalid="true"' in html
    assert lang.strip() in html
    assert "resultater for" not in html


def test_a_nul_character_is_refused_not_a_server_error(client: Any) -> None:
    html = _side(client, "leder", "Kølvrå\x00", status=400)
    assert "is-invalid" in html


def test_anonymous_is_sent_to_login(client: Any) -> None:
    svar = client.get(reverse("soeg"), {"q": "Kølvrå"})
    assert svar.status_code == 302 and svar.url.startswith(reverse("login"))


def test_websearch_operators_do_not_break_the_search() -> None:
    leder = bruger("leder")
    for q in ['"', "-", "or", "Kølvrå -Kølvrå", '"Kølvrå afd"', "!!!", "a & b | c:*"]:
        soeg(leder, q)  # no exception
    assert soeg(leder, "!!!").sektioner == []
    # A left-out word leaves out the rows that hold it, in the fallback too.
    assert _fund(soeg(leder, "Kølv"))["omraader"]
    assert "omraader" not in _fund(soeg(leder, "Kølv -afd"))
    assert udeladte("Kølv -afd ikke-dette") == ["afd"]


def test_the_number_of_queries_is_fixed_whatever_the_number_of_plans(
    django_assert_num_queries: Any,
) -> None:
    leder = bruger("leder")
    with django_assert_num_queries(8):  # memberships + one per kind
        soeg(leder, "Kølvrå")
    fondsperiode = Helhedsplan.objects.first().fondsperiode
    for n in range(20):
        plan = Helhedsplan.objects.create(
            slug=f"ekstra-{n}", navn=f"Ekstra {n}", fondsperiode=fondsperiode
        )
        Medlemskab.objects.create(bruger=leder, helhedsplan=plan, rolle=Medlemskab.Rolle.REDAKTOER)
        Omraade.objects.create(helhedsplan=plan, navn=f"Kølvrå {n}")
    with django_assert_num_queries(8):
        fund = _fund(soeg(leder, "Kølvrå"))
    assert len(fund["omraader"]) == 21
    lbf = bruger("lbf")
    with django_assert_num_queries(2):  # memberships + the agreements' names
        soeg(lbf, "Kølvrå")


def test_at_most_a_fixed_number_of_rows_per_kind() -> None:
    leder = bruger("leder")
    plan = Helhedsplan.objects.get(slug=VIBORG)
    Omraade.objects.bulk_create(
        [Omraade(helhedsplan=plan, navn=f"Qwerty {n}", raekkefoelge=n) for n in range(GRAENSE + 5)]
    )
    (sektion,) = soeg(leder, "Qwerty").sektioner
    assert sektion.antal == GRAENSE and sektion.flere


@pytest.mark.skipif(connection.vendor != "postgresql", reason="full-text search is PostgreSQL's")
def test_postgresql_finds_inflected_forms_with_the_danish_configuration() -> None:
    leder = bruger("leder")
    # Neither word is in the texts as typed; the Danish stemmer finds them.
    fund = _fund(soeg(leder, "fællesspisningen"))
    assert [p for p, _, _ in fund["aktiviteter"]] == [SOENDERBORG]
    assert _fund(soeg(leder, "sundhedstjekket"))["aktiviteter"]
    # And ranks: the activity named Sundhedstjek comes before those that mention it.
    fund = _fund(soeg(leder, "Sundhedstjek"))
    assert fund["aktiviteter"][0][1] == "Sundhedstjek"


def test_marking_escapes_first_and_marks_whole_words() -> None:
    m = moenster(soegeord("fællesspisning -pop or Kølv"))
    assert soegeord("fællesspisning -pop or Kølv") == ["fællesspisning", "Kølv"]
    assert marker("<b>Fællesspisningen</b> i Kølvrå", m) == (
        "&lt;b&gt;<mark>Fællesspisningen</mark>&lt;/b&gt; i <mark>Kølvrå</mark>"
    )
    lang = "ord " * 100 + "Kølvrå" + " ord" * 100
    kort = uddrag(["intet her", lang], m)
    assert "<mark>Kølvrå</mark>" in kort and kort.startswith("…") and kort.endswith("…")
    assert len(kort) < 260


def test_the_page_costs_the_same_queries_for_5_plans_as_for_25(client: Any) -> None:
    from django.test.utils import CaptureQueriesContext

    leder = bruger("leder")
    client.force_login(leder)

    def antal() -> int:
        with CaptureQueriesContext(connection) as forespoergsler:
            assert client.get(reverse("soeg"), {"q": "Kølvrå"}).status_code == 200
        return len(forespoergsler)

    fem = antal()
    fondsperiode = Helhedsplan.objects.first().fondsperiode
    for n in range(20):
        plan = Helhedsplan.objects.create(
            slug=f"side-{n}", navn=f"Side {n}", fondsperiode=fondsperiode
        )
        Medlemskab.objects.create(bruger=leder, helhedsplan=plan, rolle=Medlemskab.Rolle.REDAKTOER)
        Omraade.objects.create(helhedsplan=plan, navn=f"Kølvrå {n}")
    assert antal() == fem
