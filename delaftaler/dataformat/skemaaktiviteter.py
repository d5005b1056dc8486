"""The objects of the `lbf-aftaler` schema for an activity and the parts of its schema."""

from __future__ import annotations

from typing import Any

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
from delaftaler.dataformat import felter as df
from delaftaler.dataformat.skemadele import (
    TAL_MOENSTER,
    felt,
    felter,
    liste,
    navneliste,
    objekt,
    ref,
)

T = df.TEKST


def aktivitet() -> dict[str, Any]:
    return objekt(
        "aktivitet",
        "En aktivitet i delaftalens aktivitetsliste med dens aktivitetsskema.",
        {
            **felter(Aktivitet, df.AKTIVITET),
            "cfbu_typer": navneliste(
                "CFBU-aktivitetstyper",
                "Typer i CFBU's katalog, som aktiviteten trækker på.",
                CfbuType._meta.get_field("navn").max_length,
            ),
            "understoetter_delmaal": navneliste(
                "understøtter delmål",
                "De delmål i delaftalen, aktiviteten understøtter, ved deres navn.",
            ),
            "elementer": liste(ref("element"), "elementer"),
            "roller": liste(ref("rolle"), "roller"),
            "faser": liste(ref("fase"), "faser"),
            "omfang": liste(ref("omfang"), "omfang"),
            "datatabeller": liste(ref("datatabel"), "datatabeller"),
        },
    )


def element() -> dict[str, Any]:
    return objekt(
        "element",
        "En række i aktivitetens elementtabel (Element | Indhold | Aktører).",
        felter(Element, df.ELEMENT),
    )


def rolle() -> dict[str, Any]:
    return objekt("rolle", "En parts rolle i aktiviteten.", felter(Rolle, df.ROLLE))


def fase() -> dict[str, Any]:
    return objekt("fase", "En fase i aktiviteten.", felter(Fase, df.FASE))


def omfang() -> dict[str, Any]:
    return objekt("omfang", "Aktivitetens omfang og hyppighed.", felter(Omfang, df.OMFANG))


def datatabel() -> dict[str, Any]:
    return objekt(
        "datatabel",
        "En tabel med tal i aktivitetsskemaet (f.eks. en dataoversigt).",
        {
            "titel": felt(Datatabel, "titel", T),
            "note": felt(Datatabel, "note", T),
            "kolonner": liste(ref("datatabelkolonne"), "kolonner"),
            "raekker": liste(ref("datatabelraekke"), "rækker"),
        },
    )


def datatabelkolonne() -> dict[str, Any]:
    return objekt(
        "kolonne",
        "En kolonne i en datatabel.",
        {
            "overskrift": felt(DatatabelKolonne, "overskrift", T),
            "aar": felt(DatatabelKolonne, "aar", df.HELTAL),
        },
    )


def datatabelraekke() -> dict[str, Any]:
    return objekt(
        "række",
        "En række i en datatabel.",
        {
            "etiket": felt(DatatabelRaekke, "etiket", T),
            "total": felt(DatatabelRaekke, "total", df.BOOL),
            "vaerdier": liste(
                {"type": ["string", "null"], "pattern": TAL_MOENSTER},
                "værdier",
                "Én talværdi (som tekst) pr. kolonne, eller null for en tom celle.",
            ),
        },
    )
