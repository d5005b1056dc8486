"""The completeness check before an agreement goes to the board: what LBF's template asks for.

A delaftale (LBF's template for the 2019–26 funds): the period, the name of the effort,
its parties, at least one delmål with an indicator and a baseline (or a baseline that
awaits data), the activities with a schema for each one described here (formål,
målgruppe, indhold og praksis, ansvars- og rollefordeling), the staff, the connection with
the municipality's efforts and the revision text.

The strategic agreement: the area's name, the period, the parties with their signatures,
sections 1–8 (kort om boligområdet, vision, organisering, samspil, overordnede mål og
indikatorer, indsatsområder with problemkompleks and primary target group, lokal
evaluering, revision) and the board's members.

Reads only what `med_indhold` prefetches: no queries for an agreement fetched that way.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse

from delaftaler.models import Aftale, Delaftale, StrategiskAftale


@dataclass(frozen=True)
class Punkt:
    tekst: str
    ok: bool
    link_url: str


class Ufuldstaendig(Exception):
    """The checklist is not met and the redaktør did not confirm sending anyway."""

    def __init__(self, punkter: list[Punkt]) -> None:
        self.punkter = punkter
        mangler = "; ".join(p.tekst for p in punkter if not p.ok)
        super().__init__(
            f"Tjeklisten er ikke opfyldt ({mangler}). Sæt kryds i ”{BEKRAEFT_TEKST}” "
            "for at sende aftalen alligevel."
        )


BEKRAEFT_TEKST = "Send alligevel, selvom tjeklisten ikke er opfyldt"


def opfyldt(punkter: list[Punkt]) -> bool:
    return all(p.ok for p in punkter)


def _sektion(aftale: Aftale, sektion: str) -> str:
    return reverse("rediger_sektion", args=[aftale.helhedsplan.slug, aftale.pk, sektion])


def _udfyldt(*vaerdier: object) -> bool:
    return any(str(v).strip() if isinstance(v, str) else bool(v) for v in vaerdier)


def _maal(aftale: Aftale, tekst: str) -> Punkt:
    """At least one goal with an indicator that has a baseline (or a pending one)."""
    link = _sektion(aftale, "maal")
    maal = list(aftale.maal.all())
    for m in maal:
        for indikator in m.indikatorer.all():
            if list(indikator.baselines.all()):
                return Punkt(tekst, True, link)
    # Point at the first place that lacks something.
    for m in maal:
        indikatorer = list(m.indikatorer.all())
        plan = aftale.helhedsplan.slug
        if not indikatorer:
            return Punkt(tekst, False, reverse("rediger_maal", args=[plan, aftale.pk, m.pk]))
        args = [plan, aftale.pk, m.pk, indikatorer[0].pk]
        return Punkt(tekst, False, reverse("rediger_baselines", args=args))
    return Punkt(tekst, False, link)


def _periode(aftale: Aftale) -> Punkt:
    ok = bool(aftale.gaelder_fra and aftale.gaelder_til and aftale.gaelder_fra < aftale.gaelder_til)
    return Punkt("Periode (gælder fra – til)", ok, _sektion(aftale, "stamdata"))


SKEMAFELTER = ("formål", "målgruppe", "indhold og praksis", "ansvars- og rollefordeling")


def _skema_mangler(a: object) -> list[str]:
    """What an activity's schema lacks, by the template's headings."""
    udfyldt = (
        _udfyldt(a.formaal, a.formaal_punkter),  # type: ignore[attr-defined]
        _udfyldt(a.maalgruppe, a.maalgruppe_punkter),  # type: ignore[attr-defined]
        _udfyldt(a.indhold_og_praksis, list(a.elementer.all())),  # type: ignore[attr-defined]
        _udfyldt(a.ansvar, list(a.roller.all())),  # type: ignore[attr-defined]
    )
    return [navn for navn, ok in zip(SKEMAFELTER, udfyldt, strict=True) if not ok]


def _aktiviteter(aftale: Delaftale) -> list[Punkt]:
    aktiviteter = list(aftale.aktiviteter.all())
    punkter = [
        Punkt(
            "Aktiviteter (mindst én)",
            bool(aktiviteter) or _udfyldt(aftale.aktiviteter_tekst),
            _sektion(aftale, "aktiviteter"),
        )
    ]
    alle_ok = True
    for a in aktiviteter:
        if a.beskrevet_i or a.beskrevet_i_delaftale_id:
            continue  # described in another delaftale: its schema is there
        mangler = _skema_mangler(a)
        if mangler:
            alle_ok = False
            url = reverse("rediger_aktivitet", args=[aftale.helhedsplan.slug, aftale.pk, a.pk])
            punkter.append(
                Punkt(f"Aktivitetsskema for {a.navn}: mangler {', '.join(mangler)}", False, url)
            )
    if alle_ok and aktiviteter:
        punkter.append(
            Punkt("Et aktivitetsskema for hver aktivitet", True, _sektion(aftale, "aktiviteter"))
        )
    return punkter


def _delaftale(aftale: Delaftale) -> list[Punkt]:
    tekster = _sektion(aftale, "tekster")
    return [
        Punkt(
            "Navn på den boligsociale indsats",
            _udfyldt(aftale.indsatsnavn),
            _sektion(aftale, "stamdata"),
        ),
        _periode(aftale),
        Punkt(
            "Delaftalens parter",
            bool(list(aftale.parter.all())) or _udfyldt(aftale.parter_tekst),
            _sektion(aftale, "parter"),
        ),
        _maal(aftale, "Mindst ét delmål med en indikator og en baseline (eller ventende data)"),
        *_aktiviteter(aftale),
        Punkt(
            "Medarbejderressourcer",
            bool(list(aftale.medarbejderressourcer.all())) or _udfyldt(aftale.ressourcer_tekst),
            _sektion(aftale, "ressourcer"),
        ),
        Punkt(
            "Sammenhæng med den kommunale indsats", _udfyldt(aftale.kommunal_sammenhaeng), tekster
        ),
        Punkt("Revision af delaftalen", _udfyldt(aftale.revision), tekster),
    ]


def _strategisk(aftale: StrategiskAftale) -> list[Punkt]:
    tekster = _sektion(aftale, "tekster")
    parter = list(aftale.parter.all())
    afsnit = {a.sektion for a in aftale.afsnit.all()}
    valgte = list(aftale.valgte_indsatsomraader.all())
    vision = _udfyldt(aftale.vision, aftale.vision_tekst, list(aftale.politiktabeller.all()))
    return [
        Punkt("Områdets navn", _udfyldt(aftale.omraadets_navn), _sektion(aftale, "stamdata")),
        _periode(aftale),
        Punkt("Aftalens parter", bool(parter), _sektion(aftale, "parter")),
        Punkt(
            "Underskrifter (dato og navn for hver part)",
            bool(parter) and all(p.underskrift_dato and p.underskrift_navn for p in parter),
            _sektion(aftale, "parter"),
        ),
        Punkt("1. Kort om boligområdet", _udfyldt(aftale.kort_om_omraadet), tekster),
        Punkt("2. Vision", vision, tekster),
        Punkt("3. Organisering", 3 in afsnit, _sektion(aftale, "afsnit")),
        Punkt(
            "3. Bestyrelsens medlemmer",
            bool(list(aftale.bestyrelsesmedlemmer.all())),
            _sektion(aftale, "bestyrelse"),
        ),
        Punkt(
            "4. Samspil med centrale tiltag og indsatser", 4 in afsnit, _sektion(aftale, "afsnit")
        ),
        _maal(aftale, "5. Mindst ét overordnet mål med en indikator og en baseline"),
        Punkt(
            "6. Indsatsområder (problemkompleks og primær målgruppe for hvert)",
            bool(valgte)
            and all(_udfyldt(v.problemkompleks) and _udfyldt(v.primaer_maalgruppe) for v in valgte),
            _sektion(aftale, "indsatsomraader"),
        ),
        Punkt("7. Lokal evaluering", _udfyldt(aftale.lokal_evaluering), tekster),
        Punkt("8. Revision af samarbejdsaftalen", _udfyldt(aftale.revision), tekster),
    ]


def tjekliste(aftale: Aftale) -> list[Punkt]:
    """The agreement's checklist, in the template's order."""
    if isinstance(aftale, Delaftale):
        return _delaftale(aftale)
    if isinstance(aftale, StrategiskAftale):
        return _strategisk(aftale)
    return tjekliste(aftale.konkret)
