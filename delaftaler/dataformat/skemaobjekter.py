"""The objects of the `lbf-aftaler` schema, one function each: the `$defs` of skema.skema().

Each object's scalars come from the entity's field list in dataformat/felter.py and their
limits from the model fields behind them (skemadele.felt). An activity and the parts of
its schema are in skemaaktiviteter.py.
"""

from __future__ import annotations

from typing import Any

from delaftaler.dataformat import felter as df
from delaftaler.dataformat import tillaeg
from delaftaler.dataformat.skemaaktiviteter import (
    aktivitet,
    datatabel,
    datatabelkolonne,
    datatabelraekke,
    element,
    fase,
    omfang,
    rolle,
)
from delaftaler.dataformat.skemadele import felt, felter, henvisning, liste, navneliste, objekt, ref
from delaftaler.dataformat.skemamaal import baseline, indikator, maaltal, milepael
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
from indikatorer.models import Maal

T = df.TEKST


def definitioner() -> dict[str, Any]:
    """Every object of the schema by its name in `$defs`."""
    return {
        "organisation": organisation(),
        "helhedsplan": helhedsplan(),
        "omraade": omraade(),
        "strategisk_aftale": strategisk_aftale(),
        "delaftale": delaftale(),
        "part": part(),
        "fodnote": fodnote(),
        "maal": maal(),
        "indikator": indikator(),
        "baseline": baseline(),
        "maaltal": maaltal(),
        "milepael": milepael(),
        "aktivitet": aktivitet(),
        "element": element(),
        "rolle": rolle(),
        "fase": fase(),
        "omfang": omfang(),
        "datatabel": datatabel(),
        "datatabelkolonne": datatabelkolonne(),
        "datatabelraekke": datatabelraekke(),
        "ressource": ressource(),
        "politiktabel": politiktabel(),
        "politikraekke": politikraekke(),
        "afsnit": afsnit(),
        "bestyrelsesmedlem": bestyrelsesmedlem(),
        "valgt_indsatsomraade": valgt_indsatsomraade(),
        **version_1(),
    }


def _organisation_henvisning() -> dict[str, Any]:
    return henvisning(
        "organisation", "Organisationens navn, som det står i filens organisationer, eller null."
    )


def _indsatsomraade() -> dict[str, Any]:
    return felt(
        Indsatsomraade,
        "slug",
        T,
        titel="indsatsområde",
        beskrivelse="Kortnavnet på et indsatsområde i helhedsplanens fondsperiode, f.eks. "
        '"beskaeftigelse".',
    )


def organisation() -> dict[str, Any]:
    return objekt(
        "organisation",
        "En organisation, som filen henviser til ved navn (kommune, boligorganisation, "
        "politi eller anden).",
        {
            "navn": felt(Organisation, "navn", T),
            "type": felt(Organisation, "type", T),
        },
    )


def _v(navn: str, version: int) -> str:
    """The name in `$defs` of an object as it is in a given version of the format."""
    return navn if version == df.VERSION else f"{navn}_v{version}"


def helhedsplan(version: int = df.VERSION) -> dict[str, Any]:
    return objekt(
        "helhedsplan" + ("" if version == df.VERSION else f" (version {version})"),
        "En boligsocial helhedsplan med dens områder og aftaler.",
        {
            "slug": felt(Helhedsplan, "slug", T),
            "navn": felt(Helhedsplan, "navn", T),
            "fondsperiode": felt(
                Fondsperiode,
                "kode",
                T,
                titel="fondsperiode",
                beskrivelse='Fondsperiodens kode, f.eks. "2019-26" eller "2015-18".',
            ),
            "gaelder_fra": felt(Helhedsplan, "gaelder_fra", df.DATO),
            "gaelder_til": felt(Helhedsplan, "gaelder_til", df.DATO),
            "kommune": henvisning(
                "kommune", "Kommunens navn, som det står i filens organisationer, eller null."
            ),
            "boligorganisationer": navneliste(
                "boligorganisationer",
                "Boligorganisationernes navne, som de står i filens organisationer.",
            ),
            "omraader": liste(ref("omraade"), "områder"),
            "strategiske_aftaler": liste(
                ref(_v("strategisk_aftale", version)), "strategiske samarbejdsaftaler"
            ),
            "delaftaler": liste(ref(_v("delaftale", version)), "delaftaler"),
        },
    )


def omraade() -> dict[str, Any]:
    return objekt(
        "område",
        "Et boligområde, en afdeling eller et andet delområde, som en baseline kan høre til.",
        {
            "navn": felt(Omraade, "navn", T),
            "type": felt(Omraade, "type", T),
            "organisation": henvisning(
                "organisation",
                "Navnet på den boligorganisation, området hører til, eller null.",
            ),
            "overordnet": henvisning(
                "overordnet område",
                "Navnet på et andet område i samme helhedsplan, som området ligger i, eller null.",
            ),
        },
    )


