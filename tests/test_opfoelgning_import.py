"""Importing measurements from CSV and XLSX (issue 15, point 3): good files, bad rows named,
nothing saved on error, idempotent, replace semantics, hostile files; browser and command."""

from __future__ import annotations

import io
import re
import zipfile
from decimal import Decimal

import openpyxl
import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from delaftaler.models import Helhedsplan, Omraade
from indikatorer.models import Indikator
from opfoelgning import indlaesning
from opfoelgning.indlaesning import ERSTAT, NY, UAENDRET, Filfejl, filer, laes_fil
from opfoelgning.models import Maaling
from tests.conftest import bruger

pytestmark = pytest.mark.django_db

SLUG = "randers-2025-29"
INDSATS = "Sammenhængskraft og medborgerskab"
UDS_MAAL = "Færre udsættelser i boligområderne"
UDS = "Antallet af udsættelser i de 7 boligområder"
FRA_MAAL = "Flere tilfredse beboere"
FRA = "Fraflytningsprocenten falder (eksterne flytninger)"
HOVED = "indsatsomraade;delmaal;indikator;omraade;delindikator;referencegruppe;aar;antal;ud_af;procent;vaerdi;kilde;note"


def csv_tekst(*raekker: str, tegn: str = ";") -> str:
    return "\n".join([HOVED.replace(";", tegn), *raekker]) + "\n"


GOD = csv_tekst(
    f"{INDSATS};{UDS_MAAL};{UDS};Gl. Jennumparken;;;2024;2;;;;RandersBolig;",
    f"{INDSATS};{FRA_MAAL};{FRA};Vangdalen;;;2024/25;;;11,5;;Udlejningssystemet;skoleår",
    f"{INDSATS};{FRA_MAAL};{FRA};Gl. Jennumparken;;;2024;;;;;;opgøres i marts",
)


@pytest.fixture(autouse=True)
def uden_maalinger(db: None) -> None:
    """Each test starts without measurements (load_demo gives Randers some)."""
    Maaling.objects.all().delete()


@pytest.fixture
def plan() -> Helhedsplan:
    return Helhedsplan.objects.get(slug=SLUG)


def indikator(navn: str) -> Indikator:
    return Indikator.objects.get(navn=navn, maal__aftale__helhedsplan__slug=SLUG)


def maalinger() -> list[tuple]:
    return list(
        Maaling.objects.order_by("id").values_list(
            "id", "indikator_id", "omraade__navn", "aar", "aar_til", "periodeart", "antal",
            "procent", "procent_decimaler", "vaerdi", "kilde", "note", "afventer", "enhed",
            "registreret_af", "registreret",
        )
    )  # fmt: skip


def kor(plan: Helhedsplan, tekst: str | bytes, navn: str = "m.csv", gem: bool = True):
    indhold = tekst.encode("utf-8") if isinstance(tekst, str) else tekst
    return indlaesning.indlaes(plan, laes_fil(indhold, navn), "Lene Leder", gem=gem)


# --- good files ------------------------------------------------------------------------


def test_good_csv_semicolon_with_bom_and_decimal_comma_is_saved(plan):
    foer = Maaling.objects.count()
    resultat = kor(plan, b"\xef\xbb\xbf" + GOD.encode())
    assert resultat.fejl == []
    assert [r.handling for r in resultat.raekker] == [NY, NY, NY]
    assert resultat.gemt and resultat.besked == "3 målinger gemt (0 erstattet)"
    assert Maaling.objects.count() == foer + 3
    uds = Maaling.objects.get(indikator=indikator(UDS), omraade__navn="Gl. Jennumparken", aar=2024)
    assert (uds.antal, uds.kilde, uds.afventer, uds.registreret_af) == (
        Decimal(2),
        "RandersBolig",
        False,
        "Lene Leder",
    )
    fra = Maaling.objects.get(indikator=indikator(FRA), omraade__navn="Vangdalen")
    assert (fra.aar, fra.aar_til, fra.periodeart, fra.procent, fra.procent_decimaler) == (
        2024,
        2025,
        "skoleaar",
        Decimal("11.5"),
        1,
    )
    assert fra.tekst == "11,5 %" and fra.note == "skoleår"
    kommer = Maaling.objects.get(indikator=indikator(FRA), omraade__navn="Gl. Jennumparken")
    assert kommer.afventer and kommer.tekst == "Data kommer" and kommer.note == "opgøres i marts"


