"""Editing agreements in the browser: one page per section, many rows per page (formsets)."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.forms import BaseFormSet
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string

from aktiviteter.forms import (
    AktivitetForm,
    AktivitetListeFormSet,
    DatatabelFormSet,
    ElementFormSet,
    FaseFormSet,
    OmfangFormSet,
    RolleFormSet,
)
from aktiviteter.models import Aktivitet
from delaftaler.dansk import dansk_tal
from delaftaler.dataformat import FormatFejl, kopier_aftale
from delaftaler.formfelter import delte_valg
from delaftaler.forms import (
    AfsnitFormSet,
    BestyrelseFormSet,
    DelaftaleForm,
    FodnoteFormSet,
    KopierForm,
    OmraadeFormSet,
    PartFormSet,
    PolitikraekkeFormSet,
    PolitiktabelFormSet,
    RessourceFormSet,
    StrategiskAftaleForm,
    ValgtIndsatsomraadeFormSet,
    tekstform,
)
from delaftaler.historik import gem_revision, historik, sammenlign
from delaftaler.models import (
    Aftale,
    Delaftale,
    Fodnote,
    Helhedsplan,
    Medarbejderressource,
    Medlemskab,
    Omraade,
    Organisation,
    StrategiskAftale,
)
from delaftaler.redigering import Konflikt, gem_aendring
from delaftaler.redigering.formdata import flet, formdata
from delaftaler.views import adgang
from indikatorer.forms import BaselineFormSet, IndikatorFormSet, MaalFormSet
from indikatorer.models import Maal

Formdel = forms.BaseForm | BaseFormSet


@dataclass
class Del:
    """One form or formset on an edit page, with its heading and LBF's guidance."""

    titel: str
    objekt: Formdel
    hjaelp: str = ""
    # Formsets shown inside a formset's forms: the baselines under each indicator.
    under: dict[int, Del] = field(default_factory=dict)

    @property
    def er_formset(self) -> bool:
        return isinstance(self.objekt, BaseFormSet)

    def alle(self) -> list[Formdel]:
        return [self.objekt] + [d.objekt for d in self.under.values()]


def gem_formset(formset: BaseFormSet) -> None:
    """Save a formset; the rows get the order the user gave them."""
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
        if hasattr(form.instance, "raekkefoelge"):
            form.instance.raekkefoelge = nr
        form.save()


def _gem(dele: list[Del]) -> None:
    for d in dele:
        for objekt in d.alle():
            if isinstance(objekt, BaseFormSet):
                gem_formset(objekt)
            else:
                objekt.save()  # type: ignore[attr-defined]


# --- Sections -------------------------------------------------------------------------

Bygger = Callable[[Any, QueryDict | None], list[Del]]


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


def _formularer(formset: Any) -> list[forms.BaseForm]:
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
    delte_valg(_formularer(formset), "aktivitet", aftale.aktiviteter.all())
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
        _formularer(formset),
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
    maal = _som_queryset(Maal, list(aftale.maal.all()))
    under = {}
    for form in tabeller.forms:
        if form.instance.pk:
            raekker = PolitikraekkeFormSet(
                data, instance=form.instance, prefix=f"pr-{form.instance.pk}"
            )
            raekker.queryset = raekker.get_queryset().prefetch_related("maal")
            for r in _formularer(raekker):
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


# --- Views ----------------------------------------------------------------------------


def overbelastning(plan: Helhedsplan) -> list[str]:
    """Warnings for people booked for more than their whole position across the plan."""
    linjer = Medarbejderressource.objects.filter(delaftale__helhedsplan=plan)
    return [
        f"{navn} er samlet sat til {dansk_tal(procent)} % af stillingen på tværs af "
        "helhedsplanens delaftaler – mere end en hel stilling."
        for navn, procent in linjer.overbelagte()
    ]


def _som_queryset(model: type[Any], objekter: list[Any]) -> Any:
    """A queryset whose rows are already fetched: iterating it asks the database nothing."""
    qs = model.objects.filter(pk__in=[o.pk for o in objekter])
    qs._result_cache = objekter
    qs._prefetch_done = True
    return qs


def _aftale(plan: Helhedsplan, pk: int) -> Aftale:
    aftale = get_object_or_404(plan.aftaler.select_related("delaftale", "strategiskaftale"), pk=pk)
    return aftale.konkret


