"""Form fields and helpers shared by the edit forms of the three apps."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.fields import BLANK_CHOICE_DASH
from django.forms.formsets import INITIAL_FORM_COUNT, TOTAL_FORM_COUNT

from delaftaler.dansk import dansk_tal, decimaler_i
from delaftaler.models import MSG_TEKST_MAKS, TEKST_MAKS


class DatoInput(forms.DateInput):
    """The browser's date picker; the value travels as ISO, the page shows Danish dates."""

    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class LinjelisteField(forms.CharField):
    """A list of short texts, typed one per line (a leading "- " or "• " is dropped)."""

    widget = forms.Textarea(attrs={"rows": 3})

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        kwargs.setdefault("help_text", "Ét punkt pr. linje.")
        kwargs.setdefault("max_length", TEKST_MAKS)
        super().__init__(strip=False, **kwargs)
        self.error_messages["max_length"] = MSG_TEKST_MAKS

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, list):
            return "\n".join(value)
        return value

    def has_changed(self, initial: Any, data: Any) -> bool:
        return self.to_python(initial or []) != self.to_python(data)

    def to_python(self, value: Any) -> list[str]:  # type: ignore[override]
        if isinstance(value, list):
            return value
        linjer = (str(value or "")).splitlines()
        return [
            linje.strip().removeprefix("- ").removeprefix("• ").strip()
            for linje in linjer
            if linje.strip()
        ]

    def run_validators(self, value: Any) -> None:
        # The field's validators (length, no NUL character) are written for text: given the
        # list, they would count its lines and never see a NUL inside one.
        super().run_validators("\n".join(value) if isinstance(value, list) else value)


class DanskTalInput(forms.TextInput):
    """A number shown as a Dane writes it, without padding zeros: 12,6, not 12,600."""

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs={"inputmode": "decimal", **(attrs or {})})

    def format_value(self, value: Any) -> str | None:
        if isinstance(value, Decimal | int | float) and not isinstance(value, bool):
            return dansk_tal(value).replace(".", "")
        return super().format_value(value)


# What a select offers for "nothing chosen", by the model field's verbose name, instead of
# Django's "---------" (a field's own empty choice, as "—" or "Andet", stays). A field not
# named here says "Vælg …" when it must be filled in and "(ikke valgt)" when it may be empty.
TOMME_VALG = {
    "område/afdeling": "(intet område)",
    "overordnet område": "(intet overordnet område)",
    "fodnote": "(ingen fodnote)",
    "aktivitet": "(ingen bestemt aktivitet)",
    "boligorganisation": "(ingen boligorganisation)",
    "organisation": "(ingen organisation)",
    "kommune": "(ingen kommune)",
}


def tomt_valg(navn: str, paakraevet: bool) -> str:
    """The label of a select's empty choice: "(intet område)", "Vælg indsatsområde"."""
    if navn in TOMME_VALG:
        return TOMME_VALG[navn]
    return f"Vælg {navn}" if paakraevet else "(ikke valgt)"


def _navngiv_tomt_valg(felt: models.Field[Any, Any], formfelt: forms.Field) -> None:
    etiket = tomt_valg(str(felt.verbose_name), formfelt.required)
    if isinstance(formfelt, forms.ModelChoiceField):
        if formfelt.empty_label is not None:
            formfelt.empty_label = etiket
    elif isinstance(formfelt, forms.ChoiceField):
        formfelt.choices = [
            (vaerdi, etiket if (vaerdi, tekst) == BLANK_CHOICE_DASH[0] else tekst)
            for vaerdi, tekst in formfelt.choices  # type: ignore[union-attr]
        ]


