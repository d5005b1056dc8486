"""`import_agreements` against hostile files: forged versions, tampered bytes, bombs.

Each hostile file is built from a real LBF export of the five seeds; each is refused with
a Danish message naming the place, and the database is left as it was.
"""

import hashlib
import io
import json
import time
import tracemalloc
import zipfile

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from delaftaler.dataformat import FormatFejl, filer, importer
from delaftaler.models import TEKST_MAKS, Version
from tests.conftest import seed_json
from tests.test_import_agreements import (
    RANDERS,
    _eksport,
    _fejl,
    _importer,
    _skriv_json,
    _slet_alt,
    _uaendret_database,
)

pytestmark = pytest.mark.django_db

VIBORG = "viborg-2025-29"
NY = "ny-plan-2025-29"


def _lbf_eksport(tmp_path):
    """The members of LBF's export of the seeds, by name, and its manifest."""
    fil = tmp_path / "eksport.zip"
    call_command("export_lbf", "--output", str(fil), stdout=io.StringIO())
    with zipfile.ZipFile(fil) as zf:
        medlemmer = {n: zf.read(n) for n in zf.namelist()}
    return medlemmer, json.loads(medlemmer.pop("manifest.json"))


def _skriv(sti, medlemmer, manifest=None):
    with zipfile.ZipFile(sti, "w", zipfile.ZIP_DEFLATED) as zf:
        for navn, indhold in medlemmer.items():
            zf.writestr(navn, indhold)
        if manifest is not None:
            zf.writestr("manifest.json", json.dumps(manifest, ensure_ascii=False))
    return sti


def _post(navn, indhold, helhedsplan, version=1):
    return {
        "fil": navn,
        "helhedsplan": helhedsplan,
        "aftale": "Delaftale",
        "version": version,
        "godkendt_af_bestyrelsen": "2025-08-01",
        "godkendt_af_lbf": None,
        "sha256": hashlib.sha256(indhold).hexdigest(),
    }


def _stamme(medlemmer, slug):
    (navn,) = [n for n in medlemmer if n.startswith(f"{slug}/") and n.endswith(".json")]
    return navn.removesuffix(".json")


def _viborgs_versioner():
    return list(
        Version.objects.filter(aftale__helhedsplan__slug=VIBORG)
        .order_by("pk")
        .values_list("pk", "nummer", "kontrolsum", "pdf_kontrolsum")
    )


def _ny_plan(medlemmer, manifest):
    """A new plan (Randers' agreement under a new slug), listed as a version of its own."""
    randers = _stamme(medlemmer, RANDERS)
    data = json.loads(medlemmer[randers + ".json"])
    data["helhedsplaner"][0].update(slug=NY, navn="En ny helhedsplan")
    stamme = f"{NY}/delaftale-{NY}-version-1"
    for endelse, indhold in (
        (".json", json.dumps(data, ensure_ascii=False, indent=2).encode()),
        (".pdf", medlemmer[randers + ".pdf"]),
        (".docx", medlemmer[randers + ".docx"]),
    ):
        medlemmer[stamme + endelse] = indhold
        manifest["filer"].append(_post(stamme + endelse, indhold, NY))


def _forfalsket_viborg_version(medlemmer, manifest, mappe, helhedsplan):
    """Viborg's version JSON as "version 77" with a forged PDF, checksums recomputed."""
    stamme = f"{mappe}/forfalsket-version-77"
    viborg = _stamme(medlemmer, VIBORG)
    for endelse, indhold in (
        (".json", medlemmer[viborg + ".json"]),
        (".pdf", b"%PDF-1.7 forfalsket"),
        (".docx", medlemmer[viborg + ".docx"]),
    ):
        medlemmer[stamme + endelse] = indhold
        manifest["filer"].append(_post(stamme + endelse, indhold, helhedsplan, version=77))
    return stamme


# --- Point 1: a version belongs to the plan and agreement its own member creates ---------


def test_a_forged_version_of_another_plan_is_refused_and_viborgs_versions_are_unchanged(
    tmp_path,
):
    medlemmer, manifest = _lbf_eksport(tmp_path)
    _ny_plan(medlemmer, manifest)
    stamme = _forfalsket_viborg_version(medlemmer, manifest, NY, NY)
    fil = _skriv(tmp_path / "lbf.zip", medlemmer, manifest)
    foer = _viborgs_versioner()

    with _uaendret_database():
        besked = _fejl(fil)

    assert besked.startswith(f"lbf.zip: {stamme}.json: helhedsplaner[0].slug: ")
    assert f"filen hører til helhedsplanen '{VIBORG}'" in besked
    assert f"siger '{NY}'" in besked
    assert _viborgs_versioner() == foer


