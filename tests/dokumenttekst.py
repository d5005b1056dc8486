"""What a printed agreement must contain, generated from the database (not hand-copied).

Used by the PDF and the Word tests: every party, delmål, indicator, baseline figure with
its sub-area, activity, staff line and footnote, as (what, text) pairs.
"""

import re

from delaftaler.models import Delaftale, StrategiskAftale

_UDEN = re.compile(r"[\s\-\u00ad\u2010\u2011]+")


def normaliseret(tekst: str) -> str:
    """Text without whitespace and hyphens: line breaks and hyphenation do not matter."""
    return _UDEN.sub("", tekst.replace("\ufb01", "fi").replace("\ufb02", "fl"))


def _maal(aftale: Delaftale | StrategiskAftale) -> list[tuple[str, str]]:
    ud: list[tuple[str, str]] = []
    for maal in aftale.maal.all():
        ud.append(("delmål", maal.navn))
        if maal.maalsaetning:
            ud.append(("målsætning", maal.maalsaetning))
        for indikator in maal.indikatorer.all():
            ud.append(("indikator", indikator.navn))
            if indikator.datakilde:
                ud.append(("datakilde", indikator.datakilde))
            for b in indikator.baselines.all():
                ud.append(("baseline", b.linje))
                if b.referencegruppe:
                    ud.append(("referencegruppe", b.referencegruppe))
    return ud


def forventet(aftale: Delaftale | StrategiskAftale) -> list[tuple[str, str]]:
    ud = [("part", p.visningsnavn) for p in aftale.parter.all()]
    ud += _maal(aftale)
    ud += [("fodnote", f.tekst) for f in aftale.fodnoter.all()]
    if isinstance(aftale, Delaftale):
        ud.append(("indsatsnavn", aftale.indsatsnavn))
        ud += [("aktivitet", a.navn) for a in aftale.aktiviteter.all()]
        for r in aftale.medarbejderressourcer.all():
            ud += [("ressource", r.funktion), ("andel", r.andel_tekst)]
            if r.omregnet_tekst:
                ud.append(("omregnet", r.omregnet_tekst))
    else:
        ud.append(("område", aftale.omraadets_navn))
        ud += [("bestyrelse", str(m)) for m in aftale.bestyrelsesmedlemmer.all()]
        ud += [
            ("indsatsområde", str(v.indsatsomraade)) for v in aftale.valgte_indsatsomraader.all()
        ]
        ud += [("afsnit", a.overskrift) for a in aftale.afsnit.all() if a.overskrift]
        for tabel in aftale.politiktabeller.all():
            ud.append(("politiktabel", tabel.titel))
            ud += [("politik", r.titel) for r in tabel.raekker.all() if r.titel]
    return [(hvad, tekst) for hvad, tekst in ud if tekst]


def mangler(aftale: Delaftale | StrategiskAftale, dokumenttekst: str) -> list[tuple[str, str]]:
    """The expected items the document's text does not contain."""
    hele = normaliseret(dokumenttekst)
    return [(hvad, tekst) for hvad, tekst in forventet(aftale) if normaliseret(tekst) not in hele]
