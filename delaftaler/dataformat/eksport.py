"""Export to the `lbf-aftaler` format: helhedsplaner and their agreements as JSON data.

An agreement's children are read through `prefetch_related_objects`: what the caller
fetched already (``med_indhold()``) is used as it is, the rest is fetched once per level,
so an export costs the same number of queries whatever the number of rows.
"""

from __future__ import annotations

from typing import Any

from django.db import models
from django.db.models import prefetch_related_objects

from aktiviteter.models import Aktivitet
from delaftaler.dataformat import tillaeg
from delaftaler.dataformat.felter import (
    AFSNIT,
    AKTIVITET,
    BASELINE,
    BESTYRELSESMEDLEM,
    DELAFTALE,
    ELEMENT,
    FASE,
    FORMAT,
    MAALTAL,
    MILEPAEL,
    OMFANG,
    PART,
    POLITIKRAEKKE,
    POLITIKTABEL,
    RESSOURCE,
    ROLLE,
    STRATEGISK,
    VALGT,
    VERSION,
    felter_ud,
    tal_tekst,
)
from delaftaler.models import Aftale, Delaftale, Helhedsplan, Organisation, StrategiskAftale
from delaftaler.models.delaftale import AKTIVITETER_PREFETCH
from indikatorer.models import Indikator


def _org(org: Organisation | None) -> str | None:
    return org.navn if org else None


def eksporter(planer: models.QuerySet[Helhedsplan] | list[Helhedsplan]) -> dict[str, Any]:
    """The helhedsplaner with all their agreements, in the `lbf-aftaler` format."""
    organisationer: dict[str, str] = {}

    def brug(org: Organisation | None) -> str | None:
        if org:
            organisationer[org.navn] = org.type
        return _org(org)

    ud_planer = []
    for plan in planer:
        ud_planer.append(
            {
                **eksporter_plan(plan, brug),
                "strategiske_aftaler": [
                    eksporter_strategisk(a, brug)
                    for a in StrategiskAftale.objects.med_indhold()
                    .filter(helhedsplan=plan)
                    .order_by("gaelder_fra", "id")
                ],
                "delaftaler": [
                    eksporter_delaftale(a, brug)
                    for a in Delaftale.objects.med_indhold()
                    .filter(helhedsplan=plan)
                    .order_by("gaelder_fra", "indsatsomraade__raekkefoelge", "id")
                ],
            }
        )
    return {
        "format": FORMAT,
        "version": VERSION,
        "organisationer": [{"navn": n, "type": t} for n, t in sorted(organisationer.items())],
        "helhedsplaner": ud_planer,
    }


def eksporter_plan(plan: Helhedsplan, brug: Any) -> dict[str, Any]:
    """The helhedsplan's own data, without its agreements."""
    return {
        "slug": plan.slug,
        "navn": plan.navn,
        "fondsperiode": plan.fondsperiode.kode,
        "gaelder_fra": plan.gaelder_fra.isoformat() if plan.gaelder_fra else None,
        "gaelder_til": plan.gaelder_til.isoformat() if plan.gaelder_til else None,
        "kommune": brug(plan.kommune),
        "boligorganisationer": [
            brug(led.organisation)
            for led in Helhedsplan.boligorganisationer.through.objects.filter(helhedsplan=plan)
            .select_related("organisation")
            .order_by("id")
        ],
        "omraader": [
            {
                "navn": o.navn,
                "type": o.type,
                "organisation": brug(o.organisation),
                "overordnet": o.overordnet.navn if o.overordnet else None,
            }
            for o in plan.omraader.select_related("organisation", "overordnet")
        ],
    }


# What an export reads of each kind of agreement, below the agreement itself.
MAAL = (
    "maal__indikatorer__baselines__omraade",
    "maal__indikatorer__baselines__fodnote",
    "maal__indikatorer__maaltal__omraade",
    "maal__indikatorer__maaltal__milepaele",
)
FAELLES = ("parter__organisation", "fodnoter", *MAAL)
STRATEGISK_INDHOLD = (
    *FAELLES,
    "politiktabeller__raekker__maal",
    "afsnit",
    "bestyrelsesmedlemmer__organisation",
    "valgte_indsatsomraader__indsatsomraade",
)
DELAFTALE_INDHOLD = (
    "indsatsomraade",
    *FAELLES,
    *AKTIVITETER_PREFETCH,
)


def _parter(aftale: Aftale, brug: Any) -> list[dict[str, Any]]:
    return [
        {"organisation": brug(p.organisation), **felter_ud(p, PART)} for p in aftale.parter.all()
    ]


def _fodnoter(aftale: Aftale) -> list[dict[str, Any]]:
    return [{"nummer": f.nummer, "tekst": f.tekst} for f in aftale.fodnoter.all()]


