"""The Randers plan's yearly status report as PDF: render time, for ``make bench``.

Called by bench/dokumenter.py after the agreements (Django already set up, DEBUG off).
The year is the newest one the demo data has measurements for.
"""

from __future__ import annotations

import io
import statistics
import time

from django.db.models import Max
from pypdf import PdfReader

from delaftaler.models import Helhedsplan
from opfoelgning.dokumenter import pdf
from opfoelgning.models import Maaling
from opfoelgning.rapport import rapportdata

SLUG = "randers-2025-29"


def linjer(gentag: int) -> list[str]:
    """One result line: pages, KB, data (queries), HTML (charts included), WeasyPrint, PDF."""
    plan = Helhedsplan.objects.filter(slug=SLUG).first()
    if plan is None:
        return [f"Status report: {SLUG} missing (run `make demo`)."]
    maalt = Maaling.objects.filter(indikator__maal__aftale__helhedsplan=plan)
    aar = (
        maalt.aggregate(aar=Max("aar"))["aar"]
        or plan.aftaler.earliest("gaelder_fra").gaelder_fra.year
    )
    indhold = pdf.skriv(pdf.rapport_side(rapportdata(plan, aar)))  # warm-up
    data_t, html_t, weasy_t, total = [], [], [], []
    for _ in range(gentag):
        t0 = time.perf_counter()
        data = rapportdata(plan, aar)
        t1 = time.perf_counter()
        side = pdf.rapport_side(data)
        t2 = time.perf_counter()
        pdf.skriv(side)
        t3 = time.perf_counter()
        data_t.append(t1 - t0)
        html_t.append(t2 - t1)
        weasy_t.append(t3 - t2)
        total.append(t3 - t0)
    sider = len(PdfReader(io.BytesIO(indhold)).pages)

    def ms(tider: list[float]) -> str:
        return f"{statistics.median(tider) * 1000:.0f}"

    return [
        f"Status report {aar} of {SLUG} (median of {gentag} after 1 warm-up, uncached): "
        f"{sider} pages, {len(indhold) / 1024:.0f} KB; data {ms(data_t)} ms, html + charts "
        f"{ms(html_t)} ms, weasy {ms(weasy_t)} ms, PDF {ms(total)} ms "
        f"(min {min(total) * 1000:.0f}, max {max(total) * 1000:.0f})."
    ]
