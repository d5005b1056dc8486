"""The agreement as a revision reads it, fetched in a fixed number of queries.

A revision follows the relations in `historik.FOELG` object by object (django-reversion's
`follow`): given a plain instance it asks the database once per object and relation, and
once more per foreign key its `__str__` names, so a save of a large agreement cost
thousands of queries. The prefetches below are derived from `FOELG` itself (and every
forward foreign key of a followed model), so the revision's walk finds everything fetched
and a save costs the same number of queries for 1 and 30 delmål.
"""

from __future__ import annotations

from django.db import models
from django.db.models import prefetch_related_objects

from delaftaler.historik import FOELG
from delaftaler.models import Aftale, Delaftale, StrategiskAftale


def _stier(model: type[models.Model], forfra: str = "", forbi: str = "") -> list[str]:
    """The prefetch lookups below `model` that a revision's walk reads; `forbi` is the
    foreign key back to the row it was reached from (set by that prefetch already)."""
    ud: list[str] = []
    for navn in FOELG.get(model._meta.label, ()):
        felt = model._meta.get_field(navn)
        relateret = felt.related_model
        if not isinstance(relateret, type):
            continue
        tilbage = felt.field.name if isinstance(felt, models.ForeignObjectRel) else ""
        ud += [f"{forfra}{navn}", *_stier(relateret, f"{forfra}{navn}__", tilbage)]
    ud += [
        f"{forfra}{felt.name}"
        for felt in model._meta.concrete_fields
        if felt.many_to_one and felt.name != forbi
    ]
    return ud


def til_revision(pk: int) -> Delaftale | StrategiskAftale:
    """The agreement as its own kind, with everything a revision of it reads."""
    aftale = Aftale.objects.select_related("delaftale", "strategiskaftale").get(pk=pk)
    konkret = aftale.konkret
    assert isinstance(konkret, Delaftale | StrategiskAftale)
    prefetch_related_objects([konkret], *_stier(type(konkret)))
    return konkret