def test_a_version_for_an_existing_plan_is_never_attached_to_it(tmp_path):
    """Manifest, folder and content all say Viborg: Viborg exists, so nothing is restored."""
    medlemmer, manifest = _lbf_eksport(tmp_path)
    _ny_plan(medlemmer, manifest)
    _forfalsket_viborg_version(medlemmer, manifest, VIBORG, VIBORG)
    fil = _skriv(tmp_path / "lbf.zip", medlemmer, manifest)
    foer = _viborgs_versioner()

    ud = _importer(fil)

    assert f"Sprunget over: {VIBORG} findes allerede" in ud
    assert f"Oprettet: {NY}" in ud
    assert "Gendannet 1 godkendte versioner" in ud
    assert _viborgs_versioner() == foer
    assert not Version.objects.filter(nummer=77).exists()
    assert Version.objects.get(aftale__helhedsplan__slug=NY).nummer == 1


def test_a_version_in_the_folder_of_another_plan_is_refused(tmp_path):
    medlemmer, manifest = _lbf_eksport(tmp_path)
    _ny_plan(medlemmer, manifest)
    _forfalsket_viborg_version(medlemmer, manifest, NY, VIBORG)
    fil = _skriv(tmp_path / "lbf.zip", medlemmer, manifest)
    with _uaendret_database():
        besked = _fejl(fil)
    assert f"ligger ikke i mappen for helhedsplanen '{VIBORG}'" in besked
    assert besked.startswith("lbf.zip: manifest.json: filer[")


def test_the_pdf_of_a_version_must_share_its_json_entry(tmp_path):
    medlemmer, manifest = _lbf_eksport(tmp_path)
    pdf = next(p for p in manifest["filer"] if p["fil"].endswith(".pdf"))
    pdf["version"] = 2
    nr = manifest["filer"].index(pdf)
    fil = _skriv(tmp_path / "lbf.zip", medlemmer, manifest)
    _slet_alt()
    with _uaendret_database():
        besked = _fejl(fil)
    assert besked.startswith(f"lbf.zip: manifest.json: filer[{nr}].version: 2 passer ikke med ")


def test_a_version_without_its_word_file_is_refused(tmp_path):
    medlemmer, manifest = _lbf_eksport(tmp_path)
    docx = next(p for p in manifest["filer"] if p["fil"].endswith(".docx"))
    manifest["filer"].remove(docx)
    del medlemmer[docx["fil"]]
    fil = _skriv(tmp_path / "lbf.zip", medlemmer, manifest)
    _slet_alt()
    with _uaendret_database():
        besked = _fejl(fil)
    assert f"mangler sin .docx-fil ({docx['fil']})" in besked


# --- Point 2: every file against the manifest's SHA-256, before anything is written ------


def test_a_replaced_pdf_is_refused_naming_the_file(tmp_path):
    medlemmer, manifest = _lbf_eksport(tmp_path)
    pdf = _stamme(medlemmer, VIBORG) + ".pdf"
    medlemmer[pdf] = b"%PDF-1.7 en anden PDF"
    fil = _skriv(tmp_path / "lbf.zip", medlemmer, manifest)
    _slet_alt()
    with _uaendret_database():
        besked = _fejl(fil)
    nr = [p["fil"] for p in manifest["filer"]].index(pdf)
    assert besked == (
        f"lbf.zip: {pdf}: filens SHA-256-kontrolsum passer ikke med manifest.json: "
        f"filer[{nr}]: filen er ændret efter eksporten"
    )


def test_a_changed_json_member_is_refused_before_it_is_parsed(tmp_path):
    medlemmer, manifest = _lbf_eksport(tmp_path)
    navn = _stamme(medlemmer, RANDERS) + ".json"
    medlemmer[navn] = medlemmer[navn].replace(b"Randers", b"Rander$")
    fil = _skriv(tmp_path / "lbf.zip", medlemmer, manifest)
    _slet_alt()
    with _uaendret_database():
        assert "filens SHA-256-kontrolsum passer ikke" in _fejl(fil)


