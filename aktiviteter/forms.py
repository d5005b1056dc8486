from __future__ import annotations

from typing import Any

from django import forms
from django.forms import inlineformset_factory

from delaftaler.formfelter import LinjelisteField, dansk_formfelt
from delaftaler.models import Delaftale
from indikatorer.models import Maal

from .models import Aktivitet, CfbuType, Element, Fase, Omfang, Rolle

AktivitetListeFormSet = inlineformset_factory(
    Delaftale,
    Aktivitet,
    fk_name="delaftale",
    fields=["navn", "listenavn", "listebeskrivelse", "beskrevet_i"],
    extra=1,
    can_delete=True,
    can_order=True,
    widgets={"listebeskrivelse": forms.Textarea(attrs={"rows": 2})},
)


class AktivitetForm(forms.ModelForm):
    formaal_punkter = LinjelisteField(label="Formål i punktform")
    delmaal_punkter = LinjelisteField(label="Aktivitetens egne delmål")
    maalgruppe_punkter = LinjelisteField(label="Målgruppe(r) i punktform")
    kilder = LinjelisteField(label="Kilder", help_text="Én kilde pr. linje.")
    cfbu = forms.CharField(
        label="CFBU-aktivitetstyper",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Typer fra CFBU's inspirations- og videnskatalog, én pr. linje, "
        "f.eks. ”Sociale viceværter”.",
    )
    delmaal = forms.ModelMultipleChoiceField(
        label="Aktiviteten understøtter delmålene",
        queryset=Maal.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        formfield_callback = staticmethod(dansk_formfelt)
        model = Aktivitet
        fields = [
            "navn",
            "undertitel",
            "formaal",
            "formaal_punkter",
            "delmaal_punkter",
            "maalgruppe",
            "maalgruppe_punkter",
            "indhold_og_praksis",
            "elementer_titel",
            "ansvar",
            "kilder",
        ]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        aktivitet = self.instance
        self.fields["delmaal"].queryset = Maal.objects.filter(aftale_id=aktivitet.delaftale_id)  # type: ignore[attr-defined]
        if aktivitet.pk:
            self.initial["delmaal"] = [led.maal_id for led in aktivitet.delmaal_led.all()]
            self.initial["cfbu"] = "\n".join(led.cfbu_type.navn for led in aktivitet.cfbu_led.all())

    def save(self, commit: bool = True) -> Aktivitet:
        aktivitet = super().save(commit=commit)
        navne = [n.strip() for n in self.cleaned_data["cfbu"].splitlines() if n.strip()]
        aktivitet.cfbu_led.all().delete()
        for nr, navn in enumerate(dict.fromkeys(navne)):
            aktivitet.cfbu_led.create(
                cfbu_type=CfbuType.objects.get_or_create(navn=navn)[0], raekkefoelge=nr
            )
        valgte = {m.pk for m in self.cleaned_data["delmaal"]}
        aktivitet.delmaal_led.exclude(maal_id__in=valgte).delete()
        har = set(aktivitet.delmaal_led.values_list("maal_id", flat=True))
        for nr, maal in enumerate(self.cleaned_data["delmaal"]):
            if maal.pk not in har:
                aktivitet.delmaal_led.create(maal=maal, raekkefoelge=nr)
        return aktivitet


class ElementForm(forms.ModelForm):
    aktoerer = LinjelisteField(label="Aktører", help_text="Én aktør pr. linje.")

    class Meta:
        model = Element
        fields = ["element", "indhold", "aktoerer"]
        widgets = {"indhold": forms.Textarea(attrs={"rows": 3})}


class RolleForm(forms.ModelForm):
    punkter = LinjelisteField(label="Opgaver i punktform")

    class Meta:
        model = Rolle
        fields = ["part", "tekst", "punkter"]
        widgets = {"tekst": forms.Textarea(attrs={"rows": 3})}


STANDARD: dict[str, Any] = {"extra": 1, "can_delete": True, "can_order": True}
ElementFormSet = inlineformset_factory(Aktivitet, Element, form=ElementForm, **STANDARD)
RolleFormSet = inlineformset_factory(Aktivitet, Rolle, form=RolleForm, **STANDARD)
FaseFormSet = inlineformset_factory(
    Aktivitet,
    Fase,
    fields=["navn", "periode", "beskrivelse"],
    widgets={"beskrivelse": forms.Textarea(attrs={"rows": 3})},
    **STANDARD,
)
OmfangFormSet = inlineformset_factory(
    Aktivitet,
    Omfang,
    fields=["beskrivelse", "kvalifikator", "antal", "enhed", "pr", "hver"],
    formfield_callback=dansk_formfelt,
    **STANDARD,
)
