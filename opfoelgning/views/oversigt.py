"""The follow-up overview of a helhedsplan for a year, the report's due date, assessments.

The year shown by default is the one whose report is next due: a report on year Å is due
30 June Å+1 (`standardfrist`), so until 30 June it is last year, from 1 July this year.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from functools import cached_property

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Max
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone

from delaftaler.dansk import heltal
from delaftaler.models import Aftale, Helhedsplan, Medlemskab
from delaftaler.versioner import navn
from delaftaler.views import adgang
from indikatorer.models import Maal
from opfoelgning import behandling
from opfoelgning.dokumenter.visning import statustekst
from opfoelgning.forms.vurdering import FristForm, VurderingForm
from opfoelgning.models import GodkendtRapport, Maaling, Statusrapport, Vurdering, standardfrist
from opfoelgning.status import Status, Vurderet
from opfoelgning.tabel import Linjeopfoelgning, Maalopfoelgning, maal_for

Rolle = Medlemskab.Rolle
STATUSFARVE = {
    Status.NAAET: "success",
    Status.PAA_VEJ: "info",
    Status.IKKE_PAA_VEJ: "danger",
    Status.MANGLER: "secondary",
    Status.SAMMENLIGNING: "light border",
}
LYSFARVE = {"groen": "success", "gul": "warning", "roed": "danger"}


def standardaar(idag: datetime.date | None = None) -> int:
    """The year whose report is next due by the standard rule (30 June the year after)."""
    idag = idag or timezone.localdate()
    return idag.year - 1 if idag <= datetime.date(idag.year, 6, 30) else idag.year


def aktuelt_aar(plan: Helhedsplan) -> int:
    """The year a page opens on: the board's outstanding report.

    The latest year up to `standardaar()` that has measurements but no approved report (a
    report still owed, e.g. in December for the year before); otherwise the year whose
    report is next due. One query.
    """
    slut = standardaar()
    godkendte = GodkendtRapport.objects.filter(rapport__helhedsplan=plan).values("rapport__aar")
    seneste = (
        Maaling.objects.filter(indikator__maal__aftale__helhedsplan=plan, aar__lte=slut)
        .exclude(aar__in=godkendte)
        .aggregate(seneste=Max("aar"))["seneste"]
    )
    return seneste or slut


def valgt_aar(tekst: str | None, plan: Helhedsplan | None = None) -> int:
    """The year asked for (?aar=2025), or the default for anything but a plain year."""
    aar = heltal(tekst or "", cifre=4)
    if aar is not None and 1900 <= aar <= 2100:
        return aar
    return aktuelt_aar(plan) if plan is not None else standardaar()


@dataclass
class Linje:
    linje: Linjeopfoelgning
    maaling: Maaling | None
    status: Vurderet

    @property
    def farve(self) -> str:
        return STATUSFARVE[self.status.status]


@dataclass
class Delmaal:
    maal: Maal
    vurdering: Vurdering | None
    indikatorer: list[tuple[object, list[Linje]]] = field(default_factory=list)

    @property
    def lysfarve(self) -> str:
        return LYSFARVE.get(self.vurdering.lys, "secondary") if self.vurdering else "secondary"

    @cached_property
    def tal(self) -> dict[Status, int]:
        """How many of the delmål's lines have each status (the plan's count sums these)."""
        tal = dict.fromkeys(Status, 0)
        for _ind, linjer in self.indikatorer:
            for lin in linjer:
                tal[lin.status.status] += 1
        return tal

    @property
    def statustekst(self) -> str:
        """ "nået 5 · på vej 3 · ikke på vej 6", as the status report writes it: the board sees
        which delmål is on track before reading its lines."""
        return statustekst([{"navn": s.label, "antal": n} for s, n in self.tal.items()], True)


def _delmaal(mo: Maalopfoelgning, aar: int) -> Delmaal:
    d = Delmaal(mo.maal, mo.vurderinger.get(aar))
    for ind in mo.indikatorer:
        linjer = [Linje(lin, lin.maaling(aar), lin.status(aar)) for lin in ind.linjer]
        d.indikatorer.append((ind.indikator, linjer))
    return d


def aftaler(plan: Helhedsplan, aar: int) -> list[Aftale]:
    """The plan's agreements in force in the year (as the report has them): the strategic
    agreement first, then the delaftaler."""
    return sorted(
        plan.aftaler.select_related("delaftale__indsatsomraade", "strategiskaftale").filter(
            gaelder_fra__lte=datetime.date(aar, 12, 31), gaelder_til__gte=datetime.date(aar, 1, 1)
        ),
        key=lambda a: (hasattr(a, "delaftale"), a.gaelder_fra, a.pk),
    )


def _godkendte(request: HttpRequest, medlemskab: Medlemskab) -> HttpResponse:
    """Landsbyggefonden's view: the approved reports only, never the draft."""
    godkendte = (
        GodkendtRapport.objects.filter(rapport__helhedsplan=medlemskab.helhedsplan)
        .select_related("rapport")
        .defer("pdf", "docx", "json")
        .order_by("-rapport__aar", "-nummer")
    )
    return render(
        request,
        "opfoelgning/oversigt.html",
        {"plan": medlemskab.helhedsplan, "medlemskab": medlemskab, "godkendte": godkendte},
    )


