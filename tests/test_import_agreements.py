"""`manage.py import_agreements`: JSON files and LBF's ZIP export, all or nothing."""

import copy
import hashlib
import io
import json
import zipfile
from contextlib import contextmanager

import pytest
from django.apps import apps
from django.core.management import call_command
from django.core.management.base import CommandError

from delaftaler.dataformat import eksporter, importer
from delaftaler.models import Aftale, Helhedsplan, Organisation
from delaftaler.models.version import slet_historik

pytestmark = pytest.mark.django_db

RANDERS = "randers-2025-29"


def _eksport(slugs=None):
    planer = Helhedsplan.objects.order_by("slug")
    if slugs is not None:
        planer = planer.filter(slug__in=slugs)
    return json.loads(json.dumps(eksporter(planer)))


def _som_i_tom_database(data):
    """`data` with each plan's housing organisations in name order.

    The importer links a plan's boligorganisationer with `ManyToManyField.set()`, which
    does not keep the list's order; in a database where the organisations already exist
    the old links stay and the order holds, in an empty one it does not.
    """
    data = copy.deepcopy(data)
    for plan in data["helhedsplaner"]:
        plan["boligorganisationer"].sort()
    return data


def _tilstand():
    """Everything an import could change: every plan's content and every table's size."""
    return _eksport(), {m._meta.label: m._default_manager.count() for m in apps.get_models()}


@contextmanager
def _uaendret_database():
    foer = _tilstand()
    yield
    assert _tilstand() == foer


def _slet_versioner(slugs):
    """Empty the plans' approved versions and their log: maintenance (migration 0006).

    A version is never deleted by the app; only emptying a test database is allowed to.
    """
    slet_historik(
        list(Aftale.objects.filter(helhedsplan__slug__in=slugs).values_list("pk", flat=True))
    )


def _slet(slugs):
    _slet_versioner(slugs)
    # Baselines protect their areas, so the agreements go before the plans' areas.
    Aftale.objects.filter(helhedsplan__slug__in=slugs).delete()
    Helhedsplan.objects.filter(slug__in=slugs).delete()


def _slet_alt():
    _slet(list(Helhedsplan.objects.values_list("slug", flat=True)))
    Organisation.objects.all().delete()


def _importer(fil, *flag):
    ud = io.StringIO()
    call_command("import_agreements", str(fil), *flag, stdout=ud)
    return ud.getvalue()


def _skriv_json(sti, data):
    sti.write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")
    return sti


def _fejl(fil, *flag):
    with pytest.raises(CommandError) as fejl:
        _importer(fil, *flag)
    return str(fejl.value)


# --- JSON -------------------------------------------------------------------------------


def test_a_json_export_imports_into_an_empty_helhedsplan_and_exports_the_same(tmp_path):
    foer = _eksport([RANDERS])
    fil = _skriv_json(tmp_path / "randers.json", foer)
    _slet([RANDERS])

    ud = _importer(fil)

    assert f"Oprettet: {RANDERS} (0 strategiske aftaler, 1 delaftale)" in ud
    assert _eksport([RANDERS]) == foer


def test_everything_imports_into_an_empty_database(tmp_path):
    foer = _eksport()
    fil = _skriv_json(tmp_path / "alle.json", foer)
    _slet_alt()
    assert not Organisation.objects.exists()

    ud = _importer(fil)

    assert _som_i_tom_database(_eksport()) == _som_i_tom_database(foer)
    assert "Nye organisationer: " in ud
    assert Organisation.objects.count() == len(foer["organisationer"])


def test_an_existing_helhedsplan_is_skipped_unless_replaced(tmp_path):
    # A copy of Randers without approved versions: a plan with versions is never replaced
    # (tests/test_import_sikkerhed.py).
    kopi = "randers-kopi"
    foer = _eksport([RANDERS])
    foer["helhedsplaner"][0]["slug"] = kopi
    importer(foer)
    aendret = copy.deepcopy(foer)
    aendret["helhedsplaner"][0]["delaftaler"][0]["revision"] = "Ny tekst om revision"
    fil = _skriv_json(tmp_path / "randers.json", aendret)

    with _uaendret_database():
        ud = _importer(fil)
    assert f"Sprunget over: {kopi} findes allerede" in ud

    ud = _importer(fil, "--erstat")
    assert f"Erstattet: {kopi}" in ud
    assert _eksport([kopi]) == aendret
    assert Helhedsplan.objects.filter(slug=kopi).count() == 1


def test_a_missing_file_is_an_error(tmp_path):
    assert "findes ikke" in _fejl(tmp_path / "ingen.json")


