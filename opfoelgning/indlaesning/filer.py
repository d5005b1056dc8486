"""Reading a file of measurements, CSV or XLSX, into rows of text cells, within caps.

The file's first row is the header with exactly the columns `KOLONNER` (in any order).
A row is numbered as the file (and Excel) numbers it: the header is row 1. Every value
comes out as text the Danish way (decimal comma), whatever the file held, so the rows of a
CSV and of an XLSX are checked by the same code (`raekker`).

Hostile files: the size is checked before anything is decoded; an XLSX is a ZIP, and its
members' unpacked sizes are checked from its directory before openpyxl opens it (a ZIP
bomb costs nothing); the number of rows is capped; anything the parsers cannot read is a
`Filfejl` with a Danish message, never an exception of theirs.
"""

from __future__ import annotations

import csv
import datetime
import io
import warnings
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from delaftaler.dataformat.filer import Filfejl, kontroller_zip, mb

KOLONNER = (
    "indsatsomraade",
    "delmaal",
    "indikator",
    "omraade",
    "delindikator",
    "referencegruppe",
    "aar",
    "antal",
    "ud_af",
    "procent",
    "vaerdi",
    "kilde",
    "note",
)
# A year of measurements for a big plan is a few hundred rows (Viborg: 16 areas × some
# 20 indicator lines); 5 MB and 10,000 rows leave room for many years and plans.
MAKS_FIL_BYTES = 5 * 1024 * 1024
MAKS_RAEKKER = 10_000
# Rows read including empty ones (Excel keeps formatted empty rows); beyond this the
# sheet is not a list of measurements.
MAKS_LAESTE_RAEKKER = 100_000
MAKS_CELLE = 2_000
# An XLSX of 10,000 rows unpacks to a few MB; 50 MB per member and 100 MB in all bound
# what openpyxl may unpack.
MAKS_XLSX_MEDLEM = 50 * 1024 * 1024
MAKS_XLSX_UDPAKKET = 100 * 1024 * 1024
MAKS_KOLONNER_XLSX = 60


@dataclass
class Raekke:
    """One row of the file: its number, its cells by column, what is wrong with its shape."""

    nr: int
    felter: dict[str, str]
    fejl: list[str] = field(default_factory=list)


