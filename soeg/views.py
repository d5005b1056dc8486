"""The search page: the form, and the results by kind and plan."""

from __future__ import annotations

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from soeg import soegning

MSG_FOR_LANG = f"Søgningen må højst være {soegning.MAKS_TEGN} tegn. Gør den kortere, og søg igen."


class SoegeForm(forms.Form):
    q = forms.CharField(
        label="Søg i dine helhedsplaner",
        required=False,
        max_length=soegning.MAKS_TEGN,
        strip=True,
        error_messages={"max_length": MSG_FOR_LANG},
        help_text="Aftaler, delmål, indikatorer, aktiviteter, områder og afdelinger, parter "
        "og medarbejdere. Skriv dele af ord, f.eks. ”sundhed”, flere ord, eller "
        "”-ord” for at udelade et ord.",
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )


@login_required
def soeg(request: HttpRequest) -> HttpResponse:
    form = SoegeForm(request.GET or None)
    q = ""
    resultat = None
    status = 200
    if form.is_bound and not form.is_valid():
        status = 400
    elif form.is_bound:
        q = form.cleaned_data["q"]
        resultat = soegning.soeg(request.user, q) if q else None
    return render(
        request,
        "soeg/soeg.html",
        {"form": form, "q": q, "resultat": resultat, "maks_tegn": soegning.MAKS_TEGN},
        status=status,
    )
