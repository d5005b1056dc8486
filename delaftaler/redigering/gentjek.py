"""Saving a posted page without asking the database again about what did not change.

A saved row whose values the user left as they were is not checked against its
constraints again (they held when it was saved; each check is a query per row), and a
choice the user kept is the related object fetched with the row, not a new lookup. Only
rows and choices that changed are checked as before.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms
from django.core.exceptions import FieldDoesNotExist
from django.forms import BaseFormSet

if TYPE_CHECKING:
    from delaftaler.redigering.sektioner import Del


def _kendt_valg(form: forms.ModelForm, navn: str) -> None:
    """The row's current choice is its related object as fetched with the row (the row's
    own id: the row): only a changed choice asks the database whether it is allowed."""
    felt = form.fields[navn]
    try:
        model_felt = form.instance._meta.get_field(navn)
    except FieldDoesNotExist:
        return
    if not form.instance.pk:
        return
    if model_felt.primary_key:  # the formset's row id: the row itself
        nu = form.instance
    elif model_felt.many_to_one and model_felt.is_cached(form.instance):
        nu = getattr(form.instance, navn)
    else:
        return
    opslag = felt.to_python

    def to_python(vaerdi: Any) -> Any:
        if nu is not None and str(vaerdi) == str(nu.pk):
            return nu
        return opslag(vaerdi)

    felt.to_python = to_python  # type: ignore[method-assign,assignment]


def uden_gentjek(dele: list[Del]) -> None:
    """Before validating a posted page: a saved row the user did not change is not
    checked against the database again (its constraints held when it was saved; each check
    is a query per row), and a choice the user kept is not looked up again."""
    for d in dele:
        for objekt in d.alle():
            if not isinstance(objekt, BaseFormSet):
                continue
            for form in objekt.forms:
                for navn, felt in form.fields.items():
                    if type(felt) is forms.ModelChoiceField:
                        _kendt_valg(form, navn)
                if form.instance.pk:
                    _tjek_kun_aendret(form.instance)


def vaerdier(objekt: Any) -> dict[str, Any]:
    return {f.attname: getattr(objekt, f.attname) for f in objekt._meta.concrete_fields}


def _tjek_kun_aendret(objekt: Any) -> None:
    """The row's constraints are checked only if its values differ from the saved ones
    (the decimals typed count: "12,60" for 12,6 is a change)."""
    objekt._som_hentet = vaerdier(objekt)
    tjek = objekt.validate_constraints

    def validate_constraints(*args: Any, **kwargs: Any) -> None:
        if vaerdier(objekt) != objekt._som_hentet:
            tjek(*args, **kwargs)

    objekt.validate_constraints = validate_constraints
