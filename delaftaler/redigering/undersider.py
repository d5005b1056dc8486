"""The pages under a section: a goal's indicators, one indicator's baselines, an activity's schema.

A goal's indicators and their baselines are two pages, and the baselines come a page at a
time: a page of every baseline would pass Django's limit of 1,000 fields at about 60 of them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import Count
from django.http import QueryDict
from django.urls import reverse

from aktiviteter.forms import (
    AktivitetForm,
    DatatabelFormSet,
    ElementFormSet,
    FaseFormSet,
    OmfangFormSet,
    RolleFormSet,
)
from aktiviteter.models import Aktivitet
from delaftaler.formfelter import delte_valg
from delaftaler.models import Aftale, Fodnote, Omraade
from delaftaler.redigering.sektioner import Del, formularer, som_queryset
from indikatorer.forms import BaselineFormSet, IndikatorFormSet
from indikatorer.models import BaselineVaerdi, Indikator, Maal

# A baseline row has 18 fields: 40 rows and a blank one stay well under 1,000.
BASELINER_PR_SIDE = 40


@dataclass
class Tillaeg:
    """A part another app adds to an indicator's baseline page: the follow-up's targets.

    `byg(indikator, data, baseline_ider)` returns a form (is_valid, save) shown with
    `skabelon`; `baseline_ider` are the baselines of the page shown, or None for all.
    """

    titel: str
    byg: Callable[[Indikator, QueryDict | None, list[int] | None], Any]
    hjaelp: str = ""
    skabelon: str = ""


# Registered by the app in its AppConfig.ready(), so delaftaler imports nothing of it.
BASELINE_TILLAEG: list[Tillaeg] = []


def tilfoej_til_baselinesiden(tillaeg: Tillaeg) -> None:
    if all(t.titel != tillaeg.titel for t in BASELINE_TILLAEG):
        BASELINE_TILLAEG.append(tillaeg)


def indikatorer(aftale: Aftale, maal: Maal, data: QueryDict | None) -> list[Del]:
    formset = IndikatorFormSet(data, instance=maal, prefix="ind")
    formset.queryset = formset.get_queryset().annotate(antal_baselines=Count("baselines"))
    slug = aftale.helhedsplan.slug
    links = {}
    for form in formset.forms:
        indikator = form.instance
        if indikator.pk:
            antal = getattr(indikator, "antal_baselines", 0)
            links[indikator.pk] = (
                f"Redigér baselines ({antal})",
                reverse("rediger_baselines", args=[slug, aftale.pk, maal.pk, indikator.pk]),
            )
    return [
        Del(
            "Indikatorer",
            formset,
            "Indikatorer er variable, der bruges til at vise, om delmålene opnås. Hver "
            "indikators baselines redigeres på en side for sig, når indikatoren er gemt.",
            links=links,
        )
    ]


def ny_indikators_baselines(aftale: Aftale, maal: Maal, dele: list[Del]) -> tuple[str, str] | None:
    """After a save that created an indicator: its baseline page, where the user goes on
    to add its baselines (the first new one when several were added), and the message."""
    formset = dele[0].objekt
    nye = [o for o in getattr(formset, "new_objects", []) if o.pk]
    if not nye:
        return None
    ny = nye[0]
    args = [aftale.helhedsplan.slug, aftale.pk, maal.pk, ny.pk]
    return (
        f" Tilføj nu baselines for den nye indikator ”{ny.navn[:60]}”.",
        reverse("rediger_baselines", args=args),
    )


def baselineside(indikator: Indikator, side: str | None) -> tuple[Page, list[int], list[int]]:
    """The page of the indicator's baselines asked for, and the ids before and after it."""
    ids = list(indikator.baselines.values_list("pk", flat=True))
    sider = Paginator(ids, BASELINER_PR_SIDE).get_page(side)
    start = sider.start_index() - 1 if ids else 0
    return sider, ids[:start], ids[start + len(sider.object_list) :]


def baselines(
    aftale: Aftale,
    indikator: Indikator,
    sider: Page,
    omgivelse: tuple[list[int], list[int]],
    data: QueryDict | None,
) -> list[Del]:
    formset = BaselineFormSet(
        data,
        instance=indikator,
        prefix=f"bl-{indikator.pk}",
        queryset=BaselineVaerdi.objects.filter(pk__in=sider.object_list).select_related(
            "omraade", "fodnote"
        ),
        form_kwargs={"aftale": aftale},
    )
    raekker = formularer(formset)
    omraader = list(Omraade.objects.filter(helhedsplan_id=aftale.helhedsplan_id))
    delte_valg(raekker, "omraade", som_queryset(Omraade, omraader))
    delte_valg(
        raekker, "fodnote", som_queryset(Fodnote, list(Fodnote.objects.filter(aftale=aftale)))
    )
    ider = list(sider.object_list) if sider.paginator.num_pages > 1 else None
    return [
        Del(
            "Baselines",
            formset,
            "Tilføj en baseline pr. tal: pr. område eller afdeling, eller for hele "
            "boligområdet; i kolonnen ”Evt. anden baseline” med referencegruppe.",
            omgivelse=omgivelse,
        ),
        *(
            Del(t.titel, t.byg(indikator, data, ider), t.hjaelp, skabelon=t.skabelon)
            for t in BASELINE_TILLAEG
        ),
    ]


def aktivitetsskema(aktivitet: Aktivitet, data: QueryDict | None) -> list[Del]:
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
            "Tabeller med tal i aktivitetens beskrivelse, f.eks. en dataoversigt over målgruppen.",
        ),
    ]
