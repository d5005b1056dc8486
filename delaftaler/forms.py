"""Edit forms for the agreements' own fields, parties, staff lines and footnotes."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import Q, QuerySet
from django.forms import inlineformset_factory

from delaftaler.formfelter import RAEKKER, DatoInput, dansk_formfelt
from delaftaler.models import (
    MSG_PART,
    Afsnit,
    Aftale,
    Bestyrelsesmedlem,
    Delaftale,
    Fodnote,
    Helhedsplan,
    Indsatsomraade,
    Medarbejderressource,
    Omraade,
    Organisation,
    Part,
    Politikraekke,
    Politiktabel,
    StrategiskAftale,
    ValgtIndsatsomraade,
)


class DelaftaleForm(forms.ModelForm):
    class Meta:
        formfield_callback = staticmethod(dansk_formfelt)
        model = Delaftale
        fields = [
            "indsatsomraade",
            "indsatsnavn",
            "motto",
            "gaelder_fra",
            "gaelder_til",
        ]

    def __init__(self, *args: Any, helhedsplan: Helhedsplan, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instance.helhedsplan = helhedsplan
        felt = self.fields["indsatsomraade"]
        felt.queryset = Indsatsomraade.objects.filter(fondsperiode=helhedsplan.fondsperiode)  # type: ignore[attr-defined]
        felt.help_text = f"Indsatsområderne for {helhedsplan.fondsperiode}."


def tekstform(model: type[Aftale], felter: list[str]) -> type[forms.ModelForm]:
    """A form for some of an agreement's free-text fields."""
    return forms.modelform_factory(model, fields=felter, formfield_callback=dansk_formfelt)


class StrategiskAftaleForm(forms.ModelForm):
    class Meta:
        formfield_callback = staticmethod(dansk_formfelt)
        model = StrategiskAftale
        fields = ["omraadets_navn", "gaelder_fra", "gaelder_til"]

    def __init__(self, *args: Any, helhedsplan: Helhedsplan, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instance.helhedsplan = helhedsplan


def planens_organisationer(plan: Helhedsplan) -> QuerySet[Organisation]:
    """The organisations a helhedsplan uses: what its edit pages offer to pick from.

    Organisations are shared by every helhedsplan, and their names are typed by the users:
    the list never shows a name only another helhedsplan uses.
    """
    brugt = [
        Omraade.objects.filter(helhedsplan=plan),
        Part.objects.filter(aftale__helhedsplan=plan),
        Bestyrelsesmedlem.objects.filter(aftale__helhedsplan=plan),
    ]
    hvor = Q(pk=plan.kommune_id) | Q(helhedsplaner=plan)
    for qs in brugt:
        hvor |= Q(pk__in=qs.values("organisation_id"))
    return Organisation.objects.filter(hvor).distinct()


def organisation_navn_felt(
    label: str = "Organisation",
    help_text: str = "F.eks. ”Randers Kommune”. Et nyt navn opretter organisationen.",
) -> forms.CharField:
    """An organisation typed by name, offered the plan's names (the page's datalist)."""
    return forms.CharField(
        label=label,
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"list": "organisationer"}),
        help_text=help_text,
    )


class OrganisationNavnMixin(forms.ModelForm):
    """Organisations are typed by name; a new name creates the organisation.

    A name is looked up exactly, so typing a well-known organisation ("Lejerbo") links to it
    without the page ever listing names outside the helhedsplan.
    """

    organisation_navn = organisation_navn_felt()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        org = getattr(self.instance, "organisation", None)
        if org:
            self.initial["organisation_navn"] = org.navn

    def _post_clean(self) -> None:
        navn = (self.cleaned_data.get("organisation_navn") or "").strip()
        if navn:
            self.instance.organisation = Organisation.objects.filter(
                navn=navn
            ).first() or Organisation(navn=navn)
        else:
            self.instance.organisation = None
        super()._post_clean()

    def save(self, commit: bool = True) -> Any:
        org = self.instance.organisation
        if org is not None and org.pk is None:
            # Two rows may name the same new organisation: the first creates it.
            self.instance.organisation = Organisation.objects.get_or_create(navn=org.navn)[0]
        return super().save(commit=commit)


class PartForm(OrganisationNavnMixin):
    class Meta:
        formfield_callback = staticmethod(dansk_formfelt)
        model = Part
        fields = [
            "navn",
            "organisation_navn",
            "enhed",
            "titel",
            "beskrivelse",
            "underskrift_dato",
            "underskrift_navn",
        ]
        widgets = {"beskrivelse": forms.Textarea(attrs={"rows": 2})}

    def clean(self) -> dict[str, Any]:
        # The constraint part_har_navn also reads the organisation, which this form sets
        # from the typed name; Django skips a constraint on a field the form lacks.
        data = super().clean() or self.cleaned_data
        if not any(data.get(f) for f in ("navn", "enhed", "titel", "organisation_navn")):
            raise forms.ValidationError(MSG_PART)
        return data


