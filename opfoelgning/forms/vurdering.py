"""The leader's assessment of a delmål for a year, and the report's due date."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms

from delaftaler.formfelter import DatoInput
from delaftaler.models import MSG_TEKST_MAKS
from opfoelgning.models import Vurdering

MSG_LYS = "Vælg grøn, gul eller rød."
MSG_DATO = "Angiv en gyldig dato, f.eks. 30-06-2026."
MSG_FRIST = "Angiv fristen for bestyrelsens godkendelse."


class VurderingForm(forms.ModelForm):
    """Traffic light (as words) and text; the delmål and year come from the address."""

    class Meta:
        model = Vurdering
        fields = ["lys", "tekst"]
        widgets = {
            "lys": forms.RadioSelect,
            "tekst": forms.Textarea(attrs={"rows": 6, "class": "form-control"}),
        }
        error_messages = {
            "lys": {"required": MSG_LYS, "invalid_choice": MSG_LYS},
            "tekst": {"max_length": MSG_TEKST_MAKS},
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        lys = self.fields["lys"]
        assert isinstance(lys, forms.ChoiceField)
        lys.choices = Vurdering.Lys.choices  # no empty "---------" choice

    def clean_tekst(self) -> str:
        tekst: str = self.cleaned_data.get("tekst", "")
        if "\x00" in tekst:
            raise forms.ValidationError("Teksten indeholder et ugyldigt tegn.")
        return tekst


class FristForm(forms.Form):
    """When the board is to have approved the year's report."""

    frist = forms.DateField(
        label="Frist for bestyrelsens godkendelse",
        widget=DatoInput(attrs={"class": "form-control form-control-sm"}),
        error_messages={"required": MSG_FRIST, "invalid": MSG_DATO},
    )

    def clean_frist(self) -> datetime.date:
        frist: datetime.date = self.cleaned_data["frist"]
        if not 1900 <= frist.year <= 2100:
            raise forms.ValidationError(MSG_DATO)
        return frist
