"""The JSON Schema of the agreement format: true to the files, strict, with Danish messages."""

import copy
import json

import pytest
from jsonschema import Draft202012Validator

from delaftaler.dataformat import FormatFejl, eksporter, skema, tillaeg
from delaftaler.models import Helhedsplan
from tests.conftest import FIXTURES, seed_json

AFTALEFILER = sorted(f.name for f in FIXTURES.glob("*.json") if not f.name.endswith(".schema.json"))


def test_the_committed_schema_file_is_the_generated_schema():
    assert skema.SKEMA_FIL.read_text(encoding="utf-8") == skema.skema_json(), (
        "fixtures/lbf-aftaler.schema.json is out of date; regenerate it with "
        "`.venv/bin/python manage.py skriv_skema`"
    )


def test_the_schema_is_a_valid_draft_2020_12_schema():
    Draft202012Validator.check_schema(skema.skema())
    assert skema.skema()["$schema"] == "https://json-schema.org/draft/2020-12/schema"


def _objekter(node):
    if isinstance(node, dict):
        if node.get("type") == "object":
            yield node
        for v in node.values():
            yield from _objekter(v)
    elif isinstance(node, list):
        for v in node:
            yield from _objekter(v)


def test_every_object_requires_all_its_keys_and_refuses_others():
    objekter = list(_objekter(skema.skema()))
    assert len(objekter) > 20
    # Only the parts other apps add to an agreement (the images) are optional keys.
    valgfri = {t.noegle for t in tillaeg.TILLAEG}
    for objekt in objekter:
        assert objekt["additionalProperties"] is False, objekt["title"]
        paakraevet = [k for k in objekt["properties"] if k not in valgfri]
        assert objekt["required"] == paakraevet, objekt["title"]


def test_choice_fields_are_enums_of_the_models_choices():
    defs = skema.skema()["$defs"]
    assert defs["organisation"]["properties"]["type"]["enum"] == [
        "kommune",
        "boligorganisation",
        "politi",
        "andet",
    ]
    assert defs["omfang"]["properties"]["pr"]["enum"] == ["", "uge", "maaned", "aar"]
    assert defs["afsnit"]["properties"]["sektion"]["enum"] == [3, 4]
    assert defs["baseline"]["properties"]["slags"]["enum"] == ["boligomraade", "anden"]


@pytest.mark.parametrize("navn", AFTALEFILER)
def test_every_fixture_satisfies_the_schema(navn):
    skema.valider(json.loads((FIXTURES / navn).read_text(encoding="utf-8")))


@pytest.mark.django_db
def test_the_export_of_the_demo_data_satisfies_the_schema():
    data = eksporter(Helhedsplan.objects.order_by("id"))
    assert len(data["helhedsplaner"]) >= 5
    skema.valider(json.loads(json.dumps(data)))


DELMAAL = ("helhedsplaner", 0, "delaftaler", 0, "delmaal", 0)
BASELINE = (*DELMAAL, "indikatorer", 0, "baselines", 0)


def _sted(data, sti):
    for del_ in sti:
        data = data[del_]
    return data


