"""Export to the `lbf-aftaler` format: helhedsplaner and their agreements as JSON data."""

from __future__ import annotations

from typing import Any

from django.db import models

from aktiviteter.models import Aktivitet
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
                "slug": plan.slug,
                "navn": plan.navn,
                "fondsperiode": plan.fondsperiode.kode,
                "gaelder_fra": plan.gaelder_fra.isoformat() if plan.gaelder_fra else None,
                "gaelder_til": plan.gaelder_til.isoformat() if plan.gaelder_til else None,
                "kommune": brug(plan.kommune),
                "boligorganisationer": [
                    brug(led.organisation)
                    for led in Helhedsplan.boligorganisationer.through.objects.filter(
                        helhedsplan=plan
                    )
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
                "strategiske_aftaler": [
                    eksporter_strategisk(a, brug)
                    for a in StrategiskAftale.objects.filter(helhedsplan=plan).order_by(
                        "gaelder_fra", "id"
                    )
                ],
                "delaftaler": [
                    eksporter_delaftale(a, brug)
                    for a in Delaftale.objects.filter(helhedsplan=plan)
                    .select_related("indsatsomraade")
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


def _parter(aftale: Aftale, brug: Any) -> list[dict[str, Any]]:
    return [
        {"organisation": brug(p.organisation), **felter_ud(p, PART)}
        for p in aftale.parter.select_related("organisation")
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
    for maal in aftale.maal.prefetch_related(
        "indikatorer__baselines__omraade",
        "indikatorer__baselines__fodnote",
        "indikatorer__maaltal__omraade",
        "indikatorer__maaltal__milepaele",
    ):
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
    maal_ids = list(aftale.maal.values_list("id", flat=True))
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
                    for r in t.raekker.prefetch_related("maal")
                ],
            }
            for t in aftale.politiktabeller.all()
        ],
        "afsnit": [felter_ud(a, AFSNIT) for a in aftale.afsnit.order_by("raekkefoelge", "id")],
        "bestyrelsesmedlemmer": [
            {**felter_ud(b, BESTYRELSESMEDLEM), "organisation": brug(b.organisation)}
            for b in aftale.bestyrelsesmedlemmer.select_related("organisation")
        ],
        "overordnede_maal": _maal(aftale),
        "indsatsomraader": [
            {"indsatsomraade": v.indsatsomraade.slug, **felter_ud(v, VALGT)}
            for v in aftale.valgte_indsatsomraader.select_related("indsatsomraade")
        ],
        "fodnoter": _fodnoter(aftale),
    }


def eksporter_delaftale(aftale: Delaftale, brug: Any) -> dict[str, Any]:
    return {
        "indsatsomraade": aftale.indsatsomraade.slug,
        **felter_ud(aftale, DELAFTALE),
        "parter": _parter(aftale, brug),
        "delmaal": _maal(aftale),
        "aktiviteter": [_aktivitet(a) for a in aftale.aktiviteter.all()],
        "medarbejderressourcer": [
            {**felter_ud(r, RESSOURCE), "aktivitet": r.aktivitet.navn if r.aktivitet else None}
            for r in aftale.medarbejderressourcer.select_related("aktivitet")
        ],
        "fodnoter": _fodnoter(aftale),
    }


def _aktivitet(a: Aktivitet) -> dict[str, Any]:
    return {
        **felter_ud(a, AKTIVITET),
        "cfbu_typer": [led.cfbu_type.navn for led in a.cfbu_led.select_related("cfbu_type")],
        "understoetter_delmaal": [led.maal.navn for led in a.delmaal_led.select_related("maal")],
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
                    {
                        "etiket": r.etiket,
                        "total": r.total,
                        "vaerdier": [
                            tal_tekst(c.vaerdi, c.decimaler) if c.vaerdi is not None else None
                            for c in r.celler.order_by("kolonne__raekkefoelge", "kolonne__id")
                        ],
                    }
                    for r in t.raekker.all()
                ],
            }
            for t in a.datatabeller.all()
        ],
    }
