"""The yearly status report: its data (format lbf-status 1, valid by its schema, a fixed
number of queries), the PDF and the Word file read back, and export_status."""

import datetime
import hashlib
import io
import json
from decimal import Decimal as D
from pathlib import Path
from typing import Any

import docx
import jsonschema
import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from delaftaler.models import Helhedsplan
from indikatorer.models import BaselineVaerdi, Indikator, Maal
from opfoelgning.dokumenter import rapport_docx, rapport_pdf
from opfoelgning.models import (
    GodkendtRapport,
    Maaling,
    Maaltal,
    Statusrapport,
    Vurdering,
    standardfrist,
)
from opfoelgning.rapport import rapport_json, rapportdata
from tests.dokumenttekst import normaliseret
from tests.test_pdf_ua import tjek_med_pdfua

SKEMA = json.loads(Path(settings.BASE_DIR, "fixtures", "lbf-status.schema.json").read_text())
TITEL = "Status på delmål og indikatorer 2025"


def randers() -> Helhedsplan:
    return Helhedsplan.objects.get(slug="randers-2025-29")


@pytest.fixture
def maalt(db: None) -> Indikator:
    """Randers without the demo follow-up; then Gl. Jennumparken's moving out: baseline
    12,6 % (2023), target 10 % in 2028, measured 12,1 % (2024) and 11,8 % (2025)."""
    plan = randers()
    Maaling.objects.filter(indikator__maal__aftale__helhedsplan=plan).delete()
    Maaltal.objects.filter(indikator__maal__aftale__helhedsplan=plan).delete()
    Vurdering.objects.filter(maal__aftale__helhedsplan=plan).delete()
    ind = Indikator.objects.get(maal__aftale__helhedsplan=plan, navn__startswith="Fraflytning")
    jennum = ind.baselines.get(omraade__navn="Gl. Jennumparken").omraade
    Maaltal.objects.create(indikator=ind, omraade=jennum, retning="falde", procent=D(10), aar=2028)
    Maaling.objects.create(
        indikator=ind, omraade=jennum, aar=2024, procent=D("12.1"), procent_decimaler=1,
        kilde="LBF's temastatistik",
    )  # fmt: skip
    Maaling.objects.create(
        indikator=ind, omraade=jennum, aar=2025, procent=D("11.8"), procent_decimaler=1
    )
    Vurdering.objects.create(
        maal=ind.maal, aar=2025, lys="gul", tekst="Fraflytningen falder langsomt."
    )
    return ind


