"""Template filters for agreement text: Danish numbers and dates, and plain text as HTML.

User text is plain text (fixtures/FORMAT.md): it is escaped first, so markup typed into a
field is shown literally; only our own conventions become structure: blank-line
paragraphs, "- " bullets, "1. " / "a) " numbered items and [^N] footnote markers.
"""

import re
from collections.abc import Iterable
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pyphen
from django import template
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe

from delaftaler.dansk import dansk_dato, dansk_periode, dansk_tal
from delaftaler.dokumenter.tekst import FODNOTE, NUMMER, PUNKT

register = template.Library()


@register.filter
def tal(vaerdi: Decimal | int | None) -> str:
    return dansk_tal(vaerdi)


@register.filter
def dato(vaerdi: date | None) -> str:
    return dansk_dato(vaerdi)


@register.simple_tag
def periode(fra: date | None, til: date | None) -> str:
    return dansk_periode(fra, til)


# Chromium in Debian (and other browsers without a Danish dictionary) ignore `hyphens: auto`
# for lang="da" and cut a long word in a narrow cell without a hyphen ("Fraflytningsprocen" |
# "ten"). Soft hyphens at pyphen's points (the dictionary WeasyPrint uses for the PDF) let the
# browser break such a word with a hyphen; screen readers and find-in-page ignore them.
_LANGT_ORD = re.compile(r"[^\W\d_]{12,}")
_ORDDELING = pyphen.Pyphen(lang="da_DK", left=5, right=4)  # no "Fraf-" or "-ne"


@register.filter
def orddeling(tekst: Any, pdf: bool = False) -> str:
    """Soft hyphens in the long words of a table cell's text on the page (not in the PDF,
    which hyphenates by itself)."""
    tekst = "" if tekst is None else str(tekst)
    if pdf:
        return tekst
    return _LANGT_ORD.sub(_del, tekst)


def _del(fundet: re.Match[str]) -> str:
    ord_ = fundet[0]
    if any(tegn.isupper() for tegn in ord_[1:]):  # a name such as "RandersBolig" stays whole
        return ord_
    return _ORDDELING.inserted(ord_, hyphen="\u00ad")


@register.filter
def periode_uden_brud(objekt: Any) -> str:
    """An agreement's or a plan's period, each date on one line: "31/8-" never stands alone
    at a line's end; the line may break at the dash between the dates."""
    fra, til = objekt.gaelder_fra, objekt.gaelder_til
    if not fra and not til:
        return ""
    return format_html(
        '<span class="dato">{}</span> – <span class="dato">{}</span>',
        dansk_dato(fra),
        dansk_dato(til),
    )


def _fodnoter(html: str) -> str:
    return FODNOTE.sub(r'<sup class="fodnote-ref">\1</sup>', html)


HENVISNING = re.compile(r'<sup class="fodnote-ref">(\d+)</sup>')


class FodnotetjekNode(template.Node):
    """A document whose footnote markers are checked against the agreement's footnotes.

    A marker without its footnote would print a superscript that leads nowhere: it is
    printed as typed ("[^3]"), and on the leader's screen with a visible warning.
    """

    def __init__(self, nodelist: template.NodeList, aftale: template.base.FilterExpression):
        self.nodelist = nodelist
        self.aftale = aftale

    def render(self, context: template.Context) -> str:
        html = self.nodelist.render(context)
        aftale = self.aftale.resolve(context)
        numre = {str(f.nummer) for f in aftale.fodnoter.all()} if aftale else set()
        advar = bool(context.get("kan_redigere")) and not context.get("pdf")

        def erstat(match: re.Match[str]) -> str:
            if match[1] in numre:
                return match[0]
            typet = f"[^{match[1]}]"
            if not advar:
                return typet
            return (
                f'<mark class="fodnote-mangler">{typet}'
                f'<span class="small"> (fodnote {match[1]} findes ikke)</span></mark>'
            )

        return mark_safe(HENVISNING.sub(erstat, html))  # noqa: S308 - rendered by the template