def test_a_member_missing_from_the_manifest_is_refused(tmp_path):
    medlemmer, manifest = _lbf_eksport(tmp_path)
    medlemmer[f"{VIBORG}/ekstra.pdf"] = b"%PDF-1.7"
    fil = _skriv(tmp_path / "lbf.zip", medlemmer, manifest)
    _slet_alt()
    with _uaendret_database():
        besked = _fejl(fil)
    assert besked == (
        f"lbf.zip: {VIBORG}/ekstra.pdf: filen står ikke i manifest.json, så dens indhold "
        "kan ikke kontrolleres"
    )


def test_a_manifest_entry_without_its_file_is_refused(tmp_path):
    medlemmer, manifest = _lbf_eksport(tmp_path)
    navn = _stamme(medlemmer, VIBORG) + ".pdf"
    del medlemmer[navn]
    nr = [p["fil"] for p in manifest["filer"]].index(navn)
    fil = _skriv(tmp_path / "lbf.zip", medlemmer, manifest)
    _slet_alt()
    with _uaendret_database():
        besked = _fejl(fil)
    assert besked == f"lbf.zip: manifest.json: filer[{nr}]: filen '{navn}' findes ikke i ZIP-filen"


@pytest.mark.parametrize(
    "aendring,besked",
    [
        (lambda m: m.update(format="andet"), 'manifest.json: format: skal være "lbf-eksport"'),
        (
            lambda m: m["filer"][0].update(sha256="abc"),
            "manifest.json: filer[0].sha256: skal være en SHA-256-kontrolsum",
        ),
        (lambda m: m["filer"][0].pop("sha256"), "manifest.json: filer[0]: mangler feltet 'sha256'"),
        (
            lambda m: m["filer"][0].update(version=0),
            "manifest.json: filer[0].version: skal være mindst 1",
        ),
        (
            lambda m: m["filer"].append(dict(m["filer"][0])),
            "manifest.json: filer[15]: filen ",
        ),
    ],
)
def test_a_manifest_that_is_not_lbfs_is_refused(tmp_path, aendring, besked):
    medlemmer, manifest = _lbf_eksport(tmp_path)
    aendring(manifest)
    fil = _skriv(tmp_path / "lbf.zip", medlemmer, manifest)
    _slet_alt()
    with _uaendret_database():
        assert _fejl(fil).startswith(f"lbf.zip: {besked}")


def test_the_restored_versions_are_the_members_byte_for_byte(tmp_path):
    medlemmer, manifest = _lbf_eksport(tmp_path)
    fil = _skriv(tmp_path / "lbf.zip", medlemmer, manifest)
    _slet_alt()

    assert "Gendannet 5 godkendte versioner" in _importer(fil)

    kontrolsummer = {p["fil"]: p["sha256"] for p in manifest["filer"]}
    versioner = Version.objects.select_related("aftale__helhedsplan")
    assert len(versioner) == 5
    for version in versioner:
        (stamme,) = [
            n.removesuffix(".json")
            for n in medlemmer
            if n.startswith(version.aftale.helhedsplan.slug + "/") and n.endswith(".json")
        ]
        assert version.json.encode() == medlemmer[stamme + ".json"]
        assert version.kontrolsum == kontrolsummer[stamme + ".json"]
        assert bytes(version.pdf) == medlemmer[stamme + ".pdf"]
        assert bytes(version.docx) == medlemmer[stamme + ".docx"]


def test_a_zip_without_manifest_imports_the_agreements_and_says_no_version_is_restored(
    tmp_path,
):
    medlemmer, _ = _lbf_eksport(tmp_path)
    fil = _skriv(tmp_path / "lbf.zip", medlemmer)
    _slet_alt()

    ud = _importer(fil)

    assert "lbf.zip har intet manifest.json: aftalerne er indlæst, men ingen godkendte " in ud
    assert "lbf.zip: 5 helhedsplaner indlæst" in ud
    assert not Version.objects.exists()


# --- Point 3: --erstat never deletes an approved version --------------------------------


def test_replacing_a_plan_with_versions_is_refused_and_its_versions_are_kept(tmp_path):
    fil = _skriv_json(tmp_path / "viborg.json", _eksport([VIBORG]))
    foer = _viborgs_versioner()
    assert foer
    with _uaendret_database():
        besked = _fejl(fil, "--erstat")
    assert besked.startswith(
        f"viborg.json: helhedsplaner[0].slug: helhedsplanen '{VIBORG}' (Den boligsociale "
    )
    assert "har 1 godkendt version og kan ikke erstattes" in besked
    assert _viborgs_versioner() == foer


