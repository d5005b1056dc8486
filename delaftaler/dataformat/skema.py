"""The JSON Schema (draft 2020-12) of the `lbf-aftaler` format, and validation against it.

The schema is generated from the same field lists that drive the importer and the
exporter (dataformat/format.py) and from the model fields behind them (which may be
null, choices, lengths), so it cannot drift from what the importer accepts. The
committed copy, fixtures/lbf-aftaler.schema.json, is for the people who write the
format outside the app; a test asserts it equals `skema()`. Regenerate it with

    .venv/bin/python -m delaftaler.skema > fixtures/lbf-aftaler.schema.json

The schema checks the shape of a file (keys, types, choices, dates and number
strings). What needs the database or the whole document (names that must resolve,
the fund period's indsatsområder, a period's end after its start) stays with the
importer.
"""

from __future__ import annotations

import functools
import json
import os
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from jsonschema import Draft202012Validator, ValidationError
from jsonschema.exceptions import best_match

if TYPE_CHECKING:
    from django.db import models

# The Django models are imported inside the functions, not here, so that
# `python -m delaftaler.skema` can set Django up before they load.

SKEMA_FIL = Path(__file__).resolve().parents[2] / "fixtures" / "lbf-aftaler.schema.json"

DATO_MOENSTER = r"^\d{4}-\d{2}-\d{2}$"
TAL_MOENSTER = r"^-?[0-9]+(\.[0-9]+)?$"
SLUG_MOENSTER = r"^[-a-zA-Z0-9_]+$"

MOENSTER_BESKED = {
    DATO_MOENSTER: "skal være en dato (ÅÅÅÅ-MM-DD)",
    TAL_MOENSTER: 'skal være et tal skrevet som tekst med punktum som decimaltegn (f.eks. "6.3")',
    SLUG_MOENSTER: "må kun indeholde a-z, A-Z, 0-9, bindestreg og understregning",
}
TYPE_NAVN = {
    "string": "tekst",
    "integer": "et heltal",
    "number": "et tal",
    "boolean": "true eller false",
    "array": "en liste",
    "object": "et objekt",
    "null": "null",
}


# --- The schema -------------------------------------------------------------------------


def _ref(navn: str) -> dict[str, Any]:
    return {"$ref": f"#/$defs/{navn}"}


def _liste(elementer: dict[str, Any], titel: str, beskrivelse: str = "") -> dict[str, Any]:
    skema: dict[str, Any] = {"title": titel}
    if beskrivelse:
        skema["description"] = beskrivelse
    return {**skema, "type": "array", "items": elementer}


def _objekt(titel: str, beskrivelse: str, egenskaber: dict[str, Any]) -> dict[str, Any]:
    """An object whose keys are all required and whose other keys are all refused."""
    return {
        "title": titel,
        "description": beskrivelse,
        "type": "object",
        "required": list(egenskaber),
        "additionalProperties": False,
        "properties": egenskaber,
    }


def _henvisning(titel: str, beskrivelse: str, null: bool = True) -> dict[str, Any]:
    """A reference by natural key (a name), resolved by the importer."""
    return {
        "title": titel,
        "description": beskrivelse,
        "type": ["string", "null"] if null else "string",
        "minLength": 1,
    }


def _navneliste(titel: str, beskrivelse: str, max_laengde: int | None = None) -> dict[str, Any]:
    navn: dict[str, Any] = {"type": "string", "minLength": 1}
    if max_laengde:
        navn["maxLength"] = max_laengde
    return _liste(navn, titel, beskrivelse)


