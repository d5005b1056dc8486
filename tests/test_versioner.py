"""Draft and approved versions: the workflow, its permissions, frozen versions, LBF's ZIP."""

import datetime
import hashlib
import io
import json
import zipfile

import pytest
from django.core.management import call_command
from django.db import DatabaseError, connection, transaction
from django.urls import reverse
from pypdf import PdfReader

from delaftaler import versioner
from delaftaler.dataformat.felter import VERSION
from delaftaler.models import (
    Behandling,
    Delaftale,
    Medlemskab,
    StrategiskAftale,
    Uforanderlig,
    Version,
)
from delaftaler.models.version import slet_historik
from indikatorer.models import BaselineVaerdi
from tests.conftest import bruger

pytestmark = pytest.mark.django_db

PLAN = "randers-2025-29"


@pytest.fixture
def vejle():
    return StrategiskAftale.objects.get(helhedsplan__slug="vejleaaparken-2021-25")


def behandl(client, aftale, handling, **data):
    url = reverse("behandl", args=[aftale.helhedsplan.slug, aftale.pk])
    return client.post(url, {"handling": handling, **data})


def aendret(aftale, tekst="Revideret revisionstekst"):
    """A change of the draft: an unchanged draft cannot be sent (issue 12)."""
    type(aftale).objects.filter(pk=aftale.pk).update(revision=tekst)
    return aftale


def pdf_tekst(data: bytes) -> str:
    return "\n".join(s.extract_text() for s in PdfReader(io.BytesIO(bytes(data))).pages)


def vangdalen(aftale):
    return BaselineVaerdi.objects.get(
        indikator__maal__aftale=aftale,
        omraade__navn="Vangdalen",
        indikator__navn="Antallet af udsættelser i de 7 boligområder",
    )


def test_the_seeds_are_approved_version_1(randers, vejle):
    for aftale in (randers, vejle):
        tilstand = versioner.tilstand(aftale)
        assert tilstand.gaeldende.nummer == 1 and tilstand.indsendelse is None
        v = tilstand.gaeldende
        assert v.kontrolsum == hashlib.sha256(v.json.encode()).hexdigest()
        data = json.loads(v.json)
        assert (data["format"], data["version"]) == ("lbf-aftaler", VERSION)


def test_submit_approve_freezes_a_complete_version_with_its_files(
    client, randers, godkendelse_straks
):
    b = vangdalen(randers)
    b.antal = 7
    b.save()
    client.force_login(bruger("leder"))
    assert behandl(client, randers, "indsend", kommentar="Ny baseline").status_code == 302
    client.force_login(bruger("bestyrelse"))
    svar = behandl(client, randers, "godkend", moededato="2026-11-20", kommentar="Vedtaget")
    assert svar.url == reverse("versioner", args=[PLAN, randers.pk])

    v = Version.objects.get(aftale=randers, nummer=2)
    assert (v.moededato, v.beslutning) == (datetime.date(2026, 11, 20), "Vedtaget")
    assert (v.indsendt_af, v.godkendt_af) == ("Lene Leder", "Bo Bestyrelse")
    assert not v.kraever_lbf
    # The snapshot is the agreement in the JSON format, exactly as it is in the database.
    assert v.json == versioner.som_json(versioner.snapshot(versioner.konkret(randers)))
    for data, sum_ in (
        (v.json.encode(), v.kontrolsum),
        (v.pdf, v.pdf_kontrolsum),
        (v.docx, v.docx_kontrolsum),
    ):
        assert hashlib.sha256(bytes(data)).hexdigest() == sum_
    tekst = pdf_tekst(v.pdf)
    assert "Vangdalen: 7" in tekst and "UDKAST" not in tekst
    assert "Version 2, godkendt af bestyrelsen · 20/11-2026" in tekst
    assert versioner.tilstand(randers).gaeldende == v
    arter = list(randers.behandlinger.values_list("art", flat=True))
    assert arter[-2:] == [Behandling.Art.INDSENDT, Behandling.Art.GODKENDT]


