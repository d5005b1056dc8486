"""Charts of an indicator: per line its baseline, the measured values by year and the target.

Drawn on the server by matplotlib (Agg/SVG backend, no browser, no network) in the
documents' font, Carlito, which the PDF and the page both load. Text stays `<text>`: a PDF
reader finds it, and outlined glyphs cost two thirds of a report's render in WeasyPrint.
Deterministic (fixed hash salt, no date): a frozen report renders to the same bytes.

The SVG is also safe to put inline in a page under the strict CSP: matplotlib's `style`
attributes and its `<style>` element become SVG presentation attributes, and every id is
prefixed per chart so that two charts on one page never share one.

Drawn from plain data, the indicator part of the report's JSON (`opfoelgning.rapport`):
`graf_svg` builds it from the follow-up table; a frozen report's JSON is drawn by `tegn_svg`.
"""

from __future__ import annotations

import base64
import hashlib
import html
import io
import re
from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

import matplotlib

matplotlib.use("Agg")

from django.conf import settings  # noqa: E402
from matplotlib import font_manager  # noqa: E402
from matplotlib.axes import Axes  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from matplotlib.lines import Line2D  # noqa: E402
from matplotlib.ticker import FuncFormatter, MaxNLocator  # noqa: E402

from delaftaler.dansk import dansk_tal  # noqa: E402
from indikatorer.vaerdiform import Tal  # noqa: E402
from opfoelgning import tabel  # noqa: E402

SKRIFT = Path(settings.BASE_DIR) / "static" / "dokument" / "fonts" / "Carlito-Regular.ttf"
font_manager.fontManager.addfont(str(SKRIFT))
matplotlib.rcParams.update(
    {
        "svg.fonttype": "none",
        "svg.hashsalt": "lbf-status",
        "font.family": "Carlito",
        "font.size": 9,
        "axes.spines.top": False,
        "axes.spines.right": False,
        "axes.edgecolor": "#555555",
        "axes.labelcolor": "#222222",
        "xtick.color": "#333333",
        "ytick.color": "#333333",
        "path.simplify": False,
    }
)

# Okabe & Ito's colour-blind-safe palette (yellow last: weak on white); each with a marker.
FARVER = ("#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#000000", "#C9B400")
MARKOERER = ("o", "s", "^", "D", "v", "P", "X", "*")
MAKS_LINJER = len(FARVER)
ARTER = ("procent", "vaerdi", "antal")
BREDDE_TOMMER = 6.4


# --- Plain data from the follow-up table ---------------------------------------------------


def tal_data(t: Tal | None) -> dict[str, float | int | None] | None:
    """The numbers of a figure as JSON numbers; None when it has none."""
    if t is None or not t.har_tal():
        return None
    return {art: tal_json(t.tal_som(art)) for art in ("antal", "procent", "vaerdi")}


def tal_json(d: Decimal | None) -> float | int | None:
    if d is None:
        return None
    return int(d) if d == d.to_integral_value() else float(d)


def indikator_data(ind: tabel.Indikatoropfoelgning, aar: int) -> dict[str, Any]:
    """What a chart needs of an indicator, in the status report's JSON shape."""
    linjer = []
    for linje in ind.linjer:
        b = linje.baseline
        mt = linje.maaltal
        linjer.append(
            {
                "navn": linje.navn,
                "baseline": {
                    "aar": b.slutaar,
                    "periode": b.periode_kort,
                    "tekst": "; ".join(
                        dict.fromkeys(
                            f"{v.tal_tekst} {v.kommentar}".strip() for v in linje.baselines
                        )
                    ),
                    "tal": tal_data(b),
                }
                if b
                else None,
                "maalinger": [
                    {
                        "aar": m.slutaar,
                        "periode": m.periode_kort,
                        "tekst": m.tekst,
                        "tal": tal_data(m),
                    }
                    for m in linje.maalinger
                    if not m.afventer and m.aar <= aar
                ],
                "maal": {
                    "retning": mt.retning,
                    "aar": mt.aar,
                    "tekst": mt.tekst,
                    "tal": tal_data(mt),
                    "milepaele": [{"aar": p.aar, "tal": tal_data(p)} for p in mt.milepaele.all()],
                }
                if mt
                else None,
            }
        )
    return {"navn": ind.indikator.navn, "enhed": _enhed(ind), "linjer": linjer}


