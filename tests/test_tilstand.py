"""Issue 12: the state on every page, the lock of a draft with the board, the unchanged
draft, and the board acting on a stale page."""

import datetime
import json

import pytest
from django.urls import reverse

from delaftaler import versioner
from delaftaler.dataformat.felter import NYE_BASELINEFELTER
from delaftaler.models import Behandling, Delaftale, StrategiskAftale, Version
from delaftaler.redigering.formdata import formdata
from tests.conftest import bruger
from tests.test_adgang import POST, REDIGER, _urls

pytestmark = pytest.mark.django_db

PLAN = "randers-2025-29"
# The edit pages of an agreement (and the plan's areas, part of every agreement's content):
# locked while a draft is with the board. The others create or copy agreements, or edit
# the follow-up: none of it is in a sent draft's content (checked below, by its checksum).
LAAST = {"rediger_sektion", "rediger_maal", "rediger_baselines", "rediger_aktivitet", "omraader"}


def behandl(client, aftale, handling, **data):
    url = reverse("behandl", args=[aftale.helhedsplan.slug, aftale.pk])
    return client.post(url, {"handling": handling, **data})


def aendret(aftale, tekst="Revideret revisionstekst"):
    type(aftale).objects.filter(pk=aftale.pk).update(revision=tekst)
    return aftale


def side(client, aftale):
    return client.get(reverse("aftale", args=[aftale.helhedsplan.slug, aftale.pk])).content.decode()


def forside(client):
    return client.get(reverse("forside")).content.decode()


def test_every_state_of_a_delaftale_on_the_start_page_and_its_page(
    client, randers, godkendelse_straks
):
    leder, bestyrelse = bruger("leder"), bruger("bestyrelse")
    client.force_login(leder)
    assert "Godkendt version 1" in forside(client)  # the seed, approved
    assert versioner.tilstand(randers).kode == "godkendt"
    aendret(randers)
    Delaftale.objects.filter(pk=randers.pk).update(redigeringsnummer=randers.redigeringsnummer + 1)
    t = versioner.tilstand(Delaftale.objects.get(pk=randers.pk))
    assert (t.kode, t.tekst) == ("kladde", "Kladde (ændret siden version 1)")
    assert "Du kan sende kladden til bestyrelsen." in side(client, randers)

    assert behandl(client, randers, "indsend", kommentar="Ny revision").status_code == 302
    html = side(client, randers)
    assert 'data-tilstand="sendt"' in html and "Lene Leder" in html and "Ny revision" in html
    assert "Træk kladden tilbage, hvis du vil redigere den." in html
    client.force_login(bestyrelse)
    html = side(client, randers)
    assert "Bestyrelsen skal tage stilling" in html and 'name="moededato"' in html

    behandl(client, randers, "send_tilbage", kommentar="Ret delmål 2, tak")
    client.force_login(leder)
    for html in (forside(client), side(client, randers)):
        assert 'data-tilstand="sendt_tilbage"' in html
        assert "Ret delmål 2, tak" in html and "Bo Bestyrelse" in html
    assert "Ret kladden efter bestyrelsens kommentar, og send den igen." in side(client, randers)

    behandl(client, aendret(randers, "Rettet"), "indsend")
    client.force_login(bestyrelse)
    behandl(client, randers, "godkend", moededato="2026-03-04", kommentar="OK")
    t = versioner.tilstand(Delaftale.objects.get(pk=randers.pk))
    assert (t.kode, t.tekst, t.gaeldende.nummer) == ("godkendt", "Godkendt version 2", 2)
    client.force_login(leder)
    assert "godkendt af bestyrelsen 4/3-2026" in forside(client)


def test_a_strategic_agreement_waits_for_lbf_and_may_be_refused(client):
    vejle = StrategiskAftale.objects.get(helhedsplan__slug="vejleaaparken-2021-25")
    versioner.indsend(aendret(vejle), bruger("leder"), trods_tjekliste=True)
    v2 = versioner.godkend(vejle, bruger("bestyrelse"), datetime.date(2026, 5, 1))
    t = versioner.tilstand(vejle)
    assert t.kode == "afventer_lbf" and t.afventer_lbf == v2 and t.gaeldende.nummer == 1
    assert t.naeste_skridt("lbf") == "Landsbyggefonden skal godkende eller afvise version 2."
    assert t.naeste_skridt("redaktoer") == "Landsbyggefonden skal godkende version 2."
    client.force_login(bruger("leder"))
    assert "Version 2 afventer Landsbyggefondens godkendelse" in forside(client)
    versioner.lbf_beslut(v2, bruger("lbf"), datetime.date(2026, 5, 9), False, "Mangler budget")
    t = versioner.tilstand(vejle)
    assert (t.kode, t.tekst) == ("lbf_afvist", "Version 2 er ikke godkendt af Landsbyggefonden")
    assert "Mangler budget" in forside(client)


