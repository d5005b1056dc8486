"""Agreements as PDF, typeset by WeasyPrint from the same document templates as the pages.

The print stylesheet, its fonts (Carlito, metric-compatible with the Calibri of LBF's Word
template) and nothing else live in ``static/dokument/``. Rendering reads only from there:
``LokalHenter`` refuses every other address, so a document never touches the network.

Every PDF is tagged (PDF/UA-1): a screen reader gets the headings (also the bookmarks),
the lists and the tables with their header cells, in the order of the page. The draft
mark is a page background, so it is an artifact and not read out on every page.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone
from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import FatalURLFetchingError, URLFetcher, URLFetcherResponse

from delaftaler.dansk import dansk_dato
from delaftaler.dokumenter import tidsgraense
from delaftaler.dokumenter.skabelon import titel
from delaftaler.dokumenter.udfyldning import tomme_afsnit
from delaftaler.models import Aftale, Delaftale, Helhedsplan, StrategiskAftale

MAPPE = Path(settings.BASE_DIR) / "static" / "dokument"
STILARK = MAPPE / "dokument.css"
PDF_VARIANT = "pdf/ua-1"


class LokalHenter(URLFetcher):
    """Fetch only the print stylesheet's own files; any other address stops the rendering."""

    def fetch(self, url: str, headers: dict[str, str] | None = None) -> URLFetcherResponse:
        dele = urlsplit(url)
        if dele.scheme == "data":  # an agreement's image, inlined by the template
            return super().fetch(url, headers)
        if dele.scheme == "file":
            sti = Path(unquote(dele.path)).resolve()
            if sti.is_relative_to(MAPPE) and sti.is_file():
                return super().fetch(url, headers)
        raise FatalURLFetchingError(f"Dokumentet må kun bruge appens egne filer, ikke {url}")


@dataclass(frozen=True)
class Status:
    """What the running footer says: a draft, or an approved version, and since when."""

    tekst: str
    dato: date
    udkast: bool = True

    def linje(self) -> str:
        if self.udkast:
            return f"{self.tekst} · sidst ændret {dansk_dato(self.dato)}"
        return f"{self.tekst} · {dansk_dato(self.dato)}"


def udkast(*aftaler: Aftale) -> Status:
    """The status of the working draft: not approved, dated by its last change."""
    aendret = max((a.aendret for a in aftaler), default=timezone.now())
    return Status("Udkast", timezone.localdate(aendret))


_HENVISNING = re.compile(r'<sup class="fodnote-ref">(\d+)</sup>')
_NOTE = re.compile(r'<li class="fodnote" data-nummer="(\d+)">(.*?)</li>', re.S)


def _som_fodnoter(html: str) -> str:
    """Make each footnote a real footnote at its first reference (``float: footnote``).

    Works on markup the templates produced (user text is escaped, so it cannot contain
    these tags). Footnotes nobody refers to stay in the list at the document's end.
    """
    tekster = {nummer: tekst for nummer, tekst in _NOTE.findall(html)}
    placeret: set[str] = set()

    def placer(match: re.Match[str]) -> str:
        nummer = match[1]
        if nummer in placeret or nummer not in tekster:
            return match[0]
        placeret.add(nummer)
        return f'<span class="fodnote" data-nummer="{nummer}">{tekster[nummer]}</span>'

    html = _HENVISNING.sub(placer, html)
    html = _NOTE.sub(lambda m: "" if m[1] in placeret else m[0], html)
    return re.sub(r'<section class="fodnoter">\s*<ol>\s*</ol>\s*</section>', "", html)


def dokument_html(aftale: Delaftale | StrategiskAftale, udkast: bool = True) -> str:
    """One agreement's body as print HTML (without page frame).

    Sections of the template without content are left out or, if required, say "Ikke
    udfyldt" in a draft (`udfyldning`).
    """
    skabelon = (
        "delaftaler/_delaftale_dokument.html"
        if isinstance(aftale, Delaftale)
        else "delaftaler/_strategisk_dokument.html"
    )
    kontekst = {
        "aftale": aftale,
        "plan": aftale.helhedsplan,
        "pdf": True,
        "udkast": udkast,
        "tomt": tomme_afsnit(aftale),
    }
    html: str = render_to_string(skabelon, kontekst)
    # The page's anchors (for its "Redigér" links) would repeat in a combined document.
    html = re.sub(r' id="(?!aftale-)[^"]*"', "", html)
    return _som_fodnoter(html)


_css: CSS | None = None
_fonte: FontConfiguration | None = None
_opvarmet: FontConfiguration | None = None
# Held while the stylesheet is parsed and the process warms up, so that two threads (the
# development server's) do not both warm up, nor one fork while the other is inside Pango.
_laas = threading.Lock()