def _felt(
    model: type[models.Model],
    noegle: str,
    art: str,
    titel: str | None = None,
    beskrivelse: str | None = None,
) -> dict[str, Any]:
    """One scalar: its JSON form from its kind in dataformat.format, its limits from the model field."""
    from django.db import models

    from delaftaler.dataformat import format as df

    felt = model._meta.get_field(noegle)
    assert isinstance(felt, models.Field)
    skema: dict[str, Any] = {"title": titel or str(felt.verbose_name)}
    if beskrivelse or felt.help_text:
        skema["description"] = beskrivelse or str(felt.help_text)
    null = felt.null

    def typ(navn: str) -> str | list[str]:
        return [navn, "null"] if null else navn

    if art == df.TEKST:
        skema["type"] = "string"
        if not felt.blank:
            skema["minLength"] = 1
        if felt.max_length:
            skema["maxLength"] = felt.max_length
        if isinstance(felt, models.SlugField):
            skema["pattern"] = SLUG_MOENSTER
    elif art == df.DATO:
        # The pattern before the format: a date in another notation gets the pattern's message.
        skema.update(type=typ("string"), pattern=DATO_MOENSTER, format="date")
    elif art in (df.TAL, df.TAL_PRAECIS):
        skema.update(type=typ("string"), pattern=TAL_MOENSTER)
    elif art == df.HELTAL:
        skema["type"] = typ("integer")
        if isinstance(felt, models.PositiveIntegerField | models.PositiveSmallIntegerField):
            skema["minimum"] = 0
    elif art == df.BOOL:
        skema["type"] = "boolean"
    elif art == df.LISTE:
        # A TekstlisteField holds bullet points, none of them empty.
        skema.update(type="array", items={"type": "string", "minLength": 1})
    else:  # pragma: no cover - every kind is one of the above
        raise ValueError(art)
    if felt.choices:
        # The choices say all there is to say about a text's length.
        skema.pop("minLength", None)
        skema.pop("maxLength", None)
        valg = [v for v, _ in felt.flatchoices]
        skema["enum"] = [*valg, None] if null else valg
    return skema


def _felter(model: type[models.Model], felter: list[tuple[str, str]]) -> dict[str, Any]:
    return {noegle: _felt(model, noegle, art) for noegle, art in felter}