def test_a_frozen_version_cannot_change_and_still_renders_the_same_after_edits(client, randers):
    v1 = Version.objects.get(aftale=randers, nummer=1)
    url = reverse("versionsfil", args=[PLAN, randers.pk, 1, "pdf"])
    client.force_login(bruger("bestyrelse"))
    foer = client.get(url).content
    # The model, the queryset and the database itself refuse changes.
    v1.beslutning = "Ændret bagefter"
    with pytest.raises(Uforanderlig):
        v1.save()
    with pytest.raises(Uforanderlig):
        Version.objects.filter(pk=v1.pk).update(beslutning="x")
    with pytest.raises(Uforanderlig):
        v1.delete()
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as c:
        c.execute("UPDATE delaftaler_version SET beslutning = %s WHERE id = %s", ["x", v1.pk])
    # The draft changes; the version does not.
    b = vangdalen(randers)
    b.antal = 99
    b.save()
    Delaftale.objects.filter(pk=randers.pk).update(revision="Helt ny revisionstekst")
    efter = client.get(url).content
    assert efter == foer
    assert hashlib.sha256(efter).hexdigest() == Version.objects.get(pk=v1.pk).pdf_kontrolsum
    assert "Vangdalen: 1" in pdf_tekst(efter) and "Helt ny revisionstekst" not in pdf_tekst(efter)


@pytest.mark.parametrize(
    "rolle,handling",
    [
        ("bestyrelse", "indsend"),
        ("lbf", "indsend"),
        ("leder", "godkend"),
        ("lbf", "godkend"),
        ("leder", "send_tilbage"),
        ("lbf", "send_tilbage"),
        ("leder", "lbf_godkend"),
        ("bestyrelse", "lbf_godkend"),
    ],
)
def test_only_the_right_role_takes_each_step(client, randers, rolle, handling):
    versioner.indsend(aendret(randers), bruger("leder")) if handling != "indsend" else None
    foer = list(Behandling.objects.values_list("id", flat=True))
    client.force_login(bruger(rolle))
    data = {"moededato": "2026-11-20", "kommentar": "x", "dato": "2026-11-20", "nummer": "1"}
    assert behandl(client, randers, handling, **data).status_code == 403
    assert list(Behandling.objects.values_list("id", flat=True)) == foer
    assert Version.objects.filter(aftale=randers).count() == 1


def test_a_user_of_another_plan_cannot_take_any_step(client, randers, fremmed):
    client.force_login(fremmed)
    for handling in ("indsend", "godkend", "send_tilbage", "lbf_godkend"):
        assert behandl(client, randers, handling, moededato="2026-11-20").status_code == 404


def test_sent_back_with_a_comment_and_the_draft_goes_on(client, randers):
    versioner.indsend(aendret(randers), bruger("leder"))
    client.force_login(bruger("bestyrelse"))
    behandl(client, randers, "send_tilbage", kommentar="")
    assert versioner.tilstand(randers).indsendelse is not None  # a comment is required
    behandl(client, randers, "send_tilbage", kommentar="Ret delmål 2")
    tilstand = versioner.tilstand(randers)
    assert tilstand.indsendelse is None and tilstand.gaeldende.nummer == 1
    assert tilstand.behandlinger[-1].kommentar == "Ret delmål 2"
    side = client.get(reverse("versioner", args=[PLAN, randers.pk])).content.decode()
    assert "Sendt tilbage af bestyrelsen" in side and "Ret delmål 2" in side


def test_the_board_cannot_approve_what_changed_after_it_was_submitted(randers):
    versioner.indsend(aendret(randers), bruger("leder"))
    Delaftale.objects.filter(pk=randers.pk).update(redigeringsnummer=randers.redigeringsnummer + 1)
    with pytest.raises(versioner.Afvist, match="ændret, efter den blev sendt"):
        versioner.godkend(randers, bruger("bestyrelse"), datetime.date(2026, 11, 20))
    with pytest.raises(versioner.Afvist, match="ikke sendt"):
        versioner.godkend(
            Delaftale.objects.get(helhedsplan__slug="viborg-2025-29"),
            None,
            datetime.date(2026, 1, 1),
        )


