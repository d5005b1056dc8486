"""A helhedsplan's members, managed by its administrators: invite, change role, remove.

Every change is written to the plan's membership log (`Medlemslog`) in the same
transaction, and the log is shown on the page. The plan always keeps an administrator:
the last one can be neither removed nor demoted (checked with the memberships locked).
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render

from delaftaler.models import Helhedsplan, Medlemskab, Medlemslog
from delaftaler.views import adgang, konto

Rolle = Medlemskab.Rolle
Handling = Medlemslog.Handling

MSG_SIDSTE = (
    "Helhedsplanen skal have mindst én administrator. Gør en anden til administrator først."
)
MSG_KUN_REDAKTOER = "Kun en redaktør kan være administrator."
MSG_ALLEREDE = "{navn} er allerede medlem af helhedsplanen."
MSG_FLERE = "Flere brugere har den e-mailadresse. Kontakt en administrator af systemet."
MSG_MAIL = "E-mailen til {email} kunne ikke sendes. Prøv igen med ”Send invitation igen”."


def administrator(request: HttpRequest, slug: str) -> Medlemskab:
    """The membership, if it administers the plan; other members get 403, others 404."""
    m = adgang.medlemskab(request, slug)
    if not m.administrator:
        raise PermissionDenied("Kun helhedsplanens administratorer kan se og ændre medlemmerne.")
    return m


class MedlemForm(forms.Form):
    rolle = forms.ChoiceField(label="Rolle", choices=Rolle.choices)
    administrator = forms.BooleanField(label="Administrator", required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("administrator") and data.get("rolle") != Rolle.REDAKTOER:
            self.add_error("administrator", MSG_KUN_REDAKTOER)
        return data


class InvitationForm(MedlemForm):
    email = forms.EmailField(label="E-mailadresse", max_length=254)
    navn = forms.CharField(
        label="Navn", max_length=150, required=False, help_text="Bruges, hvis personen er ny."
    )
    field_order = ["email", "navn", "rolle", "administrator"]


def navn(bruger: Any) -> str:
    return bruger.get_full_name() or bruger.get_username()


def _log(request: HttpRequest, plan: Helhedsplan, medlem: Any, handling: str, tekst: str) -> None:
    af: Any = request.user
    Medlemslog.objects.create(
        helhedsplan=plan,
        udfoert_af=af,
        udfoert_af_navn=navn(af),
        medlem=f"{navn(medlem)} ({medlem.email or medlem.get_username()})",
        handling=handling,
        beskrivelse=tekst,
    )


def _rolle_tekst(rolle: str, admin: bool) -> str:
    return f"{Rolle(rolle).label}{' og administrator' if admin else ''}"


def _side(
    request: HttpRequest,
    medlemskab: Medlemskab,
    invitation: InvitationForm | None = None,
    fejl: dict[int, MedlemForm] | None = None,
    status: int = 200,
) -> HttpResponse:
    plan = medlemskab.helhedsplan
    medlemmer = list(
        plan.medlemskaber.select_related("bruger").order_by(
            "bruger__first_name", "bruger__username"
        )
    )
    fejl = fejl or {}
    raekker = [
        (
            m,
            fejl.get(m.pk)
            or MedlemForm(
                initial={"rolle": m.rolle, "administrator": m.administrator}, prefix=f"m{m.pk}"
            ),
        )
        for m in medlemmer
    ]
    return render(
        request,
        "delaftaler/medlemmer.html",
        {
            "plan": plan,
            "medlemskab": medlemskab,
            "raekker": raekker,
            "invitation": invitation or InvitationForm(initial={"rolle": Rolle.BESTYRELSE}),
            "log": plan.medlemslog.all()[:100],
        },
        status=status,
    )


@login_required
def medlemmer(request: HttpRequest, plan: str) -> HttpResponse:
    return _side(request, administrator(request, plan))


def _laaste_administratorer(plan: Helhedsplan) -> list[int]:
    """The pks of the plan's administrators' memberships, locked until the transaction ends."""
    return list(
        Medlemskab.objects.select_for_update()
        .filter(helhedsplan=plan, administrator=True)
        .values_list("pk", flat=True)
    )


@login_required
def inviter(request: HttpRequest, plan: str) -> HttpResponse:
    medlemskab = administrator(request, plan)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    helhedsplan = medlemskab.helhedsplan
    form = InvitationForm(request.POST)
    if not form.is_valid():
        return _side(request, medlemskab, invitation=form, status=400)
    data = form.cleaned_data
    with transaction.atomic():
        try:
            bruger, ny = konto.find_eller_opret(data["email"], data["navn"])
        except konto.FlereBrugere:
            form.add_error("email", MSG_FLERE)
            return _side(request, medlemskab, invitation=form, status=400)
        if helhedsplan.medlemskaber.filter(bruger=bruger).exists():
            form.add_error("email", MSG_ALLEREDE.format(navn=navn(bruger)))
            return _side(request, medlemskab, invitation=form, status=400)
        nyt = Medlemskab.objects.create(
            bruger=bruger,
            helhedsplan=helhedsplan,
            rolle=data["rolle"],
            administrator=data["administrator"],
        )
        _log(
            request,
            helhedsplan,
            bruger,
            Handling.INVITERET if ny else Handling.TILFOEJET,
            f"{'Inviteret som ny bruger' if ny else 'Tilføjet'} som "
            f"{_rolle_tekst(nyt.rolle, nyt.administrator)}.",
        )
    if konto.send_invitation(request, bruger, helhedsplan, nyt):
        messages.success(request, f"{navn(bruger)} er tilføjet, og der er sendt en e-mail.")
    else:
        messages.warning(request, MSG_MAIL.format(email=bruger.email))
    return redirect("medlemmer", plan)


def _aendr(request: HttpRequest, admin: Medlemskab, medlem: Medlemskab) -> HttpResponse | None:
    """Change a member's role and flag; the page with the error in the row, or None."""
    form = MedlemForm(request.POST, prefix=f"m{medlem.pk}")
    if form.is_valid():
        rolle, flag = form.cleaned_data["rolle"], form.cleaned_data["administrator"]
        if (
            medlem.administrator
            and not flag
            and _laaste_administratorer(admin.helhedsplan) == [medlem.pk]
        ):
            form.add_error("administrator", MSG_SIDSTE)
    if not form.is_valid():
        return _side(request, admin, fejl={medlem.pk: form}, status=400)
    aendringer = []
    if rolle != medlem.rolle:
        aendringer.append(
            (
                Handling.ROLLE,
                f"Rolle ændret fra {medlem.get_rolle_display()} til {Rolle(rolle).label}.",
            )
        )
    if flag != medlem.administrator:
        tekst = "Gjort til administrator." if flag else "Er ikke længere administrator."
        aendringer.append((Handling.ADMINISTRATOR, tekst))
    Medlemskab.objects.filter(pk=medlem.pk).update(rolle=rolle, administrator=flag)
    for handling, tekst in aendringer:
        _log(request, admin.helhedsplan, medlem.bruger, handling, tekst)
    if aendringer:
        messages.success(request, f"{navn(medlem.bruger)} er ændret.")
    return None


