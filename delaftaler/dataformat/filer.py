"""Reading a file of the `lbf-aftaler` format: JSON, checked against the schema, within caps.

Every failure is a `Filfejl` whose message names the file and the place in it, in Danish.
The caps are checked before the data is read or parsed, so a hostile file (a ZIP bomb, a
JSON nested thousands deep, a text of hundreds of megabytes) costs neither memory nor a
crash. LBF's export of the five real agreements (measured with `export_lbf`) is the
yardstick: 16 members, 657 KB unpacked, the largest JSON 57 KB, the largest PDF 65 KB,
JSON nested 12 deep.
"""

from __future__ import annotations

import hashlib
import json
import re
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from delaftaler.dataformat import skema
from delaftaler.dataformat.felter import FormatFejl

# One JSON document: the largest real one (all five agreements in one file) is about
# 190 KB and one agreement 57 KB; 10 MB is 50 times the whole seed set, and still parses
# and validates in a second or two.
MAKS_JSON_BYTES = 10 * 1024 * 1024
# The format is at most 12 deep (file, plan, delaftale, activity, table, row, values);
# 40 leaves room for growth and stays far below Python's recursion limit (about 1,000),
# which the parser and the schema validator would otherwise hit.
MAKS_DYBDE = 40
# One PDF or Word file of a ZIP export: the largest real one is 65 KB; 20 MB is 300 times
# that (a document with scanned pages would still fit).
MAKS_MEDLEM_BYTES = 20 * 1024 * 1024
# A whole ZIP export, unpacked: the seeds' export is 657 KB, so 300 MB holds some 450
# times it (about 2,000 agreements at the seeds' size) while bounding the memory an
# import can take.
MAKS_ZIP_BYTES = 300 * 1024 * 1024
# Members of a ZIP export: three files per agreement and a manifest (16 for the seeds);
# 10,000 is over 3,000 agreements.
MAKS_ZIP_MEDLEMMER = 10_000
# Read in pieces: a member never takes more memory than its cap, whatever its header says.
_STYKKE = 1024 * 1024


class Filfejl(Exception):
    """A file that cannot be read as the format; the message says where and why."""


JSON_BESKEDER = {
    "Expecting value": "forventede en værdi",
    "Expecting property name enclosed in double quotes": (
        "forventede et feltnavn i dobbelte anførselstegn"
    ),
    "Expecting ',' delimiter": "forventede et komma",
    "Expecting ':' delimiter": "forventede et kolon",
    "Extra data": "der står mere efter JSON-dokumentet",
    "Invalid control character at": "ugyldigt kontroltegn i en tekst",
    "Invalid \\escape": "ugyldig escape-sekvens (\\)",
    "Invalid \\uXXXX escape": "ugyldig \\u-escape",
}


def mb(antal: int) -> str:
    """A size in whole megabytes the Danish way, for the caps' messages."""
    return f"{antal / (1024 * 1024):.0f} MB"


def _for_stor(navn: str, stoerrelse: int, maks: int) -> Filfejl:
    return Filfejl(
        f"{navn}: filen er for stor ({stoerrelse:,} byte; højst {mb(maks)})".replace(",", ".")
    )


# A JSON string with its escapes; what is left outside strings is structure.
_STRENG = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"', re.DOTALL)
_KLAMMER = re.compile(r"[^\[\]{}]+")


def kontroller_dybde(tekst: str, navn: str) -> None:
    """Refuse JSON nested deeper than MAKS_DYBDE, by its brackets, before it is parsed."""
    dybde = 0
    for tegn in _KLAMMER.sub("", _STRENG.sub("", tekst)):
        dybde += 1 if tegn in "[{" else -1
        if dybde > MAKS_DYBDE:
            raise Filfejl(
                f"{navn}: JSON-dokumentet er indlejret for dybt (mere end {MAKS_DYBDE} "
                "niveauer af lister og objekter)"
            )


def laes_json(indhold: bytes, navn: str) -> Any:
    """The JSON document in `indhold`, or Filfejl naming line and column."""
    if len(indhold) > MAKS_JSON_BYTES:
        raise _for_stor(navn, len(indhold), MAKS_JSON_BYTES)
    try:
        tekst = indhold.decode("utf-8-sig")
    except UnicodeDecodeError as fejl:
        raise Filfejl(
            f"{navn}: ikke gyldig UTF-8-tekst (byte {fejl.start}): er det en JSON-fil?"
        ) from fejl
    if not tekst.strip():
        raise Filfejl(f"{navn}: filen er tom")
    kontroller_dybde(tekst, navn)
    try:
        return json.loads(tekst)
    except RecursionError as fejl:  # pragma: no cover - kontroller_dybde comes first
        raise Filfejl(f"{navn}: JSON-dokumentet er indlejret for dybt") from fejl
    except json.JSONDecodeError as fejl:
        # A string that never ends runs to the end of the file, too.
        if fejl.pos >= len(fejl.doc.rstrip()) or fejl.msg.startswith("Unterminated string"):
            forklaring = "filen slutter midt i JSON-dokumentet (er den afkortet?)"
        else:
            forklaring = JSON_BESKEDER.get(fejl.msg, fejl.msg)
        raise Filfejl(
            f"{navn}: ikke gyldig JSON: linje {fejl.lineno}, kolonne {fejl.colno}: {forklaring}"
        ) from fejl


