"""Queries built once: the start page's queries nest a dozen subqueries, and Django takes
longer to build and compile them (around 10 ms) than the database takes to run them for a
user of 200 plans. Their SQL is the same at every request but for a few values, so each is
built once per process and database backend with markers in those values' places, and each
request runs the SQL with its own values put in.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import DateTimeField, QuerySet

# Values no request has: the user's id, a state code and a time that stand in for the
# request's own while the query is built.
BRUGER = -7_340_001
STATUS = "\x00status"
TID = datetime.datetime(1901, 2, 3, 4, 5, 6, 789012, tzinfo=datetime.UTC)

_SQL: dict[tuple[str, str], tuple[str, tuple[Any, ...]]] = {}


def sql(
    navn: str, byg: Callable[[], QuerySet[Any]], vaerdier: dict[Any, Any]
) -> tuple[str, list[Any]]:
    """The SQL of `byg()`, built the first time `navn` is asked for on this database with
    the markers of `vaerdier` as its values, and its parameters with the request's values
    (`vaerdier`: marker -> value) in the markers' places."""
    forbindelse = connections[DEFAULT_DB_ALIAS]
    erstat = {_db(m, forbindelse): _db(v, forbindelse) for m, v in vaerdier.items()}
    noegle = (navn, forbindelse.vendor)
    if noegle not in _SQL:
        tekst, parametre = byg().query.sql_with_params()
        if mangler := [m for m in erstat if m not in parametre]:
            raise ValueError(f"{navn}: forespørgslen bruger ikke markørerne {mangler}")
        _SQL[noegle] = tekst, parametre
    tekst, parametre = _SQL[noegle]
    return tekst, [erstat.get(p, p) if _markoer_mulig(p) else p for p in parametre]


def _db(vaerdi: Any, forbindelse: Any) -> Any:
    """A time in the database's form (SQLite's is text), as the compiled parameters hold it."""
    if isinstance(vaerdi, datetime.datetime):
        return DateTimeField().get_db_prep_value(vaerdi, forbindelse)
    return vaerdi


def _markoer_mulig(vaerdi: Any) -> bool:
    # A bool is an int equal to 0 or 1: never taken for a marker (nor a list for a key).
    return isinstance(vaerdi, (str, int, datetime.datetime)) and not isinstance(vaerdi, bool)
