"""How long an agreement takes to become a PDF, and what it costs: ``make bench``.

Side by side in one run: the marginal render time of the five demo agreements' PDFs,
process start taken off, against LibreOffice converting the same agreements' .docx, its
own start taken off the same way (cold against cold, bench/marginal.py); then for each
agreement our render warm in process (print HTML, then WeasyPrint in the child forked
from the warmed-up process, as a worker does), on the clock and in CPU time, and its memory, a
download through the view into an empty cache and repeated, and the download after a
save once the background render is done (bench/efter_gem.py); last the status report.
Runs against the database in the environment (``make bench``: the demo data in SQLite),
with DEBUG off while measuring, as in production (DEBUG re-reads the print stylesheet on
every render).
"""

from __future__ import annotations

import argparse
import gc
import io
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
import warnings
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

ROD = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROD))
os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings"

import django  # noqa: E402

django.setup()
# WhiteNoise warns with DEBUG off when collectstatic has not run; the bench serves no files.
warnings.filterwarnings("ignore", "No directory at", UserWarning)

from django.conf import settings  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.test import Client, override_settings  # noqa: E402
from django.urls import reverse  # noqa: E402
from pypdf import PdfReader  # noqa: E402

from bench import efter_gem, marginal, statusrapport  # noqa: E402
from bench.udskrift import kontekst, tabel  # noqa: E402
from delaftaler import dokumenter  # noqa: E402
from delaftaler.dokumenter import pdf, word  # noqa: E402
from delaftaler.management.commands.load_demo import demo_filer  # noqa: E402
from delaftaler.models import Delaftale, Helhedsplan, StrategiskAftale  # noqa: E402

Aftale = Delaftale | StrategiskAftale

GET_GENTAG = 20
MB = 1024 * 1024
# ru_maxrss is in kilobytes on Linux, in bytes on macOS.
MAXRSS_ENHED = 1 if sys.platform == "darwin" else 1024


def seed_slugs() -> list[str]:
    """The demo helhedsplaner, in the order of fixtures/."""
    slugs: list[str] = []
    for fil in demo_filer():
        data = json.loads(fil.read_text(encoding="utf-8"))
        slugs += [plan["slug"] for plan in data["helhedsplaner"]]
    return slugs


def demo_aftaler() -> list[Aftale]:
    planer = {p.slug: p for p in Helhedsplan.objects.filter(slug__in=seed_slugs())}
    mangler = [s for s in seed_slugs() if s not in planer]
    if mangler:
        sys.exit(f"Demo data missing ({', '.join(mangler)}): run `make demo` first.")
    aftaler: list[Aftale] = []
    for slug in seed_slugs():
        strategiske, delaftaler = dokumenter.helhedsplanens_aftaler(planer[slug])
        aftaler += [*strategiske, *delaftaler]
    return aftaler


def hent(model: str, pk: int) -> Aftale:
    klasse = Delaftale if model == "delaftale" else StrategiskAftale
    return klasse.objects.med_indhold().get(pk=pk)


def modelnavn(aftale: Aftale) -> str:
    return "delaftale" if isinstance(aftale, Delaftale) else "strategisk"


def ms(sekunder: float) -> str:
    return f"{sekunder * 1000:.0f}"


@contextmanager
def produktion() -> Iterator[None]:
    """DEBUG off (the stylesheet is parsed once per process, no query log), as in production;
    no time limit on a render (a busy machine must not turn a measurement into an error)."""
    with override_settings(DEBUG=False, PDF_TIDSGRAENSE=600):
        yield


# --- Our render ---------------------------------------------------------------------------


@dataclass
class Render:
    html: list[float]
    weasy: list[float]
    total: list[float]
    cpu: list[float]
    sider: int
    kb: float