def dansk_formfelt(felt: models.Field[Any, Any], **kwargs: Any) -> forms.Field | None:
    """formfield_callback: numbers typed the Danish way ("6,3"), dates with a date picker,
    no text longer than TEKST_MAKS (a text field of the model has no limit of its own), and
    a select's empty choice named in Danish."""
    if isinstance(felt, models.TextField) and not felt.choices:
        kwargs.setdefault("max_length", TEKST_MAKS)
    formfelt = felt.formfield(**kwargs)
    if formfelt is not None:
        _navngiv_tomt_valg(felt, formfelt)
    if isinstance(formfelt, forms.CharField) and formfelt.max_length == TEKST_MAKS:
        formfelt.error_messages["max_length"] = MSG_TEKST_MAKS
    if isinstance(formfelt, forms.DecimalField):
        formfelt.localize = True
        formfelt.widget = DanskTalInput()
    elif isinstance(formfelt, forms.DateField):
        formfelt.widget = DatoInput()
    elif isinstance(formfelt, forms.CharField) and isinstance(formfelt.widget, forms.Textarea):
        formfelt.widget.attrs.setdefault("rows", 4)
    return formfelt


def skrevne_decimaler(form: forms.BaseForm, felt: str) -> int:
    """How many decimals the user typed for a field: "4,40" → 2."""
    raa = (
        str(form.data.get(form.add_prefix(felt), "") or "")
        .strip()
        .replace(".", "")
        .replace(",", ".")
    )
    try:
        return decimaler_i(raa) if raa else 0
    except Exception:
        return 0


def delte_valg(formularer: list[forms.BaseForm], felt: str, queryset: models.QuerySet[Any]) -> None:
    """Give every row's select the same choices, fetched once (not one query per row).

    Validation still goes through the field's own queryset, so only allowed objects pass.
    """
    valg = [(o.pk, str(o)) for o in queryset]
    for form in formularer:
        if felt in form.fields:
            formfelt = form.fields[felt]
            tomt = formfelt.empty_label  # type: ignore[attr-defined]
            formfelt.queryset = queryset  # type: ignore[attr-defined]
            formfelt.choices = valg if tomt is None else [("", tomt), *valg]  # type: ignore[attr-defined]


# The most rows one formset takes in one save. A row has at least four fields (id, order,
# delete and one of its own), so a page of more rows would pass Django's limit of 1,000
# fields anyway; this keeps a tampered row count from building thousands of empty forms.
RAEKKER_MAKS = 200
MSG_STYRING = (
    "Siden kunne ikke gemmes, fordi dens skjulte felter mangler eller er ændret. "
    "Genindlæs siden, og prøv igen."
)
MSG_RAEKKE_FINDES_IKKE = (
    "En af rækkerne hører ikke (længere) til her – måske har en anden slettet den. "
    "Genindlæs siden, og prøv igen."
)


class RaekkeFormSet(forms.BaseInlineFormSet):
    """An inline formset that only ever saves the rows it showed, and new rows.

    Django checks a row's id against the whole table, not against the parent's rows, and a
    row past INITIAL_FORMS is saved as new whatever id it carries: a tampered page could
    otherwise copy another agreement's rows into this one or duplicate its own.
    """

    default_error_messages = {
        "missing_management_form": MSG_STYRING,
        "too_many_forms": "Der kan højst gemmes %(num)d rækker ad gangen.",
    }

    def clean(self) -> None:
        super().clean()
        styring = self.management_form.cleaned_data
        eksisterende: int = styring.get(INITIAL_FORM_COUNT) or 0
        i_alt: int = styring.get(TOTAL_FORM_COUNT) or 0
        if not 0 <= eksisterende <= i_alt:
            raise ValidationError(MSG_STYRING, code="styring")
        pk_navn = self.model._meta.pk.name
        set_: set[Any] = set()
        for nr, form in enumerate(self.forms):
            if nr < self.initial_form_count():
                # An existing row's id must be one of the rows this formset shows.
                if form.instance.pk is None or form.instance.pk in set_:
                    raise ValidationError(MSG_RAEKKE_FINDES_IKKE, code="ukendt_raekke")
                set_.add(form.instance.pk)
            elif form.data.get(form.add_prefix(pk_navn)):
                raise ValidationError(MSG_STYRING, code="ny_raekke_med_id")


# What every editable list of rows gets: a blank row, delete, order, and the checks above.
RAEKKER: dict[str, Any] = {
    "formset": RaekkeFormSet,
    "extra": 1,
    "can_delete": True,
    "can_order": True,
    "max_num": RAEKKER_MAKS,
    "absolute_max": RAEKKER_MAKS,
    "validate_max": True,
}