def _enhed(ind: tabel.Indikatoropfoelgning) -> str:
    for linje in ind.linjer:
        for t in [*linje.baselines, *linje.maalinger]:
            if t.enhed:
                return t.enhed
    return ""


# --- Which figure, which lines ---------------------------------------------------------------


def _tal(punkt: dict[str, Any] | None, art: str) -> float | None:
    tal = (punkt or {}).get("tal") or {}
    v = tal.get(art)
    return float(v) if v is not None else None


def _art(data: dict[str, Any]) -> str:
    """The kind of figure most of the indicator's points have (procent before værdi, antal)."""
    antal = dict.fromkeys(ARTER, 0)
    for linje in data["linjer"]:
        for punkt in [linje["baseline"], *linje["maalinger"]]:
            for art in ARTER:
                if _tal(punkt, art) is not None:
                    antal[art] += 1
    bedst = max(ARTER, key=lambda a: (antal[a], -ARTER.index(a)))
    return bedst if antal[bedst] else ""


def _punkter(linje: dict[str, Any], art: str) -> list[tuple[int, float]]:
    punkter = []
    for punkt in [linje["baseline"], *linje["maalinger"]]:
        v = _tal(punkt, art)
        if punkt and v is not None and punkt.get("aar"):
            punkter.append((int(punkt["aar"]), v))
    return sorted(punkter)


def _maalpunkter(linje: dict[str, Any], art: str) -> tuple[list[tuple[int, float]], float | None]:
    """The milestones and the target as (year, value), and the target value itself."""
    maal = linje.get("maal")
    if not maal:
        return [], None
    punkter = [(int(p["aar"]), v) for p in maal["milepaele"] if (v := _tal(p, art)) is not None]
    vaerdi = _tal(maal, art)
    if vaerdi is not None and maal.get("aar"):
        punkter.append((int(maal["aar"]), vaerdi))
    return sorted(punkter), vaerdi


def _linjer(data: dict[str, Any], art: str) -> list[dict[str, Any]]:
    """The lines to draw: those with a measurement or a target, at most MAKS_LINJER (the
    table beside the chart has them all). None when no line has either: a baseline alone
    shows no development, and the table states it."""
    fulgt = [
        lin
        for lin in data["linjer"]
        if any(_tal(m, art) is not None for m in lin["maalinger"])
        or _maalpunkter(lin, art)[1] is not None
    ]
    return fulgt[:MAKS_LINJER]


# --- Drawing ---------------------------------------------------------------------------------


def _formater(art: str) -> FuncFormatter:
    def fmt(v: float, _pos: int) -> str:
        tekst = dansk_tal(Decimal(str(round(v, 3))))
        return f"{tekst} %" if art == "procent" else tekst

    return FuncFormatter(fmt)


def _tegn_linje(ax: Axes, i: int, linje: dict[str, Any], art: str, x_max: int) -> None:
    farve, markoer = FARVER[i], MARKOERER[i]
    punkter = _punkter(linje, art)
    if punkter:
        xs, ys = zip(*punkter, strict=True)
        ax.plot(xs, ys, color=farve, marker=markoer, markersize=5, linewidth=1.6, zorder=3)
    maalpunkter, vaerdi = _maalpunkter(linje, art)
    if maalpunkter:
        start = punkter[-1:] if punkter else []
        xs, ys = zip(*(start + maalpunkter), strict=True)
        ax.plot(xs, ys, color=farve, linestyle=(0, (4, 2.5)), linewidth=1.2, zorder=2)
        mx, my = zip(*maalpunkter, strict=True)
        ax.plot(
            mx, my, linestyle="none", marker=markoer, markersize=6,
            markerfacecolor="white", markeredgecolor=farve, markeredgewidth=1.4, zorder=4,
        )  # fmt: skip
    elif vaerdi is not None:
        fra = punkter[0][0] if punkter else x_max
        ax.plot([fra, x_max], [vaerdi, vaerdi], color=farve, linestyle=(0, (4, 2.5)), lw=1.2)