def test_withdrawing_is_logged_and_the_draft_is_a_draft_again(client, randers):
    versioner.indsend(aendret(randers), bruger("leder"))
    client.force_login(bruger("leder"))
    behandl(client, randers, "traek_tilbage")
    t = versioner.tilstand(randers)
    assert t.indsendelse is None and t.behandlinger[-1].art == Behandling.Art.TRUKKET_TILBAGE
    assert t.behandlinger[-1].bruger == "Lene Leder" and t.kode == "kladde"


def test_every_edit_url_is_refused_while_the_draft_is_with_the_board(client, randers):
    client.force_login(bruger("leder"))
    urls = _urls(PLAN, randers)
    tekster = urls["rediger_sektion"]
    data = formdata(client.get(tekster).content.decode())
    data["t-revision"] = "Ændret, mens den var hos bestyrelsen"
    versioner.indsend(aendret(randers), bruger("leder"))
    sendt = versioner.kontrolsum(randers)
    foer = randers.redigeringsnummer
    assert LAAST <= REDIGER
    for navn in sorted(REDIGER):
        svar = client.get(urls[navn])
        if navn in LAAST:
            html = svar.content.decode()
            assert svar.status_code == 200, navn
            assert "Kladden er sendt til bestyrelsen og kan ikke redigeres" in html, navn
            assert "Træk tilbage for at redigere" in html and 'name="redigeringsnummer"' not in html
        post = client.post(urls[navn], {**POST, "redigeringsnummer": str(foer)})
        if navn in LAAST:
            assert post.status_code == 423, navn
        assert versioner.kontrolsum(randers) == sendt, navn
    # The real form, complete and valid: refused now, saved once withdrawn.
    assert client.post(tekster, data).status_code == 423
    assert Delaftale.objects.get(pk=randers.pk).revision == "Revideret revisionstekst"
    svar = behandl(client, randers, "traek_tilbage", naeste=tekster)
    assert svar.status_code == 302 and svar.url == tekster
    assert client.post(tekster, data).status_code == 302
    assert Delaftale.objects.get(pk=randers.pk).revision == data["t-revision"]


def test_the_withdraw_button_goes_back_only_to_this_site(client, randers):
    versioner.indsend(aendret(randers), bruger("leder"))
    client.force_login(bruger("leder"))
    svar = behandl(client, randers, "traek_tilbage", naeste="https://ondt.example/")
    assert svar.url == reverse("versioner", args=[PLAN, randers.pk])


def test_the_approval_still_holds_after_creating_other_agreements(client, randers):
    """Creating an agreement in the plan does not change the sent draft's content."""
    versioner.indsend(aendret(randers), bruger("leder"))
    client.force_login(bruger("leder"))
    svar = client.post(
        reverse("ny_delaftale", args=[PLAN]),
        {
            "a-indsatsomraade": randers.indsatsomraade_id,
            "a-indsatsnavn": "Ny indsats",
            "a-gaelder_fra": "2025-08-01",
            "a-gaelder_til": "2029-07-31",
        },
    )
    assert svar.status_code == 302
    version = versioner.godkend(randers, bruger("bestyrelse"), datetime.date(2026, 1, 2))
    assert version.nummer == 2


def test_an_unchanged_draft_cannot_be_sent(client, randers):
    client.force_login(bruger("leder"))
    foer = Behandling.objects.count()
    svar = behandl(client, randers, "indsend", kommentar="Uden ændringer")
    assert svar.status_code == 409
    html = svar.content.decode()
    assert "Ingen ændringer siden version 1." in html and 'value="Uden ændringer"' in html
    assert Behandling.objects.count() == foer


