"""The status report as PDF: WeasyPrint, the agreements' print stylesheet, fonts and frame.

The page frame is the agreements' (templates/delaftaler/dokumenter/base.html, extended by
templates/opfoelgning/dokumenter/rapport.html), with the report's few additions in
rapport.css. Typeset in a forked child with the agreements' time limit. The charts are
SVG images in data: addresses: the only addresses besides the stylesheet's own files that
the fetcher lets through, so a report never touches the network either. The PDF is tagged
(PDF/UA-1), so a screen reader gets the headings, the tables and the charts' alt texts.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.template.loader import render_to_string
from weasyprint import CSS, HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

from delaftaler.dokumenter import pdf, tidsgraense
from opfoelgning.dokumenter.visning import visning

BILLEDE = "data:image/svg+xml;base64,"
UDKAST = "Udkast"


class Henter(pdf.LokalHenter):
    """The stylesheet's own files, and the charts embedded as data: addresses."""

    def fetch(self, url: str, headers: dict[str, str] | None = None) -> URLFetcherResponse:
        if url.startswith(BILLEDE):
            return URLFetcher.fetch(self, url, headers)
        return super().fetch(url, headers)


@dataclass(frozen=True)
class Fod:
    """The footer line for the shared page frame: the text as given ("Udkast", "Godkendt …")."""

    tekst: str
    udkast: bool = False  # the frame's own draft line says "sidst ændret"; ours is `tekst`

    def linje(self) -> str:
        return self.tekst


def er_udkast(fod: str) -> bool:
    return not fod or fod.lower().startswith("udkast")


def rapport_side(data: dict[str, Any], fod: str = "") -> str:
    """The print HTML of the report."""
    udkast = er_udkast(fod)
    tekst = fod or UDKAST
    return render_to_string(
        "opfoelgning/dokumenter/rapport.html",
        {
            "plan": data["helhedsplan"],
            "titel": data["titel"],
            "status": Fod(f"{tekst} · ikke godkendt" if udkast else tekst),
            "udkast": udkast,
            "rapport": visning(data),
        },
    )


_css: CSS | None = None


def _stilark() -> list[CSS]:
    global _css
    css, _ = pdf._stilark()
    if _css is None or settings.DEBUG:
        _css = CSS(string=render_to_string("opfoelgning/dokumenter/rapport.css"))
    return [css, _css]


def _typesaet(side: str) -> bytes:
    stilark = _stilark()
    _, fonte = pdf._stilark()
    dokument = HTML(string=side, base_url=pdf.MAPPE.as_uri() + "/", url_fetcher=Henter())
    return dokument.write_pdf(stylesheets=stilark, font_config=fonte, pdf_variant="pdf/ua-1")


def skriv(side: str) -> bytes:
    """Typeset the report's print HTML, within ``settings.PDF_TIDSGRAENSE`` seconds."""
    pdf._forbered()  # the worker warmed up once, as for the agreements (pdf.skriv)
    _stilark()
    return tidsgraense.koer(_typesaet, side, sekunder=settings.PDF_TIDSGRAENSE)


def rapport_pdf(data: dict[str, Any], fod: str = "") -> bytes:
    """The report (`opfoelgning.rapport.rapportdata`, or a frozen report's JSON) as PDF."""
    return skriv(rapport_side(data, fod))