def linjer(data: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {
        f"{i['navn']}|{lin['navn']}": lin
        for a in data["aftaler"] for m in a["maal"] for i in m["indikatorer"] for lin in i["linjer"]
    }  # fmt: skip


def test_rapportdata_for_randers(maalt: Indikator) -> None:
    data = rapportdata(randers(), 2025)
    assert (data["format"], data["version"], data["aar"], data["titel"]) == (
        "lbf-status", 2, 2025, TITEL,
    )  # fmt: skip
    assert data["helhedsplan"]["slug"] == "randers-2025-29"
    (aftale,) = data["aftaler"]
    assert aftale["art"] == "delaftale"
    assert aftale["indsatsomraade"] == "Sammenhængskraft og medborgerskab"
    maal = {m["navn"]: m for m in aftale["maal"]}
    vurdering = maal["Flere tilfredse beboere"]["vurdering"]
    assert vurdering == {
        "lys": "gul",
        "navn": "Gul – usikkert",
        "tekst": "Fraflytningen falder langsomt.",
    }
    assert maal["Færre udsættelser i boligområderne"]["vurdering"] is None
    lin = linjer(data)[f"{maalt.navn}|Gl. Jennumparken"]
    assert lin["baseline"] == {
        "tekst": "12,6 %", "periode": "2023", "aar": 2023,
        "tal": {"antal": None, "procent": 12.6, "vaerdi": None},
    }  # fmt: skip
    assert [(m["kolonne"], m["tekst"], m["tal"]["procent"]) for m in lin["maalinger"]] == [
        (2024, "12,1 %", 12.1), (2025, "11,8 %", 11.8),
    ]  # fmt: skip
    assert lin["maalinger"][0]["kilde"] == "LBF's temastatistik"
    assert lin["maal"]["tekst"] == "skal falde til 10 % i 2028"
    assert lin["status"]["kode"] == "paa_vej" and lin["status"]["navn"] == "På vej"
    andre = linjer(data)[f"{maalt.navn}|Vangdalen"]
    assert andre["status"]["kode"] == "mangler_data" and andre["maalinger"] == []
    # A reference group's line without a target of its own (version 2): to compare with.
    kommunen = linjer(data)[f"{maalt.navn}|Almene familieboliger i Randers"]
    assert kommunen["maal"] is None and kommunen["status"] == {
        "kode": "sammenligning", "navn": "Til sammenligning",
        "forklaring": "Et sammenligningstal uden eget måltal: det vurderes ikke.",
    }  # fmt: skip
    antal = {s["kode"]: s["antal"] for s in data["optaelling"]}
    assert antal["paa_vej"] == 1 and antal["naaet"] == 0
    assert sum(antal.values()) == len(linjer(data))
    ind = next(i for m in aftale["maal"] for i in m["indikatorer"] if i["navn"] == maalt.navn)
    assert ind["aar"] == [2024, 2025]


def test_skemaet_godkender_rapporten(maalt: Indikator) -> None:
    data = rapportdata(randers(), 2025)
    jsonschema.Draft202012Validator.check_schema(SKEMA)
    jsonschema.validate(data, SKEMA, cls=jsonschema.Draft202012Validator)
    # A report frozen as version 1 (four statuses, none "sammenligning") is still valid.
    gammel = json.loads(json.dumps(data))
    gammel["version"] = 1
    for optaelling in [gammel["optaelling"], *(a["optaelling"] for a in gammel["aftaler"])]:
        optaelling[:] = [s for s in optaelling if s["kode"] != "sammenligning"]
    for lin in linjer(gammel).values():
        if lin["status"]["kode"] == "sammenligning":
            lin["status"] = {"kode": "mangler_data", "navn": "Mangler data", "forklaring": "x"}
    jsonschema.validate(gammel, SKEMA, cls=jsonschema.Draft202012Validator)
    for forkert in ("version", "kode"):
        kopi = json.loads(json.dumps(data))
        if forkert == "version":
            kopi["version"] = 3
        else:
            kopi["aftaler"][0]["maal"][0]["indikatorer"][0]["linjer"][0]["status"]["kode"] = "godt"
        with pytest.raises(jsonschema.ValidationError):
            jsonschema.validate(kopi, SKEMA, cls=jsonschema.Draft202012Validator)


def test_aar_uden_for_aftalens_periode(maalt: Indikator) -> None:
    """Randers' delaftale starts 1 August 2025: the report on 2024 has no agreements."""
    data = rapportdata(randers(), 2024)
    assert data["aftaler"] == [] and sum(s["antal"] for s in data["optaelling"]) == 0
    jsonschema.validate(data, SKEMA, cls=jsonschema.Draft202012Validator)


def test_kanonisk_json_og_kontrolsum(maalt: Indikator) -> None:
    tekst = rapport_json(rapportdata(randers(), 2025))
    assert tekst == rapport_json(json.loads(tekst))
    assert "Fraflytningen falder langsomt." in tekst and "\\u00e6" not in tekst
    foer = hashlib.sha256(tekst.encode()).hexdigest()
    Maaling.objects.filter(indikator=maalt, aar=2025).update(procent=D("11.7"))
    efter = hashlib.sha256(rapport_json(rapportdata(randers(), 2025)).encode()).hexdigest()
    assert foer != efter


def _indikatorer(antal: int) -> None:
    """Randers with exactly `antal` indicators, each with a baseline, target and measurement."""
    plan = randers()
    Indikator.objects.filter(maal__aftale__helhedsplan=plan).delete()
    maal = Maal.objects.filter(aftale__helhedsplan=plan).first()
    assert maal is not None
    for i in range(antal):
        ind = Indikator.objects.create(maal=maal, navn=f"Indikator {i}", raekkefoelge=i)
        BaselineVaerdi.objects.create(indikator=ind, aar=2023, procent=D(20))
        Maaltal.objects.create(indikator=ind, retning="stige", procent=D(30), aar=2028)
        Maaling.objects.create(indikator=ind, aar=2024, procent=D(22))


@pytest.mark.parametrize("antal", [1, 30])
def test_antal_forespoergsler_er_fast(db: None, antal: int, django_assert_num_queries: Any) -> None:
    _indikatorer(antal)
    plan = randers()
    with django_assert_num_queries(9):
        data = rapportdata(plan, 2025)
    assert len(linjer(data)) == antal


# The delmål "Flere tilfredse beboere" by its lines' status (the zeros left out), as the
# page, the PDF and Word all say it under the delmål's heading.
LINJER_TILFREDSE = "Linjer: på vej 1 · mangler data 6 · til sammenligning 2."


def test_pdf_laeses_tilbage(maalt: Indikator) -> None:
    data = rapportdata(randers(), 2025)
    pdf = rapport_pdf(data)
    assert pdf.startswith(b"%PDF")
    laeser = PdfReader(io.BytesIO(pdf))
    tekst = "\n".join(side.extract_text() for side in laeser.pages)
    hele = normaliseret(tekst)
    for forventet in (
        TITEL, "Den boligsociale helhedsplan i Randers", "Gl. Jennumparken", "12,1 %", "11,8 %",
        "12,6 %", "skal falde til 10 % i 2028", "På vej", "Mangler data", "Gul – usikkert",
        "Fraflytningen falder langsomt.", "Udkast", "Sammenfatning",
        "Kilde: LBF's temastatistik (Gl. Jennumparken 2024)", LINJER_TILFREDSE,
        "Status: nået 0 · på vej 1 · ikke på vej 0 · mangler data 20 · til sammenligning 5.",
    ):  # fmt: skip
        assert normaliseret(forventet) in hele, forventet
    assert "/StructTreeRoot" in laeser.root_object  # tagged
    tjek_med_pdfua(pdf)  # and by the PDF/UA checker
    assert (
        rapport_pdf(data)
        and normaliseret(
            "\n".join(s.extract_text() for s in PdfReader(io.BytesIO(rapport_pdf(data))).pages)
        )
        == hele
    )


def test_siden_siger_det_samme(maalt: Indikator, klient: Any) -> None:
    side = klient.get(reverse("statusrapport", args=["randers-2025-29", 2025])).content.decode()
    assert f'<p class="small delmaal-status">{LINJER_TILFREDSE}</p>' in side


def test_pdf_graferne_har_tekst(maalt: Indikator) -> None:
    # The charts' legend and axis are text in the PDF, not outlined glyphs: a reader finds them.
    pdf = rapport_pdf(rapportdata(randers(), 2025))
    tekst = normaliseret("\n".join(s.extract_text() for s in PdfReader(io.BytesIO(pdf)).pages))
    assert normaliseret("Baseline og målt") in tekst and "Procent" in tekst


def test_pdf_godkendt_fod(maalt: Indikator) -> None:
    pdf = rapport_pdf(rapportdata(randers(), 2025), "Godkendt af bestyrelsen 12/3-2026")
    tekst = "\n".join(s.extract_text() for s in PdfReader(io.BytesIO(pdf)).pages)
    assert normaliseret("Godkendt af bestyrelsen 12/3-2026") in normaliseret(tekst)
    assert "UDKAST" not in tekst and "ikke godkendt" not in tekst


def test_word_laeses_tilbage(maalt: Indikator) -> None:
    data = rapportdata(randers(), 2025)
    doc = docx.Document(io.BytesIO(rapport_docx(data)))
    stile = [(str(p.style.name if p.style else ""), p.text) for p in doc.paragraphs]
    overskrifter = {(s, t) for s, t in stile if s.startswith("Heading")}
    assert ("Heading 1", TITEL) in overskrifter
    assert ("Heading 2", "Indsatsområdet Sammenhængskraft og medborgerskab") in overskrifter
    assert ("Heading 3", "Delmål: Flere tilfredse beboere") in overskrifter
    assert any(s == "Heading 4" and t.startswith("Fraflytningsprocenten") for s, t in overskrifter)
    tabeller = [t for t in doc.tables if t.rows[0].cells[0].text == "Linje"]
    assert tabeller
    for t in tabeller:
        assert t.rows[0]._tr.xpath("./w:trPr/w:tblHeader")
    (fraflytning,) = [
        t
        for t in tabeller
        if any(
            r.cells[0].text == "Gl. Jennumparken" and "11,8 %" in [c.text for c in r.cells]
            for r in t.rows
        )
    ]
    hoved = [c.text for c in fraflytning.rows[0].cells]
    assert hoved == ["Linje", "Baseline", "2024", "2025", "Mål", "Status"]
    raekke = next(r for r in fraflytning.rows if r.cells[0].text == "Gl. Jennumparken")
    assert [c.text for c in raekke.cells[:5]] == [
        "Gl. Jennumparken", "12,6 % (2023)", "12,1 %", "11,8 %", "skal falde til 10 % i 2028",
    ]  # fmt: skip
    assert raekke.cells[5].text.startswith("På vej")
    beskrivelser = [d.get("descr") for d in doc.element.body.xpath(".//wp:docPr")]
    assert any(d and d.startswith("Gl. Jennumparken: baseline 12,6 % (2023)") for d in beskrivelser)
    tekst = "\n".join(p.text for p in doc.paragraphs)
    assert "Gul – usikkert" in tekst and "Fraflytningen falder langsomt." in tekst
    assert LINJER_TILFREDSE in tekst and "Status: nået 0 · på vej 1 · ikke på vej 0" in tekst


def _skriv(tmp_path: Path, navn: str, *flag: str) -> Path:
    fil = tmp_path / navn
    call_command(
        "export_status", "--helhedsplan", "randers-2025-29", "--aar", "2025",
        "--output", str(fil), *flag, stdout=io.StringIO(),
    )  # fmt: skip
    return fil


def test_export_status_nu(maalt: Indikator, tmp_path: Path) -> None:
    assert json.loads(_skriv(tmp_path, "r.json").read_text()) == rapportdata(randers(), 2025)
    assert _skriv(tmp_path, "r.pdf").read_bytes().startswith(b"%PDF")
    doc = docx.Document(str(_skriv(tmp_path, "r.docx")))
    assert TITEL in [p.text for p in doc.paragraphs]


def test_export_status_godkendt(maalt: Indikator, tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="ingen godkendt statusrapport for 2025"):
        _skriv(tmp_path, "g.pdf", "--godkendt")
    rapport = Statusrapport.objects.create(
        helhedsplan=randers(), aar=2025, frist=standardfrist(2025)
    )
    for nummer in (1, 2):
        GodkendtRapport.objects.create(
            rapport=rapport, nummer=nummer, json=f'{{"frosset": {nummer}}}\n',
            pdf=b"%PDF-1.7 frosset" + bytes([nummer]), docx=b"PK frosset", kontrolsum="a" * 64,
            pdf_kontrolsum="b" * 64, docx_kontrolsum="c" * 64, godkendt=timezone.now(),
            moededato=datetime.date(2026, 3, 12),
        )  # fmt: skip
    assert _skriv(tmp_path, "g.pdf", "--godkendt").read_bytes() == b"%PDF-1.7 frosset\x02"
    assert _skriv(tmp_path, "g.docx", "--godkendt").read_bytes() == b"PK frosset"
    assert _skriv(tmp_path, "g.json", "--godkendt").read_text() == '{"frosset": 2}\n'


@pytest.mark.parametrize(
    ("argumenter", "besked"),
    [
        (
            ["--helhedsplan", "maanebyen", "--aar", "2025", "--output", "x.pdf"],
            "»maanebyen« findes ikke",
        ),
        (
            ["--helhedsplan", "randers-2025-29", "--aar", "2025", "--output", "x.txt"],
            "Ukendt filtype",
        ),
        (
            ["--helhedsplan", "randers-2025-29", "--aar", "3000", "--output", "x.pdf"],
            "mellem 1900 og 2100",
        ),
    ],
)
def test_export_status_fejl(db: None, tmp_path: Path, argumenter: list[str], besked: str) -> None:
    argumenter = [str(tmp_path / a) if a.startswith("x.") else a for a in argumenter]
    with pytest.raises(CommandError, match=besked):
        call_command("export_status", *argumenter, stdout=io.StringIO())
    assert not list(tmp_path.iterdir())
