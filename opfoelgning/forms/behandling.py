"""The report's treatment steps as forms: what the redaktør and the board type."""

from __future__ import annotations

import datetime

from django import forms

from delaftaler.formfelter import DatoInput
from delaftaler.models import MSG_TEKST_MAKS, TEKST_MAKS

MSG_MOEDEDATO = "Angiv datoen for bestyrelsesmødet."
MSG_DATO = "Angiv en gyldig dato, f.eks. 20-11-2026."
MSG_KOMMENTAR = "Skriv en kommentar, så redaktøren ved, hvad der skal ændres."


def _tekst(label: str, required: bool = False, **kwargs: object) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=required,
        max_length=TEKST_MAKS,
        widget=forms.Textarea(attrs={"rows": 2, "class": "form-control form-control-sm"}),
        error_messages={"max_length": MSG_TEKST_MAKS, "required": MSG_KOMMENTAR},
        **kwargs,  # type: ignore[arg-type]
    )


class _Ren(forms.Form):
    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        for navn, vaerdi in data.items():
            if isinstance(vaerdi, str) and "\x00" in vaerdi:
                self.add_error(navn, "Teksten indeholder et ugyldigt tegn.")
        return data


class IndsendForm(_Ren):
    kommentar = _tekst("Besked til bestyrelsen (valgfri)")


class GodkendForm(_Ren):
    moededato = forms.DateField(
        label="Dato for bestyrelsesmødet",
        widget=DatoInput(attrs={"class": "form-control form-control-sm"}),
        error_messages={"required": MSG_MOEDEDATO, "invalid": MSG_DATO},
    )
    beslutning = _tekst("Beslutningsnote (valgfri)")

    def clean_moededato(self) -> datetime.date:
        dato: datetime.date = self.cleaned_data["moededato"]
        if not 1900 <= dato.year <= 2100:
            raise forms.ValidationError(MSG_DATO)
        return dato


class SendTilbageForm(_Ren):
    kommentar = _tekst("Kommentar til redaktøren", required=True)