def test_a_changed_strategic_agreement_waits_for_lbf_before_it_is_current(client, vejle):
    # Vejleåparken's parties have not signed: sent anyway, confirmed (issue 12).
    versioner.indsend(aendret(vejle), bruger("leder"), trods_tjekliste=True)
    v2 = versioner.godkend(vejle, bruger("bestyrelse"), datetime.date(2026, 11, 1))
    tilstand = versioner.tilstand(vejle)
    assert v2.kraever_lbf and tilstand.afventer_lbf == v2
    assert tilstand.gaeldende.nummer == 1
    client.force_login(bruger("lbf"))
    side = client.get(
        reverse("versioner", args=[vejle.helhedsplan.slug, vejle.pk])
    ).content.decode()
    assert "Version 2 afventer Landsbyggefondens godkendelse" in side
    # Refused: version 1 stays current and nothing waits any more.
    behandl(client, vejle, "lbf_afvis", nummer="2", dato="2026-11-10", kommentar="Mangler budget")
    assert versioner.tilstand(vejle).gaeldende.nummer == 1
    assert versioner.tilstand(vejle).afventer_lbf is None
    # A new version, approved by LBF, becomes current with LBF's date recorded.
    versioner.indsend(aendret(vejle, "Med budget"), bruger("leder"), trods_tjekliste=True)
    versioner.godkend(vejle, bruger("bestyrelse"), datetime.date(2026, 11, 15))
    behandl(client, vejle, "lbf_godkend", nummer="3", dato="2026-11-20")
    assert versioner.tilstand(vejle).gaeldende.nummer == 3
    b = Behandling.objects.get(version__nummer=3, version__aftale=vejle, art="lbf_godkendt")
    assert (b.dato, b.bruger) == (datetime.date(2026, 11, 20), "Lise Landsbyggefonden")


def test_compare_shows_exactly_the_changed_baseline(client, randers):
    b = vangdalen(randers)
    b.antal = 5
    b.save()
    client.force_login(bruger("bestyrelse"))
    svar = client.get(reverse("sammenlign", args=[PLAN, randers.pk]) + "?fra=1&til=kladde")
    (aendring,) = svar.context["aendringer"]
    assert aendring.art == "ændret" and (aendring.foer, aendring.efter) == ("1", "5")
    assert "Vangdalen" in aendring.hvad and "Antallet af udsættelser" in aendring.hvad


def test_compare_lists_added_and_removed_items(randers):
    foer = versioner.snapshot(versioner.konkret(randers))
    randers.maal.first().indikatorer.first().delete()
    randers.aktiviteter.create(navn="Lektiecafé")
    randers.parter.create(navn="Ny part")
    efter = versioner.snapshot(versioner.konkret(randers))
    from delaftaler.versioner.sammenligning import aftalen, sammenlign

    aendringer = {
        (a.art, a.hvad.split(" › ")[-1]) for a in sammenlign(aftalen(foer), aftalen(efter))
    }
    assert ("tilføjet", "Aktivitet »Lektiecafé«") in aendringer
    assert ("tilføjet", "Part »Ny part«") in aendringer
    assert ("fjernet", "Indikator »Antallet af udsættelser i de 7 boligområder«") in aendringer


def test_lbf_gets_the_zip_of_current_versions_with_a_true_manifest(client, randers, fremmed):
    # A draft change that is not approved must not reach the export.
    Delaftale.objects.filter(pk=randers.pk).update(revision="Ikke godkendt endnu")
    client.force_login(bruger("lbf"))
    svar = client.get(reverse("lbf_eksport"))
    assert svar["Content-Type"] == "application/zip"
    zf = zipfile.ZipFile(io.BytesIO(svar.getvalue()))  # streamed: the joined pieces
    manifest = json.loads(zf.read("manifest.json"))
    assert {f["helhedsplan"] for f in manifest["filer"]} == {
        m.helhedsplan.slug for m in Medlemskab.objects.filter(bruger__username="lbf")
    }
    assert len(manifest["filer"]) == 3 * 5
    for f in manifest["filer"]:
        assert hashlib.sha256(zf.read(f["fil"])).hexdigest() == f["sha256"]
        assert f["version"] == 1
    randers_json = next(
        f for f in manifest["filer"] if f["helhedsplan"] == PLAN and f["fil"].endswith(".json")
    )
    assert "Ikke godkendt endnu" not in zf.read(randers_json["fil"]).decode()
    strategisk = next(f for f in manifest["filer"] if "strategisk" in f["fil"])
    assert strategisk["godkendt_af_lbf"] == "2021-11-01"
    # One plan only; and a user of another plan gets an empty export, nothing of Randers.
    enkelt = zipfile.ZipFile(
        io.BytesIO(client.get(reverse("lbf_eksport_plan", args=[PLAN])).getvalue())
    )
    assert {n.split("/")[0] for n in enkelt.namelist()} == {PLAN, "manifest.json"}
    client.force_login(fremmed)
    tom = zipfile.ZipFile(io.BytesIO(client.get(reverse("lbf_eksport")).getvalue()))
    assert tom.namelist() == ["manifest.json"]
    assert client.get(reverse("lbf_eksport_plan", args=[PLAN])).status_code == 404


