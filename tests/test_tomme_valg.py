"""A select's empty choice is named in Danish, never Django's "---------"."""

import re
from typing import Any

import pytest

from delaftaler.formfelter import tomt_valg
from delaftaler.models import Afsnit
from indikatorer.forms import BaselineForm

pytestmark = pytest.mark.django_db

TOMT_VALG = re.compile(r'<select name="([^"]+)"[^>]*>\s*<option value=""[^>]*>([^<]*)<')
UDEN_FOR = ("/static", "/media", "/admin", "/log-ud")
# Documents and files: not pages, and slow to build.
DOKUMENT = re.compile(r"/(pdf|word|lbf-eksport)/$|/versioner/\d+/[^/]+/$|/fil/[^/]+/$")


def _sider(klient: Any, start: str) -> dict[str, str]:
    """Every page reachable by a link from `start` within the app (GET only)."""
    sider: dict[str, str] = {}
    foran, set_ = [start], set()
    while foran:
        url = foran.pop()
        if url in set_:
            continue
        set_.add(url)
        svar = klient.get(url)
        if svar.status_code != 200 or "text/html" not in svar.get("Content-Type", ""):
            continue
        sider[url] = tekst = svar.content.decode()
        for link in re.findall(r'href="(/[^"#?]*)"', tekst):
            if not link.startswith(UDEN_FOR) and not DOKUMENT.search(link):
                foran.append(link)
    return sider


def test_no_page_of_the_leader_offers_dashes_for_nothing_chosen(klient: Any) -> None:
    sider = _sider(klient, "/")
    assert len(sider) > 150, "the crawl should reach the edit pages of every plan"
    valg: dict[str, set[str]] = {}
    for url, tekst in sider.items():
        assert "---------" not in tekst, url
        for navn, etiket in TOMT_VALG.findall(tekst):
            valg.setdefault(re.sub(r"^.*-", "", navn), set()).add(etiket)
    # What the demo's edit pages offer, field by field (the last part of the field's name).
    assert valg["omraade"] == {"(intet område)"}
    assert valg["fodnote"] == {"(ingen fodnote)"}
    assert valg["overordnet"] == {"(intet overordnet område)"}
    assert valg["aktivitet"] == {"(ingen bestemt aktivitet)"}
    assert valg["enhed"] == {"Vælg enhed"}
    assert valg["indsatsomraade"] == {"Vælg indsatsområde"}
    assert valg["helhedsplan"] == {"Vælg helhedsplan"}
    # A field's own empty choice stays as the model names it.
    assert valg["slags"] == {Afsnit.Slags.ANDET.label}
    assert valg["pr"] == {"—"}


def test_a_field_not_named_says_choose_when_required_and_not_chosen_otherwise() -> None:
    assert tomt_valg("sektion", paakraevet=True) == "Vælg sektion"
    assert tomt_valg("periodens art", paakraevet=False) == "(ikke valgt)"
    assert tomt_valg("område/afdeling", paakraevet=False) == "(intet område)"


def test_the_baseline_form_still_saves_a_line_without_an_area(randers: Any) -> None:
    felt = BaselineForm(aftale=randers).fields["omraade"]
    assert felt.empty_label == "(intet område)"  # type: ignore[attr-defined]
    assert list(felt.choices)[0][0] == ""  # type: ignore[attr-defined]
