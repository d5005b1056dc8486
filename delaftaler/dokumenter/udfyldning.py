"""What an agreement's PDF leaves empty: the sections of LBF's template without content.

The template's headings (DOMAIN.md, "The documents") always print; a draft says "Ikke
udfyldt" under a required one that has nothing yet. An optional part without content
(the heading over the activity schemas when every activity is described in another
delaftale, a sub-section of the strategic agreement without text) is left out.

Reads only what ``med_indhold()`` prefetches: no queries.
"""

from __future__ import annotations

from delaftaler.models import Delaftale, StrategiskAftale


def _tom(*vaerdier: object) -> bool:
    return not any(v.strip() if isinstance(v, str) else v for v in vaerdier)


def _delaftale(a: Delaftale) -> dict[str, bool]:
    aktiviteter = list(a.aktiviteter.all())
    return {
        "stamdata": _tom(a.indsatsnavn),
        "parter": _tom(list(a.parter.all()), a.parter_tekst),
        "maal": _tom(list(a.maal.all())),
        "aktiviteter": _tom(aktiviteter, a.aktiviteter_tekst),
        "ressourcer": _tom(
            list(a.medarbejderressourcer.all()), a.ressourcer_tekst, a.vaegtning_procent is not None
        ),
        "tekster": _tom(a.kommunal_sammenhaeng),
        "revision": _tom(a.revision),
        "aktivitetsskemaer": all(x.beskrevet_i for x in aktiviteter),
    }


def _strategisk(a: StrategiskAftale) -> dict[str, bool]:
    afsnit = list(a.afsnit.all())
    return {
        "omraade": _tom(a.omraadets_navn),
        "parter": _tom(list(a.parter.all())),
        "1": _tom(a.kort_om_omraadet),
        "2": _tom(a.vision_tekst, a.vision, list(a.politiktabeller.all())),
        "3": _tom(
            [x for x in afsnit if x.sektion == 3 and x.tekst.strip()],
            list(a.bestyrelsesmedlemmer.all()),
        ),
        "4": _tom([x for x in afsnit if x.sektion == 4 and x.tekst.strip()]),
        "5": _tom(list(a.maal.all())),
        "6": _tom(list(a.valgte_indsatsomraader.all())),
        "7": _tom(a.lokal_evaluering),
        "8": _tom(a.revision),
    }


def tomme_afsnit(aftale: Delaftale | StrategiskAftale) -> set[str]:
    """The names of the sections (as the templates name them) with nothing to print."""
    afsnit = _delaftale(aftale) if isinstance(aftale, Delaftale) else _strategisk(aftale)
    return {navn for navn, tom in afsnit.items() if tom}