class OmraadeForm(OrganisationNavnMixin):
    # One table row per area (delaftaler/templatetags/kompakt.py): Viborg has 16 afdelinger.
    kolonner = ("navn", "type", "organisation_navn", "overordnet")
    # The class's own label, so the table's column header says it too.
    organisation_navn = organisation_navn_felt(
        "Boligorganisation", "Den boligorganisation, området hører til."
    )

    class Meta:
        formfield_callback = staticmethod(dansk_formfelt)
        model = Omraade
        fields = ["navn", "type", "organisation_navn", "overordnet"]


OmraadeFormSet = inlineformset_factory(
    Helhedsplan, Omraade, form=OmraadeForm, fk_name="helhedsplan", **RAEKKER
)


class BestyrelsesmedlemForm(OrganisationNavnMixin):
    kolonner = ("funktion", "titel", "organisation_navn", "navn")  # one table row each

    class Meta:
        formfield_callback = staticmethod(dansk_formfelt)
        model = Bestyrelsesmedlem
        fields = ["funktion", "titel", "organisation_navn", "navn"]


FORMSET_STANDARD: dict[str, Any] = {**RAEKKER, "formfield_callback": dansk_formfelt}

PartFormSet = inlineformset_factory(Aftale, Part, form=PartForm, **FORMSET_STANDARD)


class FodnoteForm(forms.ModelForm):
    kolonner = ("nummer", "tekst")  # one table row each: Ishøj's agreement has 25

    class Meta:
        formfield_callback = staticmethod(dansk_formfelt)
        model = Fodnote
        fields = ["nummer", "tekst"]
        widgets = {"tekst": forms.Textarea(attrs={"rows": 2})}


FodnoteFormSet = inlineformset_factory(
    Aftale, Fodnote, form=FodnoteForm, **{**FORMSET_STANDARD, "can_order": False}
)
AfsnitFormSet = inlineformset_factory(
    StrategiskAftale,
    Afsnit,
    fields=["sektion", "slags", "overskrift", "tekst"],
    **FORMSET_STANDARD,
)
BestyrelseFormSet = inlineformset_factory(
    StrategiskAftale, Bestyrelsesmedlem, form=BestyrelsesmedlemForm, **FORMSET_STANDARD
)
ValgtIndsatsomraadeFormSet = inlineformset_factory(
    StrategiskAftale,
    ValgtIndsatsomraade,
    fields=["indsatsomraade", "problemkompleks", "maal_tekst", "primaer_maalgruppe"],
    **FORMSET_STANDARD,
)


class RessourceForm(forms.ModelForm):
    # Edited as a table row (delaftaler/templatetags/kompakt.py): these fields in columns,
    # the others under "Flere felter"; the share shown in all three forms as it is typed.
    kolonner = ("funktion", "arbejdsgiver", "maengde", "enhed", "kontrakt_timer_uge")
    omregning = True

    class Meta:
        formfield_callback = staticmethod(dansk_formfelt)
        model = Medarbejderressource
        fields = [
            "funktion",
            "arbejdsgiver",
            "kontrakt_timer_uge",
            "maengde",
            "enhed",
            "varighed_aar",
            "aktivitet",
            "bemaerkning",
        ]


RessourceFormSet = inlineformset_factory(
    Delaftale, Medarbejderressource, form=RessourceForm, fk_name="delaftale", **FORMSET_STANDARD
)


class KopierForm(forms.Form):
    helhedsplan = forms.ModelChoiceField(
        label="Til helhedsplan",
        queryset=Helhedsplan.objects.none(),
        empty_label="Vælg helhedsplan",
        help_text="Den helhedsplan, kopien skal høre til – typisk den næste periodes.",
    )
    gaelder_fra = forms.DateField(label="Gælder fra", widget=DatoInput())
    gaelder_til = forms.DateField(label="Gælder til", widget=DatoInput())

    def __init__(self, *args: Any, planer: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["helhedsplan"].queryset = planer

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        fra, til, plan = data.get("gaelder_fra"), data.get("gaelder_til"), data.get("helhedsplan")
        if not (fra and til):
            return data
        if til <= fra:
            self.add_error("gaelder_til", "Slutdatoen skal ligge efter startdatoen.")
        elif plan and not plan.rummer(fra, til):
            self.add_error(
                "gaelder_til",
                f"Perioden skal ligge inden for helhedsplanens periode ({plan.periode}).",
            )
        return data


PolitiktabelFormSet = inlineformset_factory(
    StrategiskAftale,
    Politiktabel,
    fields=["titel", "intro", "venstre_overskrift", "hoejre_overskrift", "efter_tekst"],
    **FORMSET_STANDARD,
)


class PolitikraekkeForm(forms.ModelForm):
    class Meta:
        formfield_callback = staticmethod(dansk_formfelt)
        model = Politikraekke
        fields = ["titel", "tekst", "maal", "hoejre_tekst", "kommentar"]
        widgets = {
            "titel": forms.Textarea(attrs={"rows": 2}),
            "maal": forms.CheckboxSelectMultiple,
        }
        labels = {"maal": "Understøtter mål"}


PolitikraekkeFormSet = inlineformset_factory(
    Politiktabel, Politikraekke, form=PolitikraekkeForm, **FORMSET_STANDARD
)
