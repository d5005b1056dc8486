"""The user's own e-mail settings: /indstillinger/varsler/ (only one's own, so no plan)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from delaftaler.models import Medlemskab
from varsler.forms import IndstillingForm
from varsler.models import Indstilling

HVAD: dict[str, str] = {
    Medlemskab.Rolle.REDAKTOER: "når bestyrelsen sender en aftale eller statusrapport tilbage "
    "eller godkender den, når Landsbyggefonden har besluttet, og når en statusrapports frist "
    "nærmer sig",
    Medlemskab.Rolle.BESTYRELSE: "når en aftale eller statusrapport sendes til bestyrelsen, "
    "og når den har ventet mere end 14 dage",
    Medlemskab.Rolle.LBF: "når en strategisk samarbejdsaftale afventer jeres godkendelse, og "
    "når en ny version af en aftale bliver gældende",
}


@login_required
def indstillinger(request: HttpRequest) -> HttpResponse:
    bruger = request.user
    assert bruger.is_authenticated
    indstilling = Indstilling.objects.filter(bruger=bruger).first() or Indstilling(bruger=bruger)
    form = IndstillingForm(request.POST if request.method == "POST" else None, instance=indstilling)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(
            request,
            "Du får e-mails fra LBF-aftaler."
            if form.cleaned_data["modtag_mails"]
            else "Du får ikke længere e-mails fra LBF-aftaler.",
        )
        return redirect("varsler_indstillinger")
    medlemskaber = Medlemskab.objects.filter(bruger=bruger).select_related("helhedsplan")
    return render(
        request,
        "varsler/indstillinger.html",
        {
            "form": form,
            "email": bruger.email,
            "roller": [(m.helhedsplan, m.get_rolle_display(), HVAD[m.rolle]) for m in medlemskaber],
        },
    )
