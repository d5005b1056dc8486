"""The error summary at the top of a failed form: how many errors, and a link to each field.

`{% fejloversigt dele %}` takes any mix of forms, formsets, edit-page parts (`Del`) and
lists of them. Each error links to its field's id (the id Django gives the input), a
row's own error to the row, a formset's to the formset; the text names the row, so
"Baselines, række 3, Procent: Indtast et tal." says where without scrolling.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from django import forms, template
from django.core.exceptions import NON_FIELD_ERRORS
from django.forms import BaseFormSet

register = template.Library()


@dataclass(frozen=True)
class Fejl:
    anker: str
    tekst: str


def raekke_anker(form: forms.BaseForm) -> str:
    """The id of a formset row's box (templates/delaftaler/_formset_raekke.html)."""
    return f"raekke-{form.prefix}"


def formset_anker(formset: BaseFormSet) -> str:
    return f"formset-{formset.prefix}"


def _sted(*dele: str) -> str:
    return ", ".join(d for d in dele if d)


def _form(form: forms.BaseForm, sted: str, raekke: bool) -> Iterator[Fejl]:
    if not form.is_bound or not form.errors:
        return
    foerste = next((bf.id_for_label or bf.auto_id for bf in form.visible_fields()), "")
    anker = raekke_anker(form) if raekke else (foerste or "")
    for besked in form.non_field_errors():
        yield Fejl(anker, f"{sted}: {besked}" if sted else str(besked))
    for navn, beskeder in form.errors.items():
        if navn == NON_FIELD_ERRORS or navn not in form.fields:
            continue
        felt = form[navn]
        maal = anker if felt.is_hidden else (felt.id_for_label or felt.auto_id or anker)
        etiket = _sted(sted, str(felt.label or navn))
        for besked in beskeder:
            yield Fejl(str(maal), f"{etiket}: {besked}")


def _formset(formset: BaseFormSet, titel: str, foer: int = 0) -> Iterator[Fejl]:
    """`foer`: rows on earlier pages of a list shown a page at a time (row 41 is "række 41")."""
    if not formset.is_bound:
        return
    for besked in formset.non_form_errors():
        yield Fejl(formset_anker(formset), f"{titel}: {besked}" if titel else str(besked))
    for nr, form in enumerate(formset.forms, start=foer + 1):
        yield from _form(form, _sted(titel, f"række {nr}"), raekke=True)


def _grid(grid: Any) -> Iterator[Fejl]:
    """The cells of opfoelgning.forms.grid.Grid, row by row, then each year's source and date."""
    for _linje, celler in grid.raekker:
        for celle in celler:
            if celle.fejl:
                yield Fejl(celle.id, f"{celle.label}: {celle.fejl}")
    for kolonne in grid.kolonner:
        for felt, navn, etiket in (
            ("kilde", kolonne.kilde_navn, "Kilde"),
            ("dato", kolonne.dato_navn, "Opgjort"),
        ):
            if kolonne.fejl.get(felt):
                yield Fejl(f"id_{navn}", f"{etiket} {kolonne.aar}: {kolonne.fejl[felt]}")


def fejl_i(objekt: Any, titel: str = "") -> Iterator[Fejl]:
    """Every error of a form, a formset, an edit page's part, or a list of them, in order."""
    if objekt is None or isinstance(objekt, str):
        return
    if hasattr(objekt, "alle") and hasattr(objekt, "objekt"):  # an edit page's Del
        if isinstance(objekt.objekt, BaseFormSet) and objekt.omgivelse:
            yield from _formset(objekt.objekt, objekt.titel, foer=len(objekt.omgivelse[0]))
        else:
            yield from fejl_i(objekt.objekt, objekt.titel)
        for underdel in objekt.under.values():
            yield from fejl_i(underdel.objekt, _sted(objekt.titel, underdel.titel))
    elif hasattr(objekt, "raekker") and hasattr(objekt, "kolonner"):  # the follow-up grid
        yield from _grid(objekt)
    elif isinstance(objekt, BaseFormSet):
        yield from _formset(objekt, titel)
    elif isinstance(objekt, forms.BaseForm):
        yield from _form(objekt, titel, raekke=False)
    elif isinstance(objekt, Iterable):
        for element in objekt:
            yield from fejl_i(element, titel)


@register.inclusion_tag("delaftaler/_fejloversigt.html")
def fejloversigt(*objekter: Any) -> dict[str, Any]:
    """The summary, or nothing when every form is valid or none was submitted."""
    return {"fejlliste": [f for objekt in objekter for f in fejl_i(objekt)]}


# Where a model's own name is not what the user calls a new row of it.
_NY_RAEKKE = {"mål": "delmål", "område": "område eller afdeling"}


@register.filter
def tilfoej_knap(formset: BaseFormSet) -> str:
    """The add button named by what it adds: "Tilføj delmål", "Tilføj baselineværdi"."""
    model = getattr(formset, "model", None)
    if model is None:
        return "Tilføj række"
    navn = str(model._meta.verbose_name)
    ejer = getattr(formset, "instance", None)
    if navn == "mål" and type(ejer).__name__ == "StrategiskAftale":
        return "Tilføj overordnet mål"
    return f"Tilføj {_NY_RAEKKE.get(navn, navn)}"
