"""The bench's output: aligned tables and the machine it ran on."""

from __future__ import annotations

import os
import platform
import subprocess
from collections.abc import Sequence
from pathlib import Path

import django
import weasyprint
from django.conf import settings
from django.db import connection

from bench import marginal


def tabel(overskrifter: Sequence[str], raekker: Sequence[Sequence[str]]) -> list[str]:
    """Plain aligned text: numbers right-aligned, the first and last columns left-aligned."""
    bredder = [max(len(r[i]) for r in [overskrifter, *raekker]) for i in range(len(overskrifter))]

    def linje(celler: Sequence[str]) -> str:
        dele = []
        for i, (celle, bredde) in enumerate(zip(celler, bredder, strict=True)):
            venstre = i in (0, len(celler) - 1)
            dele.append(celle.ljust(bredde) if venstre else celle.rjust(bredde))
        return "  ".join(dele).rstrip()

    return [linje(overskrifter), linje(["-" * b for b in bredder]), *map(linje, raekker)]


def cpu_model() -> str:
    try:
        for linje in Path("/proc/cpuinfo").read_text().splitlines():
            if linje.startswith("model name"):
                return linje.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def kontekst() -> str:
    db = settings.DATABASES["default"]
    navn = Path(str(db["NAME"])).name if connection.vendor == "sqlite" else db["NAME"]
    return (
        f"Machine: {os.cpu_count()} CPUs ({cpu_model()}) · Python {platform.python_version()} · "
        f"WeasyPrint {weasyprint.__version__} · LibreOffice {libreoffice_version()} · "
        f"Django {django.get_version()} · database {connection.vendor} {navn}"
    )


def libreoffice_version() -> str:
    program = marginal.soffice()
    if not program:
        return "not installed"
    ud = subprocess.run([program, "--version"], capture_output=True, text=True, timeout=60)
    dele = ud.stdout.split()
    return dele[1] if len(dele) > 1 else ud.stdout.strip()