def strategisk_aftale(version: int = df.VERSION) -> dict[str, Any]:
    skema = objekt(
        "strategisk samarbejdsaftale" + ("" if version == df.VERSION else f" (version {version})"),
        "Helhedsplanens strategiske samarbejdsaftale.",
        {
            **felter(StrategiskAftale, df.STRATEGISK),
            "parter": liste(ref("part"), "parter"),
            "politiktabeller": liste(ref("politiktabel"), "politiktabeller"),
            "afsnit": liste(
                ref("afsnit"), "afsnit", "Underafsnittene i afsnit 3 og 4, i rækkefølge."
            ),
            "bestyrelsesmedlemmer": liste(ref("bestyrelsesmedlem"), "bestyrelsesmedlemmer"),
            "overordnede_maal": liste(
                ref(_v("maal", version)), "overordnede mål", "Afsnit 5's tabel; mål 1 først."
            ),
            "indsatsomraader": liste(ref("valgt_indsatsomraade"), "valgte indsatsområder"),
            "fodnoter": liste(ref("fodnote"), "fodnoter"),
        },
    )
    return tillaeg.i_skema(skema) if version == df.VERSION else skema


def delaftale(version: int = df.VERSION) -> dict[str, Any]:
    skema = objekt(
        "delaftale" + ("" if version == df.VERSION else f" (version {version})"),
        "En delaftale for ét indsatsområde (LBF's skabelon, i dens rækkefølge).",
        {
            "indsatsomraade": _indsatsomraade(),
            **felter(Delaftale, df.DELAFTALE),
            "parter": liste(ref("part"), "parter"),
            "delmaal": liste(ref(_v("maal", version)), "delmål"),
            "aktiviteter": liste(ref("aktivitet"), "aktiviteter"),
            "medarbejderressourcer": liste(ref("ressource"), "medarbejderressourcer"),
            "fodnoter": liste(ref("fodnote"), "fodnoter"),
        },
    )
    return tillaeg.i_skema(skema) if version == df.VERSION else skema


def part() -> dict[str, Any]:
    return objekt(
        "part",
        "En part i aftalen: en organisation, enhed og titel, eller en navngiven gruppe med "
        "dens rolle.",
        {"organisation": _organisation_henvisning(), **felter(Part, df.PART)},
    )


def fodnote() -> dict[str, Any]:
    return objekt(
        "fodnote",
        "En fodnote; en tekst henviser til fodnote N med markøren [^N].",
        {
            "nummer": felt(Fodnote, "nummer", df.HELTAL),
            "tekst": felt(Fodnote, "tekst", T),
        },
    )


def maal(version: int = df.VERSION) -> dict[str, Any]:
    return objekt(
        "mål" + ("" if version == df.VERSION else f" (version {version})"),
        "Et delmål (i den strategiske samarbejdsaftale et overordnet mål) med dets indikatorer.",
        {
            "navn": felt(Maal, "navn", T),
            "maalsaetning": felt(Maal, "maalsaetning", T),
            "indikatorer": liste(ref(_v("indikator", version)), "indikatorer"),
        },
    )


def ressource() -> dict[str, Any]:
    return objekt(
        "medarbejderressource",
        "En linje i delaftalens medarbejderressourcer.",
        {
            **felter(Medarbejderressource, df.RESSOURCE),
            "aktivitet": henvisning(
                "aktivitet",
                "Navnet på den aktivitet i delaftalen, ressourcen er afsat til, eller null.",
            ),
        },
    )


def politiktabel() -> dict[str, Any]:
    return objekt(
        "politiktabel",
        "En tabel over visioner eller principper og de overordnede mål, de hænger sammen med.",
        {
            **felter(Politiktabel, df.POLITIKTABEL),
            "raekker": liste(ref("politikraekke"), "rækker"),
        },
    )


def politikraekke() -> dict[str, Any]:
    return objekt(
        "række i politiktabel",
        "En række i en politiktabel.",
        {
            **felter(Politikraekke, df.POLITIKRAEKKE),
            "maal": liste(
                {"type": "integer", "minimum": 1},
                "mål",
                "Numrene på de overordnede mål, højre celle nævner (mål 1 er det første).",
            ),
        },
    )


def afsnit() -> dict[str, Any]:
    return objekt(
        "afsnit",
        "Et underafsnit af afsnit 3 (Organisering) eller 4 (Samspil).",
        felter(Afsnit, df.AFSNIT),
    )


def bestyrelsesmedlem() -> dict[str, Any]:
    return objekt(
        "bestyrelsesmedlem",
        "Et medlem af den boligsociale bestyrelse.",
        {
            **felter(Bestyrelsesmedlem, df.BESTYRELSESMEDLEM),
            "organisation": _organisation_henvisning(),
        },
    )


def valgt_indsatsomraade() -> dict[str, Any]:
    return objekt(
        "valgt indsatsområde",
        "Afsnit 6: et valgt indsatsområde med problemkompleks og primær målgruppe.",
        {"indsatsomraade": _indsatsomraade(), **felter(ValgtIndsatsomraade, df.VALGT)},
    )


def version_1() -> dict[str, Any]:
    """The objects of a version 1 file that differ from the current version's: those on
    the way from a helhedsplan down to a baseline (which had no targets and no qualifier,
    range, sample or period)."""
    return {
        "helhedsplan_v1": helhedsplan(1),
        "strategisk_aftale_v1": strategisk_aftale(1),
        "delaftale_v1": delaftale(1),
        "maal_v1": maal(1),
        "indikator_v1": indikator(1),
        "baseline_v1": baseline(1),
    }