@register.tag
def fodnotetjek(parser: template.base.Parser, token: template.base.Token) -> FodnotetjekNode:
    """{% fodnotetjek aftale %} … {% endfodnotetjek %}"""
    try:
        _, aftale = token.split_contents()
    except ValueError:
        raise template.TemplateSyntaxError("fodnotetjek tager aftalen som argument") from None
    nodelist = parser.parse(("endfodnotetjek",))
    parser.delete_first_token()
    return FodnotetjekNode(nodelist, parser.compile_filter(aftale))


def _afsnit(blok: str) -> str:
    linjer = [linje for linje in blok.split("\n") if linje.strip()]
    ud: list[str] = []
    liste: list[str] = []
    listetype = ""

    def luk() -> None:
        nonlocal liste, listetype
        if liste:
            ud.append(
                f"<{listetype}>" + "".join(f"<li>{p}</li>" for p in liste) + f"</{listetype}>"
            )
        liste, listetype = [], ""

    tekst: list[str] = []

    def luk_tekst() -> None:
        nonlocal tekst
        if tekst:
            ud.append("<p>" + "<br>".join(tekst) + "</p>")
        tekst = []

    for linje in linjer:
        if PUNKT.match(linje):
            luk_tekst()
            if listetype != "ul":
                luk()
                listetype = "ul"
            liste.append(escape(PUNKT.sub("", linje)))
        elif NUMMER.match(linje):
            luk_tekst()
            if listetype != "ol-tekst":
                luk()
                listetype = "ol-tekst"
            liste.append(escape(linje))
        else:
            luk()
            tekst.append(escape(linje))
    luk()
    luk_tekst()
    return (
        "".join(ud).replace("<ol-tekst>", '<ul class="nummereret">').replace("</ol-tekst>", "</ul>")
    )


@register.filter
def broedtekst(tekst: str | None) -> SafeString:
    """Plain text as paragraphs and lists, with every character of the user's text escaped."""
    if not tekst:
        return mark_safe("")
    blokke = re.split(r"\n\s*\n", tekst.strip())
    return mark_safe(_fodnoter("".join(_afsnit(b) for b in blokke)))  # noqa: S308 - escaped above


@register.filter
def nummer_i(objekt: object, samling: Iterable[object]) -> int | str:
    """Position (from 1) of an object in an already fetched collection: "Mål 3"."""
    for nr, element in enumerate(samling, start=1):
        if element == objekt:
            return nr
    return ""


@register.simple_tag
def skabelon(navn: str) -> object:
    """A fixed text of LBF's template (delaftaler/dokumenter/skabelon.py), shared with the Word export."""
    from delaftaler.dokumenter import skabelon as tekster

    return getattr(tekster, navn)


def _linjer(tekst: str, bredde: int) -> int:
    return max(1, -(-len(tekst) // bredde))


@register.filter
def samles(maal: object, linjer: int = 45) -> bool:
    """Whether a delmål's rows are short enough to keep on one page in the PDF.

    WeasyPrint drops the repeated table header on pages where a kept-together group of
    rows is taller than the page, so only groups that surely fit are kept together. The
    estimate counts wrapped lines per column from the already fetched indicators.
    """
    i_alt = 0
    for indikator in maal.indikatorer.all():  # type: ignore[attr-defined]
        kolonner: dict[str, int] = {"boligomraade": 0, "anden": 0}
        for b in indikator.baselines.all():
            kolonner[b.slags] = kolonner.get(b.slags, 0) + _linjer(b.linje, 24) + 1
        i_alt += max(
            _linjer(indikator.navn, 20),
            _linjer(indikator.datakilde or "", 18),
            *kolonner.values(),
        )
    return i_alt <= linjer


@register.filter
def varighed(tid: timedelta | None) -> str:
    """A duration in Danish words: "1 time", "2 timer", "30 minutter"."""
    if not tid:
        return ""
    minutter = round(tid.total_seconds() / 60)
    if minutter % 60:
        return f"{minutter} minut" if minutter == 1 else f"{minutter} minutter"
    timer = minutter // 60
    return "1 time" if timer == 1 else f"{timer} timer"