def test_export_lbf_command(tmp_path):
    fil = tmp_path / "ud" / "lbf.zip"
    call_command("export_lbf", "--output", str(fil), "--helhedsplan", PLAN, stdout=io.StringIO())
    zf = zipfile.ZipFile(fil)
    assert len(json.loads(zf.read("manifest.json"))["filer"]) == 3
    call_command("export_lbf", "--output", str(fil), stdout=io.StringIO())
    assert len(json.loads(zipfile.ZipFile(fil).read("manifest.json"))["filer"]) == 15


def test_round_trip_lbf_zip_into_an_empty_database_and_out_again_is_identical(tmp_path):
    """Export the five seeds, import the ZIP into an empty database, export again."""
    from delaftaler.models import Aftale, Helhedsplan

    foerste = tmp_path / "foerste.zip"
    call_command("export_lbf", "--output", str(foerste), stdout=io.StringIO())
    # Approved versions and their log are never deleted, but emptying the database is
    # maintenance by the tables' owner (migration 0006).
    slet_historik(list(Aftale.objects.values_list("pk", flat=True)))
    Aftale.objects.all().delete()  # baselines protect their areas: agreements first
    Helhedsplan.objects.all().delete()
    assert not Version.objects.exists()
    ud = io.StringIO()
    call_command("import_agreements", str(foerste), stdout=ud)
    assert "Gendannet 5 godkendte versioner" in ud.getvalue()
    anden = tmp_path / "anden.zip"
    call_command("export_lbf", "--output", str(anden), stdout=io.StringIO())

    a, b = zipfile.ZipFile(foerste), zipfile.ZipFile(anden)
    assert sorted(a.namelist()) == sorted(b.namelist())
    for navn in a.namelist():
        if navn == "manifest.json":
            ma, mb = json.loads(a.read(navn)), json.loads(b.read(navn))
            assert ma["filer"] == mb["filer"] and ma["helhedsplaner"] == mb["helhedsplaner"]
        else:
            assert a.read(navn) == b.read(navn), navn
    # And the imported drafts are the approved agreements, field for field.
    for navn in a.namelist():
        if navn.endswith(".json") and navn != "manifest.json":
            data = json.loads(a.read(navn))
            plan = data["helhedsplaner"][0]
            aftale = (
                Delaftale.objects.get(helhedsplan__slug=plan["slug"])
                if plan["delaftaler"]
                else StrategiskAftale.objects.get(helhedsplan__slug=plan["slug"])
            )
            assert (
                versioner.som_json(versioner.snapshot(versioner.konkret(aftale)))
                == a.read(navn).decode()
            )


def test_the_lbf_export_takes_fixed_queries_plus_one_per_version(django_assert_num_queries):
    from delaftaler.models import Helhedsplan
    from delaftaler.versioner.lbf_eksport import skriv_zip

    planer = list(Helhedsplan.objects.order_by("slug"))
    # The ZIP is streamed: 5 queries to find what goes in (without files; the approved
    # status reports are one of them), then one per version or report for its three files.
    with django_assert_num_queries(5 + 5):  # the five agreements' current versions
        manifest = skriv_zip(planer, io.BytesIO())
    assert len(manifest["filer"]) == 3 * 5
    # A second delaftale in Randers, approved twice: one more agreement, more versions.
    randers = Delaftale.objects.get(helhedsplan__slug=PLAN)
    from delaftaler.dataformat import kopier_aftale

    kopi = kopier_aftale(
        randers, randers.helhedsplan, datetime.date(2026, 1, 1), datetime.date(2027, 1, 1), None
    )
    for _ in range(2):
        versioner.registrer_godkendt(kopi, datetime.date(2026, 2, 1), "Godkendt")
    with django_assert_num_queries(5 + 6):  # the same five, plus one for the new version
        manifest = skriv_zip(planer, io.BytesIO())
    assert [f["version"] for f in manifest["filer"] if "2026-01-01" in f["fil"]] == [2, 2, 2]
