"""The shared document cache: one entry per document state, and one render per state.

The cache is Django's "dokumenter" cache (config/settings.py): the database cache by
default, Redis when ``REDIS_URL`` is set, so every worker of every app server sees what
any of them rendered. Its entries are keyed by content (``dokumenter.aftale_noegle``),
so sharing them is safe and nothing ever needs invalidating.

Many requests for one state that is not cached yet wait for one render: the first takes
a lock key (``cache.add``, atomic in every backend Django ships: a unique key in the
database cache, ``SET NX`` in Redis), the others poll for the result while the lock is
held. A lock outlives a crashed renderer by at most ``LAAS_SEKUNDER``.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.cache import BaseCache, caches

# How often a waiting request looks for the render it waits for.
INTERVAL = 0.05
REFERENCER = "dokumenter:referencer"


def cache() -> BaseCache:
    return caches["dokumenter"]


def laas_sekunder() -> float:
    """How long a render may hold its lock: the PDF time limit and some margin."""
    return float(settings.PDF_TIDSGRAENSE) * 2 + 30


def referencer() -> str:
    """The generation of the reference data every agreement prints (indsatsområder,
    fund periods, CFBU types): changed in the admin, it changes every document's key.

    A random token, not a counter: a cache that lost it (evicted, flushed) starts a new
    generation, never an old one whose documents may still be stored.
    """
    c = cache()
    token = c.get(REFERENCER)
    if token is None:
        c.add(REFERENCER, uuid.uuid4().hex, timeout=None)
        token = c.get(REFERENCER)
    return str(token)


def ny_referencegeneration(*args: Any, **kwargs: Any) -> None:
    """Start a new generation of the reference data (a signal handler, so any arguments)."""
    cache().set(REFERENCER, uuid.uuid4().hex, timeout=None)


def find(noegle: str) -> bytes | None:
    indhold = cache().get(noegle)
    return indhold if isinstance(indhold, bytes) else None


def _vent(noegle: str, laas: str) -> tuple[bytes | None, bool]:
    """Take the lock, or wait for whoever holds it: (what they rendered, whether we hold it).

    Gives up waiting after ``laas_sekunder()`` and renders without the lock, so a request
    is never held longer than one render would take it anyway.
    """
    c = cache()
    frist = time.monotonic() + laas_sekunder()
    while not c.add(laas, 1, timeout=int(laas_sekunder())):
        fundet = find(noegle)
        if fundet is not None:
            return fundet, False
        if time.monotonic() > frist:
            return None, False
        time.sleep(INTERVAL)
    # Someone may have finished between our first look and taking the lock.
    return find(noegle), True


def hent(noegle: str, lav: Callable[[], tuple[bytes, bool]]) -> tuple[bytes, bool]:
    """The document stored under `noegle`, made by `lav` if nobody has: (bytes, was cached).

    `lav` returns the file and whether it may be stored under `noegle` (not if the
    agreement changed while it was read).
    """
    fundet = find(noegle)
    if fundet is not None:
        return fundet, True
    laas = f"{noegle}:laas"
    fundet, eget = _vent(noegle, laas)
    try:
        if fundet is not None:
            return fundet, True
        indhold, gem = lav()
        if gem:
            cache().set(noegle, indhold, timeout=None)
        return indhold, False
    finally:
        if eget:
            cache().delete(laas)