def test_good_csv_comma_separated_with_quoted_decimal_comma(plan):
    tekst = csv_tekst(
        f'{INDSATS},{UDS_MAAL},{UDS},Vangdalen,,,2025,3,,,,"RandersBolig, udtræk",',
        f'"{INDSATS}","{FRA_MAAL}","{FRA}",Vangdalen,,,2025,,,"10,25",,,',
        tegn=",",
    )
    resultat = kor(plan, tekst)
    assert resultat.fejl == [] and resultat.gemt
    m = Maaling.objects.get(indikator=indikator(FRA), aar=2025)
    assert (m.procent, m.procent_decimaler, m.tekst) == (Decimal("10.25"), 2, "10,25 %")
    assert Maaling.objects.get(indikator=indikator(UDS), aar=2025).kilde == "RandersBolig, udtræk"


def test_names_compare_after_whitespace_and_case(plan):
    tekst = csv_tekst(
        f"  {INDSATS.upper()} ;{UDS_MAAL}  ;{UDS.replace(' ', '  ')};gl. jennumparken;;;2024;4.209;;;;;"
    )
    resultat = kor(plan, tekst)
    assert resultat.fejl == []
    assert Maaling.objects.get(indikator=indikator(UDS), aar=2024).antal == Decimal(4209)


def xlsx(raekker: list[list[object]], procentformat: bool = False) -> bytes:
    bog = openpyxl.Workbook()
    ark = bog.active
    ark.append(HOVED.split(";"))
    for r in raekker:
        ark.append(r)
    if procentformat:
        ark["J3"].number_format = "0.0%"
    ud = io.BytesIO()
    bog.save(ud)
    return ud.getvalue()


def test_good_xlsx_numbers_as_floats_ints_and_percent_format(plan):
    data = xlsx(
        [
            [
                INDSATS,
                UDS_MAAL,
                UDS,
                "Vangdalen",
                None,
                None,
                2024,
                2,
                None,
                None,
                None,
                "RB",
                None,
            ],
            [
                INDSATS,
                FRA_MAAL,
                FRA,
                "Vangdalen",
                None,
                None,
                2024,
                None,
                None,
                0.115,
                None,
                None,
                None,
            ],
            [
                INDSATS,
                FRA_MAAL,
                FRA,
                "Gl. Jennumparken",
                None,
                None,
                "2023/24",
                None,
                None,
                6.3,
                None,
                None,
                "x",
            ],
        ],
        procentformat=True,
    )
    resultat = kor(plan, data, "målinger.xlsx")
    assert resultat.fejl == [] and resultat.gemt
    assert Maaling.objects.get(indikator=indikator(UDS), aar=2024).antal == Decimal(2)
    vang = Maaling.objects.get(indikator=indikator(FRA), omraade__navn="Vangdalen")
    assert (vang.procent, vang.procent_decimaler) == (Decimal("11.5"), 1)
    gl = Maaling.objects.get(indikator=indikator(FRA), omraade__navn="Gl. Jennumparken")
    assert (gl.aar, gl.aar_til, gl.procent, gl.note) == (2023, 2024, Decimal("6.3"), "x")


def test_cell_text_of_excel_values():
    assert filer.celletekst(6.3) == "6,3"
    assert filer.celletekst(2024) == "2024"
    assert filer.celletekst(2024.0) == "2024"
    assert filer.celletekst(0.063, "0.0%") == "6,3"
    assert filer.celletekst(1e-7) == "0,0000001"
    assert filer.celletekst(None) == ""


# --- bad rows ----------------------------------------------------------------------------


