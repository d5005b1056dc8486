"""The status report's treatment by the board (issue 15, point 6): send, withdraw, send
back, approve (freeze); the frozen report and its log are immutable; LBF's ZIP holds it."""

import datetime
import hashlib
import io
import json
import zipfile

import docx
import pytest
from django.db import DatabaseError, connection, transaction
from django.urls import reverse
from pypdf import PdfReader

from delaftaler.models import Helhedsplan, Uforanderlig
from delaftaler.versioner import lbf_eksport
from delaftaler.versioner.lbf_import import laes_zip
from opfoelgning import behandling
from opfoelgning.models import GodkendtRapport, Maaling, Rapportbehandling, Statusrapport
from opfoelgning.rapport import rapport_json, rapportdata
from tests.conftest import bruger

pytestmark = pytest.mark.django_db

PLAN = "randers-2025-29"
AAR = 2025
MOEDE = datetime.date(2026, 5, 20)
POSTGRES = connection.vendor == "postgresql"


def url(navn="statusrapport_behandl", plan=PLAN, aar=AAR):
    return reverse(navn, args=[plan, aar])


def post(client, rolle, handling, **data):
    client.force_login(bruger(rolle))
    return client.post(url(), {"handling": handling, **data})


def randers():
    return Helhedsplan.objects.get(slug=PLAN)


def log():
    return list(
        Rapportbehandling.objects.filter(rapport__helhedsplan__slug=PLAN).values_list(
            "art", flat=True
        )
    )


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@pytest.fixture
def frossen():
    """An approved report made without rendering (for the immutability tests)."""
    rapport = behandling.statusrapport(randers(), 2024)
    g = GodkendtRapport.objects.create(
        rapport=rapport,
        nummer=1,
        json="{}\n",
        pdf=b"%PDF-1.7 demo",
        docx=b"PK demo",
        kontrolsum=sha(b"{}\n"),
        pdf_kontrolsum=sha(b"%PDF-1.7 demo"),
        docx_kontrolsum=sha(b"PK demo"),
        godkendt=datetime.datetime(2025, 5, 1, tzinfo=datetime.UTC),
        moededato=datetime.date(2025, 5, 1),
    )
    Rapportbehandling.objects.create(
        rapport=rapport, godkendt_rapport=g, art=Rapportbehandling.Art.GODKENDT, dato=g.moededato
    )
    return g


def test_send_and_approve_freezes_the_report_as_sent(client):
    svar = post(client, "leder", "send", kommentar="Til mødet i maj")
    assert svar.status_code == 302
    indsendt = Rapportbehandling.objects.get(rapport__helhedsplan__slug=PLAN)
    forventet = sha(rapport_json(rapportdata(randers(), AAR)).encode())
    assert (indsendt.art, indsendt.kontrolsum, indsendt.kommentar) == (
        "indsendt",
        forventet,
        "Til mødet i maj",
    )
    assert "Sendt til bestyrelsen" in client.get(url("statusrapport")).content.decode()

    svar = post(
        client, "bestyrelse", "godkend", moededato="2026-05-20", beslutning="Taget til efterretning"
    )
    assert svar.status_code == 302
    g = GodkendtRapport.objects.get(rapport__helhedsplan__slug=PLAN, rapport__aar=AAR)
    assert g.nummer == 1
    assert g.moededato == MOEDE and g.beslutning == "Taget til efterretning"
    assert g.indsendt_af == "Lene Leder" and g.indsendt == indsendt.tidspunkt
    assert g.godkendt_af == "Bo Bestyrelse"
    assert g.kontrolsum == forventet == sha(g.json.encode())
    assert g.pdf_kontrolsum == sha(bytes(g.pdf)) and g.docx_kontrolsum == sha(bytes(g.docx))
    assert json.loads(g.json)["titel"] == "Status på delmål og indikatorer 2025"
    pdftekst = "".join(s.extract_text() for s in PdfReader(io.BytesIO(bytes(g.pdf))).pages)
    assert "Godkendt af bestyrelsen 20/5-2026" in " ".join(pdftekst.split())
    word = docx.Document(io.BytesIO(bytes(g.docx)))
    fod = " ".join(p.text for s in word.sections for p in s.footer.paragraphs)
    alt = " ".join(p.text for p in word.paragraphs)
    assert "Godkendt af bestyrelsen 20/5-2026" in fod + alt
    assert log() == ["indsendt", "godkendt"]
    godkendt_log = Rapportbehandling.objects.get(art="godkendt", rapport__helhedsplan__slug=PLAN)
    assert godkendt_log.godkendt_rapport == g and godkendt_log.dato == MOEDE
    side = client.get(url("statusrapport")).content.decode()
    assert "Godkendt af bestyrelsen" in side and "Møde 20/5-2026" in side

    # Everyone in the plan downloads the frozen files byte for byte, LBF too.
    client.force_login(bruger("lbf"))
    for fil, indhold in (("pdf", bytes(g.pdf)), ("json", g.json.encode())):
        svar = client.get(reverse("statusrapport_godkendt_fil", args=[PLAN, AAR, 1, fil]))
        assert svar.status_code == 200 and svar.content == indhold
    # A second round gives version 2.
    post(client, "leder", "send")
    post(client, "bestyrelse", "godkend", moededato="2026-06-01")
    assert list(
        GodkendtRapport.objects.filter(rapport__aar=AAR).values_list("nummer", flat=True)
    ) == [2, 1]