def _maaltal(indikator: Indikator) -> list[dict[str, Any]]:
    return [
        {
            "omraade": m.omraade.navn if m.omraade else None,
            **felter_ud(m, MAALTAL),
            "milepaele": [felter_ud(p, MILEPAEL) for p in m.milepaele.all()],
        }
        for m in indikator.maaltal.all()
    ]


def _maal(aftale: Aftale) -> list[dict[str, Any]]:
    ud = []
    for maal in aftale.maal.all():
        ud.append(
            {
                "navn": maal.navn,
                "maalsaetning": maal.maalsaetning,
                "indikatorer": [
                    {
                        "navn": i.navn,
                        "datakilde": i.datakilde,
                        "datakilde_note": i.datakilde_note,
                        "baselines": [
                            {
                                **felter_ud(b, BASELINE),
                                "omraade": b.omraade.navn if b.omraade else None,
                                "fodnote": b.fodnote.nummer if b.fodnote else None,
                            }
                            for b in i.baselines.all()
                        ],
                        "maaltal": _maaltal(i),
                    }
                    for i in maal.indikatorer.all()
                ],
            }
        )
    return ud


def eksporter_strategisk(aftale: StrategiskAftale, brug: Any) -> dict[str, Any]:
    prefetch_related_objects([aftale], *STRATEGISK_INDHOLD)
    maal_ids = [m.id for m in aftale.maal.all()]
    return {
        **felter_ud(aftale, STRATEGISK),
        "parter": _parter(aftale, brug),
        "politiktabeller": [
            {
                **felter_ud(t, POLITIKTABEL),
                "raekker": [
                    {
                        **felter_ud(r, POLITIKRAEKKE),
                        "maal": sorted(maal_ids.index(m.id) + 1 for m in r.maal.all()),
                    }
                    for r in t.raekker.all()
                ],
            }
            for t in aftale.politiktabeller.all()
        ],
        "afsnit": [
            felter_ud(a, AFSNIT)
            for a in sorted(aftale.afsnit.all(), key=lambda a: (a.raekkefoelge, a.id))
        ],
        "bestyrelsesmedlemmer": [
            {**felter_ud(b, BESTYRELSESMEDLEM), "organisation": brug(b.organisation)}
            for b in aftale.bestyrelsesmedlemmer.all()
        ],
        "overordnede_maal": _maal(aftale),
        "indsatsomraader": [
            {"indsatsomraade": v.indsatsomraade.slug, **felter_ud(v, VALGT)}
            for v in aftale.valgte_indsatsomraader.all()
        ],
        "fodnoter": _fodnoter(aftale),
        **tillaeg.ud(aftale),
    }


def eksporter_delaftale(aftale: Delaftale, brug: Any) -> dict[str, Any]:
    prefetch_related_objects([aftale], *DELAFTALE_INDHOLD)
    return {
        "indsatsomraade": aftale.indsatsomraade.slug,
        **felter_ud(aftale, DELAFTALE),
        "parter": _parter(aftale, brug),
        "delmaal": _maal(aftale),
        "aktiviteter": [_aktivitet(a) for a in aftale.aktiviteter.all()],
        "medarbejderressourcer": [
            {**felter_ud(r, RESSOURCE), "aktivitet": r.aktivitet.navn if r.aktivitet else None}
            for r in aftale.medarbejderressourcer.all()
        ],
        "fodnoter": _fodnoter(aftale),
        **tillaeg.ud(aftale),
    }


def _celler(raekke: Any) -> list[str | None]:
    celler = sorted(raekke.celler.all(), key=lambda c: (c.kolonne.raekkefoelge, c.kolonne.id))
    return [tal_tekst(c.vaerdi, c.decimaler) if c.vaerdi is not None else None for c in celler]


def _aktivitet(a: Aktivitet) -> dict[str, Any]:
    return {
        **felter_ud(a, AKTIVITET),
        "cfbu_typer": [led.cfbu_type.navn for led in a.cfbu_led.all()],
        "understoetter_delmaal": [led.maal.navn for led in a.delmaal_led.all()],
        "elementer": [felter_ud(e, ELEMENT) for e in a.elementer.all()],
        "roller": [felter_ud(r, ROLLE) for r in a.roller.all()],
        "faser": [felter_ud(f, FASE) for f in a.faser.all()],
        "omfang": [felter_ud(o, OMFANG) for o in a.omfang.all()],
        "datatabeller": [
            {
                "titel": t.titel,
                "note": t.note,
                "kolonner": [{"overskrift": k.overskrift, "aar": k.aar} for k in t.kolonner.all()],
                "raekker": [
                    {"etiket": r.etiket, "total": r.total, "vaerdier": _celler(r)}
                    for r in t.raekker.all()
                ],
            }
            for t in a.datatabeller.all()
        ],
    }
