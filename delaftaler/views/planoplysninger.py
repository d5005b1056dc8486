"""The helhedsplan's own data (name, period, kommune, boligorganisationer), edited by its
administrators; each change written to the plan's log (`Medlemslog`, "Helhedsplanen
ændret"). The fund period and the short name stay with the staff (the admin)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from delaftaler.dansk import dansk_periode
from delaftaler.formfelter import DatoInput, LinjelisteField
from delaftaler.forms import planens_organisationer
from delaftaler.models import Helhedsplan, Medlemslog, Organisation
from delaftaler.redigering import aaben_indsendelse
from delaftaler.views.medlemmer import administrator, navn
from delaftaler.views.redigering import laast_side

Type = Organisation.Type


def boligorganisationer(plan: Helhedsplan) -> list[str]:
    """The names, in the order they were added (as the export keeps them)."""
    led = Helhedsplan.boligorganisationer.through.objects.filter(helhedsplan=plan)
    return list(led.order_by("id").values_list("organisation__navn", flat=True))


class PlanForm(forms.ModelForm):
    kommune_navn = forms.CharField(
        label="Kommune",
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs={"list": "organisationer"}),
        help_text="F.eks. ”Randers Kommune”. Et nyt navn opretter kommunen.",
    )
    boligorganisationer_navne = LinjelisteField(
        label="Boligorganisationer",
        help_text="Én boligorganisation pr. linje. Et nyt navn opretter organisationen.",
    )

    class Meta:
        model = Helhedsplan
        fields = ["navn", "gaelder_fra", "gaelder_til"]
        widgets = {"gaelder_fra": DatoInput(), "gaelder_til": DatoInput()}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        plan = self.instance
        self.initial["kommune_navn"] = plan.kommune.navn if plan.kommune else ""
        self.initial["boligorganisationer_navne"] = boligorganisationer(plan)

    def clean_kommune_navn(self) -> Organisation | None:
        tekst = self.cleaned_data["kommune_navn"].strip()
        if not tekst:
            return None
        org = Organisation.objects.filter(navn=tekst).first()
        if org is not None and org.type != Type.KOMMUNE:
            raise forms.ValidationError(
                f"{tekst} er ikke en kommune, men en {org.get_type_display().lower()}."
            )
        return org or Organisation(navn=tekst, type=Type.KOMMUNE)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        fra, til = data.get("gaelder_fra"), data.get("gaelder_til")
        if fra and til and not self.errors:
            for aftale in self.instance.aftaler.all():
                konkret = aftale.konkret
                if (aftale.gaelder_fra < fra) or (aftale.gaelder_til > til):
                    self.add_error(
                        "gaelder_til" if aftale.gaelder_til > til else "gaelder_fra",
                        f"{konkret} gælder {aftale.periode}; helhedsplanens periode skal "
                        "rumme den.",
                    )
        return data


def _beskriv(foer: dict[str, str], efter: dict[str, str]) -> str:
    return "; ".join(
        f"{felt}: {foer[felt] or '–'} → {efter[felt] or '–'}"
        for felt in foer
        if foer[felt] != efter[felt]
    )


def _tekster(plan: Helhedsplan) -> dict[str, str]:
    return {
        "Navn": plan.navn,
        "Periode": dansk_periode(plan.gaelder_fra, plan.gaelder_til)
        if plan.gaelder_fra and plan.gaelder_til
        else "",
        "Kommune": plan.kommune.navn if plan.kommune else "",
        "Boligorganisationer": ", ".join(boligorganisationer(plan)),
    }


def _gem(form: PlanForm, request: HttpRequest) -> str:
    plan: Helhedsplan = form.instance
    foer = _tekster(Helhedsplan.objects.get(pk=plan.pk))
    kommune = form.cleaned_data["kommune_navn"]
    if kommune is not None and kommune.pk is None:
        kommune.save()
    plan.kommune = kommune
    form.save()
    plan.boligorganisationer.clear()
    for tekst in form.cleaned_data["boligorganisationer_navne"]:
        org = Organisation.objects.get_or_create(
            navn=tekst, defaults={"type": Type.BOLIGORGANISATION}
        )[0]
        plan.boligorganisationer.add(org)
    aendringer = _beskriv(foer, _tekster(plan))
    if aendringer:
        af: Any = request.user
        Medlemslog.objects.create(
            helhedsplan=plan,
            udfoert_af=af,
            udfoert_af_navn=navn(af),
            handling=Medlemslog.Handling.PLAN,
            beskrivelse=aendringer + ".",
        )
    return aendringer


@login_required
def planoplysninger(request: HttpRequest, plan: str) -> HttpResponse:
    helhedsplan = administrator(request, plan).helhedsplan
    # The plan's name, period and organisations are part of every agreement's frozen
    # content: locked while one of its drafts is with the board, as the areas are.
    aftaler = {
        a.pk: a.konkret for a in helhedsplan.aftaler.select_related("delaftale", "strategiskaftale")
    }
    aabne = aaben_indsendelse(list(aftaler))
    if aabne:
        laaste = [(aftaler[pk], b) for pk, b in aabne.items()]
        return laast_side(request, helhedsplan, "Helhedsplanens oplysninger", "/", laaste)
    form = PlanForm(request.POST or None, instance=helhedsplan)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            aendret = _gem(form, request)
        messages.success(request, "Helhedsplanen er gemt." if aendret else "Intet var ændret.")
        return redirect("planoplysninger", plan)
    return render(
        request,
        "delaftaler/medlemmer_plan.html",
        {
            "plan": Helhedsplan.objects.get(pk=helhedsplan.pk),
            "form": form,
            "organisationer": planens_organisationer(helhedsplan).values_list("navn", flat=True),
        },
        status=400 if form.is_bound else 200,
    )