def test_approval_is_refused_when_the_content_changed_after_sending(client):
    post(client, "leder", "send")
    Maaling.objects.filter(indikator__maal__aftale__helhedsplan__slug=PLAN, aar=AAR).update(
        note="Rettet efter indsendelsen"
    )
    svar = post(client, "bestyrelse", "godkend", moededato="2026-05-20", beslutning="Min note")
    assert svar.status_code == 400
    tekst = svar.content.decode()
    assert "ændret, efter den blev sendt til bestyrelsen" in tekst
    assert 'value="2026-05-20"' in tekst and "Min note" in tekst  # what was typed stays
    assert not GodkendtRapport.objects.filter(rapport__aar=AAR).exists()
    assert log() == ["indsendt"]
    # Sent again, it can be approved.
    post(client, "leder", "traek_tilbage")
    post(client, "leder", "send")
    assert post(client, "bestyrelse", "godkend", moededato="2026-05-20").status_code == 302
    assert log() == ["indsendt", "trukket_tilbage", "indsendt", "godkendt"]


def test_send_back_needs_a_comment_and_returns_the_report(client):
    post(client, "leder", "send")
    svar = post(client, "bestyrelse", "send_tilbage", kommentar="   ")
    assert svar.status_code == 400
    assert "Skriv en kommentar" in svar.content.decode()
    assert log() == ["indsendt"]
    assert (
        post(client, "bestyrelse", "send_tilbage", kommentar="Mangler 2025-tal").status_code == 302
    )
    assert log() == ["indsendt", "sendt_tilbage"]
    rapport = Statusrapport.objects.get(helhedsplan__slug=PLAN, aar=AAR)
    tilstand = behandling.tilstand(rapport)
    assert (
        tilstand.kode == "sendt_tilbage" and tilstand.sendt_tilbage.kommentar == "Mangler 2025-tal"
    )
    client.force_login(bruger("leder"))
    assert "Mangler 2025-tal" in client.get(url("statusrapport")).content.decode()


@pytest.mark.parametrize(
    "rolle,handling",
    [
        ("bestyrelse", "send"),
        ("bestyrelse", "traek_tilbage"),
        ("leder", "godkend"),
        ("leder", "send_tilbage"),
        ("lbf", "send"),
        ("lbf", "godkend"),
    ],
)
def test_each_step_belongs_to_one_role(client, rolle, handling):
    svar = post(client, rolle, handling, moededato="2026-05-20", kommentar="x")
    assert svar.status_code == 403
    assert log() == []


def test_a_step_in_the_wrong_state_changes_nothing(client):
    for rolle, handling in [
        ("bestyrelse", "godkend"),
        ("bestyrelse", "send_tilbage"),
        ("leder", "traek_tilbage"),
    ]:
        svar = post(client, rolle, handling, moededato="2026-05-20", kommentar="x")
        assert svar.status_code in (302, 400)
        side = client.get(url("statusrapport")).content.decode()
        assert "ikke sendt til bestyrelsen" in side + svar.content.decode()
    post(client, "leder", "send")
    svar = post(client, "leder", "send")
    assert "allerede sendt" in client.get(svar.url).content.decode()
    assert log() == ["indsendt"]
    assert not GodkendtRapport.objects.exists()


def test_bad_input_is_answered_in_danish_and_changes_nothing(client):
    post(client, "leder", "send")
    for data in ({}, {"moededato": "20. maj"}, {"moededato": "0001-01-01"}):
        svar = post(client, "bestyrelse", "godkend", **data)
        assert svar.status_code == 400
        assert "Angiv" in svar.content.decode()
    assert post(client, "bestyrelse", "ukendt").status_code == 400
    assert log() == ["indsendt"]


def test_another_plans_report_is_404(client, fremmed):
    client.force_login(fremmed)
    for navn in ("statusrapport", "statusrapport_behandl"):
        assert client.get(url(navn)).status_code == 404
        assert client.post(url(navn), {"handling": "send"}).status_code == 404
    assert log() == []


def test_drafts_download_for_the_board_but_not_for_lbf(client):
    client.force_login(bruger("bestyrelse"))
    svar = client.get(reverse("statusrapport_fil", args=[PLAN, AAR, "json"]))
    assert svar.status_code == 200
    assert svar.content.decode() == rapport_json(rapportdata(randers(), AAR))
    assert client.get(reverse("statusrapport_fil", args=[PLAN, AAR, "exe"])).status_code == 404
    client.force_login(bruger("lbf"))
    for fil in ("pdf", "json"):
        assert client.get(reverse("statusrapport_fil", args=[PLAN, AAR, fil])).status_code == 403
    assert client.get(url("statusrapport")).status_code == 403