def _fjern(request: HttpRequest, admin: Medlemskab, medlem: Medlemskab) -> bool:
    if medlem.administrator and _laaste_administratorer(admin.helhedsplan) == [medlem.pk]:
        messages.error(request, MSG_SIDSTE)
        return False
    medlem.delete()
    _log(
        request,
        admin.helhedsplan,
        medlem.bruger,
        Handling.FJERNET,
        f"Fjernet fra helhedsplanen (var {_rolle_tekst(medlem.rolle, medlem.administrator)}).",
    )
    messages.success(request, f"{navn(medlem.bruger)} er fjernet fra helhedsplanen.")
    return True


@login_required
def medlem(request: HttpRequest, plan: str, medlem_pk: int) -> HttpResponse:
    """One member: change role and flag, remove, or send the invitation again."""
    # Another plan's membership is 404 (as any object of another plan), before the role.
    get_object_or_404(
        Medlemskab, helhedsplan=adgang.medlemskab(request, plan).helhedsplan, pk=medlem_pk
    )
    admin = administrator(request, plan)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    handling = request.POST.get("handling", "")
    with transaction.atomic():
        m = get_object_or_404(
            Medlemskab.objects.select_for_update().select_related("bruger"),
            helhedsplan=admin.helhedsplan,
            pk=medlem_pk,
        )
        if handling == "fjern":
            if _fjern(request, admin, m) and m.pk is None and m.bruger_id == request.user.pk:
                return redirect("forside")
            return redirect("medlemmer", plan)
        if handling == "send_igen" and not m.bruger.email:
            messages.error(request, f"{navn(m.bruger)} har ingen e-mailadresse.")
            return redirect("medlemmer", plan)
        if handling == "send_igen":
            if konto.send_invitation(request, m.bruger, admin.helhedsplan, m):
                messages.success(request, f"Invitationen er sendt igen til {m.bruger.email}.")
            else:
                messages.warning(request, MSG_MAIL.format(email=m.bruger.email))
            return redirect("medlemmer", plan)
        svar = _aendr(request, admin, m)
        if svar is not None:
            transaction.set_rollback(True)
            return svar
    if not Medlemskab.objects.filter(pk=admin.pk, administrator=True).exists():
        return redirect("forside")  # the administrator gave up the role
    return redirect("medlemmer", plan)