def tid_render(aftale: Aftale, gentag: int) -> Render:
    indhold = pdf.skriv(pdf.aftale_side(aftale))  # warm-up (the first also the worker's)
    html, weasy, total, cpu = [], [], [], []
    for _ in range(gentag):
        c0, t0 = marginal.cpu_tid(), time.perf_counter()
        side = pdf.aftale_side(aftale)
        t1 = time.perf_counter()
        pdf.skriv(side)
        t2, c2 = time.perf_counter(), marginal.cpu_tid()
        html.append(t1 - t0)
        weasy.append(t2 - t1)
        total.append(t2 - t0)
        cpu.append(c2 - c0)
    sider = len(PdfReader(io.BytesIO(indhold)).pages)
    return Render(html, weasy, total, cpu, sider, len(indhold) / 1024)


def python_peak(aftale: Aftale) -> float:
    """tracemalloc's peak of Python allocations during one render, in MB (warm process)."""
    gc.collect()
    tracemalloc.start()
    try:
        # Typeset here, not in the time-limited child pdf.skriv forks (its memory is its own).
        pdf._typesaet(pdf.aftale_side(aftale))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return peak / MB


def rss_vaekst(aftale: Aftale) -> float:
    """Growth of max RSS over one render, in MB, measured in a fresh Python process.

    In this process the high-water mark was set long ago by earlier renders, so one more
    render would show no growth; a fresh process after a tiny warm-up (stylesheet, fonts,
    templates loaded) shows what one render of this agreement adds.
    """
    # Linux carries a process's high-water mark through exec, and a child forked from this
    # process starts with this process's resident size: started directly, the child's
    # ru_maxrss would begin at ours. A shell in between (which forks, as a command follows)
    # gives the child a small parent and so a clean mark of its own.
    ud = subprocess.run(
        ["/bin/sh", "-c", '"$0" "$@"; exit $?', sys.executable, __file__, "--rss"]
        + [modelnavn(aftale), str(aftale.pk)],
        capture_output=True,
        text=True,
        check=True,
    )
    return float(ud.stdout.strip().splitlines()[-1])


def rss_maaling(model: str, pk: int) -> None:
    """The child's side of ``rss_vaekst``: prints the growth in MB."""
    with produktion():
        aftale = hent(model, pk)
        pdf._typesaet("<html><body><p>Varm op</p></body></html>")
        pdf.aftale_side(aftale)
        gc.collect()
        foer = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        pdf._typesaet(pdf.aftale_side(aftale))  # in this process, not pdf.skriv's child
        efter = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print((efter - foer) * MAXRSS_ENHED / MB)


# --- Download through the view --------------------------------------------------------------


def tid_download(klient: Client, aftale: Aftale) -> tuple[float, list[float]]:
    url = reverse("aftale_pdf", args=[aftale.helhedsplan.slug, aftale.pk])

    def get() -> float:
        t0 = time.perf_counter()
        svar = klient.get(url)
        tid = time.perf_counter() - t0
        if svar.status_code != 200 or not svar.content.startswith(b"%PDF"):
            raise RuntimeError(f"GET {url}: {svar.status_code}")
        return tid

    foerste = get()
    return foerste, [get() for _ in range(GET_GENTAG)]


@contextmanager
def tom_dokumentcache(mappe: Path) -> Iterator[None]:
    """An empty file cache of its own for the downloads, whatever earlier runs left."""
    caches = {
        **settings.CACHES,
        "dokumenter": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(mappe),
            "TIMEOUT": None,
        },
    }
    with override_settings(CACHES=caches, ALLOWED_HOSTS=[*settings.ALLOWED_HOSTS, "testserver"]):
        yield


# --- The cold child and the side-by-side comparison -----------------------------------------


def kold_maaling(navne: Sequence[str]) -> None:
    """The child of ``marginal``: fetch and render each "model:pk" once, in a fresh process."""
    with produktion():
        for navn in navne:
            model, pk = navn.split(":")
            pdf.skriv(pdf.aftale_side(hent(model, int(pk))))


