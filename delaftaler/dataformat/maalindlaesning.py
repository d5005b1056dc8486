"""Import of an agreement's mål: their indicators, baselines, targets and milestones.

The part of AftaleImporter (dataformat/aftaleindlaesning.py) that reads the table of
delmål (in a strategic agreement, overordnede mål). The document is in the current
version (a version 1 file is read through dataformat/opgradering.py first).
"""

from __future__ import annotations

from typing import Any

from delaftaler.dataformat.felter import (
    BASELINE,
    HELTAL,
    MAALTAL,
    MILEPAEL,
    FormatFejl,
    Node,
    boern,
    gem,
    noegler,
)
from delaftaler.models import Aftale, Fodnote, Omraade
from indikatorer.models import BaselineVaerdi, Indikator, Maal
from opfoelgning.models import Maaltal, Milepael

INDIKATOR = ["navn", "datakilde", "datakilde_note", "baselines", "maaltal"]


class MaalImporter:
    """Reads mål with their indicators; the areas of the plan by name are `omraader`."""

    omraader: dict[str, Omraade]

    def maal(
        self, aftale: Aftale, node: Node, noegle: str, fodnoter: dict[int, Fodnote]
    ) -> dict[str, Maal]:
        alle: dict[str, Maal] = {}
        for nr, (s, d) in enumerate(node.liste(noegle)):
            m = Node(d, s, ["navn", "maalsaetning", "indikatorer"])
            maal = Maal(
                aftale=aftale,
                raekkefoelge=nr,
                navn=m.tekst("navn", tom_tilladt=False),
                maalsaetning=m.tekst("maalsaetning"),
            )
            gem(maal, s)
            alle[maal.navn] = maal
            for inr, (si, di) in enumerate(m.liste("indikatorer")):
                self.indikator(maal, inr, Node(di, si, INDIKATOR), fodnoter)
        return alle

    def indikator(self, maal: Maal, nr: int, i: Node, fodnoter: dict[int, Fodnote]) -> Indikator:
        indikator = Indikator(
            maal=maal,
            raekkefoelge=nr,
            navn=i.tekst("navn", tom_tilladt=False),
            datakilde=i.tekst("datakilde"),
            datakilde_note=i.tekst("datakilde_note"),
        )
        gem(indikator, i.sti)
        for b, baseline in boern(
            i, "baselines", BaselineVaerdi, BASELINE, "omraade", "fodnote", indikator=indikator
        ):
            baseline.omraade = self.omraade(b)
            nummer = b.skalar("fodnote", HELTAL)
            if nummer is not None:
                if nummer not in fodnoter:
                    raise FormatFejl(
                        b.under("fodnote"), f"fodnote {nummer} findes ikke i aftalens fodnoter"
                    )
                baseline.fodnote = fodnoter[nummer]
            gem(baseline, b.sti)
        for sm, dm in i.liste("maaltal"):
            self.maaltal(indikator, Node(dm, sm, noegler(MAALTAL, "omraade", "milepaele")))
        return indikator

    def maaltal(self, indikator: Indikator, m: Node) -> Maaltal:
        """A target of the indicator's line, with its milestones (one per year)."""
        maaltal = Maaltal(indikator=indikator)
        m.saet(maaltal, MAALTAL)
        maaltal.omraade = self.omraade(m)
        gem(maaltal, m.sti)
        for sp, dp in m.liste("milepaele"):
            p = Node(dp, sp, noegler(MILEPAEL))
            milepael = Milepael(maaltal=maaltal)
            p.saet(milepael, MILEPAEL)
            gem(milepael, sp)
        return maaltal

    def omraade(self, node: Node) -> Omraade | None:
        """The area a line belongs to, by its name in the plan (null: the whole area)."""
        navn: Any = node.valgfri_tekst("omraade")
        if navn is None:
            return None
        if navn not in self.omraader:
            raise FormatFejl(
                node.under("omraade"), f"området {navn!r} findes ikke i helhedsplanens områder"
            )
        return self.omraader[navn]