def _forklaring(fig: Figure, linjer: Sequence[dict[str, Any]], kolonner: int) -> None:
    """The legend beneath the plot: one entry per line, then what solid and dashed mean."""
    haandtag = [
        Line2D([], [], color=FARVER[i], marker=MARKOERER[i], markersize=5, linewidth=1.6)
        for i in range(len(linjer))
    ]
    haandtag += [
        Line2D([], [], color="#444444", marker="o", markersize=4, linewidth=1.4),
        Line2D([], [], color="#444444", linestyle=(0, (4, 2.5)), marker="o", markersize=5,
               markerfacecolor="white", linewidth=1.2),
    ]  # fmt: skip
    fig.legend(
        haandtag, _navne(linjer), loc="lower left", bbox_to_anchor=(0.01, 0.02), ncol=kolonner,
        frameon=False, fontsize=8, handlelength=2.6, columnspacing=1.4,
    )  # fmt: skip


def _navne(linjer: Sequence[dict[str, Any]]) -> list[str]:
    return [*(_kort(lin["navn"]) for lin in linjer), "Baseline og målt", "Mål"]


def _kort(navn: str, maks: int = 42) -> str:
    return navn if len(navn) <= maks else navn[: maks - 1].rstrip() + "…"


def _figur(data: dict[str, Any], art: str, linjer: list[dict[str, Any]], aar: int) -> Figure:
    alle_x = [x for lin in linjer for x, _ in _punkter(lin, art) + _maalpunkter(lin, art)[0]]
    x_min, x_max = min(alle_x, default=aar), max([*alle_x, aar])
    navne = _navne(linjer)
    kolonner = 3 if max(len(n) for n in navne) <= 26 else 2
    raekker = -(-len(navne) // kolonner)
    forklaring = 0.1 + 0.18 * raekker  # inches
    hoejde = 2.0 + 0.4 + forklaring
    fig = Figure(figsize=(BREDDE_TOMMER, hoejde))
    ax = fig.add_axes((0.1, (forklaring + 0.4) / hoejde, 0.88, 1.9 / hoejde))
    for i, linje in enumerate(linjer):
        _tegn_linje(ax, i, linje, art, x_max)
    _forklaring(fig, linjer, kolonner)
    ax.set_xlim(x_min - 0.4, x_max + 0.4)
    ax.xaxis.set_major_locator(MaxNLocator(integer=True, nbins=10))
    ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _p: str(int(v))))
    ax.yaxis.set_major_formatter(_formater(art))
    ax.yaxis.set_major_locator(MaxNLocator(nbins=5, integer=art == "antal"))
    _, top = ax.get_ylim()
    ax.set_ylim(0, top * 1.08 if top > 0 else 1)
    ax.grid(axis="y", color="#dddddd", linewidth=0.6)
    ax.set_axisbelow(True)
    etiket = {"procent": "Procent", "vaerdi": "Værdi"}.get(art) or data.get("enhed") or "Antal"
    ax.set_ylabel(etiket[:1].upper() + etiket[1:])
    return fig


def tegn_svg(data: dict[str, Any], aar: int, alternativ: str = "") -> str:
    """The chart of one indicator in the report's JSON shape, as inline-safe SVG; or ""."""
    art = _art(data)
    linjer = _linjer(data, art) if art else []
    if not linjer:
        return ""
    fig = _figur(data, art, linjer, aar)
    ud = io.StringIO()
    fig.savefig(ud, format="svg", metadata={"Date": None, "Creator": None})
    fig.clear()
    titel = alternativ or alternativ_tekst(data, aar)
    return _tilpas(ud.getvalue(), titel)


def tegn_png(data: dict[str, Any], aar: int, dpi: int = 170) -> bytes:
    """The same chart as PNG (for Word); b"" when there is nothing to draw."""
    art = _art(data)
    linjer = _linjer(data, art) if art else []
    if not linjer:
        return b""
    fig = _figur(data, art, linjer, aar)
    ud = io.BytesIO()
    fig.savefig(ud, format="png", dpi=dpi, metadata={"Software": None})
    fig.clear()
    return ud.getvalue()


# --- The SVG made safe for pages and documents -----------------------------------------------

_STIL = re.compile(r'\sstyle="([^"]*)"')
_SKRIFTER = '"Carlito, Calibri, sans-serif"'
_ID = re.compile(r'\sid="([^"]+)"')