def skriv_docx(aftaler: Sequence[Aftale], mappe: Path) -> list[Path]:
    """The agreements' Word files, for LibreOffice to convert."""
    filer = []
    for aftale in aftaler:
        fil = mappe / f"{modelnavn(aftale)}-{aftale.pk}.docx"
        if isinstance(aftale, Delaftale):
            fil.write_bytes(word.delaftale_docx(aftale))
        else:
            fil.write_bytes(word.strategisk_docx(aftale))
        filer.append(fil)
    return filer


def sammenligning(aftaler: Sequence[Aftale], mappe: Path, gentag: int) -> list[str]:
    """The cold-against-cold table: ours and LibreOffice's per agreement and in total."""
    navne = [f"{modelnavn(a)}:{a.pk}" for a in aftaler]
    egen, lo = marginal.maal(navne, skriv_docx(aftaler, mappe), mappe, gentag)

    def raekke(navn: str, i: int | None) -> list[str]:
        (vores, vores_cpu), (deres, deres_cpu) = egen.af(i), lo.af(i) if lo else (0, 0)
        if lo is None:
            return [navn, ms(vores), "–", "–", ms(vores_cpu), "–", "–"]
        forhold = [f"{vores / deres:.1f}×", f"{vores_cpu / deres_cpu:.1f}×"]
        return [navn, ms(vores), ms(deres), forhold[0], ms(vores_cpu), ms(deres_cpu), forhold[1]]

    raekker = [raekke(a.helhedsplan.slug, i) for i, a in enumerate(aftaler)]
    raekker.append(raekke("all five, one process", None))
    start = f"{ms(egen.start)} ms" + (f", LibreOffice's {ms(lo.start)} ms" if lo else "")
    overskrifter = ["helhedsplan", "ours ms", "LO ms", "ours/LO"]
    overskrifter += ["ours cpu ms", "LO cpu ms", "cpu ours/LO"]
    return [
        f"Marginal render, cold against cold (median of {gentag} fresh processes each; the "
        f"process that renders nothing taken off: ours {start}). ours = bench/dokumenter.py "
        "--kold (fetch with med_indhold, print HTML, WeasyPrint); LO = soffice --headless "
        "--convert-to pdf of the same .docx (a.docx b.docx … in one invocation for the total). "
        "ours/LO < 1 means we are faster. cpu = CPU time (user + system) of the process and "
        "its children, the same way.",
        *tabel(overskrifter, raekker),
    ]


# --- The warm table -----------------------------------------------------------------------

OVERSKRIFTER = [
    "helhedsplan",
    "pages",
    "PDF KB",
    "html ms",
    "weasy ms",
    "PDF ms",
    "PDF cpu",
    "min",
    "max",
    "py peak MB",
    "RSS + MB",
    "GET 1st ms",
    "GET rep ms",
    "agreement",
]


def forklaring(gentag: int) -> list[str]:
    return [
        f"Warm, in process: html = pdf.aftale_side (templates to print HTML), weasy = "
        f"pdf.skriv (WeasyPrint, in the child forked from this warmed-up process), PDF = "
        f"both: median of {gentag} renders after 1 warm-up, uncached, DEBUG off; PDF cpu = "
        "the CPU time (user + system, this process and the child) of the same.",
        "py peak = tracemalloc peak of Python allocations during one render (warm process); "
        "RSS + = growth of max RSS (getrusage ru_maxrss) over one render in a fresh process, "
        "native memory (Pango, HarfBuzz) included.",
        f"GET = the aftale_pdf download as 'leder' (test client): 1st into an empty file cache "
        f"(renders), rep = median of {GET_GENTAG} repeated GETs of the unchanged agreement.",
    ]


