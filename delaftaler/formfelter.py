"""Form fields and helpers shared by the edit forms of the three apps."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.db import models

from delaftaler.dansk import dansk_tal, decimaler_i


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
        super().__init__(strip=False, **kwargs)

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


class DanskTalInput(forms.TextInput):
    """A number shown as a Dane writes it, without padding zeros: 12,6, not 12,600."""

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs={"inputmode": "decimal", **(attrs or {})})

    def format_value(self, value: Any) -> str | None:
        if isinstance(value, Decimal | int | float) and not isinstance(value, bool):
            return dansk_tal(value).replace(".", "")
        return super().format_value(value)


def dansk_formfelt(felt: models.Field[Any, Any], **kwargs: Any) -> forms.Field | None:
    """formfield_callback: numbers typed the Danish way ("6,3"), dates with a date picker."""
    formfelt = felt.formfield(**kwargs)
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
    valg = [("", "---------")] + [(o.pk, str(o)) for o in queryset]
    for form in formularer:
        if felt in form.fields:
            form.fields[felt].queryset = queryset  # type: ignore[attr-defined]
            form.fields[felt].choices = valg  # type: ignore[attr-defined]