def _konflikt_visning(fejl: Konflikt) -> dict[str, Any]:
    nyeste = fejl.versioner[0].revision if fejl.versioner else None
    return {
        "versioner": fejl.versioner,
        "aendringer": sammenlign(fejl.grundlag, nyeste) if nyeste and fejl.grundlag else [],
    }


def _som_querydict(data: dict[str, list[str]]) -> QueryDict:
    q = QueryDict(mutable=True)
    for navn, vaerdier in data.items():
        q.setlist(navn, vaerdier)
    return q


def _lister(data: Any) -> dict[str, list[str]]:
    if isinstance(data, QueryDict):
        return {navn: data.getlist(navn) for navn in data}
    return {n: (v if isinstance(v, list) else [v]) for n, v in data.items()}


@dataclass
class Side:
    """What an edit page works on, fetched fresh from the database."""

    aftale: Aftale
    byg: Callable[[QueryDict | None], list[Del]]
    titel: str
    tilbage: str


def _som_indsendt(dele: list[Del], aftale: Aftale, request: HttpRequest) -> dict[str, Any]:
    """What a browser would submit for these forms if the user changed nothing."""
    return formdata(
        render_to_string(
            "delaftaler/_sektion_felter.html", {"dele": dele, "aftale": aftale}, request=request
        )
    )


def _side(
    request: HttpRequest,
    plan: Helhedsplan,
    hent: Callable[[], Side],
    advarsler: list[str] | None = None,
    foerste: Side | None = None,
) -> HttpResponse:
    """An edit page: show, validate, save without overwriting anyone, or merge after a conflict.

    The page carries the values it was opened with (`grundlag`). When someone else saved in
    between, every field the user did not touch is refreshed to the current value and every
    field the user changed is kept; the user sees what the other person changed and decides.
    """
    side = foerste or hent()  # `hent` fetches afresh; after a conflict it is called again
    aftale, byg, titel = side.aftale, side.byg, side.titel
    konflikt = None

    def vis(dele: list[Del], grundlag: str, status: int = 200) -> HttpResponse:
        kontekst = {
            "plan": plan,
            "aftale": aftale,
            "titel": titel,
            "dele": dele,
            "konflikt": konflikt,
            "tilbage": side.tilbage,
            "advarsler": advarsler or [],
            "organisationer": Organisation.objects.values_list("navn", flat=True),
            "grundlag": grundlag,
        }
        return render(request, "delaftaler/sektion_form.html", kontekst, status=status)

    if request.method != "POST":
        dele = byg(None)
        # The page carries what it was opened with: the base for a later merge.
        return vis(dele, json.dumps(_som_indsendt(dele, aftale, request), ensure_ascii=False))

    dele = byg(request.POST)
    if not all([objekt.is_valid() for d in dele for objekt in d.alle()]):
        return vis(dele, request.POST.get("grundlag", ""))
    try:
        mit_nummer = int(request.POST.get("redigeringsnummer", "0"))
    except ValueError:
        mit_nummer = 0
    try:
        gem_aendring(aftale, request.user, mit_nummer, f"{titel} ændret", lambda: _gem(dele))
    except Konflikt as fejl:
        konflikt = _konflikt_visning(fejl)
    else:
        messages.success(request, f"{titel} er gemt.")
        return redirect(side.tilbage)
    # Merge: the current state is "theirs" and becomes the new base.
    side = hent()
    aftale, byg = side.aftale, side.byg
    deres = _som_indsendt(byg(None), aftale, request)
    try:
        grundlag = json.loads(request.POST.get("grundlag") or "{}")
    except ValueError:
        grundlag = {}
    flettet = flet(_lister(grundlag), _lister(request.POST), _lister(deres))
    flettet["redigeringsnummer"] = [str(aftale.redigeringsnummer)]
    flettet.pop("grundlag", None)
    return vis(byg(_som_querydict(flettet)), json.dumps(deres, ensure_ascii=False), status=409)


@login_required
def rediger_sektion(request: HttpRequest, plan: str, pk: int, sektion: str) -> HttpResponse:
    medlemskab = adgang.redaktoer(request, plan)
    helhedsplan = medlemskab.helhedsplan
    aftale = _aftale(helhedsplan, pk)
    if sektion not in SEKTIONER or not isinstance(aftale, SEKTIONER[sektion][2]):
        raise Http404("Den del af aftalen findes ikke.")
    titel, byg, _ = SEKTIONER[sektion]
    tilbage = f"{aftale.get_absolute_url()}#{sektion}"  # type: ignore[attr-defined]

    def side(a: Aftale) -> Side:
        return Side(a, lambda data: byg(a, data), titel, tilbage)

    return _side(
        request,
        helhedsplan,
        lambda: side(_aftale(helhedsplan, pk)),
        advarsler=overbelastning(helhedsplan) if sektion == "ressourcer" else None,
        foerste=side(aftale),
    )


