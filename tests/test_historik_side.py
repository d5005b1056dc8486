"""The history page: paged, in the reader's language, its cost independent of how many
revisions there are."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from reversion.models import Revision

from delaftaler.historik import SIDE, historik
from delaftaler.models import Aftale, Omraade
from delaftaler.redigering import gem_aendring
from indikatorer.models import BaselineVaerdi

pytestmark = pytest.mark.django_db


def url(aftale, **parametre: object) -> str:
    adresse = reverse("historik", args=[aftale.helhedsplan.slug, aftale.pk])
    if parametre:
        adresse += "?" + "&".join(f"{k}={v}" for k, v in parametre.items())
    return adresse


def gem(aftale, bruger, aendr, kommentar: str = "Redigeret") -> None:
    """One save through the app's conflict-safe path: one revision of the whole agreement."""
    nummer = Aftale.objects.get(pk=aftale.pk).redigeringsnummer
    gem_aendring(aftale, bruger, nummer, kommentar, aendr)


def baseline(aftale) -> BaselineVaerdi:
    return (
        BaselineVaerdi.objects.filter(indikator__maal__aftale=aftale, procent__isnull=False)
        .order_by("pk")
        .first()
    )


def ret_procent(aftale, procent: str, decimaler: int) -> None:
    b = baseline(aftale)
    b.procent, b.procent_decimaler = Decimal(procent), decimaler
    b.save()


def gem_mange(aftale, bruger, antal: int) -> None:
    """`antal` saves, each changing a figure, a long text and a party's title."""
    for n in range(antal):

        def aendr(n: int = n) -> None:
            ret_procent(aftale, f"{50 + n % 40}.5", 1)
            a = type(aftale).objects.get(pk=aftale.pk)
            a.kommunal_sammenhaeng = f"Kommunen og boligorganisationen mødes hver {n}. uge."
            a.save()
            part = a.parter.order_by("pk").first()
            part.titel = f"Titel {n}"
            part.save()

        gem(aftale, bruger, aendr)


def antal_forespoergsler(klient, adresse: str) -> int:
    klient.get(adresse)  # warm the content-type cache
    with CaptureQueriesContext(connection) as fanget:
        assert klient.get(adresse).status_code == 200
    return len(fanget)


def test_the_history_page_costs_the_same_queries_for_2_and_50_revisions(
    klient, randers, leder, django_assert_num_queries
):
    Revision.objects.filter(version__object_id=str(randers.pk)).delete()
    gem_mange(randers, leder, 2)
    to = antal_forespoergsler(klient, url(randers))
    gem_mange(randers, leder, 48)
    assert historik(randers).antal == 50
    with django_assert_num_queries(to):
        assert klient.get(url(randers)).status_code == 200
    with django_assert_num_queries(to):
        assert klient.get(url(randers, side=2)).status_code == 200


def test_the_history_is_paged_twenty_at_a_time_with_a_danish_pager(klient, randers, leder):
    gem_mange(randers, leder, SIDE + 5)
    foerste = klient.get(url(randers)).content.decode()
    assert foerste.count('class="card mb-3"') == SIDE
    assert 'aria-label="Sider i historikken"' in foerste
    assert 'aria-current="page"><span class="visually-hidden">Side </span>1' in foerste
    assert ">Ældre</a>" in foerste and ">Nyere</a>" not in foerste
    anden = klient.get(url(randers, side=2)).content.decode()
    assert ">Nyere</a>" in anden and ">Ældre</a>" not in anden
    antal = historik(randers).antal
    assert anden.count('class="card mb-3"') == antal - SIDE
    # Nonsense or a page past the end never fails: page 1, or the last page.
    assert klient.get(url(randers, side="abc")).status_code == 200
    assert klient.get(url(randers, side=99)).content.decode().count('class="card mb-3"') == (
        antal - SIDE
    )


def test_each_revision_is_compared_with_the_one_before_it_across_pages(randers, leder):
    gem_mange(randers, leder, SIDE + 1)
    nyeste, aeldste_paa_siden = historik(randers).poster[0], historik(randers).poster[-1]
    assert nyeste.aendringer and aeldste_paa_siden.aendringer
    anden = historik(randers, 2).poster
    assert anden[-1].aendringer is None  # the first recorded state
    titler = [f.efter for a in anden[0].aendringer or [] for f in a.felter if f.felt == "Titel"]
    assert titler == ["Titel 0"]


