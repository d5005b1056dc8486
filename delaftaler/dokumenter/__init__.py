"""Every printable form of an agreement (PDF, Word), named, typed and cached.

An agreement's document is keyed by what changes it, never by rendering it: the
agreement's edit counter (``redigeringsnummer``, counted up by every save of it or its
rows, and by edits of its helhedsplan's own fields, areas and organisations, see
``delaftaler.signaler``), the status its footer prints (a draft dated by its last change,
or an approved version with its number and date), the format, the generation of the
reference data it prints (``cache.referencer``) and the code, templates and stylesheet
that turn it into a file (``kodeversion``). So a cached download costs a few queries on
the agreement's own row, whatever its size, and never builds the print HTML.

The cache is shared by every worker and app server (``dokumenter.cache``); a document not
yet cached is rendered once however many ask for it at once, and in the background after
each save (``dokumenter.baggrund``).
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from django.conf import settings
from django.utils import timezone

from delaftaler.dokumenter import cache, pdf
from delaftaler.models import Aftale, Delaftale, Helhedsplan, StrategiskAftale

PDF = "pdf"
DOCX = "docx"
FORMATER = {
    PDF: "application/pdf",
    DOCX: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


def _kodefiler() -> list[Path]:
    """What turns an agreement into a file, besides its data: a deploy that changes any of
    it renders anew. The PDF and Word code, the fixed text and text conventions, the print
    stylesheet, every template (the print pages include the page fragments), the template
    tags and Danish formatting, and the models' own printing (``periode``, ``__str__``)."""
    mappe = Path(__file__).parent
    rod = Path(settings.BASE_DIR)
    return [
        *(mappe / navn for navn in ("pdf.py", "skabelon.py", "tekst.py")),
        *sorted((mappe / "word").rglob("*.py")),
        pdf.STILARK,
        *sorted((rod / "templates").rglob("*.html")),
        *sorted((rod / "delaftaler" / "templatetags").glob("*.py")),
        *sorted((rod / "delaftaler" / "models").glob("*.py")),
        rod / "delaftaler" / "dansk.py",
        rod / "indikatorer" / "models.py",
        rod / "indikatorer" / "vaerdiform.py",
        rod / "aktiviteter" / "models.py",
    ]


@functools.cache
def kodeversion() -> str:
    """A hash of the code, templates and stylesheet that make the documents."""
    rod = Path(settings.BASE_DIR)
    h = hashlib.sha256()
    for fil in _kodefiler():
        if not fil.is_file():
            continue
        # The name before the bytes: code moved from one module to the next changes it too.
        navn = fil.relative_to(rod) if fil.is_relative_to(rod) else fil.name
        h.update(f"{navn}\0".encode())
        h.update(fil.read_bytes())
    return h.hexdigest()[:16]


@dataclass(frozen=True)
class Dokument:
    indhold: bytes
    filnavn: str
    format: str
    noegle: str
    fra_cache: bool = False

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


def hoved(plan: Helhedsplan, pk: int) -> Delaftale | StrategiskAftale | None:
    """The plan's agreement with only what its key and file name need (one or two queries)."""
    return (
        Delaftale.objects.select_related("helhedsplan", "indsatsomraade")
        .filter(helhedsplan=plan, pk=pk)
        .first()
        or StrategiskAftale.objects.select_related("helhedsplan")
        .filter(helhedsplan=plan, pk=pk)
        .first()
    )


def med_indhold(aftale: Delaftale | StrategiskAftale) -> Delaftale | StrategiskAftale:
    """The agreement again, with everything its documents show (``med_indhold()``)."""
    if isinstance(aftale, Delaftale):
        return Delaftale.objects.med_indhold().get(pk=aftale.pk)
    return StrategiskAftale.objects.med_indhold().get(pk=aftale.pk)


def aftale_noegle(aftale: Aftale, format: str, status: pdf.Status) -> str:
    """The cache key of the agreement's document in this state: see the module's docstring."""
    dele = (
        kodeversion(),
        cache.referencer(),
        format,
        type(aftale).__name__,
        str(aftale.pk),
        str(aftale.redigeringsnummer),
        status.tekst,
        status.dato.isoformat(),
        str(status.udkast),
    )
    return hashlib.sha256("\0".join(dele).encode()).hexdigest()


def _render(aftale: Delaftale | StrategiskAftale, format: str, status: pdf.Status) -> bytes:
    if format == PDF:
        return pdf.skriv(pdf.aftale_side(aftale, status))
    from delaftaler.dokumenter import word

    if isinstance(aftale, Delaftale):
        return word.delaftale_docx(aftale, status=status.linje())
    return word.strategisk_docx(aftale, status=status.linje())


