"""The follow-up table: per indicator its lines, each with baseline, target, measurements, status.

Everything for one indicator, one agreement or a whole helhedsplan is fetched in a fixed
number of queries (`hent`), whatever the number of indicators, lines and years; the
grid, the charts, the overview and the status report are all built from these objects.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Prefetch, QuerySet

from delaftaler.models import Aftale
from indikatorer.models import BaselineVaerdi, Indikator, Maal
from opfoelgning.models import Maaling, Maaltal, Vurdering
from opfoelgning.status import Status, Vurderet, beregn

Noegle = tuple[int | None, str, str]


@dataclass
class Linjeopfoelgning:
    """One line of an indicator: what it is, its baseline values, target, measurements."""

    indikator: Indikator
    noegle: Noegle
    navn: str
    baselines: list[BaselineVaerdi] = field(default_factory=list)
    maaltal: Maaltal | None = None
    maalinger: list[Maaling] = field(default_factory=list)

    @property
    def omraade_id(self) -> int | None:
        return self.noegle[0]

    @property
    def delindikator(self) -> str:
        return self.noegle[1]

    @property
    def referencegruppe(self) -> str:
        return self.noegle[2]

    @property
    def baseline(self) -> BaselineVaerdi | None:
        """The baseline the status starts from: the line's latest year with numbers."""
        med_tal = [b for b in self.baselines if not b.afventer and b.har_tal()]
        return max(med_tal, key=lambda b: b.slutaar or 0, default=None)

    @property
    def art(self) -> str:
        """The kind of figure the line is kept in: antal, procent, vaerdi (or "")."""
        kandidater = [*self.baselines, *self.maalinger, *([self.maaltal] if self.maaltal else [])]
        return next((art for t in kandidater if (art := t.hovedtal()[0])), "")

    def maaling(self, aar: int) -> Maaling | None:
        return next((m for m in self.maalinger if m.aar == aar), None)

    def status(self, aar: int) -> Vurderet:
        mt = self.maaltal
        return beregn(
            aar,
            self.maalinger,
            mt,
            self.baseline,
            retning=mt.retning if mt else "",
            maalaar=mt.aar if mt else None,
            milepaele={p.aar: p for p in mt.milepaele.all()} if mt else None,
            sammenligning=bool(self.referencegruppe),
        )


@dataclass
class Indikatoropfoelgning:
    indikator: Indikator
    linjer: list[Linjeopfoelgning]

    def aar(self, til: int | None = None) -> list[int]:
        """The columns: the years from the baseline on, those with measurements, up to `til`."""
        start = [b.aar for linje in self.linjer for b in linje.baselines if b.aar]
        maalt = {m.aar for linje in self.linjer for m in linje.maalinger}
        fra = min([*(s + 1 for s in start), *maalt], default=til)
        slut = max([*maalt, til or 0])
        if fra is None:
            return []
        return list(range(fra, slut + 1))


def _linjer(indikator: Indikator) -> list[Linjeopfoelgning]:
    linjer: dict[Noegle, Linjeopfoelgning] = {}

    def linje(noegle: Noegle, navn: str) -> Linjeopfoelgning:
        if noegle not in linjer:
            linjer[noegle] = Linjeopfoelgning(indikator, noegle, navn)
        return linjer[noegle]

    for b in indikator.baselines.all():
        noegle = (b.omraade_id, b.delindikator, b.referencegruppe)
        linje(noegle, _navn(b)).baselines.append(b)
    if not linjer:
        linje((None, "", ""), "Hele området")
    for mt in indikator.maaltal.all():
        linje(mt.linjenoegle, mt.linjenavn).maaltal = mt
    for m in indikator.maalinger.all():
        linje(m.linjenoegle, m.linjenavn).maalinger.append(m)
    for lin in linjer.values():
        lin.maalinger.sort(key=lambda m: (m.aar, m.aar_til or 0))
    return list(linjer.values())


def _navn(b: BaselineVaerdi) -> str:
    dele = [str(d) for d in (b.referencegruppe, b.omraade, b.delindikator) if d]
    return ": ".join(dele) or "Hele området"


def indikatorer_med_opfoelgning() -> QuerySet[Indikator]:
    return Indikator.objects.prefetch_related(
        Prefetch("baselines", BaselineVaerdi.objects.select_related("omraade")),
        Prefetch(
            "maaltal", Maaltal.objects.select_related("omraade").prefetch_related("milepaele")
        ),
        Prefetch("maalinger", Maaling.objects.select_related("omraade")),
    )


def indikator(indikator: Indikator) -> Indikatoropfoelgning:
    """One indicator already fetched through `indikatorer_med_opfoelgning`."""
    return Indikatoropfoelgning(indikator, _linjer(indikator))


@dataclass
class Maalopfoelgning:
    maal: Maal
    indikatorer: list[Indikatoropfoelgning]
    vurderinger: dict[int, Vurdering]


def maal_for(aftaler: Iterable[Aftale]) -> dict[int, list[Maalopfoelgning]]:
    """Per agreement id its mål with indicators, lines and assessments: 7 queries."""
    ider = [a.pk for a in aftaler]
    maal = (
        Maal.objects.filter(aftale_id__in=ider)
        .prefetch_related(
            Prefetch("indikatorer", indikatorer_med_opfoelgning()),
            "vurderinger",
        )
        .order_by("aftale_id", "raekkefoelge", "id")
    )
    ud: dict[int, list[Maalopfoelgning]] = {i: [] for i in ider}
    for m in maal:
        ud[m.aftale_id].append(
            Maalopfoelgning(
                m,
                [indikator(i) for i in m.indikatorer.all()],
                {v.aar: v for v in m.vurderinger.all()},
            )
        )
    return ud


def optaelling(maal: Iterable[Maalopfoelgning], aar: int) -> dict[Status, int]:
    """How many lines have each status in the year: the board's answer at a glance."""
    tal = dict.fromkeys(Status, 0)
    for m in maal:
        for ind in m.indikatorer:
            for linje in ind.linjer:
                tal[linje.status(aar).status] += 1
    return tal
