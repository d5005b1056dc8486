"""A rendering step with a time limit: it runs in a forked child that is killed when late.

WeasyPrint cannot be interrupted from inside, and one pathological agreement must not hold
a web worker (nor the approval that freezes it) for half a minute. The child is a fork of
the worker, so it starts in milliseconds with everything already imported and the print
stylesheet already parsed; it only turns a string into bytes and never touches the
database. On time-out it is terminated (SIGTERM), and the caller gets `ForLangTid`.
"""

from __future__ import annotations

import gc
import multiprocessing
import signal
from collections.abc import Callable
from typing import Any


def _start_barn() -> None:
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    # The child's garbage collector leaves what it inherited alone: going through the
    # parent's objects would only find them alive, and copy every page they sit on
    # (copy-on-write) on the way. The child renders one document and is gone.
    gc.freeze()


class ForLangTid(Exception):
    """The document took longer to typeset than the time limit allows."""


def koer(funktion: Callable[[str], bytes], tekst: str, sekunder: float) -> bytes:
    """``funktion(tekst)`` in a child process; `ForLangTid` if it takes over `sekunder`.

    An exception in the child is raised here again, as its own class where that class can
    be built from its message (not every exception survives pickling whole).
    """
    # Leaving terminates the child (SIGTERM). The child resets the signal first: a task
    # worker (``manage.py db_worker``) catches SIGTERM to stop gracefully, and a child that
    # inherited that handler would typeset on when terminated.
    with multiprocessing.get_context("fork").Pool(1, initializer=_start_barn) as pool:
        resultat = pool.apply_async(_i_barnet, (funktion, tekst))
        try:
            udfald, vaerdi = resultat.get(timeout=sekunder)  # type: tuple[str, Any]
        except multiprocessing.TimeoutError:
            raise ForLangTid(
                f"Dokumentet kunne ikke dannes inden for {sekunder:g} sekunder. Det er usædvanligt "
                "stort; forkort de længste tekster, eller del aftalen op, og prøv igen."
            ) from None
    if udfald == "ok":
        assert isinstance(vaerdi, bytes)
        return vaerdi
    klasse: type[BaseException] = vaerdi[0]
    besked: str = vaerdi[1]
    try:
        fejl = klasse(besked)
    except Exception:
        fejl = RuntimeError(f"{klasse.__name__}: {besked}")
    raise fejl


def _i_barnet(funktion: Callable[[str], bytes], tekst: str) -> tuple[str, Any]:
    try:
        return "ok", funktion(tekst)
    except BaseException as fejl:  # WeasyPrint's FatalURLFetchingError is a BaseException
        return "fejl", (type(fejl), str(fejl))
