"""Marginal render cost, process start taken off, ours beside LibreOffice's: ``make bench``.

Cold against cold: a fresh process that renders no document is timed beside fresh
processes that render one agreement, and all five; the difference is what the
documents cost beyond starting the program. Ours is ``bench/dokumenter.py --kold``
(Django set up, then each agreement fetched with ``med_indhold()``, its print HTML built
and typeset; DEBUG off); LibreOffice's is ``soffice --headless --convert-to pdf`` of the
same agreements' .docx, its "no document" run given a file that does not exist (soffice
started with no file at all stays running as a server). Runs alternate ours and LO's,
so a busy moment of the machine falls on both; each figure is a median. Beside the time
on the clock, the CPU time the process and its children used (user + system, from
``getrusage``): on a machine shared with other work it moves far less than the clock.
"""

from __future__ import annotations

import resource
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

BENCH = Path(__file__).resolve().parent / "dokumenter.py"


@dataclass
class Marginal:
    """Median seconds beyond the empty process: per agreement (by index) and all five, on
    the clock and in CPU time."""

    start: float
    enkelt: list[float]
    alle: float
    start_cpu: float
    enkelt_cpu: list[float]
    alle_cpu: float

    def af(self, i: int | None) -> tuple[float, float]:
        """(clock, CPU) of agreement `i`, or of all five (None)."""
        return (self.alle, self.alle_cpu) if i is None else (self.enkelt[i], self.enkelt_cpu[i])


def soffice() -> str | None:
    return shutil.which("soffice")


def cpu_tid(selv: bool = True) -> float:
    """CPU seconds (user + system) of the children waited for, and of this process."""
    brug = [resource.getrusage(resource.RUSAGE_CHILDREN)]
    brug += [resource.getrusage(resource.RUSAGE_SELF)] if selv else []
    return sum(b.ru_utime + b.ru_stime for b in brug)


def _tid(kommando: Sequence[str]) -> tuple[float, float]:
    """Seconds on the clock and of CPU (the process and the children it waited for)."""
    t0, c0 = time.perf_counter(), cpu_tid(selv=False)
    subprocess.run(kommando, capture_output=True, check=True, timeout=600)
    return time.perf_counter() - t0, cpu_tid(selv=False) - c0


def egen_kommando(aftaler: Sequence[str]) -> list[str]:
    """Our fresh process rendering `aftaler` ("delaftale:3", "strategisk:2", …)."""
    return [sys.executable, str(BENCH), "--kold", *aftaler]


def lo_kommando(mappe: Path, filer: Sequence[Path]) -> list[str]:
    program = soffice()
    assert program
    return [
        program,
        "--headless",
        f"-env:UserInstallation={(mappe / 'lo-profile').as_uri()}",
        "--convert-to",
        "pdf",
        "--outdir",
        str(mappe / "lo-pdf"),
        *[str(f) for f in filer or [mappe / "ingen.docx"]],
    ]


def _marginal(tider: dict[int, list[tuple[float, float]]], antal: int) -> Marginal:
    """Medians of the runs: key -1 is the empty process, 0..antal-1 one agreement, antal all."""

    def median(k: int, i: int) -> float:
        return statistics.median(t[i] for t in tider[k])

    start, start_cpu = median(-1, 0), median(-1, 1)
    return Marginal(
        start,
        [median(k, 0) - start for k in range(antal)],
        median(antal, 0) - start,
        start_cpu,
        [median(k, 1) - start_cpu for k in range(antal)],
        median(antal, 1) - start_cpu,
    )


def maal(
    aftaler: Sequence[str], docx: Sequence[Path], mappe: Path, gentag: int
) -> tuple[Marginal, Marginal | None]:
    """(ours, LibreOffice's or None if not installed), `gentag` runs of each variant."""
    antal = len(aftaler)
    varianter: dict[int, tuple[list[str], list[Path]]] = {-1: ([], [])}
    for i in range(antal):
        varianter[i] = ([aftaler[i]], [docx[i]])
    varianter[antal] = (list(aftaler), list(docx))
    har_lo = soffice() is not None
    if har_lo:  # the profile is made by the first run: not timed
        subprocess.run(lo_kommando(mappe, docx[:1]), capture_output=True, check=True, timeout=600)
    egen: dict[int, list[tuple[float, float]]] = {k: [] for k in varianter}
    lo: dict[int, list[tuple[float, float]]] = {k: [] for k in varianter}
    for runde in range(gentag):
        for k, (navne, filer) in varianter.items():
            egen[k].append(_tid(egen_kommando(navne)))
            if har_lo:
                lo[k].append(_tid(lo_kommando(mappe, filer)))
        print(f"  … cold runs {runde + 1}/{gentag}", file=sys.stderr, flush=True)
    if har_lo and len(list((mappe / "lo-pdf").glob("*.pdf"))) != len(docx):
        raise RuntimeError("LibreOffice did not write a PDF for every .docx")
    return _marginal(egen, antal), (_marginal(lo, antal) if har_lo else None)
