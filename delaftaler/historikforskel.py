"""What changed between two states of an agreement, in the reader's words.

The input is a list of `Skift`: one object's serialised fields before and after (either
side None when the object was added or removed), taken from django-reversion versions.
The output is `Objektaendring`s with Danish labels and values (`delaftaler.visning`),
foreign keys by name (one query per referenced model, for all changes at once), the
agreement's parent row (multi-table inheritance) merged into the agreement's own entry.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.contrib.auth import get_user_model
from django.db import models
from django.utils.safestring import SafeString

from delaftaler.visning import (
    FK_SLETTET,
    feltetiket,
    feltnavn,
    lang_tekst,
    ordforskel,
    skjult,
    vis_felt,
)


@dataclass
class Feltaendring:
    felt: str
    foer: str
    efter: str
    forskel: SafeString | None = None  # a long text, marked word by word


@dataclass
class Objektaendring:
    slags: str  # "tilføjet", "fjernet", "ændret"
    model: str
    navn: str
    felter: list[Feltaendring] = field(default_factory=list)
    tidligere_navn: str = ""


@dataclass
class Skift:
    """One object from one state to the next. `model` names the labels; `noegle` is the
    entry it belongs to (the agreement's parent row shares the agreement's key)."""

    model: type[models.Model]
    noegle: tuple[str, str]
    foer: dict[str, Any] | None
    efter: dict[str, Any] | None
    navn_foer: str = ""
    navn_efter: str = ""
    visningsmodel: type[models.Model] | None = None


def felter(serialiseret: str) -> dict[str, Any]:
    """The fields of one reversion version (Django's JSON serialisation), decoded."""
    try:
        data = json.loads(serialiseret)
        return dict(data[0].get("fields", {})) if data else {}
    except (ValueError, TypeError, IndexError, AttributeError):
        return {}  # a snapshot from an older schema: show what can be shown


class Navngiver:
    """Names the targets of foreign keys: collect every key first, then one query per model."""

    def __init__(self, kendte: dict[tuple[str, str], str] | None = None) -> None:
        self.kendte = dict(kendte or {})
        self.oenskede: dict[type[models.Model], set[Any]] = defaultdict(set)

    def saml(self, model: type[models.Model], foer: dict[str, Any], efter: dict[str, Any]) -> None:
        for f in model._meta.concrete_fields:
            if not f.is_relation or f.related_model is None or skjult(model, f.name):
                continue
            a, b = foer.get(f.name), efter.get(f.name)
            if a != b:
                for v in (a, b):
                    if v is not None:
                        self.oenskede[f.related_model].add(v)  # type: ignore[index]

    def hent(self) -> None:
        bruger = get_user_model()
        for model, pks in self.oenskede.items():
            mangler = {p for p in pks if (model._meta.label, str(p)) not in self.kendte}
            if not mangler:
                continue
            for obj in model._default_manager.filter(pk__in=mangler):
                navn = str(obj)
                if model is bruger:  # people by name, never by id
                    navn = getattr(obj, "get_full_name", str)() or getattr(obj, "username", navn)
                self.kendte[(model._meta.label, str(obj.pk))] = navn
        self.oenskede.clear()

    def __call__(self, model: type[models.Model], pk: Any) -> str:
        return self.kendte.get((model._meta.label, str(pk)), FK_SLETTET)


def feltforskelle(
    model: type[models.Model],
    foer: dict[str, Any],
    efter: dict[str, Any],
    navngiv: Navngiver,
    kun: frozenset[str] | None = None,
) -> list[Feltaendring]:
    """The visible fields whose Danish value differs, in the model's field order."""
    forskelle = []
    for f in model._meta.concrete_fields:
        navn = f.name
        if navn not in foer and navn not in efter:
            navn = f.attname
            if navn not in foer and navn not in efter:
                continue
        if skjult(model, navn) or (kun is not None and feltnavn(f.name) not in kun):
            continue
        gammel = vis_felt(model, navn, foer.get(navn), foer, navngiv)
        ny = vis_felt(model, navn, efter.get(navn), efter, navngiv)
        if gammel == ny:
            continue
        forskel = None
        a, b = foer.get(navn), efter.get(navn)
        tekst = isinstance(f, (models.TextField, models.CharField)) and not f.choices
        if tekst and lang_tekst(str(a or ""), str(b or "")):
            forskel = ordforskel(str(a or ""), str(b or ""))
        forskelle.append(Feltaendring(feltetiket(model, navn), gammel, ny, forskel))
    return forskelle


def aendringer(
    skift: Iterable[Skift],
    navngiv: Navngiver,
    rang: dict[str, int],
    kun: dict[str, frozenset[str] | None] | None = None,
) -> list[Objektaendring]:
    """The changes of one step, one entry per object (the parent row merged in), ordered
    as the agreement is (`rang` by model label), then by name. `kun` limits models and,
    per model label, fields (None: every field)."""
    poster: dict[tuple[str, str], Objektaendring] = {}
    for s in skift:
        if kun is not None and s.model._meta.label not in kun:
            continue
        vis = s.visningsmodel or s.model
        model_navn = str(vis._meta.verbose_name)
        if s.foer is None or s.efter is None:
            if s.visningsmodel is not None:
                continue  # the parent row comes and goes with the agreement itself
            slags = "tilføjet" if s.foer is None else "fjernet"
            poster[s.noegle] = Objektaendring(slags, model_navn, s.navn_efter or s.navn_foer)
            continue
        felt_kun = kun.get(s.model._meta.label) if kun is not None else None
        forskelle = feltforskelle(s.model, s.foer, s.efter, navngiv, felt_kun)
        if not forskelle:
            continue
        # The agreement's own entry needs no name: the page is about it.
        navn = "" if s.visningsmodel is not None else s.navn_efter
        post = poster.setdefault(s.noegle, Objektaendring("ændret", model_navn, navn))
        if navn and s.navn_foer != navn and not _forklaret(s.navn_foer, forskelle):
            post.tidligere_navn = s.navn_foer
        post.felter.extend(forskelle)
    return sorted(poster.values(), key=lambda p: (rang.get(p.model, 99), p.navn))


def _forklaret(navn: str, forskelle: list[Feltaendring]) -> bool:
    """Whether a changed name is already told by a changed field's old value in it."""
    return any(f.foer != "—" and f.foer in navn for f in forskelle)


def modelrang(navne: Iterable[str]) -> dict[str, int]:
    """Each model's verbose name → its place in the agreement's order."""
    return {str(apps.get_model(n)._meta.verbose_name): i for i, n in enumerate(navne)}


def foraelder_af(model: type[models.Model]) -> list[type[models.Model]]:
    """The concrete parents of a multi-table model (the Aftale under a Delaftale)."""
    konkret = model._meta.concrete_model
    return list(konkret._meta.parents) if konkret is not None else []
