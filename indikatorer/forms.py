from __future__ import annotations

import re
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.forms import inlineformset_factory

from delaftaler.dansk import heltal
from delaftaler.formfelter import RAEKKER, dansk_formfelt, skrevne_decimaler
from delaftaler.models import Aftale, Fodnote, Omraade
from indikatorer.models import MSG_AAR as MSG_BASELINEAAR
from indikatorer.models import BaselineVaerdi, Indikator, Maal
from indikatorer.vaerdiform import MSG_AAR, PERIODE_MOENSTER, laes_periode

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


MSG_AAR_TEKST = (
    "Baselineåret skal være et årstal, f.eks. 2023. Et skoleår skrives 2022/23, "
    "en periode af flere år 2016–20."
)
MSG_BESVARELSER = "Besvarelser skal være et helt antal, f.eks. 393."
# The rarely used fields, folded away under "Flere oplysninger" (_formset_raekke.html).
FLERE_FELTER = ("kvalifikator", "til", "besvarelser", "svarprocent")


class BaselineForm(forms.ModelForm):
    """One baseline value. The year field takes a period too: "2023", "2022/23", "2016–20"."""

    aar = forms.CharField(
        label="Baselineår",
        required=False,
        max_length=20,
        help_text="F.eks. 2023, skoleåret 2022/23 eller perioden 2016–20.",
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
    )
    besvarelser = forms.CharField(
        label="Besvarelser",
        required=False,
        max_length=20,
        help_text="Antal besvarelser bag et surveytal: ”43 % (393 besvarelser)”.",
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
    )
    flere_felter = FLERE_FELTER
    # Edited as a table row (delaftaler/templatetags/kompakt.py): these fields in columns,
    # the others under "Flere felter".
    kolonner = ("omraade", "procent", "antal", "naevner", "vaerdi", "aar")
    flere_titel = "Flere oplysninger (omtrent, interval, besvarelser, svarprocent)"

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
            "kvalifikator",
            "til",
            "besvarelser",
            "svarprocent",
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
        if self.instance.pk:
            self.initial["aar"] = self.instance.periode_kort
        self._periode: tuple[int | None, int | None, str] = (None, None, "")

    @property
    def flere_aabne(self) -> bool:
        """Show the folded fields when one of them has a value or an error."""
        return any(
            self[navn].errors or self[navn].value() not in (None, "") for navn in FLERE_FELTER
        )

    def clean_aar(self) -> int | None:
        tekst = self.cleaned_data.get("aar", "").strip()
        if not tekst:
            self._periode = (None, None, "")
            return None
        try:
            self._periode = laes_periode(tekst)
        except ValidationError as fejl:
            if fejl.messages == [MSG_AAR]:
                raise ValidationError(MSG_BASELINEAAR) from None
            if not PERIODE_MOENSTER.match(tekst):
                raise ValidationError(MSG_AAR_TEKST) from None
            raise
        return self._periode[0]

    def clean_besvarelser(self) -> int | None:
        tekst = self.cleaned_data.get("besvarelser", "").strip()
        if not tekst:
            return None
        if re.fullmatch(r"[0-9]{1,3}(\.[0-9]{3})+", tekst):
            tekst = tekst.replace(".", "")
        antal = heltal(tekst, cifre=9)
        if antal is None:
            raise ValidationError(MSG_BESVARELSER)
        return antal

    def _post_clean(self) -> None:
        # Keep the decimals as the user wrote them: "4,40" stays 4,40.
        for felt in ("procent", "vaerdi", "til", "svarprocent"):
            setattr(self.instance, f"{felt}_decimaler", skrevne_decimaler(self, felt))
        if "aar" in self.cleaned_data:
            _, self.instance.aar_til, self.instance.periodeart = self._periode
        super()._post_clean()

    def _update_errors(self, errors: ValidationError) -> None:
        # The period's end and kind are typed in the year field: their errors belong there.
        if hasattr(errors, "error_dict"):
            for felt in ("aar_til", "periodeart"):
                if felt in errors.error_dict:
                    errors.error_dict.setdefault("aar", []).extend(errors.error_dict.pop(felt))
        super()._update_errors(errors)


BaselineFormSet = inlineformset_factory(Indikator, BaselineVaerdi, form=BaselineForm, **RAEKKER)
