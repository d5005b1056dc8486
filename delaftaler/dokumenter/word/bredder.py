"""Column widths that fit the words in them, measured with the document's own font.

A narrow column ("Baseline år") must be at least as wide as its longest word, or Word and
LibreOffice break the word anywhere ("Baseli ne år"). Each column gets that minimum (its
widest word in Carlito, metric-compatible with Calibri, plus the cell's padding; words
longer than ``MAKS_ORD_CM`` are left to hyphenation), and the text columns give up what the
narrow ones need, in proportion to what they have beyond their own minimum.
"""

from __future__ import annotations

import functools
import logging
import re
from collections.abc import Iterable, Sequence
from pathlib import Path

from django.conf import settings
from fontTools.ttLib import TTFont

FONTE = Path(settings.BASE_DIR) / "static" / "dokument" / "fonts"
MAKS_ORD_CM = 2.5  # about 15 letters: a longer compound (or address) is hyphenated
LUFT = 1.04  # Word's and LibreOffice's own rounding of glyph widths, and some air
_ORD = re.compile(r"[^\s\-–]+[-–]?")  # Word breaks at spaces and after a hyphen or dash


@functools.cache
def _metrik(fed: bool) -> tuple[dict[int, int], int]:
    """The advance width of every character of Carlito (regular or bold) in font units."""
    # Carlito's header dates it 0; fontTools would log that on every process start.
    logging.getLogger("fontTools.ttLib.tables._h_e_a_d").setLevel(logging.ERROR)
    font = TTFont(FONTE / ("Carlito-Bold.ttf" if fed else "Carlito-Regular.ttf"), lazy=True)
    maal = font["hmtx"]
    bredder = {kode: maal[navn][0] for kode, navn in font.getBestCmap().items()}
    return bredder, font["head"].unitsPerEm


def tekstbredde_cm(tekst: str, *, fed: bool, punkt: float) -> float:
    bredder, em = _metrik(fed)
    enheder = sum(bredder.get(ord(tegn), em // 2) for tegn in tekst)
    return enheder / em * punkt * 2.54 / 72


def laengste_ord_cm(tekster: Iterable[tuple[str, bool]], *, punkt: float) -> float:
    """The widest word (up to MAKS_ORD_CM) of the (text, bold) pieces."""
    bredest = 0.0
    for tekst, fed in tekster:
        for ord_ in _ORD.findall(tekst):
            bredest = max(bredest, tekstbredde_cm(ord_, fed=fed, punkt=punkt) * LUFT)
    return min(bredest, MAKS_ORD_CM)


def fordel(forslag: Sequence[float], minimum: Sequence[float]) -> list[float]:
    """The proposed widths, each at least its minimum, the total kept.

    What the columns below their minimum need is taken from the others in proportion to
    their surplus over their own minimum. Where the minimums do not all fit, the largest
    are cut to one common level (`_loft`): the narrow columns of short words ("Baseline
    år") keep theirs, and the long words of the text columns are hyphenated.
    """
    i_alt = sum(forslag)
    minimum = _loft(minimum, i_alt)
    bredder = [max(f, m) for f, m in zip(forslag, minimum, strict=True)]
    mangel = sum(bredder) - i_alt
    overskud = [b - m for b, m in zip(bredder, minimum, strict=True)]
    andel = mangel / sum(overskud) if mangel > 0 and sum(overskud) > 0 else 0.0
    return [b - o * andel for b, o in zip(bredder, overskud, strict=True)]


def _loft(minimum: Sequence[float], i_alt: float) -> list[float]:
    """The minimums with the largest cut to the level at which they sum to ``i_alt``."""
    if sum(minimum) <= i_alt:
        return list(minimum)
    rest, tilbage = i_alt, len(minimum)
    for m in sorted(minimum):
        if m * tilbage > rest:  # this one and all larger ones are cut to the level
            return [min(x, rest / tilbage) for x in minimum]
        rest, tilbage = rest - m, tilbage - 1
    return list(minimum)  # not reached: their sum exceeds i_alt
