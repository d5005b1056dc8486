"""The sections of an agreement's edit pages: the forms and formsets of each, and saving them.

A builder takes the agreement (or the goal, the activity) and the submitted data, or None
for an unchanged page, and returns the page's parts (`Del`); `gem` saves them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django import forms
from django.forms import BaseFormSet
from django.http import QueryDict

from aktiviteter.forms import AktivitetListeFormSet
from delaftaler.formfelter import delte_valg
from delaftaler.forms import (
    AfsnitFormSet,
    BestyrelseFormSet,
    DelaftaleForm,
    FodnoteFormSet,
    PartFormSet,
    PolitikraekkeFormSet,
    PolitiktabelFormSet,
    RessourceFormSet,
    StrategiskAftaleForm,
    ValgtIndsatsomraadeFormSet,
    tekstform,
)
from delaftaler.models import Aftale, Delaftale, StrategiskAftale
from delaftaler.redigering.gentjek import vaerdier
from indikatorer.forms import MaalFormSet
from indikatorer.models import Maal

Formdel = forms.BaseForm | BaseFormSet


@dataclass
class Del:
    """One form or formset on an edit page, with its heading and LBF's guidance."""

    titel: str
    objekt: Formdel
    hjaelp: str = ""
    # Formsets shown inside a formset's forms: the rows under each policy table.
    under: dict[int, Del] = field(default_factory=dict)
    # Links shown in a formset's saved rows (row id -> text, address): an indicator's baselines.
    links: dict[int, tuple[str, str]] = field(default_factory=dict)
    # A formset showing one page of a longer list: the ids of the rows before and after it,
    # so that saving the page keeps the whole list in order.
    omgivelse: tuple[list[int], list[int]] | None = None
    # A template of its own for a form that is not a list of fields (an indicator's targets).
    skabelon: str = ""

    @property
    def er_formset(self) -> bool:
        return isinstance(self.objekt, BaseFormSet)

    def alle(self) -> list[Formdel]:
        return [self.objekt] + [d.objekt for d in self.under.values()]


def gem_formset(formset: BaseFormSet) -> list[Any]:
    """Save a formset; the rows get the order the user gave them. Returns them in that order."""
    formset.save(commit=False)  # type: ignore[attr-defined]
    for objekt in formset.deleted_objects:  # type: ignore[attr-defined]
        objekt.delete()
    if formset.can_order:
        raekker = formset.ordered_forms  # without deleted rows and untouched blank ones
    else:
        slettede = {id(f) for f in formset.deleted_forms} if formset.can_delete else set()
        raekker = [
            f for f in formset.forms if (f.instance.pk or f.has_changed()) and id(f) not in slettede
        ]
    for nr, form in enumerate(raekker):
        flyttet = getattr(form.instance, "raekkefoelge", nr) != nr
        if hasattr(form.instance, "raekkefoelge"):
            form.instance.raekkefoelge = nr
        # A saved row whose values did not change is not written again (an UPDATE per row).
        hentet = getattr(form.instance, "_som_hentet", None)
        if flyttet or hentet is None or form.has_changed() or hentet != vaerdier(form.instance):
            form.save()
    return [form.instance for form in raekker]


def _nummerer(
    formset: BaseFormSet, gemt: list[Any], omgivelse: tuple[list[int], list[int]]
) -> None:
    """Number the whole list again: the rows before the page, the page's, the rows after."""
    foer, efter = omgivelse
    model = formset.model  # type: ignore[attr-defined]
    raekker = [
        model(pk=pk, raekkefoelge=nr) for nr, pk in enumerate(foer + [o.pk for o in gemt] + efter)
    ]
    model.objects.bulk_update(raekker, ["raekkefoelge"])


def gem(dele: list[Del]) -> None:
    """Save every form and formset of a page."""
    for d in dele:
        for objekt in d.alle():
            if isinstance(objekt, BaseFormSet):
                gemt = gem_formset(objekt)
                if objekt is d.objekt and d.omgivelse is not None:
                    _nummerer(objekt, gemt, d.omgivelse)
            else:
                objekt.save()  # type: ignore[attr-defined]


# --- Sections -------------------------------------------------------------------------