def test_replacing_from_a_zip_names_the_member_of_the_plan_with_versions(tmp_path):
    medlemmer, manifest = _lbf_eksport(tmp_path)
    fil = _skriv(tmp_path / "lbf.zip", medlemmer, manifest)
    with _uaendret_database():
        besked = _fejl(fil, "--erstat")
    assert besked.startswith("lbf.zip: ishoej-2025-29/delaftale-ishoej")
    assert "helhedsplaner[0].slug: helhedsplanen 'ishoej-2025-29'" in besked


# --- Point 4: caps, checked before the data is read ---------------------------------------


def _bombe(sti, navn, stoerrelse, andre=None):
    """A ZIP with a member of `stoerrelse` zero bytes (it compresses a thousandfold)."""
    with zipfile.ZipFile(sti, "w", zipfile.ZIP_DEFLATED) as zf:
        for n, indhold in (andre or {}).items():
            zf.writestr(n, indhold)
        with zf.open(navn, "w") as ud:
            nul = bytes(1024 * 1024)
            for _ in range(stoerrelse // len(nul)):
                ud.write(nul)
    return sti


def _maalt(funktion):
    """`funktion()` with the time it took and the peak memory it allocated."""
    tracemalloc.start()
    start = time.monotonic()
    try:
        resultat = funktion()
    finally:
        varighed = time.monotonic() - start
        _, top = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    return resultat, varighed, top


def test_a_zip_bomb_is_refused_by_its_size_without_unpacking_it(tmp_path):
    medlemmer, manifest = _lbf_eksport(tmp_path)
    navn = f"{VIBORG}/bombe.pdf"
    fil = _bombe(tmp_path / "bombe.zip", navn, 200 * 1024 * 1024, medlemmer)
    assert fil.stat().st_size < 2 * 1024 * 1024
    with _uaendret_database():
        besked, varighed, top = _maalt(lambda: _fejl(fil))
    assert besked == (f"bombe.zip: {navn}: filen er for stor (209.715.200 byte; højst 20 MB)")
    assert top < 20 * 1024 * 1024
    assert varighed < 10


def test_a_zip_whose_header_understates_a_member_is_refused_within_bounded_memory(tmp_path):
    navn = f"{RANDERS}/aftale.json"
    fil = _bombe(tmp_path / "lyver.zip", navn, 50 * 1024 * 1024)
    data = bytearray(fil.read_bytes())
    # Both headers claim 1,000 bytes: the local one (the only member, at the start) and
    # the central directory's (after the data).
    assert data.startswith(b"PK\x03\x04")
    data[22:26] = (1000).to_bytes(4, "little")
    central = data.rindex(b"PK\x01\x02")
    data[central + 24 : central + 28] = (1000).to_bytes(4, "little")
    fil.write_bytes(bytes(data))
    with zipfile.ZipFile(fil) as zf:
        assert zf.getinfo(navn).file_size == 1000

    with _uaendret_database():
        besked, _, top = _maalt(lambda: _fejl(fil))
    assert besked.startswith(f"lyver.zip: {navn}: kan ikke pakkes ud, ZIP-filen er beskadiget")
    assert top < 10 * 1024 * 1024


def test_a_zip_with_too_much_in_all_is_refused(tmp_path, monkeypatch):
    medlemmer, manifest = _lbf_eksport(tmp_path)
    fil = _skriv(tmp_path / "lbf.zip", medlemmer, manifest)
    monkeypatch.setattr(filer, "MAKS_ZIP_BYTES", 100_000)
    with _uaendret_database():
        besked = _fejl(fil)
    assert besked.startswith("lbf.zip: ZIP-filen fylder for meget udpakket (")


def test_a_zip_with_too_many_members_is_refused(tmp_path):
    medlemmer = {f"{RANDERS}/{nr}.pdf": b"" for nr in range(filer.MAKS_ZIP_MEDLEMMER + 1)}
    fil = _skriv(tmp_path / "mange.zip", medlemmer)
    with _uaendret_database():
        assert _fejl(fil) == "mange.zip: ZIP-filen har for mange filer (10001; højst 10.000)"


def test_a_zip_with_a_member_twice_is_refused(tmp_path):
    medlemmer, manifest = _lbf_eksport(tmp_path)
    navn = _stamme(medlemmer, VIBORG) + ".pdf"
    fil = _skriv(tmp_path / "lbf.zip", medlemmer, manifest)
    with pytest.warns(UserWarning), zipfile.ZipFile(fil, "a") as zf:
        zf.writestr(navn, b"%PDF-1.7 forfalsket")
    with _uaendret_database():
        assert _fejl(fil) == f"lbf.zip: {navn}: filen findes to gange i ZIP-filen"


DYB = "[" * 10_000 + "]" * 10_000


def test_json_nested_ten_thousand_deep_is_refused(tmp_path):
    fil = tmp_path / "dyb.json"
    fil.write_text(DYB, encoding="utf-8")
    with _uaendret_database():
        besked = _fejl(fil)
    assert besked == (
        "dyb.json: JSON-dokumentet er indlejret for dybt (mere end 40 niveauer af lister og "
        "objekter)"
    )


def test_a_zip_member_nested_ten_thousand_deep_is_refused(tmp_path):
    fil = _skriv(tmp_path / "dyb.zip", {f"{RANDERS}/dyb.json": DYB})
    with _uaendret_database():
        assert _fejl(fil).startswith(f"dyb.zip: {RANDERS}/dyb.json: JSON-dokumentet er indlejret")


def test_brackets_inside_texts_are_not_nesting(tmp_path):
    data = _eksport([RANDERS])
    data["helhedsplaner"][0]["delaftaler"][0]["revision"] = "[{" * 500 + ' \\" [[['
    data["helhedsplaner"][0]["slug"] = "randers-klammer"
    fil = _skriv_json(tmp_path / "randers.json", data)
    assert "Oprettet: randers-klammer" in _importer(fil)


def test_a_text_value_over_the_cap_is_refused_naming_the_field(tmp_path):
    data = _eksport([RANDERS])
    data["helhedsplaner"][0]["delaftaler"][0]["revision"] = "x" * (TEKST_MAKS + 1)
    data["helhedsplaner"][0]["slug"] = "randers-lang"
    fil = _skriv_json(tmp_path / "randers.json", data)
    with _uaendret_database():
        besked = _fejl(fil)
    assert besked == (
        "randers.json: helhedsplaner[0].delaftaler[0].revision: Teksten er for lang: højst "
        "20.000 tegn i ét felt. (har 20.001 tegn)"
    )


def test_a_json_file_over_the_cap_is_refused_before_it_is_read(tmp_path):
    data = _eksport([RANDERS])
    data["helhedsplaner"][0]["delaftaler"][0]["revision"] = "x" * filer.MAKS_JSON_BYTES
    fil = _skriv_json(tmp_path / "stor.json", data)
    with _uaendret_database():
        besked, _, top = _maalt(lambda: _fejl(fil))
    assert besked.startswith("stor.json: filen er for stor (")
    assert besked.endswith("byte; højst 10 MB)")
    assert top < 2 * 1024 * 1024


def test_the_seeds_export_is_far_below_every_cap(tmp_path):
    """The caps leave a wide margin: the real export uses at most a tenth of any."""
    medlemmer, _ = _lbf_eksport(tmp_path)
    assert len(medlemmer) * 10 < filer.MAKS_ZIP_MEDLEMMER
    assert sum(map(len, medlemmer.values())) * 100 < filer.MAKS_ZIP_BYTES
    for navn, indhold in medlemmer.items():
        if navn.endswith(".json"):
            assert len(indhold) * 100 < filer.MAKS_JSON_BYTES
        else:
            assert len(indhold) * 100 < filer.MAKS_MEDLEM_BYTES


def test_erstat_refuses_a_plan_whose_draft_was_sent_to_the_board_even_without_versions():
    """The log is as permanent as the versions: no ProtectedError, a Danish refusal."""
    from delaftaler import versioner
    from delaftaler.models import Aftale, Behandling
    from delaftaler.models.version import slet_historik

    randers = Aftale.objects.get(helhedsplan__slug="randers-2025-29")
    slet_historik([randers.pk])
    versioner.indsend(randers, get_user_model().objects.get(username="leder"))
    data = seed_json("004")
    with pytest.raises(FormatFejl, match="sendt til bestyrelsen, og kan ikke erstattes"):
        importer(data, erstat=True)
    assert Behandling.objects.filter(aftale=randers).count() == 1