def test_broken_json_names_line_and_column(tmp_path):
    fil = tmp_path / "brudt.json"
    fil.write_text('{\n  "format": "lbf-aftaler",\n  "version" 1\n}\n', encoding="utf-8")
    with _uaendret_database():
        besked = _fejl(fil)
    assert besked == "brudt.json: ikke gyldig JSON: linje 3, kolonne 13: forventede et kolon"


def test_a_truncated_json_file_is_refused_and_nothing_is_imported(tmp_path):
    tekst = json.dumps(_eksport([RANDERS]), ensure_ascii=False, indent=2)
    fil = tmp_path / "halv.json"
    fil.write_text(tekst[: len(tekst) // 2], encoding="utf-8")
    _slet([RANDERS])
    with _uaendret_database():
        besked = _fejl(fil)
    assert besked.startswith("halv.json: ikke gyldig JSON: linje ")
    assert "filen slutter midt i JSON-dokumentet" in besked


def test_an_empty_file_is_refused(tmp_path):
    fil = tmp_path / "tom.json"
    fil.write_text("\n", encoding="utf-8")
    assert _fejl(fil) == "tom.json: filen er tom"


def test_a_file_that_is_not_text_is_refused(tmp_path):
    fil = tmp_path / "billede.json"
    fil.write_bytes(b"\x89PNG\r\n\x1a\n\xff\xfe")
    with _uaendret_database():
        assert "billede.json: ikke gyldig UTF-8-tekst" in _fejl(fil)


@pytest.mark.parametrize(
    "aendring,besked",
    [
        (
            lambda p: p["delaftaler"][0]["delmaal"][0].pop("navn"),
            "randers.json: helhedsplaner[0].delaftaler[0].delmaal[0]: mangler feltet 'navn'",
        ),
        (
            lambda p: p["delaftaler"][0]["aktiviteter"][0].update(varighed="1 år"),
            "randers.json: helhedsplaner[0].delaftaler[0].aktiviteter[0]: ukendt felt 'varighed'",
        ),
        (
            lambda p: p["delaftaler"][0].update(gaelder_fra="1/11-2025"),
            "randers.json: helhedsplaner[0].delaftaler[0].gaelder_fra: skal være en dato "
            '(ÅÅÅÅ-MM-DD), ikke "1/11-2025"',
        ),
        # Valid by the schema, refused by the importer: the place is named just the same.
        (
            lambda p: p["delaftaler"][0]["delmaal"][0]["indikatorer"][0]["baselines"][0].update(
                omraade="Atlantis"
            ),
            "randers.json: helhedsplaner[0].delaftaler[0].delmaal[0].indikatorer[0]."
            "baselines[0].omraade: området 'Atlantis' findes ikke i helhedsplanens områder",
        ),
    ],
)
def test_an_invalid_document_names_the_place_and_imports_nothing(tmp_path, aendring, besked):
    data = _eksport([RANDERS])
    aendring(data["helhedsplaner"][0])
    fil = _skriv_json(tmp_path / "randers.json", data)
    _slet([RANDERS])
    with _uaendret_database():
        assert _fejl(fil) == besked


# --- ZIP --------------------------------------------------------------------------------


def _medlemmer(data):
    """LBF's export of `data`: per agreement one complete document with one plan and it."""
    medlemmer = {}
    for plan in data["helhedsplaner"]:
        slug = plan["slug"]
        for liste in ("strategiske_aftaler", "delaftaler"):
            for aftale in plan[liste]:
                if liste == "delaftaler":
                    stamme = f"delaftale-{slug}-{aftale['indsatsomraade']}"
                else:
                    stamme = f"strategisk-samarbejdsaftale-{slug}"
                en = {**plan, "strategiske_aftaler": [], "delaftaler": []}
                en[liste] = [aftale]
                navn = f"{slug}/{stamme}-{aftale['gaelder_fra']}-version-1"
                medlemmer[navn] = copy.deepcopy({**data, "helhedsplaner": [en]})
    return medlemmer


def _skriv_zip(sti, medlemmer, raa=None, manifest=True):
    """A ZIP like LBF's export: every file listed in the manifest with its SHA-256."""
    filer = {}
    for navn, dokument in medlemmer.items():
        filer[f"{navn}.json"] = json.dumps(dokument, ensure_ascii=False, indent=2).encode()
        filer[f"{navn}.pdf"] = b"%PDF-1.7 ..."
        filer[f"{navn}.docx"] = b"PK ..."
    filer.update({navn: indhold.encode() for navn, indhold in (raa or {}).items()})
    with zipfile.ZipFile(sti, "w", zipfile.ZIP_DEFLATED) as zf:
        for navn, indhold in filer.items():
            zf.writestr(navn, indhold)
        if manifest:
            poster = [
                {
                    "fil": navn,
                    "helhedsplan": navn.split("/")[0],
                    "version": 1,
                    "godkendt_af_bestyrelsen": "2025-01-01",
                    "sha256": hashlib.sha256(indhold).hexdigest(),
                }
                for navn, indhold in filer.items()
            ]
            zf.writestr(
                "manifest.json",
                json.dumps({"format": "lbf-eksport", "version": 1, "filer": poster}),
            )
    return sti


def _randers_med_to_delaftaler():
    """Randers with a second delaftale (the next period), so one plan spans two members."""
    data = _eksport([RANDERS])
    delaftaler = data["helhedsplaner"][0]["delaftaler"]
    naeste = copy.deepcopy(delaftaler[0])
    naeste["gaelder_fra"], naeste["gaelder_til"] = "2029-08-01", "2033-07-31"
    delaftaler.append(naeste)
    # Replacing needs a plan without approved versions.
    _slet_versioner([RANDERS])
    importer(data, erstat=True)


def test_lbfs_zip_export_imports_into_an_empty_database_and_exports_the_same(tmp_path):
    _randers_med_to_delaftaler()
    foer = _eksport()
    (randers,) = [p for p in foer["helhedsplaner"] if p["slug"] == RANDERS]
    assert len(randers["delaftaler"]) == 2
    medlemmer = _medlemmer(foer)
    assert len(medlemmer) == sum(
        len(p["strategiske_aftaler"]) + len(p["delaftaler"]) for p in foer["helhedsplaner"]
    )
    fil = _skriv_zip(tmp_path / "lbf-eksport.zip", medlemmer)
    _slet_alt()

    ud = _importer(fil)

    assert _som_i_tom_database(_eksport()) == _som_i_tom_database(foer)
    assert f"lbf-eksport.zip: {len(foer['helhedsplaner'])} helhedsplaner indlæst" in ud


def test_the_zip_of_export_lbf_imports_into_an_empty_database(tmp_path):
    """The real thing: LBF's export as `manage.py export_lbf` writes it."""
    foer = _eksport()
    fil = tmp_path / "lbf-eksport.zip"
    call_command("export_lbf", "--output", str(fil), stdout=io.StringIO())
    _slet_alt()

    _importer(fil)

    assert _som_i_tom_database(_eksport()) == _som_i_tom_database(foer)


def test_zip_members_may_each_list_only_the_organisations_and_areas_they_use(tmp_path):
    foer = _eksport([RANDERS])
    medlemmer = _medlemmer(foer)
    (navn, dokument), *_ = medlemmer.items()
    dokument["organisationer"] = [dokument["organisationer"][0]]
    dokument["helhedsplaner"][0]["omraader"] = []
    # A second member with the rest (the importer needs them somewhere in the ZIP).
    resten = copy.deepcopy(foer)
    resten["helhedsplaner"][0]["delaftaler"] = []
    medlemmer[f"{RANDERS}/zz-resten"] = resten
    # A member without an agreement is no version: a ZIP of such members has no manifest.
    fil = _skriv_zip(tmp_path / "lbf-eksport.zip", medlemmer, manifest=False)
    _slet([RANDERS])

    _importer(fil)

    efter = _eksport([RANDERS])
    assert efter["helhedsplaner"][0]["delaftaler"] == foer["helhedsplaner"][0]["delaftaler"]
    assert sorted(o["navn"] for o in efter["helhedsplaner"][0]["omraader"]) == sorted(
        o["navn"] for o in foer["helhedsplaner"][0]["omraader"]
    )


def test_a_corrupt_zip_is_refused(tmp_path):
    hel = _skriv_zip(tmp_path / "hel.zip", _medlemmer(_eksport([RANDERS])))
    fil = tmp_path / "korrupt.zip"
    fil.write_bytes(hel.read_bytes()[: hel.stat().st_size // 2])
    _slet([RANDERS])
    with _uaendret_database():
        assert _fejl(fil) == "korrupt.zip: ikke en gyldig ZIP-fil"


def test_a_zip_member_with_damaged_data_is_refused(tmp_path):
    fil = _skriv_zip(tmp_path / "lbf.zip", _medlemmer(_eksport([RANDERS])))
    with zipfile.ZipFile(fil) as zf:
        (json_info,) = [i for i in zf.infolist() if i.filename.endswith("-version-1.json")]
    data = bytearray(fil.read_bytes())
    # Flip bytes in the middle of the member's compressed data.
    midte = json_info.header_offset + 30 + len(json_info.filename) + json_info.compress_size // 2
    data[midte : midte + 8] = bytes(b ^ 0xFF for b in data[midte : midte + 8])
    fil.write_bytes(bytes(data))
    _slet([RANDERS])
    with _uaendret_database():
        besked = _fejl(fil)
    assert besked.startswith(
        f"lbf.zip: {json_info.filename}: kan ikke pakkes ud, ZIP-filen er beskadiget"
    )


def test_a_zip_without_agreements_is_refused(tmp_path):
    fil = _skriv_zip(tmp_path / "tom.zip", {})
    with _uaendret_database():
        assert "tom.zip: ZIP-filen indeholder ingen aftaler" in _fejl(fil)


def test_a_broken_json_member_is_named_with_line_and_column(tmp_path):
    medlemmer = _medlemmer(_eksport())
    fil = _skriv_zip(
        tmp_path / "lbf.zip", medlemmer, raa={f"{RANDERS}/ekstra.json": '{"format": "lbf-af'}
    )
    _slet_alt()
    with _uaendret_database():
        besked = _fejl(fil)
    assert besked == (
        f"lbf.zip: {RANDERS}/ekstra.json: ikke gyldig JSON: linje 1, kolonne 12: "
        "filen slutter midt i JSON-dokumentet (er den afkortet?)"
    )


def test_a_member_that_breaks_the_schema_is_named_with_the_place_inside_it(tmp_path):
    medlemmer = _medlemmer(_eksport())
    navn = sorted(n for n in medlemmer if n.startswith(RANDERS))[-1]
    medlemmer[navn]["helhedsplaner"][0]["delaftaler"][0]["delmaal"][0].pop("navn")
    fil = _skriv_zip(tmp_path / "lbf.zip", medlemmer)
    _slet_alt()
    with _uaendret_database():
        besked = _fejl(fil)
    assert besked == (
        f"lbf.zip: {navn}.json: helhedsplaner[0].delaftaler[0].delmaal[0]: mangler feltet 'navn'"
    )


def test_an_import_error_in_the_last_member_undoes_the_plans_already_imported(tmp_path):
    medlemmer = _medlemmer(_eksport())
    # Members are imported in name order: every other plan is in the database before
    # the last one fails.
    navn = sorted(medlemmer)[-1]
    medlemmer[navn]["helhedsplaner"][0]["delaftaler"][0]["indsatsomraade"] = "fodbold"
    fil = _skriv_zip(tmp_path / "lbf.zip", medlemmer)
    _slet_alt()
    with _uaendret_database():
        besked = _fejl(fil)
    assert besked == (
        f"lbf.zip: {navn}.json: helhedsplaner[0].delaftaler[0].indsatsomraade: "
        "indsatsområdet 'fodbold' findes ikke i fondsperioden 2019-26"
    )
    assert not Helhedsplan.objects.exists()


def test_members_that_disagree_on_their_helhedsplan_are_both_named(tmp_path):
    _randers_med_to_delaftaler()
    medlemmer = _medlemmer(_eksport())
    foerste, anden = sorted(n for n in medlemmer if n.startswith(RANDERS))
    medlemmer[anden]["helhedsplaner"][0]["navn"] = "Et andet navn"
    fil = _skriv_zip(tmp_path / "lbf.zip", medlemmer)
    _slet_alt()
    with _uaendret_database():
        besked = _fejl(fil)
    assert besked.startswith(f"lbf.zip: {anden}.json: helhedsplaner[0].navn: ")
    assert '"Et andet navn" her' in besked
    assert f"i {foerste}.json" in besked


def test_members_that_disagree_on_an_organisation_are_both_named(tmp_path):
    # Ishøj Kommune is a party in both Ishøj's and Vejleåparken's agreements.
    medlemmer = _medlemmer(_eksport(["ishoej-2025-29", "vejleaaparken-2021-25"]))
    foerste, anden = sorted(medlemmer)
    assert foerste.startswith("ishoej") and anden.startswith("vejleaaparken")
    orgs = medlemmer[anden]["organisationer"]
    nr = [o["navn"] for o in orgs].index("Ishøj Kommune")
    orgs[nr] = {"navn": "Ishøj Kommune", "type": "andet"}
    fil = _skriv_zip(tmp_path / "lbf.zip", medlemmer)
    with _uaendret_database():
        besked = _fejl(fil)
    assert besked == (
        f"lbf.zip: {anden}.json: organisationer[{nr}]: organisationen 'Ishøj Kommune' har "
        f'typen "andet" her, men typen "kommune" i {foerste}.json'
    )