Bygger = Callable[[Any, QueryDict | None], list[Del]]


def som_queryset(model: type[Any], objekter: list[Any]) -> Any:
    """A queryset whose rows are already fetched: iterating it asks the database nothing."""
    qs = model.objects.filter(pk__in=[o.pk for o in objekter])
    qs._result_cache = objekter
    qs._prefetch_done = True
    return qs


def _fs(
    formset_class: Any, data: QueryDict | None, instance: Any, prefix: str, **kwargs: Any
) -> Any:
    formset = formset_class(data, instance=instance, prefix=prefix, **kwargs)
    # Rows show their related objects (organisation, activity …): fetch them with the rows.
    relationer = [
        f.name
        for f in formset.model._meta.fields
        if f.many_to_one and f.name != formset.fk.name and not f.name.endswith("_ptr")
    ]
    if relationer:
        formset.queryset = formset.queryset.select_related(*relationer)
    return formset


def formularer(formset: Any) -> list[forms.BaseForm]:
    """The formset's rows and the blank row the page copies for a new one."""
    return [*formset.forms, formset.empty_form]


def stamdata(aftale: Aftale, data: QueryDict | None) -> list[Del]:
    if isinstance(aftale, Delaftale):
        form: forms.ModelForm = DelaftaleForm(
            data, instance=aftale, helhedsplan=aftale.helhedsplan, prefix="a"
        )
        return [
            Del(
                "Indsats og periode",
                form,
                "Delaftalens periode skal ligge inden for helhedsplanens.",
            )
        ]
    form = StrategiskAftaleForm(data, instance=aftale, helhedsplan=aftale.helhedsplan, prefix="a")
    return [Del("Område og periode", form)]


def parter(aftale: Aftale, data: QueryDict | None) -> list[Del]:
    dele = [
        Del(
            "Parter",
            _fs(PartFormSet, data, aftale, "parter"),
            "Her oplistes delaftalens parter, forstået som de organisationer og funktioner, der "
            "er ansvarlige for implementering af delaftalen lokalt."
            if isinstance(aftale, Delaftale)
            else "Kommune og boligorganisation(er), med underskrifter.",
        )
    ]
    if isinstance(aftale, Delaftale):
        dele.append(
            Del(
                "Uddybning",
                tekstform(Delaftale, ["parter_tekst"])(data, instance=aftale, prefix="t"),
            )
        )
    return dele


def maal(aftale: Aftale, data: QueryDict | None) -> list[Del]:
    return [
        Del(
            "Delmål" if isinstance(aftale, Delaftale) else "Overordnede mål",
            _fs(MaalFormSet, data, aftale, "maal"),
            "Indikatorer og baselines redigeres under hvert delmål, når det er gemt.",
        )
    ]


def aktiviteter(aftale: Delaftale, data: QueryDict | None) -> list[Del]:
    return [
        Del(
            "Aktiviteter",
            _fs(AktivitetListeFormSet, data, aftale, "akt"),
            "Her oplistes de aktiviteter, som delaftalen omfatter. Udfyld ”beskrevet i”, når "
            "aktiviteten er beskrevet i en anden delaftale. Hver aktivitets skema redigeres for sig.",
        ),
        Del(
            "Uddybning",
            tekstform(Delaftale, ["aktiviteter_tekst"])(data, instance=aftale, prefix="t"),
        ),
    ]


def ressourcer(aftale: Delaftale, data: QueryDict | None) -> list[Del]:
    formset = _fs(RessourceFormSet, data, aftale, "res")
    delte_valg(formularer(formset), "aktivitet", aftale.aktiviteter.all())
    return [
        Del(
            "Vægtning og uddybning",
            tekstform(Delaftale, ["vaegtning_procent", "ressourcer_tekst"])(
                data, instance=aftale, prefix="t"
            ),
        ),
        Del(
            "Medarbejderressourcer",
            formset,
            "Angiv andelen som % af stillingen, timer pr. uge eller timer pr. år. Angivelserne "
            "skal stemme overens med budgettet.",
        ),
    ]


