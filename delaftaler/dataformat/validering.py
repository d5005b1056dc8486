"""Validation of an `lbf-aftaler` file against its schema, with the error in Danish."""

from __future__ import annotations

import functools
import json
from collections.abc import Iterable
from typing import Any

from jsonschema import Draft202012Validator, ValidationError
from jsonschema.exceptions import best_match

from delaftaler.dataformat.felter import FormatFejl
from delaftaler.dataformat.skemadele import DATO_MOENSTER, SLUG_MOENSTER, TAL_MOENSTER
from delaftaler.models import MSG_TEKST_MAKS, TEKST_MAKS

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


@functools.cache
def validator() -> Draft202012Validator:
    from delaftaler.dataformat.skema import skema

    skema_ = skema()
    Draft202012Validator.check_schema(skema_)
    return Draft202012Validator(skema_, format_checker=Draft202012Validator.FORMAT_CHECKER)


def valider(data: Any) -> None:
    """Raise FormatFejl for the most relevant way `data` breaks the schema, if any."""
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


def _tal(antal: int) -> str:
    return f"{antal:,}".replace(",", ".")


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
        if vaerdi == TEKST_MAKS:
            return f"{MSG_TEKST_MAKS} (har {_tal(len(instans))} tegn)"
        return f"må højst have {_tal(vaerdi)} tegn (har {_tal(len(instans))})"
    if art == "minimum":
        return f"skal være mindst {vaerdi}, ikke {_vist(instans)}"
    if art == "maximum":
        return f"må højst være {vaerdi}, ikke {_vist(instans)}"
    return fejl.message