def aftale_dokument(
    aftale: Delaftale | StrategiskAftale,
    format: str,
    status: pdf.Status | None = None,
    *,
    hent_indhold: Callable[[], Delaftale | StrategiskAftale] | None = None,
) -> Dokument:
    """The agreement as a file, rendered at most once per state.

    `aftale` is fetched with ``med_indhold()``, or is only its row (``hoved``) when
    `hent_indhold` fetches the rest: that is called only if the file must be rendered.
    """
    if format not in FORMATER:
        raise ValueError(f"Ukendt format: {format}")

    def status_for(a: Delaftale | StrategiskAftale) -> pdf.Status:
        return status or pdf.udkast(a)

    noegle = aftale_noegle(aftale, format, status_for(aftale))

    def lav() -> tuple[bytes, bool]:
        fuld = hent_indhold() if hent_indhold else aftale
        indhold = _render(fuld, format, status_for(fuld))
        # Stored only as the state the key names: not if the agreement was saved after the
        # key was made, nor while its rows were read (its counter moves in the same
        # transaction as its rows, so an unchanged counter after the reads means they
        # all saw one state).
        naa = Aftale.objects.filter(pk=fuld.pk).values_list("redigeringsnummer", flat=True)
        gem = aftale_noegle(fuld, format, status_for(fuld)) == noegle and (
            naa.first() == fuld.redigeringsnummer
        )
        return indhold, gem

    indhold, fra_cache = cache.hent(noegle, lav)
    return Dokument(indhold, filnavn(aftale, format), format, noegle, fra_cache)


def helhedsplanens_aftaler(
    plan: Helhedsplan,
) -> tuple[list[StrategiskAftale], list[Delaftale]]:
    strategiske = StrategiskAftale.objects.med_indhold().filter(helhedsplan=plan)
    delaftaler = Delaftale.objects.med_indhold().filter(helhedsplan=plan)
    return (
        list(strategiske.order_by("gaelder_fra", "id")),
        list(delaftaler.order_by("indsatsomraade__raekkefoelge", "gaelder_fra", "id")),
    )


def plan_noegle(plan: Helhedsplan, art: str, *dele: str) -> str:
    """A whole-plan PDF's key: the code, the reference data, the plan's own row and `dele`
    (what else its `art` of document is made of), never its print HTML."""
    plandele = (plan.slug, plan.navn, str(plan.gaelder_fra), str(plan.gaelder_til))
    alle = (kodeversion(), cache.referencer(), art, str(plan.pk), *plandele, *dele)
    return hashlib.sha256("\0".join(alle).encode()).hexdigest()


def _kladdernes_tilstand(plan: Helhedsplan) -> list[tuple[int, int, datetime]]:
    """Each of the plan's agreements with its edit counter and last change (one query)."""
    aftaler = Aftale.objects.filter(helhedsplan=plan).order_by("pk")
    return list(aftaler.values_list("pk", "redigeringsnummer", "aendret"))


def helhedsplan_dokument(plan: Helhedsplan) -> Dokument:
    """The drafts: the strategic agreement with its delaftaler as annexes, one PDF marked
    UDKAST (the approved versions: ``versioner.helhedsplan.godkendt_dokument``).

    Keyed like a single agreement's document: by its agreements' edit counters (which an
    edit of the plan's own fields, areas or organisations counts up too), the plan's row,
    the date the cover prints, the reference data and the code; so a cached download
    costs one query on the agreements' rows, whatever the plan's size.
    """
    tilstand = _kladdernes_tilstand(plan)
    aendret = max((a for _, _, a in tilstand), default=timezone.now())
    status = pdf.Status("Udkast", timezone.localdate(aendret))
    kladder = ",".join(f"{pk}:{nummer}" for pk, nummer, _ in tilstand)
    noegle = plan_noegle(plan, "helhedsplan-udkast", status.dato.isoformat(), kladder)

    def lav() -> tuple[bytes, bool]:
        side = pdf.helhedsplan_side(plan, *helhedsplanens_aftaler(plan), status)
        # Stored only as the state the key names (see ``aftale_dokument``).
        return pdf.skriv(side), _kladdernes_tilstand(plan) == tilstand

    indhold, fra_cache = cache.hent(noegle, lav)
    navn = f"helhedsplan-{plan.slug}-udkast.pdf"
    return Dokument(indhold, navn, PDF, noegle, fra_cache)