def test_every_bad_row_is_named_with_its_number_and_value_and_nothing_is_saved(plan):
    foer = maalinger()
    tekst = csv_tekst(
        f"{INDSATS};{UDS_MAAL};{UDS};Gl. Jennumparken;;;2024;2;;;;;",
        f"{INDSATS};{UDS_MAAL};{UDS};Månebyen;;;2024;2;;;;;",
        f"{INDSATS};{FRA_MAAL};{FRA};Vangdalen;;;2024;;;6.3;;;",
        f"{INDSATS};{FRA_MAAL};{FRA};Vangdalen;;;2024/26;;;6,3;;;",
        f"{INDSATS};{FRA_MAAL};Ingen sådan indikator;Vangdalen;;;2024;;;6;;;",
        f"Beskæftigelse;{FRA_MAAL};{FRA};Vangdalen;;;2024;;;6;;;",
        f"{INDSATS};{FRA_MAAL};{FRA};Vangdalen;;;2025;;;130;;;",
        f"{INDSATS};{UDS_MAAL};{UDS};Gl. Jennumparken;;;2024;3;;;;;",
        f"{INDSATS};{UDS_MAAL};{UDS};Gl. Jennumparken;Tillid;;2026;3;;;;;",
        f"{INDSATS};{UDS_MAAL};{UDS};Vangdalen;;;2026;3",
    )
    resultat = kor(plan, tekst)
    assert not resultat.gemt
    fejl = resultat.fejl
    assert "række 3: området »Månebyen« findes ikke i helhedsplanen" in fejl
    assert any(f.startswith("række 4: »6.3« i kolonnen procent er ikke et tal") for f in fejl)
    assert any(f.startswith("række 5: »2024/26«") for f in fejl)
    assert any(
        f.startswith("række 6: indikatoren »Ingen sådan indikator« findes ikke") for f in fejl
    )
    assert (
        "række 7: indsatsområdet »Beskæftigelse« har ingen delaftale med indikatorer i helhedsplanen"
        in fejl
    )
    assert any(f.startswith("række 8: procent:") for f in fejl)
    assert "række 9: samme linje og periode (2024) som række 2" in fejl
    assert any(
        f.startswith("række 10: indikatoren »") and "»Gl. Jennumparken: Tillid«" in f for f in fejl
    )
    assert "række 11: har 8 felter, men overskriften har 13" in fejl
    assert {int(f.split(":")[0].removeprefix("række ")) for f in fejl} == set(range(3, 12))
    assert maalinger() == foer


def test_a_row_names_all_its_errors(plan):
    tekst = csv_tekst(f"{INDSATS};{UDS_MAAL};{UDS};Månebyen;;;20x4;abc;;;;;")
    fejl = kor(plan, tekst).fejl
    assert fejl[0] == "række 2: området »Månebyen« findes ikke i helhedsplanen"
    assert any("»20x4«" in f for f in fejl) and any("»abc« i kolonnen antal" in f for f in fejl)


def test_another_plans_names_are_not_found(plan):
    viborg_maal = Indikator.objects.filter(maal__aftale__helhedsplan__slug="viborg-2025-29")[0].maal
    tekst = csv_tekst(f"{INDSATS};{viborg_maal.navn};{UDS};;;;2024;1;;;;;")
    (fejl,) = kor(plan, tekst).fejl
    assert fejl.startswith("række 2: delmålet »") and "findes ikke i aftalen" in fejl


def test_strategic_agreements_goals_with_empty_indsatsomraade():
    plan = Helhedsplan.objects.get(slug="vejleaaparken-2021-25")
    ind = Indikator.objects.filter(maal__aftale__helhedsplan=plan).order_by("id")[0]
    from opfoelgning import tabel

    linje = tabel.indikator(tabel.indikatorer_med_opfoelgning().get(pk=ind.pk)).linjer[0]
    omraade = Omraade.objects.get(pk=linje.omraade_id).navn if linje.omraade_id else ""
    tekst = csv_tekst(
        f";{ind.maal.navn};{ind.navn};{omraade};{linje.delindikator};{linje.referencegruppe};2024;;;55;;;"
    )
    resultat = kor(plan, tekst)
    assert resultat.fejl == [] and resultat.gemt
    assert Maaling.objects.get(indikator=ind, aar=2024).procent == Decimal(55)


