"""Importing LBF's ZIP export: the agreements it holds, and their approved versions.

A ZIP export holds `manifest.json` and, per agreement, `<helhedsplan-slug>/<name>.json`
(beside the agreement's PDF and Word files): a complete `lbf-aftaler` document with one
helhedsplan and one agreement. The members are read in name order and merged into one
document (organisations by name, helhedsplaner by slug, their agreements one after the
other), which the command imports in one transaction: all of it, or nothing.

The manifest is what makes a version trustworthy. Before anything is parsed or written,
every member must be listed in it and match its SHA-256, and every listed file must be
there; a version is restored only onto the agreement this same import created from the
version's own JSON member, whose plan the manifest entry, the member's folder and the
member's content must all name. A ZIP without a manifest imports its agreements but
restores no version.
"""

from __future__ import annotations

import json
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from delaftaler import versioner
from delaftaler.dataformat import tillaeg
from delaftaler.dataformat.felter import FormatFejl
from delaftaler.dataformat.filer import Filfejl, Medlem, kontroller_zip, laes_dokument, laes_medlem
from delaftaler.dataformat.indlaesning import Resultat
from delaftaler.dataformat.opgradering import opgrader
from delaftaler.models import Delaftale, StrategiskAftale
from delaftaler.versioner.lbf_manifest import (
    AFTALELISTER,
    MANIFEST,
    Gendannelse,
    brugte_medlemmer,
    er_aftalefil,
    er_billede,
    er_rapport,
    laes_manifest,
    par,
)


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
    """One document from the members' documents (each already valid by the schema).

    The members may be of different versions of the format (an agreement approved before
    version 2 keeps its version 1 JSON): each is read as the current version first.
    """
    fletning = _Fletning(zipnavn, Oprindelse(zipnavn))
    dokumenter = [(medlem, opgrader(dokument)) for medlem, dokument in dokumenter]
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


@dataclass(frozen=True)
class Zipindhold:
    """A ZIP export as read: the merged document, and the versions (None: no manifest)."""

    navn: str
    data: dict[str, Any]
    oprindelse: Oprindelse
    versioner: list[Gendannelse] | None


def _er_uvedkommende(info: zipfile.ZipInfo) -> bool:
    sti = PurePosixPath(info.filename)
    # Folders and the companion files a Mac's archiver adds.
    return info.is_dir() or "__MACOSX" in sti.parts or sti.name.startswith("._")


def laes_zip(fil: Path) -> Zipindhold:
    """The agreements of a ZIP export and, if it has a manifest, their verified versions."""
    try:
        with zipfile.ZipFile(fil) as arkiv:
            return _laes_arkiv(arkiv, fil.name)
    except zipfile.BadZipFile as fejl:
        # zipfile's own words add nothing to the common case.
        detalje = "" if str(fejl) == "File is not a zip file" else f" ({fejl})"
        raise Filfejl(f"{fil.name}: ikke en gyldig ZIP-fil{detalje}") from fejl


def _laes_arkiv(arkiv: zipfile.ZipFile, zipnavn: str) -> Zipindhold:
    kontroller_zip(arkiv, zipnavn)
    infos = [i for i in arkiv.infolist() if not _er_uvedkommende(i)]
    manifest = next((i for i in infos if i.filename == MANIFEST), None)
    poster = laes_manifest(arkiv, manifest, zipnavn) if manifest else None
    medlemmer: dict[str, Medlem] = {}
    for info in sorted(brugte_medlemmer(infos, poster, zipnavn), key=lambda i: i.filename):
        medlem = laes_medlem(arkiv, info, zipnavn)
        if poster is not None and medlem.sha256 != poster[info.filename].data["sha256"]:
            raise Filfejl(
                f"{zipnavn}: {info.filename}: filens SHA-256-kontrolsum passer ikke med "
                f"{poster[info.filename].hvor}: filen er ændret efter eksporten"
            )
        medlemmer[info.filename] = medlem
    aftalefiler = [
        n
        for n in medlemmer
        if er_aftalefil(arkiv.getinfo(n)) and not er_rapport((poster or {}).get(n))
    ]
    if not aftalefiler:
        raise Filfejl(
            f"{zipnavn}: ZIP-filen indeholder ingen aftaler (ingen .json-filer ud over {MANIFEST})"
        )
    # Only now, every byte verified, is anything parsed.
    dokumenter = [(n, laes_dokument(medlemmer[n].indhold, f"{zipnavn}: {n}")) for n in aftalefiler]
    data, oprindelse = flet(dokumenter, zipnavn)
    versioner_ = None if poster is None else par(poster, medlemmer, dict(dokumenter), zipnavn)
    _gem_billeder(poster or {}, medlemmer, zipnavn)
    return Zipindhold(zipnavn, data, oprindelse, versioner_)


def _gem_billeder(poster: dict[str, Any], medlemmer: dict[str, Medlem], zipnavn: str) -> None:
    """The images the versions name, verified, kept by checksum where the import finds them
    (immutable copies: keeping one twice, or for an import that fails, changes nothing)."""
    for navn, medlem in medlemmer.items():
        if er_billede(poster.get(navn)):
            try:
                tillaeg.gem_fil(navn, medlem.indhold)
            except FormatFejl as fejl:
                raise Filfejl(f"{zipnavn}: {navn}: {fejl.besked}") from fejl


def gendan_versioner(indhold: Zipindhold, resultat: Resultat) -> int:
    """Restore the verified versions onto the agreements this import created from them.

    Each version gets back its number, dates and its very files (JSON, PDF, Word), so a
    new export from this installation is identical to the one imported. A version of a
    plan that was skipped (it existed already) is not restored: it is attached only to an
    agreement made from its own member now, never to one already in the database.
    """
    steder: dict[str, list[str]] = {}
    for (plan, liste, nr), (medlem, _pnr, _anr) in indhold.oprindelse.dele.items():
        if liste in AFTALELISTER:
            steder.setdefault(medlem, []).append(f"helhedsplaner[{plan}].{liste}[{nr}]")
    antal = 0
    for g in indhold.versioner or []:
        (sti_,) = steder[g.medlem]  # _version saw to one agreement per member
        aftale = resultat.aftaler.get(sti_)
        if aftale is None:
            continue
        assert isinstance(aftale, Delaftale | StrategiskAftale)
        if aftale.helhedsplan.slug != g.helhedsplan:  # pragma: no cover - _version checked it
            raise Filfejl(f"{indhold.navn}: {g.medlem}: hører ikke til {g.helhedsplan!r}")
        versioner.gendan(
            aftale,
            nummer=g.nummer,
            tekst=g.tekst,
            indhold_pdf=g.pdf,
            indhold_docx=g.docx,
            moededato=g.moededato,
            lbf_dato=g.lbf_dato,
            beslutning=f"Gendannet fra Landsbyggefondens eksport ({indhold.navn}).",
        )
        antal += 1
    return antal
