"""Importing LBF's ZIP export: the agreements it holds, and their approved versions.

A ZIP export holds `manifest.json` and, per agreement, `<helhedsplan-slug>/<name>.json`
(beside the agreement's PDF and Word files): a complete `lbf-aftaler` document with one
helhedsplan and one agreement. The members are read in name order and merged into one
document (organisations by name, helhedsplaner by slug, their agreements one after the
other), which the command imports in one transaction: all of it, or nothing.
"""

from __future__ import annotations

import datetime
import json
import re
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from delaftaler import versioner
from delaftaler.dataformat.filer import Filfejl, laes_dokument
from delaftaler.models import Delaftale, StrategiskAftale

MANIFEST = "manifest.json"
# The lists of a helhedsplan that the members of a ZIP export add to; every other key
# is the plan's own and must be the same in each member.
AFTALELISTER = ("strategiske_aftaler", "delaftaler")


@dataclass
class Oprindelse:
    """Where each part of a merged document came from, to name the place of an error.

    The importer reports paths in the merged document; `sted` turns one into the member
    and the path inside it.
    """

    zipnavn: str
    organisationer: list[tuple[str, int]] = field(default_factory=list)
    planer: list[tuple[str, int]] = field(default_factory=list)
    dele: dict[tuple[int, str, int], tuple[str, int, int]] = field(default_factory=dict)

    def sted(self, sti: str) -> str:
        if m := re.fullmatch(r"helhedsplaner\[(\d+)\]\.(\w+)\[(\d+)\](.*)", sti):
            noegle = (int(m[1]), m[2], int(m[3]))
            if noegle in self.dele:
                medlem, plan, nr = self.dele[noegle]
                return f"{self.zipnavn}: {medlem}: helhedsplaner[{plan}].{m[2]}[{nr}]{m[4]}"
        if m := re.fullmatch(r"helhedsplaner\[(\d+)\](.*)", sti):
            medlem, plan = self.planer[int(m[1])]
            return f"{self.zipnavn}: {medlem}: helhedsplaner[{plan}]{m[2]}"
        if m := re.fullmatch(r"organisationer\[(\d+)\](.*)", sti):
            medlem, nr = self.organisationer[int(m[1])]
            return f"{self.zipnavn}: {medlem}: organisationer[{nr}]{m[2]}"
        return sted(self.zipnavn, sti)


def sted(navn: str, sti: str) -> str:
    return f"{navn}: {sti}" if sti else navn


def _vist(vaerdi: Any) -> str:
    tekst = json.dumps(vaerdi, ensure_ascii=False)
    return tekst if len(tekst) <= 80 else tekst[:79] + "…"


@dataclass
class _Fletning:
    """The merge of a ZIP's members into one document, member by member."""

    zipnavn: str
    oprindelse: Oprindelse
    organisationer: dict[str, dict[str, Any]] = field(default_factory=dict)
    planer: dict[str, dict[str, Any]] = field(default_factory=dict)
    # Where a plan's own fields, an organisation or an area was first given.
    kilde: dict[tuple[str, ...], str] = field(default_factory=dict)

    def organisation(self, medlem: str, nr: int, org: dict[str, Any]) -> None:
        navn = org["navn"]
        if navn not in self.organisationer:
            self.organisationer[navn] = org
            self.oprindelse.organisationer.append((medlem, nr))
            self.kilde[("org", navn)] = medlem
        elif self.organisationer[navn] != org:
            raise Filfejl(
                f"{self.zipnavn}: {medlem}: organisationer[{nr}]: organisationen {navn!r} har "
                f"typen {_vist(org['type'])} her, men typen "
                f"{_vist(self.organisationer[navn]['type'])} i {self.kilde[('org', navn)]}"
            )

    def plan(self, medlem: str, pnr: int, plan: dict[str, Any]) -> None:
        slug = plan["slug"]
        samlet = self.planer.get(slug)
        if samlet is None:
            samlet = self.planer[slug] = {
                **plan,
                "omraader": [],
                **{liste: [] for liste in AFTALELISTER},
            }
            self.oprindelse.planer.append((medlem, pnr))
            self.kilde[("plan", slug)] = medlem
        else:
            for noegle, vaerdi in plan.items():
                if noegle not in ("omraader", *AFTALELISTER) and samlet[noegle] != vaerdi:
                    raise Filfejl(
                        f"{self.zipnavn}: {medlem}: helhedsplaner[{pnr}].{noegle}: "
                        f"helhedsplanen {slug!r} har {noegle} {_vist(vaerdi)} her, men "
                        f"{_vist(samlet[noegle])} i {self.kilde[('plan', slug)]}"
                    )
        samlet_nr = list(self.planer).index(slug)
        self.omraader(medlem, pnr, plan, samlet, samlet_nr)
        for liste in AFTALELISTER:
            for anr, aftale in enumerate(plan[liste]):
                self.oprindelse.dele[(samlet_nr, liste, len(samlet[liste]))] = (medlem, pnr, anr)
                samlet[liste].append(aftale)

    def omraader(
        self, medlem: str, pnr: int, plan: dict[str, Any], samlet: dict[str, Any], samlet_nr: int
    ) -> None:
        """Each member may list all of the plan's areas or only those it uses."""
        slug = plan["slug"]
        kendte = {o["navn"]: o for o in samlet["omraader"]}
        for onr, omraade in enumerate(plan["omraader"]):
            navn = omraade["navn"]
            if navn not in kendte:
                noegle = (samlet_nr, "omraader", len(samlet["omraader"]))
                self.oprindelse.dele[noegle] = (medlem, pnr, onr)
                samlet["omraader"].append(omraade)
                kendte[navn] = omraade
                self.kilde[("omraade", slug, navn)] = medlem
            elif kendte[navn] != omraade:
                raise Filfejl(
                    f"{self.zipnavn}: {medlem}: helhedsplaner[{pnr}].omraader[{onr}]: området "
                    f"{navn!r} i helhedsplanen {slug!r} er beskrevet anderledes i "
                    f"{self.kilde[('omraade', slug, navn)]}"
                )