# --- idempotence and replace -----------------------------------------------------------


def test_importing_the_same_file_twice_changes_nothing(plan):
    kor(plan, GOD)
    efter_foerste = maalinger()
    anden = kor(plan, GOD)
    assert [r.handling for r in anden.raekker] == [UAENDRET] * 3
    assert anden.besked == "0 målinger gemt (0 erstattet); 3 uændrede"
    assert maalinger() == efter_foerste


def test_a_row_for_a_line_and_period_with_a_value_replaces_it(plan):
    uds = indikator(UDS)
    gl = Omraade.objects.get(helhedsplan=plan, navn="Gl. Jennumparken")
    gammel = Maaling.objects.create(
        indikator=uds,
        omraade=gl,
        aar=2024,
        antal=5,
        enhed="udsættelser",
        kilde="gammel",
        dato="2025-01-31",
    )
    resultat = kor(plan, GOD, gem=False)
    forste = resultat.raekker[0]
    assert (forste.handling, forste.foer, forste.tekst) == (
        ERSTAT,
        "2024: 5 udsættelser",
        "2 udsættelser",
    )
    assert Maaling.objects.get(pk=gammel.pk).antal == 5  # a preview saves nothing
    resultat = kor(plan, GOD)
    assert resultat.besked == "3 målinger gemt (1 erstattet)"
    m = Maaling.objects.get(pk=gammel.pk)
    assert (m.antal, m.kilde, m.enhed, str(m.dato), m.registreret_af) == (
        Decimal(2),
        "RandersBolig",
        "udsættelser",
        "2025-01-31",
        "Lene Leder",
    )
    assert Maaling.objects.filter(indikator=uds, aar=2024).count() == 1
    assert [r.handling for r in kor(plan, GOD).raekker] == [UAENDRET] * 3


# --- hostile files --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("indhold", "navn", "besked"),
    [
        (b"", "m.csv", "filen er tom"),
        (bytes(range(256)) * 10, "m.csv", "ikke UTF-8"),
        ("æøå;x".encode("cp1252"), "m.csv", "ikke UTF-8"),
        (b"a\x00b\n", "m.csv", "binære data"),
        (b"hej;med;dig\n1;2;3\n", "m.csv", "række 1 skal være overskriften"),
        (b"PK\x03\x04" + b"\x00" * 200, "m.xlsx", "ikke en gyldig Excel-fil"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "m.xls", ".xls"),
        (b'"uafsluttet\n' + HOVED.encode(), "m.csv", "række 1"),
    ],
)
def test_hostile_or_wrong_files_are_refused_with_a_danish_message(indhold, navn, besked):
    with pytest.raises(Filfejl, match=re.escape(besked)):
        laes_fil(indhold, navn)


def test_a_zip_that_is_not_a_workbook_is_refused():
    ud = io.BytesIO()
    with zipfile.ZipFile(ud, "w") as z:
        z.writestr("hej.txt", "ikke et regneark")
    with pytest.raises(Filfejl, match="kan ikke læses som Excel-fil"):
        laes_fil(ud.getvalue(), "m.xlsx")