def raekke(klient: Client, aftale: Aftale, gentag: int) -> list[str]:
    r = tid_render(aftale, gentag)
    foerste, gentagne = tid_download(klient, aftale)
    return [
        aftale.helhedsplan.slug,
        str(r.sider),
        f"{r.kb:.0f}",
        ms(statistics.median(r.html)),
        ms(statistics.median(r.weasy)),
        ms(statistics.median(r.total)),
        ms(statistics.median(r.cpu)),
        ms(min(r.total)),
        ms(max(r.total)),
        f"{python_peak(aftale):.1f}",
        f"{rss_vaekst(aftale):.1f}",
        ms(foerste),
        f"{statistics.median(gentagne) * 1000:.1f}",
        pdf.aftalens_titel(aftale),
    ]


def varm(klient: Client, aftaler: Sequence[Aftale], gentag: int) -> list[str]:
    raekker = []
    for aftale in aftaler:
        raekker.append(raekke(klient, aftale, gentag))
        print(f"  … {aftale.helhedsplan.slug}", file=sys.stderr, flush=True)
    return [*forklaring(gentag), *tabel(OVERSKRIFTER, raekker)]


def efter_gemning(klient: Client, aftaler: Sequence[Aftale]) -> str:
    delaftale = next(a for a in aftaler if isinstance(a, Delaftale))
    tid, svar = efter_gem.tid_efter_gem(klient, delaftale)
    return (
        f"Download after a save, background render done: {tid * 1000:.1f} ms (median of "
        f"{efter_gem.GENTAG} saves of {delaftale.helhedsplan.slug}'s texts through the edit "
        f"page, then db_worker --batch, then GET aftale_pdf; X-Dokument-Cache: {svar})."
    )


def belastning(naar: str) -> str:
    """The load average: on a machine shared with other work, every figure's context."""
    return f"Load average {naar}: " + " / ".join(f"{b:.1f}" for b in os.getloadavg())


def koer(args: argparse.Namespace) -> None:
    """The whole bench: context, the cold comparison, the warm table, the status report."""
    print(kontekst(), flush=True)
    print(belastning("at the start"), flush=True)
    t0 = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="lbf-bench-") as tmp, produktion():
        mappe = Path(tmp)
        aftaler = demo_aftaler()
        afsnit = [sammenligning(aftaler, mappe, args.kold_gentag)]
        print(f"  … cold part {time.perf_counter() - t0:.0f} s", file=sys.stderr, flush=True)
        klient = Client()
        with tom_dokumentcache(mappe / "dokumentcache"):
            leder = get_user_model().objects.filter(username="leder").first()
            if leder is None:
                sys.exit("No user leder: run `make demo` first.")
            klient.force_login(leder)
            afsnit.append(varm(klient, aftaler, args.gentag))
            afsnit.append([efter_gemning(klient, aftaler)])
        afsnit.append(statusrapport.linjer(args.gentag))
    afsnit.append([belastning("at the end")])
    for linjer in afsnit:
        print("\n" + "\n".join(linjer))
    print(
        "\nRun with `make bench` (demo data; the database from DATABASE_URL, SQLite "
        "db.sqlite3 by default); `.venv/bin/python bench/dokumenter.py --gentag N "
        "--kold-gentag M` sets the repeats."
    )


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0] if __doc__ else None)
    parser.add_argument(
        "--gentag", type=int, default=7, metavar="N", help="warm renders per agreement (7)"
    )
    parser.add_argument(
        "--kold-gentag", type=int, default=2, metavar="M", help="fresh processes per variant (2)"
    )
    parser.add_argument("--rss", nargs=2, metavar=("MODEL", "PK"), help=argparse.SUPPRESS)
    parser.add_argument("--kold", nargs="*", metavar="MODEL:PK", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.rss:
        rss_maaling(args.rss[0], int(args.rss[1]))
    elif args.kold is not None:
        kold_maaling(args.kold)
    elif args.gentag < 1 or args.kold_gentag < 1:
        parser.error("--gentag and --kold-gentag must be at least 1")
    else:
        koer(args)


if __name__ == "__main__":
    main()