def skema() -> dict[str, Any]:
    """The JSON Schema of an `lbf-aftaler` file."""
    from aktiviteter.models import (
        Aktivitet,
        CfbuType,
        Datatabel,
        DatatabelKolonne,
        DatatabelRaekke,
        Element,
        Fase,
        Omfang,
        Rolle,
    )
    from delaftaler.dataformat import format as df
    from delaftaler.models import (
        Afsnit,
        Bestyrelsesmedlem,
        Delaftale,
        Fodnote,
        Fondsperiode,
        Helhedsplan,
        Indsatsomraade,
        Medarbejderressource,
        Omraade,
        Organisation,
        Part,
        Politikraekke,
        Politiktabel,
        StrategiskAftale,
        ValgtIndsatsomraade,
    )
    from indikatorer.models import BaselineVaerdi, Indikator, Maal

    T = df.TEKST
    organisation_henvisning = _henvisning(
        "organisation", "Organisationens navn, som det står i filens organisationer, eller null."
    )
    indsatsomraade = _felt(
        Indsatsomraade,
        "slug",
        T,
        titel="indsatsområde",
        beskrivelse="Kortnavnet på et indsatsområde i helhedsplanens fondsperiode, f.eks. "
        '"beskaeftigelse".',
    )

    defs: dict[str, Any] = {
        "organisation": _objekt(
            "organisation",
            "En organisation, som filen henviser til ved navn (kommune, boligorganisation, "
            "politi eller anden).",
            {
                "navn": _felt(Organisation, "navn", T),
                "type": _felt(Organisation, "type", T),
            },
        ),
        "helhedsplan": _objekt(
            "helhedsplan",
            "En boligsocial helhedsplan med dens områder og aftaler.",
            {
                "slug": _felt(Helhedsplan, "slug", T),
                "navn": _felt(Helhedsplan, "navn", T),
                "fondsperiode": _felt(
                    Fondsperiode,
                    "kode",
                    T,
                    titel="fondsperiode",
                    beskrivelse='Fondsperiodens kode, f.eks. "2019-26" eller "2015-18".',
                ),
                "gaelder_fra": _felt(Helhedsplan, "gaelder_fra", df.DATO),
                "gaelder_til": _felt(Helhedsplan, "gaelder_til", df.DATO),
                "kommune": _henvisning(
                    "kommune", "Kommunens navn, som det står i filens organisationer, eller null."
                ),
                "boligorganisationer": _navneliste(
                    "boligorganisationer",
                    "Boligorganisationernes navne, som de står i filens organisationer.",
                ),
                "omraader": _liste(_ref("omraade"), "områder"),
                "strategiske_aftaler": _liste(
                    _ref("strategisk_aftale"), "strategiske samarbejdsaftaler"
                ),
                "delaftaler": _liste(_ref("delaftale"), "delaftaler"),
            },
        ),
        "omraade": _objekt(
            "område",
            "Et boligområde, en afdeling eller et andet delområde, som en baseline kan høre til.",
            {
                "navn": _felt(Omraade, "navn", T),
                "type": _felt(Omraade, "type", T),
                "organisation": _henvisning(
                    "organisation",
                    "Navnet på den boligorganisation, området hører til, eller null.",
                ),
                "overordnet": _henvisning(
                    "overordnet område",
                    "Navnet på et andet område i samme helhedsplan, som området ligger i, "
                    "eller null.",
                ),
            },
        ),
        "strategisk_aftale": _objekt(
            "strategisk samarbejdsaftale",
            "Helhedsplanens strategiske samarbejdsaftale.",
            {
                **_felter(StrategiskAftale, df.STRATEGISK),
                "parter": _liste(_ref("part"), "parter"),
                "politiktabeller": _liste(_ref("politiktabel"), "politiktabeller"),
                "afsnit": _liste(
                    _ref("afsnit"), "afsnit", "Underafsnittene i afsnit 3 og 4, i rækkefølge."
                ),
                "bestyrelsesmedlemmer": _liste(_ref("bestyrelsesmedlem"), "bestyrelsesmedlemmer"),
                "overordnede_maal": _liste(
                    _ref("maal"), "overordnede mål", "Afsnit 5's tabel; mål 1 først."
                ),
                "indsatsomraader": _liste(_ref("valgt_indsatsomraade"), "valgte indsatsområder"),
                "fodnoter": _liste(_ref("fodnote"), "fodnoter"),
            },
        ),
        "delaftale": _objekt(
            "delaftale",
            "En delaftale for ét indsatsområde (LBF's skabelon, i dens rækkefølge).",
            {
                "indsatsomraade": indsatsomraade,
                **_felter(Delaftale, df.DELAFTALE),
                "parter": _liste(_ref("part"), "parter"),
                "delmaal": _liste(_ref("maal"), "delmål"),
                "aktiviteter": _liste(_ref("aktivitet"), "aktiviteter"),
                "medarbejderressourcer": _liste(_ref("ressource"), "medarbejderressourcer"),
                "fodnoter": _liste(_ref("fodnote"), "fodnoter"),
            },
        ),
        "part": _objekt(
            "part",
            "En part i aftalen: en organisation, enhed og titel, eller en navngiven gruppe med "
            "dens rolle.",
            {"organisation": organisation_henvisning, **_felter(Part, df.PART)},
        ),
        "fodnote": _objekt(
            "fodnote",
            "En fodnote; en tekst henviser til fodnote N med markøren [^N].",
            {
                "nummer": _felt(Fodnote, "nummer", df.HELTAL),
                "tekst": _felt(Fodnote, "tekst", T),
            },
        ),
        "maal": _objekt(
            "mål",
            "Et delmål (i den strategiske samarbejdsaftale et overordnet mål) med dets "
            "indikatorer.",
            {
                "navn": _felt(Maal, "navn", T),
                "maalsaetning": _felt(Maal, "maalsaetning", T),
                "indikatorer": _liste(_ref("indikator"), "indikatorer"),
            },
        ),
        "indikator": _objekt(
            "indikator",
            "En indikator for et mål med dens baselineværdier.",
            {
                "navn": _felt(Indikator, "navn", T),
                "datakilde": _felt(Indikator, "datakilde", T),
                "datakilde_note": _felt(Indikator, "datakilde_note", T),
                "baselines": _liste(_ref("baseline"), "baselines"),
            },
        ),
        "baseline": _objekt(
            "baselineværdi",
            "Én værdi i indikatortabellen. Tal skrives som tekst med punktum som decimaltegn.",
            {
                **_felter(BaselineVaerdi, df.BASELINE),
                "omraade": _henvisning(
                    "område",
                    "Navnet på det område i helhedsplanen, værdien gælder, eller null for hele "
                    "boligområdet.",
                ),
                "fodnote": {
                    "title": "fodnote",
                    "description": "Nummeret på en fodnote i aftalens fodnoter, eller null.",
                    "type": ["integer", "null"],
                    "minimum": 0,
                },
            },
        ),
        "aktivitet": _objekt(
            "aktivitet",
            "En aktivitet i delaftalens aktivitetsliste med dens aktivitetsskema.",
            {
                **_felter(Aktivitet, df.AKTIVITET),
                "cfbu_typer": _navneliste(
                    "CFBU-aktivitetstyper",
                    "Typer i CFBU's katalog, som aktiviteten trækker på.",
                    CfbuType._meta.get_field("navn").max_length,
                ),
                "understoetter_delmaal": _navneliste(
                    "understøtter delmål",
                    "De delmål i delaftalen, aktiviteten understøtter, ved deres navn.",
                ),
                "elementer": _liste(_ref("element"), "elementer"),
                "roller": _liste(_ref("rolle"), "roller"),
                "faser": _liste(_ref("fase"), "faser"),
                "omfang": _liste(_ref("omfang"), "omfang"),
                "datatabeller": _liste(_ref("datatabel"), "datatabeller"),
            },
        ),
        "element": _objekt(
            "element",
            "En række i aktivitetens elementtabel (Element | Indhold | Aktører).",
            _felter(Element, df.ELEMENT),
        ),
        "rolle": _objekt("rolle", "En parts rolle i aktiviteten.", _felter(Rolle, df.ROLLE)),
        "fase": _objekt("fase", "En fase i aktiviteten.", _felter(Fase, df.FASE)),
        "omfang": _objekt(
            "omfang", "Aktivitetens omfang og hyppighed.", _felter(Omfang, df.OMFANG)
        ),
        "datatabel": _objekt(
            "datatabel",
            "En tabel med tal i aktivitetsskemaet (f.eks. en dataoversigt).",
            {
                "titel": _felt(Datatabel, "titel", T),
                "note": _felt(Datatabel, "note", T),
                "kolonner": _liste(_ref("datatabelkolonne"), "kolonner"),
                "raekker": _liste(_ref("datatabelraekke"), "rækker"),
            },
        ),
        "datatabelkolonne": _objekt(
            "kolonne",
            "En kolonne i en datatabel.",
            {
                "overskrift": _felt(DatatabelKolonne, "overskrift", T),
                "aar": _felt(DatatabelKolonne, "aar", df.HELTAL),
            },
        ),
        "datatabelraekke": _objekt(
            "række",
            "En række i en datatabel.",
            {
                "etiket": _felt(DatatabelRaekke, "etiket", T),
                "total": _felt(DatatabelRaekke, "total", df.BOOL),
                "vaerdier": _liste(
                    {"type": ["string", "null"], "pattern": TAL_MOENSTER},
                    "værdier",
                    "Én talværdi (som tekst) pr. kolonne, eller null for en tom celle.",
                ),
            },
        ),
        "ressource": _objekt(
            "medarbejderressource",
            "En linje i delaftalens medarbejderressourcer.",
            {
                **_felter(Medarbejderressource, df.RESSOURCE),
                "aktivitet": _henvisning(
                    "aktivitet",
                    "Navnet på den aktivitet i delaftalen, ressourcen er afsat til, eller null.",
                ),
            },
        ),
        "politiktabel": _objekt(
            "politiktabel",
            "En tabel over visioner eller principper og de overordnede mål, de hænger sammen med.",
            {
                **_felter(Politiktabel, df.POLITIKTABEL),
                "raekker": _liste(_ref("politikraekke"), "rækker"),
            },
        ),
        "politikraekke": _objekt(
            "række i politiktabel",
            "En række i en politiktabel.",
            {
                **_felter(Politikraekke, df.POLITIKRAEKKE),
                "maal": _liste(
                    {"type": "integer", "minimum": 1},
                    "mål",
                    "Numrene på de overordnede mål, højre celle nævner (mål 1 er det første).",
                ),
            },
        ),
        "afsnit": _objekt(
            "afsnit",
            "Et underafsnit af afsnit 3 (Organisering) eller 4 (Samspil).",
            _felter(Afsnit, df.AFSNIT),
        ),
        "bestyrelsesmedlem": _objekt(
            "bestyrelsesmedlem",
            "Et medlem af den boligsociale bestyrelse.",
            {
                **_felter(Bestyrelsesmedlem, df.BESTYRELSESMEDLEM),
                "organisation": organisation_henvisning,
            },
        ),
        "valgt_indsatsomraade": _objekt(
            "valgt indsatsområde",
            "Afsnit 6: et valgt indsatsområde med problemkompleks og primær målgruppe.",
            {"indsatsomraade": indsatsomraade, **_felter(ValgtIndsatsomraade, df.VALGT)},
        ),
    }
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        **_objekt(
            f"Aftalefil i formatet {df.FORMAT}, version {df.VERSION}",
            "Organisationer og boligsociale helhedsplaner med deres strategiske "
            "samarbejdsaftaler og delaftaler (Landsbyggefonden). Se fixtures/FORMAT.md.",
            {
                "format": {"title": "format", "const": df.FORMAT},
                "version": {"title": "version", "const": df.VERSION},
                "organisationer": _liste(_ref("organisation"), "organisationer"),
                "helhedsplaner": _liste(_ref("helhedsplan"), "helhedsplaner"),
            },
        ),
        "$defs": defs,
    }


