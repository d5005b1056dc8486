from __future__ import annotations

from typing import Any

from django import forms
from django.forms import inlineformset_factory

from delaftaler.formfelter import RAEKKER, dansk_formfelt, skrevne_decimaler
from delaftaler.models import Aftale, Fodnote, Omraade
from indikatorer.models import BaselineVaerdi, Indikator, Maal

MaalFormSet = inlineformset_factory(
    Aftale,
    Maal,
    fields=["navn", "maalsaetning"],
    formfield_callback=dansk_formfelt,
    **RAEKKER,
    widgets={
        "navn": forms.Textarea(attrs={"rows": 2}),
        "maalsaetning": forms.Textarea(attrs={"rows": 2}),
    },
)

IndikatorFormSet = inlineformset_factory(
    Maal,
    Indikator,
    fields=["navn", "datakilde", "datakilde_note"],
    formfield_callback=dansk_formfelt,
    **RAEKKER,
    widgets={"navn": forms.Textarea(attrs={"rows": 2})},
)


class BaselineForm(forms.ModelForm):
    class Meta:
        formfield_callback = staticmethod(dansk_formfelt)
        model = BaselineVaerdi
        fields = [
            "slags",
            "referencegruppe",
            "omraade",
            "delindikator",
            "antal",
            "naevner",
            "enhed",
            "procent",
            "vaerdi",
            "aar",
            "kommentar",
            "afventer",
            "afventer_tekst",
            "fodnote",
        ]

    def __init__(self, *args: Any, aftale: Aftale, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["omraade"].queryset = Omraade.objects.filter(
            helhedsplan_id=aftale.helhedsplan_id
        )  # type: ignore[attr-defined]
        self.fields["fodnote"].queryset = Fodnote.objects.filter(aftale=aftale)  # type: ignore[attr-defined]
        self.fields["aar"].widget = forms.TextInput(attrs={"inputmode": "numeric"})
        self.fields["aar"].error_messages["invalid"] = (
            "Baselineåret skal være et årstal, f.eks. 2023."
        )

    def _post_clean(self) -> None:
        # Keep the decimals as the user wrote them: "4,40" stays 4,40.
        self.instance.procent_decimaler = skrevne_decimaler(self, "procent")
        self.instance.vaerdi_decimaler = skrevne_decimaler(self, "vaerdi")
        super()._post_clean()


BaselineFormSet = inlineformset_factory(Indikator, BaselineVaerdi, form=BaselineForm, **RAEKKER)
