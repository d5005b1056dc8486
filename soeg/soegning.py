"""The search: each kind of row in the user's plans, one query per kind whatever the plans.

On PostgreSQL the rows are found by full-text search in the Danish configuration
(websearch syntax: "to ord", "-ikke", ord or ord) and ranked; words typed in part
("Kølv", "bjerggård") are found by substring as well, so a name the stemmer does not
know is still found. SQLite has only the substring search (case-insensitive for ASCII).
Only the plans the user is a member of are searched, and Landsbyggefonden, which never
reads a draft, only the agreements' names the start page shows it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db import connection, models
from django.db.models import Case, F, Q, When
from django.utils.safestring import SafeString

from delaftaler.models import Helhedsplan, Medlemskab
from soeg.arter import AFTALE_NAVNE, ARTER, Art, aftalenavn, vaerdi
from soeg.fremhaevning import marker, moenster, soegeord, uddrag, udeladte

MAKS_TEGN = 200
GRAENSE = 50  # rows per kind; the page says when there are more


@dataclass
class Fund:
    titel: SafeString
    uddrag: SafeString
    url: str
    aftale: str  # the agreement it belongs to ("" for an area)


@dataclass
class Gruppe:
    plan: Helhedsplan
    fund: list[Fund] = field(default_factory=list)


@dataclass
class Sektion:
    art: Art
    grupper: list[Gruppe]
    antal: int
    flere: bool  # more than GRAENSE found: only the first are shown


@dataclass
class Resultat:
    sektioner: list[Sektion]
    kun_navne: bool  # the user is Landsbyggefonden in some plan: only names searched there

    @property
    def antal(self) -> int:
        return sum(s.antal for s in self.sektioner)


def soeg(bruger: Any, q: str) -> Resultat:
    """Everything in the user's plans that matches q, by kind and plan.

    One query for the memberships and one per kind; an LBF-only user has one kind.
    """
    medlemskaber = list(
        Medlemskab.objects.filter(bruger_id=bruger.pk).select_related("helhedsplan")
    )
    roller = {m.helhedsplan_id: m.rolle for m in medlemskaber}
    planer = {m.helhedsplan_id: m.helhedsplan for m in medlemskaber}
    kladde = [pk for pk, r in roller.items() if r != Medlemskab.Rolle.LBF]
    lbf = [pk for pk, r in roller.items() if r == Medlemskab.Rolle.LBF]
    ord_ = soegeord(q)
    m = moenster(ord_)
    sektioner = []
    for art in ARTER:
        if not ord_ or not (kladde or (lbf and not art.kun_kladde)):
            continue
        raekker = list(_soegning(art, q, ord_, kladde, [] if art.kun_kladde else lbf))
        if raekker:
            sektioner.append(_sektion(art, raekker, roller, planer, m))
    return Resultat(sektioner, kun_navne=bool(lbf))


def _soegning(
    art: Art, q: str, ord_: list[str], kladde: list[int], lbf: list[int]
) -> models.QuerySet[Any]:
    """The kind's rows: all its texts in the draft readers' plans, the names in LBF's."""
    qs = art.model._default_manager.select_related(*art.relationer())
    uden = udeladte(q)
    i_tekst, i_navn = _delord(art.felter, ord_, uden), _delord(AFTALE_NAVNE, ord_, uden)
    postgres = connection.vendor == "postgresql"
    if postgres:
        fts = SearchQuery(q, config="danish", search_type="websearch")
        qs = qs.alias(vektor=SearchVector(*art.felter, config="danish"))
        i_tekst |= Q(vektor=fts)
        if lbf:
            qs = qs.alias(navnevektor=SearchVector(*AFTALE_NAVNE, config="danish"))
            i_navn |= Q(navnevektor=fts)
    betingelse = Q(**{f"{art.plan}__in": kladde}) & i_tekst
    if lbf:
        betingelse |= Q(**{f"{art.plan}__in": lbf}) & i_navn
    qs = qs.filter(betingelse)
    if postgres:
        rang: Any = SearchRank(F("vektor"), fts)
        if lbf:  # LBF's order must not tell what the draft's texts hold
            navnerang = SearchRank(F("navnevektor"), fts)
            rang = Case(When(**{f"{art.plan}__in": lbf}, then=navnerang), default=rang)
        qs = qs.annotate(rang=rang).order_by("-rang", "pk")
    return qs[: GRAENSE + 1]


def _delord(felter: tuple[str, ...], ord_: list[str], uden: list[str]) -> Q:
    """Every word somewhere in the fields, as a substring (partial words are found too),
    and none of the left-out words ("-ord") anywhere."""
    betingelse = Q()
    for o in ord_:
        et_felt = Q()
        for f in felter:
            et_felt |= Q(**{f"{f}__icontains": o})
        betingelse &= et_felt
    for o in uden:
        for f in felter:
            betingelse &= ~Q(**{f"{f}__icontains": o})
    return betingelse


def _sektion(
    art: Art,
    raekker: list[Any],
    roller: dict[int, str],
    planer: dict[int, Helhedsplan],
    m: re.Pattern[str] | None,
) -> Sektion:
    grupper: dict[int, Gruppe] = {}
    for objekt in raekker[:GRAENSE]:
        plan_id = vaerdi(objekt, art.plan)
        rolle = roller[plan_id]
        felter = AFTALE_NAVNE if rolle == Medlemskab.Rolle.LBF else art.felter
        titel = art.titel(objekt)
        tekster = [str(t) for f in felter if (t := vaerdi(objekt, f)) and str(t) not in titel]
        aftale = art.aftale_af(objekt)
        fund = Fund(
            titel=marker(titel, m),
            uddrag=_uddrag(titel, tekster, m),
            url=art.url(objekt, rolle),
            aftale=aftalenavn(aftale) if aftale is not None and aftale is not objekt else "",
        )
        grupper.setdefault(plan_id, Gruppe(planer[plan_id])).fund.append(fund)
    orden = list(planer)
    return Sektion(
        art,
        sorted(grupper.values(), key=lambda g: orden.index(g.plan.pk)),
        antal=min(len(raekker), GRAENSE),
        flere=len(raekker) > GRAENSE,
    )


def _uddrag(titel: str, tekster: list[str], m: re.Pattern[str] | None) -> SafeString:
    """The passage that shows why the row was found; none when the title shows it."""
    if m and m.search(titel) and not any(m.search(t) for t in tekster):
        return SafeString("")
    return uddrag(tekster, m)
