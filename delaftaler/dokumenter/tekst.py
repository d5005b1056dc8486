"""The conventions of user text (fixtures/FORMAT.md), shared by the pages and the Word file.

User text is plain text; the only structure read from it is blank-line paragraphs, "- "
bullets, "1. " / "a) " numbered items and [^N] footnote markers.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

PUNKT = re.compile(r"^[-•]\s+")
NUMMER = re.compile(r"^(\d+\.|[a-z]\))\s+")
FODNOTE = re.compile(r"\[\^(\d+)\]")


def stykker(blok: str) -> Iterator[tuple[str, list[str]]]:
    """A block's lines grouped as the filter groups them: runs of text lines, list items."""
    tekst: list[str] = []
    for linje in blok.split("\n"):
        if not linje.strip():
            continue
        if PUNKT.match(linje) or NUMMER.match(linje):
            if tekst:
                yield "tekst", tekst
                tekst = []
            if PUNKT.match(linje):
                yield "punkt", [PUNKT.sub("", linje).strip()]
            else:
                yield "nummer", [linje.strip()]
        else:
            tekst.append(linje.strip())
    if tekst:
        yield "tekst", tekst