def tekster(aftale: Aftale, data: QueryDict | None) -> list[Del]:
    if isinstance(aftale, Delaftale):
        felter = ["kommunal_sammenhaeng", "bemaerkninger", "revision"]
        return [Del("Tekster", tekstform(Delaftale, felter)(data, instance=aftale, prefix="t"))]
    felter = ["kort_om_omraadet", "vision", "vision_tekst", "lokal_evaluering", "revision"]
    return [Del("Tekster", tekstform(StrategiskAftale, felter)(data, instance=aftale, prefix="t"))]


def fodnoter(aftale: Aftale, data: QueryDict | None) -> list[Del]:
    return [
        Del(
            "Fodnoter",
            _fs(FodnoteFormSet, data, aftale, "fod"),
            "Henvis til en fodnote i en tekst med [^nummer], f.eks. [^1].",
        )
    ]


def afsnit(aftale: StrategiskAftale, data: QueryDict | None) -> list[Del]:
    return [
        Del(
            "Afsnit i organisering og samspil",
            _fs(AfsnitFormSet, data, aftale, "afsnit"),
            "Underafsnit af 3. Organisering og 4. Samspil med centrale tiltag og indsatser.",
        )
    ]


def bestyrelse(aftale: StrategiskAftale, data: QueryDict | None) -> list[Del]:
    return [Del("Bestyrelsens medlemmer", _fs(BestyrelseFormSet, data, aftale, "best"))]


def indsatsomraader(aftale: StrategiskAftale, data: QueryDict | None) -> list[Del]:
    formset = _fs(ValgtIndsatsomraadeFormSet, data, aftale, "valgt")
    delte_valg(
        formularer(formset),
        "indsatsomraade",
        aftale.helhedsplan.fondsperiode.indsatsomraader.all(),
    )
    return [
        Del(
            "Indsatsområder",
            formset,
            "Problemkomplekset skal forstås som de centrale kerneudfordringer, den boligsociale "
            "indsats skal adressere inden for det enkelte indsatsområde. Beskrivelsen skal være "
            "konkret og dataunderbygget.",
        )
    ]


def politik(aftale: StrategiskAftale, data: QueryDict | None) -> list[Del]:
    tabeller = _fs(PolitiktabelFormSet, data, aftale, "pol")
    maal = som_queryset(Maal, list(aftale.maal.all()))
    under = {}
    for form in tabeller.forms:
        if form.instance.pk:
            raekker = PolitikraekkeFormSet(
                data, instance=form.instance, prefix=f"pr-{form.instance.pk}"
            )
            raekker.queryset = raekker.get_queryset().prefetch_related("maal")
            for r in formularer(raekker):
                r.fields["maal"].queryset = maal  # type: ignore[attr-defined]
            under[form.instance.pk] = Del("Rækker", raekker)
    return [
        Del(
            "Helhedsplanen understøtter politikker og visioner",
            tabeller,
            "En tabel pr. politiksæt (kommunens, boligorganisationens). Rækkerne redigeres "
            "under hver tabel, når den er gemt; kryds af, hvilke overordnede mål rækken "
            "understøtter.",
            under=under,
        )
    ]


# A section's slug in the URL: its title, its builder and the kinds of agreement that have it.
SEKTIONER: dict[str, tuple[str, Bygger, tuple[type[Aftale], ...]]] = {
    "stamdata": ("Navn og periode", stamdata, (Delaftale, StrategiskAftale)),
    "parter": ("Parter", parter, (Delaftale, StrategiskAftale)),
    "tekster": ("Tekster", tekster, (Delaftale, StrategiskAftale)),
    "maal": ("Mål og delmål", maal, (Delaftale, StrategiskAftale)),
    "aktiviteter": ("Aktiviteter", aktiviteter, (Delaftale,)),
    "ressourcer": ("Medarbejderressourcer", ressourcer, (Delaftale,)),
    "politik": ("Politikker og visioner", politik, (StrategiskAftale,)),
    "afsnit": ("Organisering og samspil", afsnit, (StrategiskAftale,)),
    "bestyrelse": ("Bestyrelse", bestyrelse, (StrategiskAftale,)),
    "indsatsomraader": ("Indsatsområder", indsatsomraader, (StrategiskAftale,)),
    "fodnoter": ("Fodnoter", fodnoter, (Delaftale, StrategiskAftale)),
}
