"""Values as a reader says them (`delaftaler.visning`), shared by history and compare."""

from __future__ import annotations

from datetime import date

import pytest

from delaftaler.historikforskel import Navngiver, feltforskelle
from delaftaler.models import Aftale, Delaftale, Medarbejderressource
from delaftaler.visning import feltetiket, ordforskel, skjult, vis_felt
from indikatorer.models import BaselineVaerdi


def test_figures_dates_and_choices_are_danish_from_raw_serialised_values():
    felter = {"procent": "68.000", "procent_decimaler": 1}
    assert vis_felt(BaselineVaerdi, "procent", "68.000", felter) == "68,0 %"
    assert vis_felt(BaselineVaerdi, "procent", "4209.500", {}) == "4.209,5 %"
    assert vis_felt(BaselineVaerdi, "aar", 2024) == "2024"
    assert vis_felt(Aftale, "gaelder_til", "2029-07-31") == "31/7-2029"
    assert vis_felt(BaselineVaerdi, "slags", "anden") == "Evt. anden baseline"
    assert vis_felt(BaselineVaerdi, "afventer", True) == "ja"
    assert vis_felt(BaselineVaerdi, "kommentar", "") == "—"
    assert vis_felt(Medarbejderressource, "maengde", "1924.00") == "1.924"


def test_labels_are_verbose_names_and_bookkeeping_is_hidden():
    assert feltetiket(Delaftale, "kommunal_sammenhaeng").startswith("Sammenhæng med den")
    assert feltetiket(Aftale, "aendret_af_id") == "Sidst ændret af"
    for navn in ("redigeringsnummer", "aendret", "aendret_af", "procent_decimaler", "aftale_ptr"):
        assert skjult(Delaftale if navn == "aftale_ptr" else BaselineVaerdi, navn)
    assert not skjult(BaselineVaerdi, "procent")


def test_a_text_is_marked_word_by_word_with_words_for_a_screen_reader():
    html = str(ordforskel("mødes hver måned i huset", "mødes hver anden uge i huset"))
    assert html.startswith("mødes hver ")
    assert '<span class="visually-hidden">slettet: </span>måned</del>' in html
    assert '<span class="visually-hidden">tilføjet: </span>anden uge</ins>' in html
    assert html.endswith(" i huset")
    assert "&lt;b&gt;" in str(ordforskel("a", "<b>"))  # escaped, never markup


@pytest.mark.django_db
def test_a_person_is_named_never_shown_by_id(leder):
    navngiv = Navngiver()
    foer, efter = {"aendret_af": None}, {"aendret_af": leder.pk}
    navngiv.saml(Aftale, foer, efter)
    assert not navngiv.oenskede  # "Sidst ændret af" is bookkeeping: never asked for
    assert feltforskelle(Aftale, foer, efter, navngiv) == []
    navngiv.oenskede[type(leder)].add(leder.pk)
    navngiv.hent()
    assert navngiv(type(leder), leder.pk) == "Lene Leder"
    assert vis_felt(Aftale, "aendret_af", leder.pk, navngiv=navngiv) == "Lene Leder"


def test_only_a_changed_decimal_count_shows_as_the_figure_changing():
    navngiv = Navngiver()
    foer = {"procent": "66.500", "procent_decimaler": 1, "aar": 2024}
    efter = {"procent": "66.500", "procent_decimaler": 2, "aar": 2024}
    (aendring,) = feltforskelle(BaselineVaerdi, foer, efter, navngiv)
    assert (aendring.felt, aendring.foer, aendring.efter) == ("Procent", "66,5 %", "66,50 %")
    assert vis_felt(BaselineVaerdi, "aar", date(2024, 1, 1).year) == "2024"


def test_a_rewritten_text_is_the_old_removed_and_the_new_added_not_interleaved_words():
    ud = str(ordforskel("Eventuelle ændringer i delaftalen godkendes.", "Kims nye revisionstekst"))
    assert ud.count("<del") == 1 and ud.count("<ins") == 1
    assert "Kims nye revisionstekst</ins>" in ud
    # Changes apart only by a space are one change; a kept word between two stays.
    ud = str(ordforskel("a b c d e f g h", "a b X Y e f g h"))
    assert ud.count("<del") == 1 and "c d</del>" in ud and "X Y</ins>" in ud
    ud = str(ordforskel("a b c d e f g h", "a b X d Y f g h"))
    assert ud.count("<del") == 2 and "</ins> d <del" in ud
