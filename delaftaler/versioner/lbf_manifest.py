"""The manifest of LBF's ZIP export: its entries, and the versions they pair.

lbf_eksport.skriv_zip lists every file of the export in `manifest.json` with its plan,
version, approval dates and SHA-256. The import trusts a file only through its entry:
every member must be listed, every entry's file present (lbf_import checks the bytes
against the checksums), and a version is the JSON, PDF and Word file of one stem whose
entries, folder and JSON content all name the same plan.

An entry with `statusrapport` (its year) is a file of an approved status report: it is
listed and checked like every file, but it is no agreement and no version to restore
(`er_rapport`), so the import leaves it out.
"""

from __future__ import annotations

import datetime
import json
import zipfile
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import Any

from jsonschema import Draft202012Validator
from jsonschema.exceptions import best_match

from delaftaler.dataformat.filer import (
    MAKS_ZIP_MEDLEMMER,
    Filfejl,
    Medlem,
    laes_json,
    laes_medlem,
)
from delaftaler.dataformat.skemadele import DATO_MOENSTER, SLUG_MOENSTER
from delaftaler.dataformat.validering import besked, sti
from delaftaler.models import TEKST_MAKS

MANIFEST = "manifest.json"
# The lists of a helhedsplan that the members of a ZIP export add to; every other key
# is the plan's own and must be the same in each member.
AFTALELISTER = ("strategiske_aftaler", "delaftaler")
# The files of one version, by their ending in the manifest.
ENDELSER = (".json", ".pdf", ".docx")
SHA256_MOENSTER = r"^[0-9a-f]{64}$"
_DATO = {"type": "string", "pattern": DATO_MOENSTER, "format": "date"}
# The manifest as lbf_eksport.skriv_zip writes it; an entry has exactly its keys.
MANIFEST_SKEMA: dict[str, Any] = {
    "type": "object",
    "required": ["format", "version", "filer"],
    "properties": {
        "format": {"const": "lbf-eksport"},
        "version": {"const": 1},
        "filer": {
            "type": "array",
            "maxItems": MAKS_ZIP_MEDLEMMER,
            "items": {
                "type": "object",
                "required": ["fil", "helhedsplan", "version", "godkendt_af_bestyrelsen", "sha256"],
                "additionalProperties": False,
                "properties": {
                    "fil": {"type": "string", "minLength": 1, "maxLength": 1000},
                    "helhedsplan": {"type": "string", "pattern": SLUG_MOENSTER, "maxLength": 200},
                    "aftale": {"type": "string", "maxLength": TEKST_MAKS},
                    "version": {"type": "integer", "minimum": 1, "maximum": 1_000_000},
                    "godkendt_af_bestyrelsen": _DATO,
                    "godkendt_af_lbf": {**_DATO, "type": ["string", "null"]},
                    "statusrapport": {"type": "integer", "minimum": 1900, "maximum": 2100},
                    "billede": {"const": True},
                    "sha256": {"type": "string", "pattern": SHA256_MOENSTER},
                },
            },
        },
    },
}
# What the three files of one version must agree on.
_FAELLES = ("helhedsplan", "version", "godkendt_af_bestyrelsen", "godkendt_af_lbf")


@dataclass(frozen=True)
class Post:
    """One entry of the manifest, with its place in it."""

    nr: int
    data: dict[str, Any]

    @property
    def fil(self) -> str:
        return str(self.data["fil"])

    @property
    def hvor(self) -> str:
        return f"{MANIFEST}: filer[{self.nr}]"


@dataclass(frozen=True)
class Gendannelse:
    """An approved version to restore: its JSON member, its files and dates as listed."""

    medlem: str
    helhedsplan: str
    nummer: int
    tekst: str
    pdf: bytes
    docx: bytes
    moededato: datetime.date
    lbf_dato: datetime.date | None


def _vist(vaerdi: Any) -> str:
    return json.dumps(vaerdi, ensure_ascii=False)


def er_rapport(post: Post | None) -> bool:
    """A file of an approved status report (not an agreement)."""
    return post is not None and "statusrapport" in post.data


def er_billede(post: Post | None) -> bool:
    """An image a version's JSON names (kept by checksum before the import; no version)."""
    return post is not None and post.data.get("billede") is True


def er_aftalefil(info: zipfile.ZipInfo) -> bool:
    sti = PurePosixPath(info.filename)
    return sti.suffix.lower() == ".json" and sti.name.lower() != MANIFEST