@pytest.mark.parametrize(
    "sti,aendring,fejlsti,besked",
    [
        (
            DELMAAL,
            lambda d: d.pop("navn"),
            "helhedsplaner[0].delaftaler[0].delmaal[0]",
            "mangler feltet 'navn'",
        ),
        (
            ("helhedsplaner", 0),
            lambda d: d.update(farve="blå"),
            "helhedsplaner[0]",
            "ukendt felt 'farve'",
        ),
        (
            ("helhedsplaner", 0, "delaftaler", 0),
            lambda d: d.update(indsatsnavn=7),
            "helhedsplaner[0].delaftaler[0].indsatsnavn",
            "skal være tekst, ikke 7",
        ),
        (
            ("helhedsplaner", 0, "delaftaler", 0),
            lambda d: d.update(parter={}),
            "helhedsplaner[0].delaftaler[0].parter",
            "skal være en liste",
        ),
        (
            BASELINE,
            lambda d: d.update(antal=41),
            "helhedsplaner[0].delaftaler[0].delmaal[0].indikatorer[0].baselines[0].antal",
            "skal være et tal skrevet som tekst",
        ),
        (
            BASELINE,
            lambda d: d.update(procent="6,3"),
            "helhedsplaner[0].delaftaler[0].delmaal[0].indikatorer[0].baselines[0].procent",
            "skal være et tal skrevet som tekst",
        ),
        (
            BASELINE,
            lambda d: d.update(slags="kommune"),
            "helhedsplaner[0].delaftaler[0].delmaal[0].indikatorer[0].baselines[0].slags",
            'skal være en af: "boligomraade", "anden"',
        ),
        (
            ("helhedsplaner", 0, "omraader", 0),
            lambda d: d.update(type="by"),
            "helhedsplaner[0].omraader[0].type",
            'skal være en af: "boligomraade", "afdeling", "andet"',
        ),
        (
            ("helhedsplaner", 0, "delaftaler", 0),
            lambda d: d.update(gaelder_fra="1/11-2025"),
            "helhedsplaner[0].delaftaler[0].gaelder_fra",
            "skal være en dato (ÅÅÅÅ-MM-DD)",
        ),
        (
            ("helhedsplaner", 0, "delaftaler", 0),
            lambda d: d.update(gaelder_til="2025-02-30"),
            "helhedsplaner[0].delaftaler[0].gaelder_til",
            "skal være en gyldig dato (ÅÅÅÅ-MM-DD)",
        ),
        (
            ("helhedsplaner", 0, "delaftaler", 0),
            lambda d: d.update(gaelder_fra=None),
            "helhedsplaner[0].delaftaler[0].gaelder_fra",
            "skal være en dato (ÅÅÅÅ-MM-DD), ikke null",
        ),
        (
            DELMAAL,
            lambda d: d.update(navn=""),
            "helhedsplaner[0].delaftaler[0].delmaal[0].navn",
            "må ikke være tom",
        ),
        ((), lambda d: d.update(format="lbf"), "format", 'skal være "lbf-aftaler"'),
        ((), lambda d: d.update(version=3), "version", "skal være en af: 1, 2 (ikke 3)"),
        ((), lambda d: d.pop("organisationer"), "", "mangler feltet 'organisationer'"),
    ],
)
def test_a_document_that_breaks_the_schema_names_the_place_in_danish(
    sti, aendring, fejlsti, besked
):
    data = copy.deepcopy(seed_json("004"))
    aendring(_sted(data, sti))
    with pytest.raises(FormatFejl) as fejl:
        skema.valider(data)
    assert fejl.value.sti == fejlsti
    assert besked in fejl.value.besked


def test_not_an_object_at_all():
    with pytest.raises(FormatFejl) as fejl:
        skema.valider([1, 2])
    assert (fejl.value.sti, fejl.value.besked) == ("", "skal være et objekt, ikke [1, 2]")


def test_json_paths_are_written_like_the_importers():
    assert skema.sti(["helhedsplaner", 0, "delaftaler", 1, "delmaal", 0, "navn"]) == (
        "helhedsplaner[0].delaftaler[1].delmaal[0].navn"
    )
    assert skema.sti([]) == ""


def test_skriv_skema_writes_the_generated_schema(capsys):
    from django.core.management import call_command

    call_command("skriv_skema", "--vis")
    assert capsys.readouterr().out == skema.skema_json()


def _tekster(node, sti="$"):
    if isinstance(node, dict):
        if node.get("type") in ("string", ["string", "null"]):
            yield sti, node
        for noegle, v in node.items():
            yield from _tekster(v, f"{sti}.{noegle}")
    elif isinstance(node, list):
        for nr, v in enumerate(node):
            yield from _tekster(v, f"{sti}[{nr}]")


def test_every_text_in_the_schema_has_a_length_cap():
    """No value can be a 200 MB text: each is capped at the model's length or TEKST_MAKS."""
    from delaftaler.models import TEKST_MAKS

    tekster = list(_tekster(skema.skema()))
    assert len(tekster) > 50
    for sti, tekst in tekster:
        if (
            "enum" in tekst
            or "const" in tekst
            or "format" in tekst
            or "pattern" in tekst
            and (tekst["pattern"].startswith("^-?[0-9]"))
        ):
            continue
        assert 0 < tekst.get("maxLength", 0) <= TEKST_MAKS, sti
    revision = skema.skema()["$defs"]["delaftale"]["properties"]["revision"]
    assert revision["maxLength"] == TEKST_MAKS


def test_a_text_over_the_cap_is_refused_with_the_danish_message():
    from delaftaler.models import TEKST_MAKS

    data = seed_json("004")
    data["helhedsplaner"][0]["delaftaler"][0]["revision"] = "x" * (TEKST_MAKS + 1)
    with pytest.raises(FormatFejl) as fejl:
        skema.valider(data)
    assert fejl.value.sti == "helhedsplaner[0].delaftaler[0].revision"
    assert fejl.value.besked == (
        "Teksten er for lang: højst 20.000 tegn i ét felt. (har 20.001 tegn)"
    )