def skema_json() -> str:
    """The schema as the committed file holds it."""
    return json.dumps(skema(), ensure_ascii=False, indent=2) + "\n"


# --- Validation -------------------------------------------------------------------------


@functools.cache
def validator() -> Draft202012Validator:
    skema_ = skema()
    Draft202012Validator.check_schema(skema_)
    return Draft202012Validator(skema_, format_checker=Draft202012Validator.FORMAT_CHECKER)


def valider(data: Any) -> None:
    """Raise FormatFejl for the most relevant way `data` breaks the schema, if any."""
    from delaftaler.dataformat.format import FormatFejl

    fejl = best_match(validator().iter_errors(data))
    if fejl is not None:
        raise FormatFejl(sti(fejl.absolute_path), besked(fejl))


def sti(dele: Iterable[str | int]) -> str:
    """A JSON path in the notation of FormatFejl: `helhedsplaner[0].delaftaler[1].navn`."""
    ud = ""
    for del_ in dele:
        if isinstance(del_, int):
            ud += f"[{del_}]"
        else:
            ud += f".{del_}" if ud else del_
    return ud


def _vist(vaerdi: Any) -> str:
    tekst = json.dumps(vaerdi, ensure_ascii=False)
    return tekst if len(tekst) <= 60 else tekst[:59] + "…"