def laes_manifest(arkiv: zipfile.ZipFile, info: zipfile.ZipInfo, zipnavn: str) -> dict[str, Post]:
    """The manifest's entries by file name, checked against MANIFEST_SKEMA."""
    hvor = f"{zipnavn}: {MANIFEST}"
    data = laes_json(laes_medlem(arkiv, info, zipnavn).indhold, hvor)
    validator = Draft202012Validator(
        MANIFEST_SKEMA, format_checker=Draft202012Validator.FORMAT_CHECKER
    )
    if (fejl := best_match(validator.iter_errors(data))) is not None:
        forklaring = besked(fejl)
        if fejl.validator == "pattern" and fejl.validator_value == SHA256_MOENSTER:
            forklaring = "skal være en SHA-256-kontrolsum (64 tegn 0-9 og a-f)"
        elif fejl.validator == "const" and not fejl.absolute_path:  # pragma: no cover
            forklaring = "er ikke Landsbyggefondens manifest"
        plads = sti(fejl.absolute_path)
        raise Filfejl(f"{hvor}: {plads}: {forklaring}" if plads else f"{hvor}: {forklaring}")
    poster: dict[str, Post] = {}
    for nr, post in enumerate(data["filer"]):
        if post["fil"] in poster:
            raise Filfejl(
                f"{hvor}: filer[{nr}]: filen {post['fil']!r} står også i filer[{poster[post['fil']].nr}]"
            )
        poster[post["fil"]] = Post(nr, post)
    return poster


def brugte_medlemmer(
    infos: list[zipfile.ZipInfo], poster: dict[str, Post] | None, zipnavn: str
) -> list[zipfile.ZipInfo]:
    """The members to read: with a manifest all of them, each listed, and nothing missing."""
    filer = [i for i in infos if i.filename != MANIFEST]
    if poster is None:
        return [i for i in filer if er_aftalefil(i)]
    for info in filer:
        if info.filename not in poster:
            raise Filfejl(
                f"{zipnavn}: {info.filename}: filen står ikke i {MANIFEST}, så dens indhold "
                "kan ikke kontrolleres"
            )
    navne = {i.filename for i in filer}
    for post in poster.values():
        if post.fil not in navne:
            raise Filfejl(f"{zipnavn}: {post.hvor}: filen {post.fil!r} findes ikke i ZIP-filen")
    return filer


def par(
    poster: dict[str, Post],
    medlemmer: dict[str, Medlem],
    dokumenter: dict[str, dict[str, Any]],
    zipnavn: str,
) -> list[Gendannelse]:
    """Each version as the manifest pairs it: JSON, PDF and Word of one stem, one plan."""
    stammer: dict[str, dict[str, Post]] = {}
    for post in poster.values():
        if er_rapport(post) or er_billede(post):
            continue
        endelse = PurePosixPath(post.fil).suffix
        if endelse not in ENDELSER:
            raise Filfejl(
                f"{zipnavn}: {post.hvor}: filen {post.fil!r} er hverken .json, .pdf eller .docx"
            )
        stammer.setdefault(post.fil[: -len(endelse)], {})[endelse] = post
    return [
        _version(stamme, filer, medlemmer, dokumenter, zipnavn)
        for stamme, filer in sorted(stammer.items())
    ]


def _version(
    stamme: str,
    filer: dict[str, Post],
    medlemmer: dict[str, Medlem],
    dokumenter: dict[str, dict[str, Any]],
    zipnavn: str,
) -> Gendannelse:
    foerste = min(filer.values(), key=lambda p: p.nr)
    for endelse in ENDELSER:
        if endelse not in filer:
            raise Filfejl(
                f"{zipnavn}: {foerste.hvor}: versionen {stamme!r} mangler sin {endelse}-fil "
                f"({stamme}{endelse}) i {MANIFEST}"
            )
    post = filer[".json"]
    for anden in (filer[".pdf"], filer[".docx"]):
        for noegle in _FAELLES:
            if anden.data.get(noegle) != post.data.get(noegle):
                raise Filfejl(
                    f"{zipnavn}: {anden.hvor}.{noegle}: {_vist(anden.data.get(noegle))} passer "
                    f"ikke med {post.hvor} ({_vist(post.data.get(noegle))}) for samme version"
                )
    slug = post.data["helhedsplan"]
    if PurePosixPath(post.fil).parent.as_posix() != slug:
        raise Filfejl(
            f"{zipnavn}: {post.hvor}: filen {post.fil!r} ligger ikke i mappen for "
            f"helhedsplanen {slug!r}"
        )
    planer = dokumenter[post.fil]["helhedsplaner"]
    aftaler = [a for p in planer for liste in AFTALELISTER for a in p[liste]]
    if len(planer) != 1 or len(aftaler) != 1:
        raise Filfejl(
            f"{zipnavn}: {post.fil}: helhedsplaner: en version skal være præcis én "
            "helhedsplan med én aftale"
        )
    if planer[0]["slug"] != slug:
        raise Filfejl(
            f"{zipnavn}: {post.fil}: helhedsplaner[0].slug: filen hører til helhedsplanen "
            f"{planer[0]['slug']!r}, men {post.hvor} siger {slug!r}"
        )
    lbf = post.data.get("godkendt_af_lbf")
    return Gendannelse(
        medlem=post.fil,
        helhedsplan=slug,
        nummer=post.data["version"],
        # The version's JSON is the member itself, byte for byte (its checksum was checked).
        tekst=medlemmer[post.fil].indhold.decode("utf-8"),
        pdf=medlemmer[filer[".pdf"].fil].indhold,
        docx=medlemmer[filer[".docx"].fil].indhold,
        moededato=datetime.date.fromisoformat(post.data["godkendt_af_bestyrelsen"]),
        lbf_dato=datetime.date.fromisoformat(lbf) if lbf else None,
    )
