"""Rendering nobody waits for: after each save the draft's PDF and Word are made by a worker.

Django's tasks framework through the django-tasks backport (``django_tasks``), with the
database backend of django-tasks-db: ``manage.py db_worker`` runs the queue (``make run``
starts one beside the development server). The task only fills the shared document
cache (``dokumenter.cache``), so a download after a save is a cache hit once the worker
is done, and a download before that waits for the render in progress instead of
starting another. Without a worker nothing is lost: downloads render as before.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Iterable
from typing import Any

import reversion.signals
from django.apps import apps
from django.core.management import call_command
from django.db import transaction
from django.db.models.signals import post_delete, post_migrate, post_save
from django_tasks import task

from aktiviteter.models import CfbuType
from delaftaler import dokumenter
from delaftaler.dokumenter import cache
from delaftaler.dokumenter.tidsgraense import ForLangTid
from delaftaler.models import (
    Aftale,
    Delaftale,
    Fondsperiode,
    Indsatsomraade,
    StrategiskAftale,
)

log = logging.getLogger(__name__)


def _aftale(pk: int) -> Delaftale | StrategiskAftale | None:
    return (
        Delaftale.objects.select_related("helhedsplan", "indsatsomraade").filter(pk=pk).first()
        or StrategiskAftale.objects.select_related("helhedsplan").filter(pk=pk).first()
    )


@task()
def forny_kladde(aftale_id: int) -> list[str]:
    """Put the draft's PDF and Word in the cache, as they are now; returns what it made."""
    aftale = _aftale(aftale_id)
    if aftale is None:  # deleted since
        return []
    lavet = []
    for format in (dokumenter.PDF, dokumenter.DOCX):
        try:
            dokument = dokumenter.aftale_dokument(
                aftale, format, hent_indhold=lambda: dokumenter.med_indhold(aftale)
            )
        except ForLangTid:
            log.warning("Aftale %s: %s kunne ikke dannes inden for tidsgrænsen", aftale_id, format)
            continue
        if not dokument.fra_cache:
            lavet.append(format)
    return lavet


def bestil(aftale_ids: Iterable[int]) -> None:
    """Queue the drafts' renders once the current transaction has committed (robust: a
    queue that fails is logged, never the user's save undone or answered with an error)."""
    for pk in sorted(set(aftale_ids)):
        transaction.on_commit(functools.partial(forny_kladde.enqueue, pk), robust=True)


def efter_revision(sender: Any, revision: Any, versions: Any, **kwargs: Any) -> None:
    """django-reversion's ``post_revision_commit``: every save through the app ends in one
    revision holding its agreement (``historik.gem_revision``)."""
    bestil(
        int(v.object_id)
        for v in versions
        if isinstance(v._model, type) and issubclass(v._model, Aftale)
    )


def opret_cachetabel(sender: Any, using: str = "default", **kwargs: Any) -> None:
    """``post_migrate``: the database cache's table, so ``migrate`` alone sets a server up."""
    call_command("createcachetable", database=using, verbosity=0)


def forbind() -> None:
    """Connect the documents' handlers (from the app's ready()): reference data every
    agreement prints starts a new generation of their keys; each save through the app
    queues its draft's render; ``migrate`` makes the database cache's table."""
    for model in (Indsatsomraade, Fondsperiode, CfbuType):
        for signal in (post_save, post_delete):
            signal.connect(
                cache.ny_referencegeneration, sender=model, dispatch_uid=f"ref_{model.__name__}"
            )
    reversion.signals.post_revision_commit.connect(
        efter_revision, dispatch_uid="dokumenter_efter_revision"
    )
    post_migrate.connect(
        opret_cachetabel,
        sender=apps.get_app_config("delaftaler"),
        dispatch_uid="dokumenter_cachetabel",
    )