def _stilark() -> tuple[CSS, FontConfiguration]:
    """The print stylesheet, parsed once per process (it is the same for every document).

    DEBUG reads the stylesheet anew for every document, so an edit shows without a
    restart, but keeps the fonts: a forked child that let go of the font configuration it
    inherited would delete the parent's font files with it (``FontConfiguration.__del__``).
    """
    global _css, _fonte
    if _fonte is None:
        _fonte = FontConfiguration()
    if _css is None or settings.DEBUG:
        _css = CSS(filename=str(STILARK), url_fetcher=LokalHenter(), font_config=_fonte)
    return _css, _fonte


def _forbered() -> None:
    """The stylesheet parsed and, once per process, ``opvarmning.html`` typeset here.

    Every real render runs in a child forked from here (``skriv``) that leaves nothing
    behind, so what WeasyPrint, Pango and HarfBuzz prepare on first use (each font matched
    and loaded at each size, their caches, cffi's parsed C types, the hyphenation
    dictionary) would be prepared anew in every child. Prepared here, each child inherits it.
    """
    global _opvarmet
    with _laas:
        css, fonte = _stilark()
        if _opvarmet is not fonte:
            _weasyprint(opvarmning_side(), css, fonte)
            _opvarmet = fonte


def opvarmning_side() -> str:
    """The print HTML of the warm-up (``_forbered``), in the frame of every PDF, as a draft."""
    status = Status("Udkast", date(2000, 1, 1))
    return render_to_string(
        "delaftaler/dokumenter/opvarmning.html",
        {"plan": {"navn": "Opvarmning"}, "titel": "Opvarmning", "status": status},
    )


def skriv(side: str) -> bytes:
    """Typeset a whole print page (``aftale_side`` or ``helhedsplan_side``) as PDF.

    At most ``settings.PDF_TIDSGRAENSE`` seconds (tidsgraense.ForLangTid after that).
    """
    _forbered()  # here, once per worker, so that every child inherits it
    return tidsgraense.koer(_typesaet, side, sekunder=settings.PDF_TIDSGRAENSE)


def _typesaet(side: str) -> bytes:
    css, fonte = _stilark()
    return _weasyprint(side, css, fonte)


def _weasyprint(side: str, css: CSS, fonte: FontConfiguration) -> bytes:
    dokument = HTML(string=side, base_url=MAPPE.as_uri() + "/", url_fetcher=LokalHenter())
    # Tagged PDF/UA-1: structure tree, /Lang and /Title from the frame, bookmarks from h1–h4.
    return dokument.write_pdf(stylesheets=[css], font_config=fonte, pdf_variant=PDF_VARIANT)


def aftale_side(aftale: Delaftale | StrategiskAftale, status: Status | None = None) -> str:
    """The print HTML of one agreement (fetched with ``med_indhold()``)."""
    status = status or udkast(aftale)
    return render_to_string(
        "delaftaler/dokumenter/aftale.html",
        {
            "plan": aftale.helhedsplan,
            "titel": titel(aftale),
            "status": status,
            "dokumenter": [{"aftale": aftale, "html": dokument_html(aftale, status.udkast)}],
        },
    )


def aftale_pdf(aftale: Delaftale | StrategiskAftale, status: Status | None = None) -> bytes:
    """One agreement, fetched with ``med_indhold()``, as a PDF in LBF's template."""
    return skriv(aftale_side(aftale, status))


def helhedsplan_side(
    plan: Helhedsplan,
    strategiske: list[StrategiskAftale],
    delaftaler: list[Delaftale],
    status: Status | None = None,
    versioner: dict[int, str] | None = None,
) -> str:
    """The print HTML of the strategic agreement(s) with the delaftaler as annexes.

    Each contents entry carries the agreement's period (two delaftaler of one
    indsatsområde differ by it) and, from `versioner` (by the agreement's pk), which
    approved version it is.
    """
    status = status or udkast(*strategiske, *delaftaler)

    def del_(aftale: Delaftale | StrategiskAftale, bilag: int | None) -> dict[str, object]:
        return {
            "aftale": aftale,
            "html": dokument_html(aftale, status.udkast),
            "titel": titel(aftale),
            "bilag": bilag,
            "periode": aarstal(aftale),
            "version": (versioner or {}).get(aftale.pk, ""),
        }

    dokumenter = [del_(a, None) for a in strategiske]
    dokumenter += [del_(d, nummer) for nummer, d in enumerate(delaftaler, start=1)]
    return render_to_string(
        "delaftaler/dokumenter/helhedsplan.html",
        {
            "plan": plan,
            "titel": f"Boligsocial helhedsplan: {plan.navn}",
            "status": status,
            "dokumenter": dokumenter,
        },
    )


def aarstal(aftale: Aftale) -> str:
    """The agreement's period in years, as the contents list gives it: "2021–2025"."""
    fra, til = aftale.gaelder_fra, aftale.gaelder_til
    if fra and til:
        return f"{fra.year}–{til.year}" if fra.year != til.year else str(fra.year)
    return str(fra.year) if fra else ""


def aftalens_titel(aftale: Aftale) -> str:
    konkret = aftale.konkret
    assert isinstance(konkret, Delaftale | StrategiskAftale)
    return titel(konkret)
