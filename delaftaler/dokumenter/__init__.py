"""Every printable form of an agreement (PDF, Word), named, typed and cached by content.

An agreement is rendered once per content: the cache key is a hash of its print HTML
(every printed character, the status line included) and of the code and stylesheet that
turn it into a file. Any edit changes the HTML and so the key; a deploy that changes the
layout changes the key too. The cache is Django's "dokumenter" cache (files on disk by
default, see config/settings.py), shared by all worker processes.
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from django.core.cache import caches

from delaftaler.dokumenter import pdf
from delaftaler.models import Delaftale, Helhedsplan, StrategiskAftale

PDF = "pdf"
DOCX = "docx"
FORMATER = {
    PDF: "application/pdf",
    DOCX: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


@functools.cache
def kodeversion() -> str:
    """A hash of what turns the print HTML into files: a deploy that changes it re-renders.

    That is the PDF and Word code (every module of the word package), the fixed text and
    text conventions they print by, and the print stylesheet.
    """
    mappe = Path(__file__).parent
    filer = [
        *(mappe / navn for navn in ("pdf.py", "skabelon.py", "tekst.py")),
        *sorted((mappe / "word").rglob("*.py")),
        pdf.STILARK,
    ]
    h = hashlib.sha256()
    for fil in filer:
        # The name before the bytes: code moved from one module to the next changes it too.
        h.update(f"{fil.name}\0".encode())
        h.update(fil.read_bytes())
    return h.hexdigest()[:16]


@dataclass(frozen=True)
class Dokument:
    indhold: bytes
    filnavn: str
    format: str
    noegle: str

    @property
    def content_type(self) -> str:
        return FORMATER[self.format]


def filnavn(aftale: Delaftale | StrategiskAftale, format: str, version: int | None = None) -> str:
    """The file's name: the agreement's kind, plan, indsatsområde, start, and version if any."""
    plan = aftale.helhedsplan.slug
    fra = aftale.gaelder_fra.isoformat()
    if isinstance(aftale, Delaftale):
        stamme = f"delaftale-{plan}-{aftale.indsatsomraade.slug}-{fra}"
    else:
        stamme = f"strategisk-samarbejdsaftale-{plan}-{fra}"
    if version is not None:
        stamme += f"-version-{version}"
    return f"{stamme}.{format}"


def _noegle(format: str, side: str) -> str:
    return hashlib.sha256(f"{kodeversion()}\0{format}\0{side}".encode()).hexdigest()


def _hent(noegle: str, lav: Callable[[], bytes]) -> bytes:
    cache = caches["dokumenter"]
    indhold = cache.get(noegle)
    if indhold is None:
        indhold = lav()
        cache.set(noegle, indhold, timeout=None)
    assert isinstance(indhold, bytes)
    return indhold


def aftale_dokument(
    aftale: Delaftale | StrategiskAftale, format: str, status: pdf.Status | None = None
) -> Dokument:
    """The agreement (fetched with ``med_indhold()``) as a file, rendered at most once."""
    if format not in FORMATER:
        raise ValueError(f"Ukendt format: {format}")
    status = status or pdf.udkast(aftale)
    side = pdf.aftale_side(aftale, status)

    def lav() -> bytes:
        if format == PDF:
            return pdf.skriv(side)
        from delaftaler.dokumenter import word

        if isinstance(aftale, Delaftale):
            return word.delaftale_docx(aftale, status=status.linje())
        return word.strategisk_docx(aftale, status=status.linje())

    noegle = _noegle(format, side)
    return Dokument(_hent(noegle, lav), filnavn(aftale, format), format, noegle)


def helhedsplanens_aftaler(
    plan: Helhedsplan,
) -> tuple[list[StrategiskAftale], list[Delaftale]]:
    strategiske = StrategiskAftale.objects.med_indhold().filter(helhedsplan=plan)
    delaftaler = Delaftale.objects.med_indhold().filter(helhedsplan=plan)
    return (
        list(strategiske.order_by("gaelder_fra", "id")),
        list(delaftaler.order_by("indsatsomraade__raekkefoelge", "gaelder_fra", "id")),
    )


def helhedsplan_dokument(plan: Helhedsplan) -> Dokument:
    """The strategic agreement with its delaftaler as annexes, one PDF."""
    side = pdf.helhedsplan_side(plan, *helhedsplanens_aftaler(plan))
    noegle = _noegle("helhedsplan", side)
    return Dokument(
        _hent(noegle, lambda: pdf.skriv(side)), f"helhedsplan-{plan.slug}.pdf", PDF, noegle
    )