def test_unchanged_compared_with_a_version_frozen_in_format_version_1():
    """A version stored as v1 JSON (no targets, no new baseline keys) is read through
    `opgrader`: the same content is still "no changes"."""
    viborg = Delaftale.objects.get(helhedsplan__slug="viborg-2025-29")
    data = versioner.snapshot(versioner.konkret(viborg))
    data["version"] = 1
    for aftale in data["helhedsplaner"][0]["delaftaler"]:
        for maal in aftale["delmaal"]:
            for indikator in maal["indikatorer"]:
                assert indikator.pop("maaltal") == []
                for b in indikator["baselines"]:
                    for noegle in NYE_BASELINEFELTER:
                        b.pop(noegle)
    tekst = versioner.som_json(data)
    v = versioner._ny_version(
        versioner.konkret(viborg),
        nummer=2,
        tekst=tekst,
        indhold_pdf=b"%PDF",
        indhold_docx=b"PK",
        moededato=datetime.date(2024, 1, 1),
    )
    assert json.loads(v.json)["version"] == 1
    with pytest.raises(versioner.Afvist, match="Ingen ændringer siden version 2"):
        versioner.indsend(viborg, bruger("leder"))
    versioner.indsend(aendret(viborg), bruger("leder"))  # a change: sent


def test_approving_an_unchanged_draft_makes_no_identical_version(randers):
    # Sent before the check existed (logged directly): the approval refuses it.
    Behandling.objects.create(
        aftale=randers,
        art=Behandling.Art.INDSENDT,
        redigeringsnummer=randers.redigeringsnummer,
        kontrolsum=versioner.kontrolsum(randers),
    )
    with pytest.raises(versioner.Afvist, match="Ingen ændringer siden version 1"):
        versioner.godkend(randers, bruger("bestyrelse"), datetime.date(2026, 1, 1))
    assert Version.objects.filter(aftale=randers).count() == 1


def test_the_board_on_a_stale_page_keeps_what_it_typed(client, randers):
    versioner.indsend(aendret(randers), bruger("leder"))
    client.force_login(bruger("bestyrelse"))
    html = side(client, randers)
    sete = versioner.tilstand(randers).indsendelse.pk
    assert f'name="indsendelse" value="{sete}"' in html
    # In another tab the leader withdraws and sends again.
    versioner.traek_tilbage(randers, bruger("leder"))
    versioner.indsend(randers, bruger("leder"))
    svar = behandl(
        client, randers, "godkend", indsendelse=sete, moededato="2026-02-03", kommentar="Vedtaget"
    )
    assert svar.status_code == 409
    html = svar.content.decode()
    assert versioner.MSG_FORAELDET in html
    assert 'value="2026-02-03"' in html and ">Vedtaget</textarea>" in html
    assert Version.objects.filter(aftale=randers).count() == 1
    svar = behandl(client, randers, "send_tilbage", indsendelse=sete, kommentar="Ret mål 3")
    assert svar.status_code == 409 and ">Ret mål 3</textarea>" in svar.content.decode()
    assert versioner.tilstand(randers).kode == "sendt"
    # Withdrawn and not sent again: the typed input stays, with the reason.
    versioner.traek_tilbage(randers, bruger("leder"))
    ny = versioner.tilstand(randers)
    svar = behandl(client, randers, "godkend", moededato="2026-02-03", kommentar="Vedtaget")
    assert svar.status_code == 409 and "ikke sendt til bestyrelsen" in svar.content.decode()
    assert 'value="2026-02-03"' in svar.content.decode() and ny.kode == "kladde"


def test_the_board_deciding_on_the_page_it_saw_works(client, randers, godkendelse_straks):
    versioner.indsend(aendret(randers), bruger("leder"))
    sete = versioner.tilstand(randers).indsendelse.pk
    client.force_login(bruger("bestyrelse"))
    svar = behandl(client, randers, "godkend", indsendelse=sete, moededato="2026-02-03")
    assert svar.status_code == 302 and versioner.tilstand(randers).gaeldende.nummer == 2


@pytest.mark.parametrize("rolle", ["leder", "bestyrelse"])
def test_the_state_is_shown_to_each_role_that_reads_the_draft(client, randers, rolle):
    versioner.indsend(aendret(randers), bruger("leder"))
    client.force_login(bruger(rolle))
    html = side(client, randers)
    assert 'data-tilstand="sendt"' in html
    redaktoer = rolle == "leder"
    assert ("Træk tilbage fra bestyrelsen" in html) == redaktoer
    assert ("Godkend og lås som ny version" in html) == (not redaktoer)
    # The leader's page offers no edits while the draft is locked.
    assert ("kan ikke redigeres" in html) == redaktoer
    assert "Redigér fodnoter" not in html


def test_the_approval_box_says_which_version_is_current_once(klient, randers):
    side = klient.get(randers.get_absolute_url()).content.decode()
    boks = side[side.index('id="godkendelse-titel"') : side.index("</section>")]
    # The line with the version's files says it; the state above it no longer repeats it.
    assert boks.count("godkendt af bestyrelsen 1/8-2025") == 1
    assert "<strong>version 1</strong>, godkendt af bestyrelsen 1/8-2025" in boks