def _felter(post) -> dict[str, tuple[str, str]]:
    return {f"{a.model}/{f.felt}": (f.foer, f.efter) for a in post.aendringer for f in a.felter}


def test_figures_are_danish_and_their_decimal_count_is_folded_in(randers, leder):
    gem(randers, leder, lambda: ret_procent(randers, "68.000", 0))
    gem(randers, leder, lambda: ret_procent(randers, "66.5", 1))
    felter = _felter(historik(randers).poster[0])
    assert felter["baselineværdi/Procent"] == ("68 %", "66,5 %")
    assert not any("ecimal" in k or "Redigeringsnummer" in k for k in felter)
    assert not any("Sidst ændret" in k or "Rækkefølge" in k for k in felter)
    # Only the decimal count changed: the figure shows it, written as it now prints.
    gem(randers, leder, lambda: ret_procent(randers, "66.5", 2))
    assert _felter(historik(randers).poster[0])["baselineværdi/Procent"] == ("66,5 %", "66,50 %")


def test_one_save_of_the_agreement_is_one_entry_with_danish_dates(randers, leder):
    def periode() -> None:
        a = type(randers).objects.get(pk=randers.pk)
        a.gaelder_til, a.indsatsnavn = date(2029, 6, 30), "Fællesskab i Randers"
        a.save()

    gem(randers, leder, periode)
    (post,) = [p for p in historik(randers).poster[:1]]
    aftaler = [a for a in post.aendringer if a.model in ("aftale", "delaftale")]
    assert len(aftaler) == 1 and aftaler[0].model == "delaftale"
    felter = {f.felt: (f.foer, f.efter) for f in aftaler[0].felter}
    assert felter["Gælder til"][1] == "30/6-2029"
    assert "Sidst ændret af" not in felter and "Sidst ændret" not in felter


def test_foreign_keys_are_shown_by_name_and_people_by_name(klient, randers, leder):
    b = baseline(randers)
    omraade = (
        Omraade.objects.filter(helhedsplan=randers.helhedsplan)
        .exclude(pk=b.omraade_id)
        .order_by("pk")
        .first()
    )

    def flyt() -> None:
        b.omraade = omraade
        b.save()

    gem(randers, leder, flyt)
    felter = _felter(historik(randers).poster[0])
    assert felter["baselineværdi/Område/afdeling"][1] == omraade.navn
    html = klient.get(url(randers)).content.decode()
    assert "Lene Leder" in html
    assert not re.search(r"Sidst ændret af</th><td>.*?—.*?</td><td>.*?\d", html)


def test_a_long_text_is_marked_word_by_word_and_accessibly(klient, randers, leder):
    tekst = (
        "Kommunen og boligorganisationen mødes hver måned og aftaler, hvordan "
        "indsatsen i boligområdet kobles til den kommunale beskæftigelsesindsats."
    )

    def skriv(t: str):
        def aendr() -> None:
            a = type(randers).objects.get(pk=randers.pk)
            a.kommunal_sammenhaeng = t
            a.save()

        return aendr

    gem(randers, leder, skriv(tekst))
    gem(randers, leder, skriv(tekst.replace("hver måned", "hver anden uge")))
    html = klient.get(url(randers)).content.decode()
    assert re.search(r'<del class="ordskift[^"]*"><span class="visually-hidden">slettet: ', html)
    assert re.search(r'<ins class="ordskift[^"]*"><span class="visually-hidden">tilføjet: ', html)
    assert "måned</del>" in html and "anden uge</ins>" in html
    assert "boligorganisationen mødes hver" in html  # the unchanged words stay plain


def test_a_party_whose_title_changed_is_changed_not_removed_and_added(randers, leder):
    def ny_titel() -> None:
        part = randers.parter.order_by("pk").first()
        part.titel = "Direktør for det hele"
        part.save()

    gem(randers, leder, ny_titel)
    (part,) = [a for a in historik(randers).poster[0].aendringer if a.model == "part"]
    assert part.slags == "ændret"
    assert [f.efter for f in part.felter if f.felt == "Titel"] == ["Direktør for det hele"]