def laes_dokument(indhold: bytes, navn: str) -> dict[str, Any]:
    """A JSON document that satisfies the `lbf-aftaler` schema, or Filfejl."""
    data = laes_json(indhold, navn)
    try:
        skema.valider(data)
    except FormatFejl as fejl:
        raise Filfejl(f"{navn}: {fejl}") from fejl
    assert isinstance(data, dict)  # the schema says so
    return data


def laes_jsonfil(fil: Path) -> dict[str, Any]:
    """A .json file of the format; its size is checked before it is read."""
    try:
        if fil.stat().st_size > MAKS_JSON_BYTES:
            raise _for_stor(fil.name, fil.stat().st_size, MAKS_JSON_BYTES)
        with fil.open("rb") as f:
            # Bounded: a file that grows while it is read cannot exceed the cap either.
            indhold = f.read(MAKS_JSON_BYTES + 1)
    except OSError as fejl:
        raise Filfejl(f"Kan ikke læse {fil}: {fejl.strerror}") from fejl
    return laes_dokument(indhold, fil.name)


@dataclass(frozen=True)
class Medlem:
    """A member of a ZIP file as read: its bytes and their SHA-256."""

    navn: str
    indhold: bytes
    sha256: str


def maks_for(info: zipfile.ZipInfo) -> int:
    return MAKS_JSON_BYTES if info.filename.lower().endswith(".json") else MAKS_MEDLEM_BYTES


def kontroller_zip(arkiv: zipfile.ZipFile, zipnavn: str) -> None:
    """The caps on a ZIP's members, checked from its directory before anything is unpacked."""
    medlemmer = arkiv.infolist()
    if len(medlemmer) > MAKS_ZIP_MEDLEMMER:
        raise Filfejl(
            f"{zipnavn}: ZIP-filen har for mange filer ({len(medlemmer)}; højst "
            f"{MAKS_ZIP_MEDLEMMER:,})".replace(",", ".")
        )
    navne: set[str] = set()
    for info in medlemmer:
        hvor = f"{zipnavn}: {info.filename}"
        if info.filename in navne:
            # zipfile would read only the last of them: which one was meant is unclear.
            raise Filfejl(f"{hvor}: filen findes to gange i ZIP-filen")
        navne.add(info.filename)
        if info.flag_bits & 0x1:
            raise Filfejl(f"{hvor}: filen er krypteret")
        if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            # bzip2 and LZMA unpack without a bound per read; LBF's export uses deflate.
            raise Filfejl(f"{hvor}: ukendt komprimering (kun deflate eller ingen)")
        if info.file_size > maks_for(info):
            raise _for_stor(hvor, info.file_size, maks_for(info))
    samlet = sum(i.file_size for i in medlemmer)
    if samlet > MAKS_ZIP_BYTES:
        raise Filfejl(
            f"{zipnavn}: ZIP-filen fylder for meget udpakket ({samlet:,} byte; højst "
            f"{mb(MAKS_ZIP_BYTES)})".replace(",", ".")
        )


def laes_medlem(arkiv: zipfile.ZipFile, info: zipfile.ZipInfo, zipnavn: str) -> Medlem:
    """A member's bytes, never more than its header says nor than its cap (a bounded read)."""
    hvor = f"{zipnavn}: {info.filename}"
    maks = min(info.file_size, maks_for(info))
    dele = []
    laest = 0
    try:
        with arkiv.open(info) as f:
            while stykke := f.read(min(_STYKKE, maks + 1 - laest)):
                dele.append(stykke)
                laest += len(stykke)
                if laest > maks:
                    break
            # A header that says less than the data holds fails zipfile's CRC check here.
            rest = f.read(1)
    except (zipfile.BadZipFile, zlib.error, EOFError, RuntimeError, NotImplementedError) as fejl:
        raise Filfejl(f"{hvor}: kan ikke pakkes ud, ZIP-filen er beskadiget ({fejl})") from fejl
    if laest > maks or rest or laest != info.file_size:
        raise Filfejl(
            f"{hvor}: kan ikke pakkes ud, ZIP-filen er beskadiget (filen fylder ikke det, "
            "ZIP-filens indholdsfortegnelse angiver)"
        )
    indhold = b"".join(dele)
    return Medlem(info.filename, indhold, hashlib.sha256(indhold).hexdigest())
