"""What moves an agreement's edit counter besides the app's own save (``gem_aendring``).

An agreement's documents and its frozen JSON also show its helhedsplan: the plan's own
fields, its areas and the organisations named anywhere in it. Changing one of those
changes what the board will approve, so it counts as an edit of every agreement of the
plan (one UPDATE, ``F() + 1``), and the editors' conflict check and the board's check
of the submission both see it. Admin edits of an agreement or any of its rows count the
same way (``TaelOpAdmin``). The app's own edit pages save an agreement's rows inside
``gem_aendring``, which counts once per save; so there are no signals per row.

What is caught here is for the editors; the board's approval does not rely on it: it
compares the checksum of the agreement as submitted with the agreement as it is
(``versioner.godkend``), which sees every change, by any path.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.contrib import admin
from django.db import models
from django.db.models import F, Q
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete
from django.forms import BaseFormSet, ModelForm
from django.http import HttpRequest

from delaftaler.models import Aftale, Helhedsplan, Omraade, Organisation


def tael_op(aftaler: models.QuerySet[Aftale]) -> None:
    """Count the agreements' edit numbers up by one, in one query."""
    aftaler.update(redigeringsnummer=F("redigeringsnummer") + 1)


def _planer_med(org: Organisation) -> models.QuerySet[Helhedsplan]:
    """The helhedsplaner whose documents name the organisation."""
    return Helhedsplan.objects.filter(
        Q(kommune=org)
        | Q(boligorganisationer=org)
        | Q(omraader__organisation=org)
        | Q(aftaler__parter__organisation=org)
        | Q(aftaler__strategiskaftale__bestyrelsesmedlemmer__organisation=org)
    )


def _omraade_aendret(sender: Any, instance: Omraade, raw: bool = False, **kwargs: Any) -> None:
    if not raw:
        tael_op(Aftale.objects.filter(helhedsplan_id=instance.helhedsplan_id))


def _plan_gemt(
    sender: Any, instance: Helhedsplan, created: bool, raw: bool = False, **kwargs: Any
) -> None:
    if not (raw or created):  # a new plan has no agreements yet
        tael_op(Aftale.objects.filter(helhedsplan=instance))


def _organisation_gemt(
    sender: Any, instance: Organisation, created: bool, raw: bool = False, **kwargs: Any
) -> None:
    if not (raw or created):  # nothing names a new organisation yet
        tael_op(Aftale.objects.filter(helhedsplan__in=_planer_med(instance)))


def _organisation_slettes(sender: Any, instance: Organisation, **kwargs: Any) -> None:
    # Before the delete: its links to helhedsplaner go with it (no m2m signal for those).
    tael_op(Aftale.objects.filter(helhedsplan__in=_planer_med(instance)))


def _boligorganisationer(
    sender: Any,
    instance: Helhedsplan | Organisation,
    action: str,
    reverse: bool,
    pk_set: set[int] | None,
    **kwargs: Any,
) -> None:
    if action not in ("pre_add", "pre_remove", "pre_clear"):
        return
    if not reverse:
        tael_op(Aftale.objects.filter(helhedsplan_id=instance.pk))
    elif pk_set is not None:
        tael_op(Aftale.objects.filter(helhedsplan_id__in=pk_set))
    else:  # organisation.helhedsplaner.clear(): every plan it is linked to now
        tael_op(Aftale.objects.filter(helhedsplan__boligorganisationer=instance.pk))


def forbind() -> None:
    """Connect the handlers (from the app's ready())."""
    for signal in (post_save, post_delete):
        signal.connect(_omraade_aendret, sender=Omraade, dispatch_uid=f"omraade_{signal!r}")
    post_save.connect(_plan_gemt, sender=Helhedsplan, dispatch_uid="plan_gemt")
    post_save.connect(_organisation_gemt, sender=Organisation, dispatch_uid="org_gemt")
    pre_delete.connect(_organisation_slettes, sender=Organisation, dispatch_uid="org_slettes")
    m2m_changed.connect(
        _boligorganisationer,
        sender=Helhedsplan.boligorganisationer.through,
        dispatch_uid="plan_boligorganisationer",
    )


class TaelOpAdmin(admin.ModelAdmin):
    """An admin whose saves and deletes count as edits of the agreement the rows belong to.

    ``aftale_sti`` is the lookup from the model to its agreement ("pk" for the agreement
    itself). Inline rows belong to the agreement of the object the page edits.
    """

    aftale_sti = "aftale"

    def _aftaler(self, objekter: models.QuerySet[Any]) -> set[int]:
        return {pk for pk in objekter.values_list(self.aftale_sti, flat=True) if pk is not None}

    def _tael_op(self, ider: Iterable[int]) -> None:
        if ider:
            tael_op(Aftale.objects.filter(pk__in=list(ider)))

    def _eget(self, obj: models.Model) -> models.QuerySet[Any]:
        return type(obj)._default_manager.filter(pk=obj.pk)

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        # A row moved to another agreement changes that one too: note where it was (on the
        # object, not on this admin, which all requests share).
        obj._aftaler_foer = self._aftaler(self._eget(obj)) if change else set()
        super().save_model(request, obj, form, change)

    def save_related(
        self,
        request: HttpRequest,
        form: ModelForm[Any],
        formsets: list[BaseFormSet[Any]],
        change: bool,
    ) -> None:
        super().save_related(request, form, formsets, change)
        foer: set[int] = getattr(form.instance, "_aftaler_foer", set())
        self._tael_op(foer | self._aftaler(self._eget(form.instance)))

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        ider = self._aftaler(self._eget(obj))
        super().delete_model(request, obj)
        self._tael_op(ider)

    def delete_queryset(self, request: HttpRequest, queryset: models.QuerySet[Any]) -> None:
        ider = self._aftaler(queryset)
        super().delete_queryset(request, queryset)
        self._tael_op(ider)
