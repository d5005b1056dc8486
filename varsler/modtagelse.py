"""Who is told what when an agreement or a status report is treated (signal `behandlet`).

- sent to the board (agreement or report): the plan's board members;
- sent back, approved (agreement or report), LBF's decision: the plan's redaktører, with
  the comment or the decision note;
- a strategic agreement's version awaits LBF, a version became current: its LBF users.

Nobody is told of their own step. Runs after the step has committed (`haendelser.meld`).
"""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from delaftaler.models import Aftale, Medlemskab
from delaftaler.versioner import navn
from opfoelgning.models import Statusrapport
from varsler.udsendelse import link, modtagere, udsend

Rolle = Medlemskab.Rolle

# Agreements: the step → (template, role told).
AFTALE = {
    "indsendt": ("aftale_indsendt", Rolle.BESTYRELSE),
    "sendt_tilbage": ("aftale_sendt_tilbage", Rolle.REDAKTOER),
    "godkendt": ("aftale_godkendt", Rolle.REDAKTOER),
    "lbf_godkendt": ("aftale_lbf_besluttet", Rolle.REDAKTOER),
    "lbf_afvist": ("aftale_lbf_besluttet", Rolle.REDAKTOER),
}
RAPPORT = {
    "indsendt": ("rapport_indsendt", Rolle.BESTYRELSE),
    "sendt_tilbage": ("rapport_sendt_tilbage", Rolle.REDAKTOER),
    "godkendt": ("rapport_godkendt", Rolle.REDAKTOER),
}


def ved_behandling(
    sender: Any,
    genstand: Any,
    art: str,
    bruger: Any = None,
    kommentar: str = "",
    version: Any = None,
    gaeldende: bool = False,
    **kwargs: Any,
) -> None:
    kontekst = {"af": navn(bruger), "kommentar": kommentar.strip(), "version": version}
    if isinstance(genstand, Aftale):
        aftale_behandlet(genstand.konkret, art, bruger, kontekst, gaeldende)
    elif isinstance(genstand, Statusrapport):
        rapport_behandlet(genstand, art, bruger, kontekst)


def aftale_behandlet(
    aftale: Aftale, art: str, bruger: Any, kontekst: dict[str, Any], gaeldende: bool
) -> None:
    plan = aftale.helhedsplan
    kontekst = {
        **kontekst,
        "plan": plan,
        "aftale": aftale,
        "godkendt": art == "lbf_godkendt",
        "link": link(reverse("aftale", args=[plan.slug, aftale.pk])),
        "versioner_link": link(reverse("versioner", args=[plan.slug, aftale.pk])),
    }
    if art in AFTALE:
        skabelon, rolle = AFTALE[art]
        udsend(skabelon, kontekst, modtagere(plan.pk, rolle, undtagen=bruger))
    version = kontekst["version"]
    if art == "godkendt" and version is not None and version.kraever_lbf:
        udsend("aftale_afventer_lbf", kontekst, modtagere(plan.pk, Rolle.LBF, undtagen=bruger))
    if gaeldende:
        udsend("aftale_gaeldende", kontekst, modtagere(plan.pk, Rolle.LBF, undtagen=bruger))


def rapport_behandlet(
    rapport: Statusrapport, art: str, bruger: Any, kontekst: dict[str, Any]
) -> None:
    if art not in RAPPORT:
        return
    plan = rapport.helhedsplan
    skabelon, rolle = RAPPORT[art]
    kontekst = {
        **kontekst,
        "plan": plan,
        "rapport": rapport,
        "link": link(reverse("statusrapport", args=[plan.slug, rapport.aar])),
    }
    udsend(skabelon, kontekst, modtagere(plan.pk, rolle, undtagen=bruger))