def test_a_section_link_shows_only_that_sections_changes(klient, randers, leder):
    gem_mange(randers, leder, 2)
    maal = klient.get(url(randers, afsnit="maal")).content.decode()
    assert "Baselineværdi:" in maal and "Part:" not in maal
    assert "Viser kun ændringer i afsnittet »Mål og delmål«" in maal
    parter = klient.get(url(randers, afsnit="parter")).content.decode()
    assert "Part:" in parter and "Baselineværdi:" not in parter
    tekster = historik(randers, afsnit="tekster").poster[0].aendringer
    assert {f.felt for a in tekster for f in a.felter} == {
        "Sammenhæng med den kommunale indsats i boligområdet"
    }


def test_the_agreement_page_links_each_section_to_its_history(klient, randers):
    html = klient.get(randers.get_absolute_url()).content.decode()
    for afsnit in ("stamdata", "parter", "maal", "aktiviteter", "ressourcer", "tekster"):
        assert url(randers, afsnit=afsnit) in html


def test_the_revision_lookup_uses_reversions_unique_index_on_postgresql(randers, leder):
    if connection.vendor != "postgresql":
        pytest.skip("EXPLAIN of PostgreSQL's planner")
    from delaftaler.historik import sidens_opslag

    sql, parametre = sidens_opslag(randers, 1).query.sql_with_params()
    with connection.cursor() as c:
        c.execute("SET LOCAL enable_seqscan = off")  # tiny test tables: force the choice
        c.execute(f"EXPLAIN {sql}", parametre)
        plan = "\n".join(r[0] for r in c.fetchall())
    assert "Index" in plan and "reversion_version_db_content_type_id_objec" in plan, plan


def test_the_conflict_page_lists_the_other_persons_changes_in_danish(client, randers, leder):
    from django.contrib.auth import get_user_model

    from delaftaler.redigering.formdata import formdata

    kollega = get_user_model().objects.create_user("kollega3", first_name="Kim")
    randers.helhedsplan.medlemskaber.create(bruger=kollega, rolle="redaktoer")
    adresse = reverse("rediger_sektion", args=[randers.helhedsplan.slug, randers.pk, "parter"])
    client.force_login(leder)
    min_side = formdata(client.get(adresse).content.decode())
    client.force_login(kollega)
    deres = formdata(client.get(adresse).content.decode())
    deres["parter-0-titel"] = "Direktør for det hele"
    assert client.post(adresse, deres).status_code == 302
    client.force_login(leder)
    min_side["parter-1-titel"] = "Centerchef"
    svar = client.post(adresse, min_side)
    assert svar.status_code == 409
    html = svar.content.decode()
    i = html.index("Ændringerne")
    assert "ændret</span> Part:" in html[i:] and "<ins>Direktør for det hele</ins>" in html[i:]
    assert "Redigeringsnummer" not in html[i:]


def test_the_strategic_agreements_history_is_one_entry_per_save_too(client):
    from delaftaler.models import StrategiskAftale

    strategisk = StrategiskAftale.objects.get(helhedsplan__slug="vejleaaparken-2021-25")
    leder = strategisk.helhedsplan.medlemskaber.filter(rolle="redaktoer").first().bruger
    client.force_login(leder)

    def omdoeb() -> None:
        a = StrategiskAftale.objects.get(pk=strategisk.pk)
        a.omraadets_navn = "Randers Øst"
        a.save()

    gem(strategisk, leder, omdoeb)
    gem(strategisk, leder, omdoeb)  # nothing changed the second time
    assert historik(strategisk).poster[0].aendringer == []  # shown: "no content change"
    # A section's history leaves out saves that did not touch it.
    (egen,) = historik(strategisk, afsnit="stamdata").poster[0].aendringer
    assert "strategisk" in egen.model and egen.navn == ""
    assert [f.efter for f in egen.felter] == ["Randers Øst"]
    html = client.get(strategisk.get_absolute_url()).content.decode()
    assert url(strategisk, afsnit="afsnit") in html and url(strategisk, afsnit="maal") in html