def _navne(navne: list[str]) -> str:
    return ", ".join(f"'{n}'" for n in navne)


def besked(fejl: ValidationError) -> str:
    """A Danish message for one schema violation (the validator's own as a last resort)."""
    art, vaerdi, instans = fejl.validator, fejl.validator_value, fejl.instance
    skema_ = fejl.schema if isinstance(fejl.schema, dict) else {}
    if art == "required":
        mangler = [n for n in vaerdi if n not in instans]
        return f"mangler {'feltet' if len(mangler) == 1 else 'felterne'} {_navne(mangler)}"
    if art == "additionalProperties":
        kendte = skema_.get("properties", {})
        ukendte = sorted(n for n in instans if n not in kendte)
        return f"ukendt{' felt' if len(ukendte) == 1 else 'e felter'} {_navne(ukendte)}"
    if art == "type":
        typer = [vaerdi] if isinstance(vaerdi, str) else list(vaerdi)
        moenster = skema_.get("pattern")
        if moenster in (DATO_MOENSTER, TAL_MOENSTER):
            forventet = MOENSTER_BESKED[moenster].removeprefix("skal være ")
            if "null" in typer:
                forventet += " eller null"
        else:
            navne = [TYPE_NAVN.get(t, t) for t in typer]
            forventet = " eller ".join([", ".join(navne[:-1]), navne[-1]] if navne[1:] else navne)
        return f"skal være {forventet}, ikke {_vist(instans)}"
    if art == "enum":
        return f"skal være en af: {', '.join(_vist(v) for v in vaerdi)} (ikke {_vist(instans)})"
    if art == "const":
        return f"skal være {_vist(vaerdi)}, ikke {_vist(instans)}"
    if art == "pattern" and vaerdi in MOENSTER_BESKED:
        return f"{MOENSTER_BESKED[vaerdi]}, ikke {_vist(instans)}"
    if art == "format" and vaerdi == "date":
        return f"skal være en gyldig dato (ÅÅÅÅ-MM-DD), ikke {_vist(instans)}"
    if art == "minLength":
        return "må ikke være tom" if vaerdi == 1 else f"skal have mindst {vaerdi} tegn"
    if art == "maxLength":
        return f"må højst have {vaerdi} tegn (har {len(instans)})"
    if art == "minimum":
        return f"skal være mindst {vaerdi}, ikke {_vist(instans)}"
    if art == "maximum":
        return f"må højst være {vaerdi}, ikke {_vist(instans)}"
    return fejl.message


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    sys.stdout.buffer.write(skema_json().encode("utf-8"))


if __name__ == "__main__":
    main()
