"""History of agreements with django-reversion.

Every save through the app happens inside one revision that holds a snapshot of the
whole agreement (the agreement and, followed, all its children), so a revision is a
complete state: the history page compares consecutive states object by object.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import reversion
from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db import models
from reversion.models import Revision, Version

# What a revision of an agreement holds: each model and the relations followed from it.
FOELG: dict[str, tuple[str, ...]] = {
    "delaftaler.Aftale": ("parter", "fodnoter", "maal"),
    "delaftaler.Delaftale": ("aftale_ptr", "aktiviteter", "medarbejderressourcer"),
    "delaftaler.StrategiskAftale": (
        "aftale_ptr",
        "politiktabeller",
        "afsnit",
        "bestyrelsesmedlemmer",
        "valgte_indsatsomraader",
    ),
    "delaftaler.Part": (),
    "delaftaler.Fodnote": (),
    "delaftaler.Medarbejderressource": (),
    "delaftaler.Politiktabel": ("raekker",),
    "delaftaler.Politikraekke": (),
    "delaftaler.Afsnit": (),
    "delaftaler.Bestyrelsesmedlem": (),
    "delaftaler.ValgtIndsatsomraade": (),
    "indikatorer.Maal": ("indikatorer",),
    "indikatorer.Indikator": ("baselines", "maaltal"),
    "indikatorer.BaselineVaerdi": (),
    # The follow-up's targets are part of the agreement (named here, never imported).
    "opfoelgning.Maaltal": ("milepaele",),
    "opfoelgning.Milepael": (),
    "aktiviteter.Aktivitet": (
        "cfbu_led",
        "delmaal_led",
        "elementer",
        "roller",
        "faser",
        "omfang",
        "datatabeller",
    ),
    "aktiviteter.AktivitetCfbuType": (),
    "aktiviteter.UnderstoettetDelmaal": (),
    "aktiviteter.Element": (),
    "aktiviteter.Rolle": (),
    "aktiviteter.Fase": (),
    "aktiviteter.Omfang": (),
    "aktiviteter.Datatabel": ("kolonner", "raekker"),
    "aktiviteter.DatatabelKolonne": (),
    "aktiviteter.DatatabelRaekke": ("celler",),
    "aktiviteter.DatatabelCelle": (),
}

# Bookkeeping fields that change on every save and say nothing to a reader.
SKJULTE_FELTER = {"id", "aftale_ptr", "oprettet", "aendret", "aendret_af", "redigeringsnummer"}


def registrer() -> None:
    for navn, foelg in FOELG.items():
        model = apps.get_model(navn)
        if not reversion.is_registered(model):
            reversion.register(model, follow=foelg)


def gem_revision(aftale: models.Model, bruger: Any, kommentar: str) -> None:
    """Record the agreement's current state as one revision (call inside a transaction)."""
    with reversion.create_revision(atomic=False):
        reversion.set_user(bruger if getattr(bruger, "is_authenticated", False) else None)
        reversion.set_comment(kommentar)
        reversion.add_to_revision(aftale)


@dataclass
class Feltaendring:
    felt: str
    foer: str
    efter: str


@dataclass
class Objektaendring:
    slags: str  # "tilføjet", "fjernet", "ændret"
    model: str
    navn: str
    felter: list[Feltaendring] = field(default_factory=list)


@dataclass
class Historikpost:
    revision: Revision
    aendringer: list[Objektaendring]


def _tilstand(
    revision: Revision,
) -> dict[tuple[int, str], tuple[type[models.Model], str, dict[str, Any]]]:
    tilstand = {}
    for version in revision.version_set.all():
        model = version._model
        if model is None:
            continue
        try:
            felter = version.field_dict
        except Exception:  # a snapshot from an older schema; show what can be shown
            felter = {}
        tilstand[(version.content_type_id, version.object_id)] = (
            model,
            version.object_repr,
            felter,
        )
    return tilstand


def _vis(model: type[models.Model], feltnavn: str, vaerdi: Any) -> str:
    if vaerdi is None or vaerdi == "" or vaerdi == []:
        return "—"
    try:
        felt = model._meta.get_field(feltnavn)
    except Exception:
        return str(vaerdi)
    if getattr(felt, "choices", None):
        return str(dict(getattr(felt, "flatchoices", [])).get(vaerdi, vaerdi))
    if isinstance(vaerdi, list):
        return "; ".join(str(v) for v in vaerdi)
    if isinstance(vaerdi, bool):
        return "ja" if vaerdi else "nej"
    return str(vaerdi)


def sammenlign(foer: Revision | None, efter: Revision) -> list[Objektaendring]:
    """What changed from one complete state of an agreement to the next."""
    gammel = _tilstand(foer) if foer else {}
    ny = _tilstand(efter)
    aendringer: list[Objektaendring] = []
    for noegle, (model, navn, felter) in ny.items():
        modelnavn = str(model._meta.verbose_name)
        if noegle not in gammel:
            if foer is not None:
                aendringer.append(Objektaendring("tilføjet", modelnavn, navn))
            continue
        gamle_felter = gammel[noegle][2]
        forskelle = []
        for feltnavn, vaerdi in felter.items():
            if feltnavn in SKJULTE_FELTER or feltnavn.endswith("_ptr_id"):
                continue
            if gamle_felter.get(feltnavn) != vaerdi:
                try:
                    etiket = str(getattr(model._meta.get_field(feltnavn), "verbose_name", feltnavn))
                except Exception:
                    etiket = feltnavn
                forskelle.append(
                    Feltaendring(
                        etiket,
                        _vis(model, feltnavn, gamle_felter.get(feltnavn)),
                        _vis(model, feltnavn, vaerdi),
                    )
                )
        if forskelle:
            aendringer.append(Objektaendring("ændret", modelnavn, navn, forskelle))
    for noegle, (model, navn, _felter) in gammel.items():
        if noegle not in ny:
            aendringer.append(Objektaendring("fjernet", str(model._meta.verbose_name), navn))
    return aendringer


def historik(aftale: models.Model, antal: int = 50) -> list[Historikpost]:
    """The agreement's revisions, newest first, each with what it changed."""
    ct = ContentType.objects.get_for_model(aftale.__class__)
    revisioner = list(
        Revision.objects.filter(version__content_type=ct, version__object_id=str(aftale.pk))
        .select_related("user")
        .prefetch_related("version_set__content_type")
        .order_by("-date_created", "-id")[: antal + 1]
    )
    poster = []
    for nr, revision in enumerate(revisioner[:antal]):
        forrige = revisioner[nr + 1] if nr + 1 < len(revisioner) else None
        poster.append(Historikpost(revision, sammenlign(forrige, revision)))
    return poster


def versioner_siden(
    aftale: models.Model, redigeringsnummer: int
) -> tuple[list[Version], Revision | None]:
    """For a conflict: the agreement's versions saved after the given edit number (newest
    first), and the revision the user's page was opened at (None if not recorded)."""
    from delaftaler.models import Aftale

    # The edit number lives on the parent table, so ask for the parent's versions.
    versioner = Version.objects.get_for_object_reference(Aftale, aftale.pk).select_related(
        "revision__user"
    )
    senere, grundlag = [], None
    for v in versioner:
        nummer = v.field_dict.get("redigeringsnummer") or 0
        if nummer > redigeringsnummer:
            senere.append(v)
        elif nummer == redigeringsnummer and grundlag is None:
            grundlag = v.revision
    return senere, grundlag