# --- immutability ------------------------------------------------------------------


def test_the_model_refuses_to_change_or_delete_an_approved_report_or_its_log(frossen):
    frossen.beslutning = "Omskrevet"
    entry = frossen.behandlinger.get()
    for forsoeg in (
        frossen.save,
        frossen.delete,
        lambda: GodkendtRapport.objects.filter(pk=frossen.pk).update(beslutning="x"),
        lambda: GodkendtRapport.objects.filter(pk=frossen.pk).delete(),
    ):
        with pytest.raises(Uforanderlig, match="godkendt statusrapport"):
            forsoeg()
    for forsoeg in (
        entry.save,
        entry.delete,
        lambda: Rapportbehandling.objects.filter(pk=entry.pk).update(kommentar="x"),
        lambda: Rapportbehandling.objects.filter(pk=entry.pk).delete(),
    ):
        with pytest.raises(Uforanderlig, match="behandlingslog"):
            forsoeg()
    assert GodkendtRapport.objects.get(pk=frossen.pk).beslutning == ""


@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE opfoelgning_godkendtrapport SET beslutning = 'x'",
        "DELETE FROM opfoelgning_godkendtrapport",
        "UPDATE opfoelgning_rapportbehandling SET kommentar = 'x'",
        "DELETE FROM opfoelgning_rapportbehandling",
        "TRUNCATE opfoelgning_godkendtrapport CASCADE",
    ],
)
def test_raw_sql_cannot_change_an_approved_report_or_its_log(frossen, sql):
    if sql.startswith("TRUNCATE") and not POSTGRES:
        pytest.skip("SQLite has no TRUNCATE")
    with (
        pytest.raises(DatabaseError, match="kan ikke ændres eller slettes"),
        transaction.atomic(),
        connection.cursor() as c,
    ):
        if POSTGRES:  # the fixture's rows are in this transaction: check their keys now
            c.execute("SET CONSTRAINTS ALL IMMEDIATE")
        c.execute(sql)
    assert GodkendtRapport.objects.get(pk=frossen.pk).pdf_kontrolsum == frossen.pdf_kontrolsum
    assert Rapportbehandling.objects.filter(godkendt_rapport=frossen).count() == 1


def test_maintenance_empties_the_report_history(frossen):
    behandling.slet_rapporthistorik([randers().pk])
    assert not GodkendtRapport.objects.exists() and not Rapportbehandling.objects.exists()


# --- LBF's ZIP ---------------------------------------------------------------------


def test_lbfs_zip_holds_the_newest_approved_report_per_year_and_still_imports(
    client, frossen, tmp_path
):
    rapport = frossen.rapport
    nyere = GodkendtRapport.objects.create(
        **{
            f.name: getattr(frossen, f.name)
            for f in GodkendtRapport._meta.concrete_fields
            if f.name not in ("id", "nummer")
        },
        nummer=2,
    )
    client.force_login(bruger("lbf"))
    indhold = client.get(reverse("lbf_eksport_plan", args=[PLAN])).getvalue()  # streamed
    zf = zipfile.ZipFile(io.BytesIO(indhold))
    manifest = json.loads(zf.read("manifest.json"))
    rapporter = [f for f in manifest["filer"] if "statusrapport" in f]
    assert sorted(f["fil"] for f in rapporter) == [
        f"{PLAN}/statusrapport-{PLAN}-2024-godkendt-2.{e}" for e in ("docx", "json", "pdf")
    ]
    for f in rapporter:
        assert (f["helhedsplan"], f["statusrapport"], f["version"]) == (PLAN, 2024, 2)
        assert f["godkendt_af_bestyrelsen"] == "2025-05-01"
        assert sha(zf.read(f["fil"])) == f["sha256"]
    assert zf.read(f"{PLAN}/statusrapport-{PLAN}-2024-godkendt-2.pdf") == bytes(nyere.pdf)
    # The agreements are there as before: 3 files of version 1.
    assert len([f for f in manifest["filer"] if "statusrapport" not in f]) == 3
    # The ZIP still imports: the reports are checked but are no agreements.
    fil = tmp_path / "lbf.zip"
    fil.write_bytes(indhold)
    laest = laes_zip(fil)
    assert [g.nummer for g in laest.versioner] == [1, 1, 1][: len(laest.versioner)]
    assert all("statusrapport" not in g.medlem for g in laest.versioner)
    assert rapport.pk  # the report stays


def test_a_changed_stored_file_stops_the_zip(frossen, monkeypatch):
    monkeypatch.setattr(
        GodkendtRapport,
        "filer",
        lambda self: {"pdf": (b"forfalsket", self.pdf_kontrolsum)},
    )
    with pytest.raises(lbf_eksport.Uoverensstemmelse, match="kontrolsummen"):
        lbf_eksport.skriv_zip([randers()], io.BytesIO())