def flet(
    dokumenter: list[tuple[str, dict[str, Any]]], zipnavn: str
) -> tuple[dict[str, Any], Oprindelse]:
    """One document from the members' documents (each already valid by the schema)."""
    fletning = _Fletning(zipnavn, Oprindelse(zipnavn))
    for medlem, dokument in dokumenter:
        for nr, org in enumerate(dokument["organisationer"]):
            fletning.organisation(medlem, nr, org)
        for pnr, plan in enumerate(dokument["helhedsplaner"]):
            fletning.plan(medlem, pnr, plan)
    data = {
        "format": dokumenter[0][1]["format"],
        "version": dokumenter[0][1]["version"],
        "organisationer": list(fletning.organisationer.values()),
        "helhedsplaner": list(fletning.planer.values()),
    }
    return data, fletning.oprindelse


def _er_aftalefil(info: zipfile.ZipInfo) -> bool:
    sti = PurePosixPath(info.filename)
    return (
        not info.is_dir()
        and sti.suffix.lower() == ".json"
        and sti.name.lower() != MANIFEST
        # Folders and companion files a Mac's archiver adds.
        and "__MACOSX" not in sti.parts
        and not sti.name.startswith("._")
    )


def laes_zip(fil: Path) -> tuple[dict[str, Any], Oprindelse]:
    """The merged document of the agreement files in a ZIP export."""
    try:
        with zipfile.ZipFile(fil) as arkiv:
            medlemmer = sorted(
                (i for i in arkiv.infolist() if _er_aftalefil(i)), key=lambda i: i.filename
            )
            if not medlemmer:
                raise Filfejl(
                    f"{fil.name}: ZIP-filen indeholder ingen aftaler (ingen .json-filer ud over "
                    f"{MANIFEST})"
                )
            dokumenter = []
            for info in medlemmer:
                try:
                    indhold = arkiv.read(info)
                except (
                    zipfile.BadZipFile,
                    zlib.error,
                    EOFError,
                    RuntimeError,
                    NotImplementedError,
                ) as fejl:
                    raise Filfejl(
                        f"{fil.name}: {info.filename}: kan ikke pakkes ud, ZIP-filen er "
                        f"beskadiget ({fejl})"
                    ) from fejl
                dokumenter.append(
                    (info.filename, laes_dokument(indhold, f"{fil.name}: {info.filename}"))
                )
    except zipfile.BadZipFile as fejl:
        # zipfile's own words add nothing to the common case.
        detalje = "" if str(fejl) == "File is not a zip file" else f" ({fejl})"
        raise Filfejl(f"{fil.name}: ikke en gyldig ZIP-fil{detalje}") from fejl
    return flet(dokumenter, fil.name)


def gendan_versioner(fil: Path, slugs: list[str]) -> int:
    """Restore the approved versions an LBF export holds (its manifest says which).

    Each version gets back its number, dates and its very files (JSON, PDF, Word), so a
    new export from this installation is identical to the one imported.
    """
    with zipfile.ZipFile(fil) as arkiv:
        if MANIFEST not in arkiv.namelist():
            return 0
        manifest = json.loads(arkiv.read(MANIFEST))
        if not isinstance(manifest, dict) or manifest.get("format") != "lbf-eksport":
            return 0
        antal = 0
        for post in manifest.get("filer", []):
            navn = post.get("fil", "")
            if not navn.endswith(".json") or post.get("helhedsplan") not in slugs:
                continue
            stamme = navn[: -len(".json")]
            tekst = arkiv.read(navn).decode("utf-8")
            plan = json.loads(tekst)["helhedsplaner"][0]
            aftale = _find_aftale(plan)
            versioner.gendan(
                aftale,
                nummer=int(post["version"]),
                tekst=tekst,
                indhold_pdf=arkiv.read(stamme + ".pdf"),
                indhold_docx=arkiv.read(stamme + ".docx"),
                moededato=datetime.date.fromisoformat(post["godkendt_af_bestyrelsen"]),
                lbf_dato=(
                    datetime.date.fromisoformat(post["godkendt_af_lbf"])
                    if post.get("godkendt_af_lbf")
                    else None
                ),
                beslutning=f"Gendannet fra Landsbyggefondens eksport ({fil.name}).",
            )
            antal += 1
    return antal


def _find_aftale(plan: dict[str, Any]) -> Delaftale | StrategiskAftale:
    if plan["delaftaler"]:
        d = plan["delaftaler"][0]
        return Delaftale.objects.get(
            helhedsplan__slug=plan["slug"],
            indsatsomraade__slug=d["indsatsomraade"],
            gaelder_fra=d["gaelder_fra"],
        )
    s = plan["strategiske_aftaler"][0]
    return StrategiskAftale.objects.get(
        helhedsplan__slug=plan["slug"], gaelder_fra=s["gaelder_fra"]
    )