def _frist_form(rapport: Statusrapport | None, aar: int) -> FristForm:
    return FristForm(initial={"frist": rapport.frist if rapport else standardfrist(aar)})


@login_required
def oversigt(request: HttpRequest, plan: str) -> HttpResponse:
    medlemskab = adgang.medlemskab(request, plan)
    if medlemskab.rolle == Rolle.LBF:
        return _godkendte(request, medlemskab)
    helhedsplan = medlemskab.helhedsplan
    aar = valgt_aar(request.GET.get("aar"), helhedsplan)
    rapport = Statusrapport.objects.filter(helhedsplan=helhedsplan, aar=aar).first()
    alle = aftaler(helhedsplan, aar)
    maal = maal_for(alle)
    dele = [(a.konkret, [_delmaal(mo, aar) for mo in maal[a.pk]]) for a in alle]
    optaelling = dict.fromkeys(Status, 0)
    mangler: list[tuple[Maal, Linje]] = []
    for _aftale, delmaal in dele:
        for d in delmaal:
            for status, antal in d.tal.items():
                optaelling[status] += antal
            for _ind, linjer in d.indikatorer:
                mangler += [
                    (d.maal, lin) for lin in linjer if lin.maaling is None or lin.maaling.afventer
                ]
    return render(
        request,
        "opfoelgning/oversigt.html",
        {
            "plan": helhedsplan,
            "medlemskab": medlemskab,
            "kan_redigere": medlemskab.maa_redigere,
            "aar": aar,
            "aarvalg": range(max(aar, timezone.localdate().year), 2014, -1),
            "rapport": rapport,
            "tilstand": behandling.tilstand(rapport) if rapport else None,
            "frist": rapport.frist if rapport else standardfrist(aar),
            "frist_form": _frist_form(rapport, aar),
            "optaelling": [(s, s.label, optaelling[s], STATUSFARVE[s]) for s in Status],
            "dele": dele,
            "mangler": mangler,
        },
    )


@login_required
def frist(request: HttpRequest, plan: str) -> HttpResponse:
    """The redaktør sets the year's due date (POST); GET shows the form on its own."""
    medlemskab = adgang.redaktoer(request, plan)
    helhedsplan = medlemskab.helhedsplan
    aar = valgt_aar(request.POST.get("aar") if request.method == "POST" else request.GET.get("aar"))
    if request.method not in ("GET", "POST"):
        return HttpResponseNotAllowed(["GET", "POST"])
    rapport = Statusrapport.objects.filter(helhedsplan=helhedsplan, aar=aar).first()
    form = FristForm(request.POST) if request.method == "POST" else _frist_form(rapport, aar)
    if request.method == "POST" and form.is_valid():
        rapport = behandling.statusrapport(helhedsplan, aar)
        rapport.frist = form.cleaned_data["frist"]
        rapport.save(update_fields=["frist"])
        messages.success(request, f"Fristen for statusrapporten {aar} er gemt.")
        return redirect(reverse("opfoelgning", args=[plan]) + f"?aar={aar}")
    return render(
        request,
        "opfoelgning/frist.html",
        {"plan": helhedsplan, "aar": aar, "form": form},
        status=400 if request.method == "POST" else 200,
    )


@login_required
def vurdering(request: HttpRequest, plan: str, pk: int, aar: int) -> HttpResponse:
    """The leader's assessment of a delmål for the year: traffic light and text."""
    medlemskab = adgang.redaktoer(request, plan)
    helhedsplan = medlemskab.helhedsplan
    maal = get_object_or_404(
        Maal.objects.select_related("aftale"), aftale__helhedsplan=helhedsplan, pk=pk
    )
    if not 1900 <= aar <= 2100:
        return redirect("opfoelgning", plan)
    eksisterende = Vurdering.objects.filter(maal=maal, aar=aar).first()
    form = VurderingForm(
        request.POST if request.method == "POST" else None,
        instance=eksisterende or Vurdering(maal=maal, aar=aar),
    )
    if request.method == "POST" and form.is_valid():
        ny = form.save(commit=False)
        ny.registreret_af = navn(request.user)
        ny.save()
        messages.success(request, f"Vurderingen af delmålet for {aar} er gemt.")
        return redirect(reverse("opfoelgning", args=[plan]) + f"?aar={aar}#maal-{maal.pk}")
    return render(
        request,
        "opfoelgning/vurdering.html",
        {
            "plan": helhedsplan,
            "maal": maal,
            "aftale": maal.aftale.konkret,
            "aar": aar,
            "form": form,
        },
        status=400 if request.method == "POST" else 200,
    )