def laes_fil(indhold: bytes, navn: str) -> list[Raekke]:
    """The data rows of a CSV or XLSX file (empty rows left out), or Filfejl."""
    if len(indhold) > MAKS_FIL_BYTES:
        raise Filfejl(
            f"{navn}: filen er for stor ({len(indhold):,} byte; højst "
            f"{mb(MAKS_FIL_BYTES)})".replace(",", ".")
        )
    if not indhold.strip():
        raise Filfejl(f"{navn}: filen er tom")
    endelse = navn.lower().rsplit(".", 1)[-1] if "." in navn else ""
    if indhold[:4] == b"PK\x03\x04" or endelse == "xlsx":
        return _xlsx(indhold, navn)
    if endelse == "xls" or indhold[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        raise Filfejl(f"{navn}: det gamle Excel-format (.xls) kan ikke læses; gem filen som .xlsx")
    return _csv(indhold, navn)


def _overskrift(celler: list[str], navn: str) -> list[str]:
    """The header's column names, checked: every column once, nothing else."""
    navne = [c.strip().lower() for c in celler]
    while navne and not navne[-1]:
        navne.pop()
    mangler = [k for k in KOLONNER if k not in navne]
    ukendte = [n for n in navne if n not in KOLONNER]
    dobbelte = sorted({n for n in navne if n in KOLONNER and navne.count(n) > 1})
    if mangler or ukendte or dobbelte:
        dele = []
        if mangler:
            dele.append("mangler " + ", ".join(mangler))
        if ukendte:
            dele.append("ukendte kolonner: " + ", ".join(f"»{u[:40]}«" for u in ukendte[:5]))
        if dobbelte:
            dele.append("står to gange: " + ", ".join(dobbelte))
        raise Filfejl(
            f"{navn}: række 1 skal være overskriften med kolonnerne {';'.join(KOLONNER)} "
            f"({'; '.join(dele)})"
        )
    return navne


def _raekker(navn: str, kilde: Iterable[tuple[int, list[str]]]) -> list[Raekke]:
    """Rows of cells into `Raekke`s under the header (the first of them)."""
    raekker: list[Raekke] = []
    kolonner: list[str] | None = None
    for nr, celler in kilde:
        if kolonner is None:
            kolonner = _overskrift(celler, navn)
            continue
        if not any(c.strip() for c in celler):
            continue
        if len(raekker) >= MAKS_RAEKKER:
            raise Filfejl(
                f"{navn}: filen har for mange rækker (højst {MAKS_RAEKKER:,})".replace(",", ".")
            )
        raekke = Raekke(
            nr, {k: (celler[i] if i < len(celler) else "") for i, k in enumerate(kolonner)}
        )
        ekstra = [c for c in celler[len(kolonner) :] if c.strip()]
        if len(celler) < len(kolonner):
            raekke.fejl.append(f"har {len(celler)} felter, men overskriften har {len(kolonner)}")
        if ekstra:
            raekke.fejl.append(
                f"har {len(kolonner) + len(ekstra)} felter, men overskriften har {len(kolonner)}"
            )
        for k, v in raekke.felter.items():
            if len(v) > MAKS_CELLE:
                raekke.fejl.append(f"kolonnen {k} er for lang ({len(v)} tegn; højst {MAKS_CELLE})")
        raekker.append(raekke)
    if kolonner is None:
        raise Filfejl(f"{navn}: filen er tom")
    return raekker


# --- CSV -----------------------------------------------------------------------------


def _skilletegn(foerste_linje: str) -> str:
    """`;` or `,`: the one that splits the header into the known columns (else the commoner)."""
    for tegn in (";", ","):
        celler = next(csv.reader([foerste_linje], delimiter=tegn), [])
        if {c.strip().lower() for c in celler} >= set(KOLONNER):
            return tegn
    return ";" if foerste_linje.count(";") >= foerste_linje.count(",") else ","


def _csv(indhold: bytes, navn: str) -> list[Raekke]:
    try:
        tekst = indhold.decode("utf-8-sig")
    except UnicodeDecodeError as fejl:
        raise Filfejl(
            f"{navn}: filen er ikke UTF-8-tekst (byte {fejl.start}); er det en CSV-fil? "
            "Gem den i Excel som »CSV UTF-8 (kommasepareret)« eller som .xlsx"
        ) from fejl
    if "\x00" in tekst:
        raise Filfejl(f"{navn}: filen indeholder binære data; den er ikke en CSV-fil")
    tegn = _skilletegn(tekst.lstrip("\r\n").splitlines()[0] if tekst.strip() else "")
    laeser = csv.reader(io.StringIO(tekst, newline=""), delimiter=tegn, strict=True)

    def linjer() -> Iterable[tuple[int, list[str]]]:
        nr = 0
        try:
            for celler in laeser:
                nr += 1
                if nr > MAKS_LAESTE_RAEKKER:
                    raise Filfejl(f"{navn}: filen har for mange rækker")
                yield nr, celler
        except csv.Error as fejl:
            raise Filfejl(f"{navn}: række {nr + 1} kan ikke læses som CSV ({fejl})") from fejl

    return _raekker(navn, linjer())


# --- XLSX ----------------------------------------------------------------------------


def _kontroller_xlsx(indhold: bytes, navn: str) -> None:
    try:
        with zipfile.ZipFile(io.BytesIO(indhold)) as arkiv:
            kontroller_zip(arkiv, navn)
            medlemmer = arkiv.infolist()
    except zipfile.BadZipFile as fejl:
        raise Filfejl(f"{navn}: filen er ikke en gyldig Excel-fil (.xlsx)") from fejl
    for info in medlemmer:
        if info.file_size > MAKS_XLSX_MEDLEM:
            raise Filfejl(
                f"{navn}: {info.filename} fylder for meget udpakket (højst {mb(MAKS_XLSX_MEDLEM)})"
            )
    if sum(i.file_size for i in medlemmer) > MAKS_XLSX_UDPAKKET:
        raise Filfejl(
            f"{navn}: Excel-filen fylder for meget udpakket (højst {mb(MAKS_XLSX_UDPAKKET)})"
        )


def celletekst(vaerdi: Any, talformat: str | None = None) -> str:
    """An Excel cell's value as text the Danish way: 6.3 → "6,3"; 0.063 as "0.0%" → "6,3"."""
    if vaerdi is None:
        return ""
    if isinstance(vaerdi, bool):
        return "ja" if vaerdi else "nej"
    if isinstance(vaerdi, int | float | Decimal):
        d = Decimal(repr(vaerdi)) if isinstance(vaerdi, float) else Decimal(vaerdi)
        if not d.is_finite():
            return str(vaerdi)
        if talformat and "%" in talformat:
            d *= 100
        d = d.normalize()
        if d == d.to_integral_value():
            d = d.quantize(Decimal(1))
        return format(d, "f").replace(".", ",")
    if isinstance(vaerdi, datetime.datetime):
        return (vaerdi.date() if vaerdi.time() == datetime.time() else vaerdi).isoformat()
    if isinstance(vaerdi, datetime.date | datetime.time):
        return vaerdi.isoformat()
    return str(vaerdi)


def _xlsx(indhold: bytes, navn: str) -> list[Raekke]:
    _kontroller_xlsx(indhold, navn)
    import openpyxl

    bog = None
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            bog = openpyxl.load_workbook(io.BytesIO(indhold), read_only=True, data_only=True)
            if not bog.worksheets:
                raise Filfejl(f"{navn}: Excel-filen har intet ark")
            ark = bog.worksheets[0]
            if hasattr(ark, "reset_dimensions"):
                ark.reset_dimensions()  # the stored dimension may lie (too small or huge)

            def linjer() -> Iterable[tuple[int, list[str]]]:
                raekker = ark.iter_rows(min_row=1, max_col=MAKS_KOLONNER_XLSX)
                for nr, celler in enumerate(raekker, start=1):
                    if nr > MAKS_LAESTE_RAEKKER:
                        raise Filfejl(f"{navn}: arket har for mange rækker")
                    yield (
                        nr,
                        [celletekst(c.value, getattr(c, "number_format", None)) for c in celler],
                    )

            return _raekker(navn, linjer())
    except Filfejl:
        raise
    except Exception as fejl:  # noqa: BLE001 - openpyxl raises anything on a broken file
        raise Filfejl(
            f"{navn}: filen kan ikke læses som Excel-fil (.xlsx) ({type(fejl).__name__})"
        ) from fejl
    finally:
        if bog is not None:
            bog.close()