@login_required
def rediger_maal(request: HttpRequest, plan: str, pk: int, maal_pk: int) -> HttpResponse:
    medlemskab = adgang.redaktoer(request, plan)
    helhedsplan = medlemskab.helhedsplan

    def hent() -> Side:
        aftale = _aftale(helhedsplan, pk)
        maal = get_object_or_404(Maal.objects.filter(aftale=aftale), pk=maal_pk)

        def byg(data: QueryDict | None) -> list[Del]:
            indikatorer = IndikatorFormSet(data, instance=maal, prefix="ind")
            omraader = list(Omraade.objects.filter(helhedsplan_id=aftale.helhedsplan_id))
            fodnoter = list(Fodnote.objects.filter(aftale=aftale))
            under = {}
            for form in indikatorer.forms:
                if form.instance.pk:
                    baselines = BaselineFormSet(
                        data,
                        instance=form.instance,
                        prefix=f"bl-{form.instance.pk}",
                        form_kwargs={"aftale": aftale},
                    )
                    baselines.queryset = baselines.get_queryset().select_related(
                        "omraade", "fodnote"
                    )
                    raekker = _formularer(baselines)
                    delte_valg(raekker, "omraade", _som_queryset(Omraade, omraader))
                    delte_valg(raekker, "fodnote", _som_queryset(Fodnote, fodnoter))
                    under[form.instance.pk] = Del("Baselines", baselines)
            return [
                Del(
                    "Indikatorer og baselines",
                    indikatorer,
                    "Indikatorer er variable, der bruges til at vise, om delmålene opnås. Tilføj en "
                    "baseline pr. tal: pr. område eller afdeling, eller for hele boligområdet; i "
                    "kolonnen ”Evt. anden baseline” med referencegruppe. En ny indikator får "
                    "baselines, når den er gemt.",
                    under=under,
                )
            ]

        return Side(
            aftale,
            byg,
            f"Indikatorer: {maal.navn[:60]}",
            f"{aftale.get_absolute_url()}#maal",  # type: ignore[attr-defined]
        )

    return _side(request, helhedsplan, hent)


@login_required
def rediger_aktivitet(request: HttpRequest, plan: str, pk: int, aktivitet_pk: int) -> HttpResponse:
    medlemskab = adgang.redaktoer(request, plan)
    helhedsplan = medlemskab.helhedsplan

    def hent() -> Side:
        aftale = _aftale(helhedsplan, pk)
        if not isinstance(aftale, Delaftale):
            raise Http404("Kun delaftaler har aktiviteter.")
        aktivitet = get_object_or_404(
            Aktivitet.objects.filter(delaftale=aftale).prefetch_related(
                "cfbu_led__cfbu_type", "delmaal_led"
            ),
            pk=aktivitet_pk,
        )

        def byg(data: QueryDict | None) -> list[Del]:
            return [
                Del(
                    "Aktivitetens skema",
                    AktivitetForm(data, instance=aktivitet, prefix="a"),
                    "Beskriv formålet kort og i punktform, herunder hvordan aktiviteten understøtter "
                    "delmålene og de overordnede mål i den strategiske aftale.",
                ),
                Del(
                    "Elementer (Element | Indhold | Aktører)",
                    ElementFormSet(data, instance=aktivitet, prefix="el"),
                ),
                Del(
                    "Ansvars- og rollefordeling",
                    RolleFormSet(data, instance=aktivitet, prefix="rol"),
                    "Hvilke organisationer og funktioner varetager hvilke opgaver i forbindelse med "
                    "implementering af aktiviteten.",
                ),
                Del("Faser", FaseFormSet(data, instance=aktivitet, prefix="fase")),
                Del("Omfang og hyppighed", OmfangFormSet(data, instance=aktivitet, prefix="omf")),
                Del(
                    "Datatabeller",
                    DatatabelFormSet(data, instance=aktivitet, prefix="dt"),
                    "Tabeller med tal i aktivitetens beskrivelse, f.eks. en dataoversigt over "
                    "målgruppen.",
                ),
            ]

        return Side(
            aftale,
            byg,
            f"Aktivitet: {aktivitet.navn}",
            f"{aftale.get_absolute_url()}#aktivitet-{aktivitet.pk}",
        )

    return _side(request, helhedsplan, hent)