def _tilpas(svg: str, titel: str) -> str:
    svg = svg[svg.index("<svg") :]
    svg = re.sub(r"<style[^>]*>.*?</style>", "", svg, flags=re.S)
    svg = re.sub(r"<metadata>.*?</metadata>", "", svg, flags=re.S)
    svg = _STIL.sub(lambda m: _attributter(m[1]), svg)
    svg = re.sub(r'font-family="[^"]*"', f"font-family={_SKRIFTER}", svg)
    praefiks = "g" + hashlib.sha256(svg.encode()).hexdigest()[:8]
    for ident in dict.fromkeys(_ID.findall(svg)):
        svg = svg.replace(f'id="{ident}"', f'id="{praefiks}-{ident}"')
        svg = svg.replace(f'"#{ident}"', f'"#{praefiks}-{ident}"')
        svg = svg.replace(f"url(#{ident})", f"url(#{praefiks}-{ident})")
    tekst = html.escape(titel, quote=True)
    svg = svg.replace(
        "<svg ",
        f'<svg role="img" aria-label="{tekst}" stroke-linejoin="round" stroke-linecap="butt" ',
        1,
    )
    start = svg.index(">") + 1
    return f"{svg[:start]}\n<title>{tekst}</title>{svg[start:]}".strip() + "\n"


def _attributter(stil: str) -> str:
    dele = []
    for erklaering in stil.split(";"):
        if ":" in erklaering:
            navn, vaerdi = (d.strip() for d in erklaering.split(":", 1))
            if re.fullmatch(r"[a-z-]+", navn):
                dele.append(f' {navn}="{html.escape(vaerdi, quote=True)}"')
    return "".join(dele)


def data_uri(svg: str) -> str:
    """The SVG as a data: address for an <img> (the page's CSP allows data: images)."""
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode("ascii")


# --- Text alternative ------------------------------------------------------------------------


def _tekst(punkt: dict[str, Any], v: float, art: str) -> str:
    if punkt.get("tekst"):
        return str(punkt["tekst"])
    tekst = dansk_tal(Decimal(str(v)))
    return f"{tekst} %" if art == "procent" else tekst


def _linje_alternativ(linje: dict[str, Any], art: str) -> str:
    dele = []
    b = linje["baseline"]
    if b and _tal(b, art) is not None:
        dele.append(
            f"baseline {_tekst(b, _tal(b, art) or 0, art)} ({b.get('periode') or b['aar']})"
        )
    for m in linje["maalinger"]:
        v = _tal(m, art)
        if v is not None:
            dele.append(f"{m.get('periode') or m['aar']}: {_tekst(m, v, art)}")
    maal = linje.get("maal")
    if maal and maal.get("tekst"):
        dele.append(f"mål: {maal['tekst']}")
    return f"{linje['navn']}: " + ", ".join(dele) if dele else ""


def alternativ_tekst(data: dict[str, Any], aar: int) -> str:
    art = _art(data)
    linjer = _linjer(data, art) if art else []
    if not linjer:
        return ""
    dele = [t for lin in linjer if (t := _linje_alternativ(lin, art))]
    tekst = "; ".join(dele) + ("." if dele else "")
    udeladt = len(data["linjer"]) - len(linjer)
    if udeladt > 0:
        flere = "1 linje mere" if udeladt == 1 else f"{udeladt} linjer mere"
        vist = "1 linje" if len(linjer) == 1 else f"{len(linjer)} linjer"
        tekst += f" Grafen viser {vist}; {flere} står i tabellen."
    return tekst


# --- The interface the pages and documents use ---------------------------------------------


def graf_svg(ind: tabel.Indikatoropfoelgning, aar: int) -> str:
    """The indicator's chart for the year as SVG (no XML declaration); "" if nothing to draw."""
    return tegn_svg(indikator_data(ind, aar), aar)


def graf_alternativ(ind: tabel.Indikatoropfoelgning, aar: int) -> str:
    """ "Gl. Jennumparken: baseline 12,6 % (2023), 2024: 12,1 %, …; mål: skal falde til …"."""
    return alternativ_tekst(indikator_data(ind, aar), aar)