def test_a_zip_bomb_is_refused_before_it_is_unpacked(monkeypatch):
    monkeypatch.setattr(filer, "MAKS_XLSX_MEDLEM", 1024 * 1024)
    ud = io.BytesIO()
    with zipfile.ZipFile(ud, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("xl/worksheets/sheet1.xml", b"\x00" * (2 * 1024 * 1024))
    assert len(ud.getvalue()) < 20_000
    with pytest.raises(Filfejl, match="fylder for meget udpakket"):
        laes_fil(ud.getvalue(), "bombe.xlsx")


def test_size_and_row_caps(monkeypatch):
    monkeypatch.setattr(filer, "MAKS_FIL_BYTES", 1000)
    with pytest.raises(Filfejl, match="filen er for stor"):
        laes_fil(GOD.encode() * 5, "m.csv")
    monkeypatch.setattr(filer, "MAKS_FIL_BYTES", 5 * 1024 * 1024)
    monkeypatch.setattr(filer, "MAKS_RAEKKER", 2)
    with pytest.raises(Filfejl, match="for mange rækker"):
        laes_fil(GOD.encode(), "m.csv")


def test_ten_thousand_rows_are_within_the_cap():
    raekke = f"{INDSATS};{UDS_MAAL};{UDS};Gl. Jennumparken;;;2024;2;;;;;"
    assert len(laes_fil(csv_tekst(*[raekke] * 10_000).encode(), "m.csv")) == 10_000
    with pytest.raises(Filfejl, match="for mange rækker"):
        laes_fil(csv_tekst(*[raekke] * 10_001).encode(), "m.csv")


# --- the command ----------------------------------------------------------------------


def test_command_imports_prints_preview_and_is_idempotent(tmp_path, plan):
    fil = tmp_path / "m.csv"
    fil.write_text(GOD, encoding="utf-8")
    ud = io.StringIO()
    call_command("import_maalinger", str(fil), "--helhedsplan", SLUG, "--dry-run", stdout=ud)
    assert "række 2: Ny – " in ud.getvalue() and "intet er gemt" in ud.getvalue()
    assert not Maaling.objects.filter(indikator__maal__aftale__helhedsplan=plan).exists()
    ud = io.StringIO()
    call_command("import_maalinger", str(fil), "--helhedsplan", SLUG, stdout=ud)
    assert "3 målinger gemt (0 erstattet)" in ud.getvalue()
    ud = io.StringIO()
    call_command("import_maalinger", str(fil), "--helhedsplan", SLUG, stdout=ud)
    assert "række 2: Uændret – " in ud.getvalue() and "3 uændrede" in ud.getvalue()


def test_command_refuses_a_bad_file_with_every_error_and_saves_nothing(tmp_path):
    fil = tmp_path / "m.csv"
    fil.write_text(
        csv_tekst(
            f"{INDSATS};{UDS_MAAL};{UDS};Gl. Jennumparken;;;2024;2;;;;;",
            f"{INDSATS};{UDS_MAAL};{UDS};Månebyen;;;2024;2;;;;;",
        ),
        encoding="utf-8",
    )
    foer = maalinger()
    fejl = io.StringIO()
    with pytest.raises(CommandError, match="afvist: 1 fejl; intet er gemt"):
        call_command(
            "import_maalinger", str(fil), "--helhedsplan", SLUG, stderr=fejl, stdout=io.StringIO()
        )
    assert "række 3: området »Månebyen« findes ikke i helhedsplanen" in fejl.getvalue()
    assert maalinger() == foer
    with pytest.raises(CommandError, match="findes ikke"):
        call_command("import_maalinger", str(fil), "--helhedsplan", "ingen-plan")
    with pytest.raises(CommandError, match="findes ikke"):
        call_command("import_maalinger", str(tmp_path / "ingen.csv"), "--helhedsplan", SLUG)


def test_command_exit_code_is_non_zero_on_errors(tmp_path):
    fil = tmp_path / "m.csv"
    fil.write_bytes(b"\x00\x01garbage")
    # manage.py turns a CommandError into exit code 1.
    with pytest.raises(CommandError) as fejl:
        call_command("import_maalinger", str(fil), "--helhedsplan", SLUG)
    assert "binære data" in str(fejl.value)


# --- the browser ----------------------------------------------------------------------


def upload(client, tekst: str | bytes, navn: str = "m.csv", slug: str = SLUG):
    indhold = tekst.encode() if isinstance(tekst, str) else tekst
    fil = io.BytesIO(indhold)
    fil.name = navn
    return client.post(reverse("indlaes_maalinger", args=[slug]), {"fil": fil})


def token(svar) -> str:
    funden = re.search(r'name="data" value="([^"]+)"', svar.content.decode())
    assert funden, "no confirm form"
    return funden.group(1)


def test_browser_upload_preview_confirm(client, leder):
    client.force_login(leder)
    assert client.get(reverse("indlaes_maalinger", args=[SLUG])).status_code == 200
    svar = upload(client, GOD)
    html = svar.content.decode()
    assert svar.status_code == 200 and "Forhåndsvisning af m.csv" in html
    assert html.count(">Ny<") == 3 and "Gem 3 målinger" in html
    assert not Maaling.objects.exists()
    svar = client.post(
        reverse("indlaes_maalinger", args=[SLUG]),
        {"data": token(svar), "bekraeft": "1"},
        follow=True,
    )
    assert "m.csv: 3 målinger gemt (0 erstattet)." in svar.content.decode()
    assert Maaling.objects.count() == 3
    assert set(Maaling.objects.values_list("registreret_af", flat=True)) == {"Lene Leder"}
    svar = upload(client, GOD)
    assert svar.content.decode().count(">Uændret<") == 3
    assert (
        "allerede gemt" in svar.content.decode() and 'name="bekraeft"' not in svar.content.decode()
    )


def test_browser_shows_every_rows_error_and_offers_no_confirm(client, leder):
    client.force_login(leder)
    svar = upload(client, csv_tekst(f"{INDSATS};{UDS_MAAL};{UDS};Månebyen;;;2024;2;;;;;"))
    html = svar.content.decode()
    assert svar.status_code == 400
    assert "række 2: området »Månebyen« findes ikke i helhedsplanen" in html
    assert 'name="bekraeft"' not in html and not Maaling.objects.exists()
    svar = upload(client, b"\x00\x01\x02", "m.csv")
    assert svar.status_code == 400 and "binære data" in svar.content.decode()


def test_browser_tampered_or_foreign_confirm_writes_nothing(client, leder):
    client.force_login(leder)
    gyldig = token(upload(client, GOD))
    url = reverse("indlaes_maalinger", args=[SLUG])
    svar = client.post(url, {"data": gyldig[:-3] + "abc", "bekraeft": "1"})
    assert svar.status_code == 400 and "ugyldig" in svar.content.decode()
    # leder is redaktør of Viborg too: Randers' signed rows cannot be confirmed there.
    anden = reverse("indlaes_maalinger", args=["viborg-2025-29"])
    assert client.post(anden, {"data": gyldig, "bekraeft": "1"}).status_code == 400
    assert not Maaling.objects.exists()
    # another user cannot replay it either
    client.force_login(bruger("bestyrelse"))
    assert client.post(url, {"data": gyldig, "bekraeft": "1"}).status_code == 403
    assert not Maaling.objects.exists()


@pytest.mark.parametrize(("navn", "kode"), [("bestyrelse", 403), ("lbf", 403)])
def test_browser_import_is_for_the_redaktoer_only(client, navn, kode):
    client.force_login(bruger(navn))
    url = reverse("indlaes_maalinger", args=[SLUG])
    assert client.get(url).status_code == kode
    assert upload(client, GOD).status_code == kode
    assert not Maaling.objects.exists()


def test_browser_import_in_a_plan_one_is_not_member_of_is_404(client, fremmed):
    client.force_login(fremmed)
    assert client.get(reverse("indlaes_maalinger", args=[SLUG])).status_code == 404
    assert upload(client, GOD).status_code == 404


def test_browser_xlsx_upload(client, leder):
    client.force_login(leder)
    data = xlsx(
        [[INDSATS, UDS_MAAL, UDS, "Vangdalen", None, None, 2024, 2, None, None, None, None, None]]
    )
    svar = upload(client, data, "m.xlsx")
    assert svar.status_code == 200 and "Gem 1 målinger" in svar.content.decode()