@login_required
def historik_side(request: HttpRequest, plan: str, pk: int) -> HttpResponse:
    medlemskab = adgang.kladdelaeser(request, plan)
    aftale = _aftale(medlemskab.helhedsplan, pk)
    return render(
        request,
        "delaftaler/aftale_historik.html",
        {"plan": medlemskab.helhedsplan, "aftale": aftale, "poster": historik(aftale)},
    )


def _ny(request: HttpRequest, plan: str, strategisk: bool) -> HttpResponse:
    medlemskab = adgang.redaktoer(request, plan)
    helhedsplan = medlemskab.helhedsplan
    form_class = StrategiskAftaleForm if strategisk else DelaftaleForm
    form = form_class(request.POST or None, helhedsplan=helhedsplan, prefix="a")
    if request.method == "POST" and form.is_valid():
        aftale = form.save(commit=False)
        aftale.aendret_af = request.user
        aftale.save()
        gem_revision(aftale, request.user, "Oprettet")
        messages.success(request, "Aftalen er oprettet. Udfyld nu de enkelte afsnit.")
        return redirect(aftale.get_absolute_url())
    return render(
        request,
        "delaftaler/aftale_ny.html",
        {"plan": helhedsplan, "form": form, "strategisk": strategisk},
    )


@login_required
def ny_delaftale(request: HttpRequest, plan: str) -> HttpResponse:
    return _ny(request, plan, strategisk=False)


@login_required
def ny_strategisk_aftale(request: HttpRequest, plan: str) -> HttpResponse:
    return _ny(request, plan, strategisk=True)


@login_required
def omraader(request: HttpRequest, plan: str) -> HttpResponse:
    """The helhedsplan's housing areas and afdelinger, which baselines can belong to."""
    medlemskab = adgang.redaktoer(request, plan)
    helhedsplan = medlemskab.helhedsplan
    formset = OmraadeFormSet(request.POST or None, instance=helhedsplan, prefix="omr")
    formset.queryset = formset.get_queryset().select_related("organisation", "overordnet")
    delte_valg(_formularer(formset), "overordnet", helhedsplan.omraader.all())
    if request.method == "POST" and formset.is_valid():
        with transaction.atomic():
            gem_formset(formset)
        messages.success(request, "Områder og afdelinger er gemt.")
        return redirect("omraader", plan=helhedsplan.slug)
    return render(
        request,
        "delaftaler/omraader.html",
        {
            "plan": helhedsplan,
            "formset": formset,
            "organisationer": Organisation.objects.values_list("navn", flat=True),
        },
    )


@login_required
def kopier(request: HttpRequest, plan: str, pk: int) -> HttpResponse:
    """Copy an agreement with all its children into a new period (and helhedsplan)."""
    medlemskab = adgang.medlemskab(request, plan)
    aftale = _aftale(medlemskab.helhedsplan, pk)
    # The copy may go to any helhedsplan the user edits; the original only has to be readable.
    planer = Helhedsplan.objects.filter(
        medlemskaber__bruger_id=request.user.pk, medlemskaber__rolle=Medlemskab.Rolle.REDAKTOER
    )
    if not planer.exists():
        raise PermissionDenied("Du er ikke redaktør i nogen helhedsplan.")
    form = KopierForm(
        request.POST or None,
        planer=planer,
        initial={"helhedsplan": medlemskab.helhedsplan if medlemskab.maa_redigere else None},
    )
    if request.method == "POST" and form.is_valid():
        try:
            kopi = kopier_aftale(
                aftale,
                form.cleaned_data["helhedsplan"],
                form.cleaned_data["gaelder_fra"],
                form.cleaned_data["gaelder_til"],
                request.user,
            )
        except FormatFejl as fejl:
            form.add_error(None, f"Aftalen kan ikke kopieres: {fejl.besked}")
        else:
            messages.success(request, "Aftalen er kopieret. Du redigerer nu kopien.")
            return redirect(kopi.get_absolute_url())  # type: ignore[attr-defined]
    return render(
        request,
        "delaftaler/aftale_kopier.html",
        {"plan": medlemskab.helhedsplan, "aftale": aftale, "form": form},
    )
