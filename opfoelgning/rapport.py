"""The yearly status report's content: "Status på delmål og indikatorer <år>", as data.

`rapportdata(plan, aar)` is the whole report as a JSON-serialisable dict in the format
"lbf-status" version 2 (schema: fixtures/lbf-status.schema.json): the strategic
agreement's overordnede mål and each delaftale's delmål whose period overlaps the year,
each with the leader's assessment, its indicators, and per indicator line the baseline,
the measurements per year, the target and the status. The PDF, the Word file and the page
are all built from this dict, and an approval freezes it; `rapport_json` is its canonical
text, whose SHA-256 tells whether the report changed after it was sent.

The content holds no timestamps, so the same targets, measurements and assessments give
the same JSON (and checksum) whenever it is computed. Fetched in a fixed number of queries
(`tabel.maal_for`), whatever the number of agreements, indicators, lines and years.
"""

from __future__ import annotations

import datetime
import json
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from delaftaler.models import Aftale, Delaftale, Helhedsplan, StrategiskAftale
from indikatorer.models import BaselineVaerdi
from indikatorer.vaerdiform import Tal
from opfoelgning import tabel
from opfoelgning.models import Maaling, Vurdering
from opfoelgning.status import Status

FORMAT = "lbf-status"
VERSION = 2  # 2 added the status "sammenligning" (status.py, rule 0)


def titel(aar: int) -> str:
    return f"Status på delmål og indikatorer {aar}"


def _tal(d: Decimal | None) -> float | int | None:
    if d is None:
        return None
    return int(d) if d == d.to_integral_value() else float(d)


def _tal_data(t: Tal | None) -> dict[str, float | int | None] | None:
    if t is None or not t.har_tal():
        return None
    return {art: _tal(t.tal_som(art)) for art in ("antal", "procent", "vaerdi")}


def _overlapper(aftaler: Iterable[Aftale], aar: int) -> list[Any]:
    start, slut = datetime.date(aar, 1, 1), datetime.date(aar, 12, 31)
    return [a for a in aftaler if a.gaelder_fra <= slut and a.gaelder_til >= start]


def _baseline(linje: tabel.Linjeopfoelgning) -> dict[str, Any] | None:
    if not linje.baselines:
        return None
    b: BaselineVaerdi | None = linje.baseline

    def tekst(v: BaselineVaerdi) -> str:
        return f"{v.tal_tekst} {v.kommentar}".strip()

    return {
        "tekst": "; ".join(dict.fromkeys(tekst(v) for v in linje.baselines)),
        "periode": b.periode_kort if b else "",
        "aar": b.slutaar if b else None,
        "tal": _tal_data(b),
    }


def _maaling(m: Maaling) -> dict[str, Any]:
    return {
        "kolonne": m.aar,
        "periode": m.periode_kort,
        "aar": m.slutaar,
        "tekst": m.tekst,
        "afventer": m.afventer,
        "tal": None if m.afventer else _tal_data(m),
        "kilde": m.kilde,
        "dato": m.dato.isoformat() if m.dato else None,
        "note": m.note,
    }


def _maal(linje: tabel.Linjeopfoelgning) -> dict[str, Any] | None:
    mt = linje.maaltal
    if mt is None:
        return None
    return {
        "tekst": mt.tekst,
        "retning": mt.retning,
        "aar": mt.aar,
        "tal": _tal_data(mt),
        "milepaele": [
            {"aar": p.aar, "tekst": p.figur_tekst, "tal": _tal_data(p)} for p in mt.milepaele.all()
        ],
        "note": mt.note,
    }


def _linje(linje: tabel.Linjeopfoelgning, aar: int) -> dict[str, Any]:
    vurderet = linje.status(aar)
    return {
        "navn": linje.navn,
        "baseline": _baseline(linje),
        "maalinger": [_maaling(m) for m in linje.maalinger if m.aar <= aar],
        "maal": _maal(linje),
        "status": {
            "kode": str(vurderet.status.value),
            "navn": vurderet.navn,
            "forklaring": vurderet.forklaring,
        },
    }


def _indikator(ind: tabel.Indikatoropfoelgning, aar: int) -> dict[str, Any]:
    i = ind.indikator
    enhed = next(
        (t.enhed for lin in ind.linjer for t in [*lin.baselines, *lin.maalinger] if t.enhed), ""
    )
    return {
        "navn": i.navn,
        "datakilde": i.datakilde,
        "datakilde_note": i.datakilde_note,
        "enhed": enhed,
        "aar": [a for a in ind.aar(aar) if a <= aar],
        "linjer": [_linje(lin, aar) for lin in ind.linjer],
    }


def _vurdering(v: Vurdering | None) -> dict[str, Any] | None:
    if v is None:
        return None
    return {"lys": v.lys, "navn": v.get_lys_display(), "tekst": v.tekst}


def _maal_data(m: tabel.Maalopfoelgning, aar: int) -> dict[str, Any]:
    return {
        "navn": m.maal.navn,
        "maalsaetning": m.maal.maalsaetning,
        "vurdering": _vurdering(m.vurderinger.get(aar)),
        "indikatorer": [_indikator(i, aar) for i in m.indikatorer],
    }


def optaelling_data(tal: dict[Status, int]) -> list[dict[str, Any]]:
    return [{"kode": str(s.value), "navn": str(s.label), "antal": tal[s]} for s in Status]


def _aftale(
    aftale: Delaftale | StrategiskAftale, maal: list[tabel.Maalopfoelgning], aar: int
) -> dict[str, Any]:
    omraade = aftale.indsatsomraade.navn if isinstance(aftale, Delaftale) else None
    return {
        "art": "delaftale" if omraade else "strategisk",
        "titel": omraade or "Overordnede mål (strategisk samarbejdsaftale)",
        "indsatsomraade": omraade,
        "periode": aftale.periode,
        "gaelder_fra": aftale.gaelder_fra.isoformat(),
        "gaelder_til": aftale.gaelder_til.isoformat(),
        "optaelling": optaelling_data(tabel.optaelling(maal, aar)),
        "maal": [_maal_data(m, aar) for m in maal],
    }


def rapportdata(helhedsplan: Helhedsplan, aar: int) -> dict[str, Any]:
    """The report on `aar` for the plan, as data ("lbf-status" version 2); 9 queries."""
    strategiske = _overlapper(
        StrategiskAftale.objects.filter(helhedsplan=helhedsplan).order_by("gaelder_fra", "id"),
        aar,
    )
    delaftaler = _overlapper(
        Delaftale.objects.filter(helhedsplan=helhedsplan)
        .select_related("indsatsomraade")
        .order_by("indsatsomraade__raekkefoelge", "gaelder_fra", "id"),
        aar,
    )
    aftaler: list[Delaftale | StrategiskAftale] = [*strategiske, *delaftaler]
    maal = tabel.maal_for(aftaler)
    alle = [m for a in aftaler for m in maal[a.pk]]
    return {
        "format": FORMAT,
        "version": VERSION,
        "titel": titel(aar),
        "helhedsplan": {
            "slug": helhedsplan.slug,
            "navn": helhedsplan.navn,
            "periode": helhedsplan.periode,
        },
        "aar": aar,
        "optaelling": optaelling_data(tabel.optaelling(alle, aar)),
        "aftaler": [_aftale(a, maal[a.pk], aar) for a in aftaler],
    }


def rapport_json(data: dict[str, Any]) -> str:
    """The canonical text of the report: its SHA-256 is the report's checksum."""
    return json.dumps(data, sort_keys=True, ensure_ascii=False, indent=2) + "\n"
