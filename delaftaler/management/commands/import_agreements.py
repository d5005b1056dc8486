"""Import agreements from an `lbf-aftaler` JSON file or from LBF's ZIP export.

A ZIP export holds `manifest.json` and, per agreement, `<helhedsplan-slug>/<name>.json`
(beside the agreement's PDF and Word files): a complete `lbf-aftaler` document with one
helhedsplan and one agreement. The members are read in name order and merged into one
document (organisations by name, helhedsplaner by slug, their agreements one after the
other), which is imported in one transaction: all of it, or nothing.
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

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from delaftaler import versioner
from delaftaler.dataformat import FormatFejl, importer, skema
from delaftaler.models import Delaftale, Helhedsplan, Organisation, StrategiskAftale

MANIFEST = "manifest.json"
# The lists of a helhedsplan that the members of a ZIP export add to; every other key
# is the plan's own and must be the same in each member.
AFTALELISTER = ("strategiske_aftaler", "delaftaler")

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


def laes_json(indhold: bytes, navn: str) -> Any:
    """The JSON document in `indhold`, or CommandError naming line and column."""
    try:
        tekst = indhold.decode("utf-8-sig")
    except UnicodeDecodeError as fejl:
        raise CommandError(
            f"{navn}: ikke gyldig UTF-8-tekst (byte {fejl.start}): er det en JSON-fil?"
        ) from fejl
    if not tekst.strip():
        raise CommandError(f"{navn}: filen er tom")
    try:
        return json.loads(tekst)
    except json.JSONDecodeError as fejl:
        # A string that never ends runs to the end of the file, too.
        if fejl.pos >= len(fejl.doc.rstrip()) or fejl.msg.startswith("Unterminated string"):
            forklaring = "filen slutter midt i JSON-dokumentet (er den afkortet?)"
        else:
            forklaring = JSON_BESKEDER.get(fejl.msg, fejl.msg)
        raise CommandError(
            f"{navn}: ikke gyldig JSON: linje {fejl.lineno}, kolonne {fejl.colno}: {forklaring}"
        ) from fejl


def laes_dokument(indhold: bytes, navn: str) -> dict[str, Any]:
    """A JSON document that satisfies the `lbf-aftaler` schema, or CommandError."""
    data = laes_json(indhold, navn)
    try:
        skema.valider(data)
    except FormatFejl as fejl:
        raise CommandError(f"{navn}: {fejl}") from fejl
    assert isinstance(data, dict)  # the schema says so
    return data


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
        return _sted(self.zipnavn, sti)


def _sted(navn: str, sti: str) -> str:
    return f"{navn}: {sti}" if sti else navn


def _vist(vaerdi: Any) -> str:
    tekst = json.dumps(vaerdi, ensure_ascii=False)
    return tekst if len(tekst) <= 80 else tekst[:79] + "…"


def flet(
    dokumenter: list[tuple[str, dict[str, Any]]], zipnavn: str
) -> tuple[dict[str, Any], Oprindelse]:
    """One document from the members' documents (each already valid by the schema)."""
    oprindelse = Oprindelse(zipnavn)
    organisationer: dict[str, dict[str, Any]] = {}
    planer: dict[str, dict[str, Any]] = {}
    # Where a plan's own fields, an organisation or an area was first given.
    kilde: dict[tuple[str, ...], str] = {}

    for medlem, dokument in dokumenter:
        for nr, org in enumerate(dokument["organisationer"]):
            navn = org["navn"]
            if navn not in organisationer:
                organisationer[navn] = org
                oprindelse.organisationer.append((medlem, nr))
                kilde[("org", navn)] = medlem
            elif organisationer[navn] != org:
                raise CommandError(
                    f"{zipnavn}: {medlem}: organisationer[{nr}]: organisationen {navn!r} har "
                    f"typen {_vist(org['type'])} her, men typen "
                    f"{_vist(organisationer[navn]['type'])} i {kilde[('org', navn)]}"
                )
        for pnr, plan in enumerate(dokument["helhedsplaner"]):
            slug = plan["slug"]
            samlet = planer.get(slug)
            if samlet is None:
                samlet = planer[slug] = {
                    **plan,
                    "omraader": [],
                    **{liste: [] for liste in AFTALELISTER},
                }
                oprindelse.planer.append((medlem, pnr))
                kilde[("plan", slug)] = medlem
            else:
                for noegle, vaerdi in plan.items():
                    if noegle not in ("omraader", *AFTALELISTER) and samlet[noegle] != vaerdi:
                        raise CommandError(
                            f"{zipnavn}: {medlem}: helhedsplaner[{pnr}].{noegle}: "
                            f"helhedsplanen {slug!r} har {noegle} {_vist(vaerdi)} her, men "
                            f"{_vist(samlet[noegle])} i {kilde[('plan', slug)]}"
                        )
            samlet_nr = list(planer).index(slug)
            # Each member may list all of the plan's areas or only those it uses.
            kendte = {o["navn"]: o for o in samlet["omraader"]}
            for onr, omraade in enumerate(plan["omraader"]):
                navn = omraade["navn"]
                if navn not in kendte:
                    oprindelse.dele[(samlet_nr, "omraader", len(samlet["omraader"]))] = (
                        medlem,
                        pnr,
                        onr,
                    )
                    samlet["omraader"].append(omraade)
                    kendte[navn] = omraade
                    kilde[("omraade", slug, navn)] = medlem
                elif kendte[navn] != omraade:
                    raise CommandError(
                        f"{zipnavn}: {medlem}: helhedsplaner[{pnr}].omraader[{onr}]: området "
                        f"{navn!r} i helhedsplanen {slug!r} er beskrevet anderledes i "
                        f"{kilde[('omraade', slug, navn)]}"
                    )
            for liste in AFTALELISTER:
                for anr, aftale in enumerate(plan[liste]):
                    oprindelse.dele[(samlet_nr, liste, len(samlet[liste]))] = (medlem, pnr, anr)
                    samlet[liste].append(aftale)

    data = {
        "format": dokumenter[0][1]["format"],
        "version": dokumenter[0][1]["version"],
        "organisationer": list(organisationer.values()),
        "helhedsplaner": list(planer.values()),
    }
    return data, oprindelse


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
                raise CommandError(
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
                    raise CommandError(
                        f"{fil.name}: {info.filename}: kan ikke pakkes ud, ZIP-filen er "
                        f"beskadiget ({fejl})"
                    ) from fejl
                dokumenter.append(
                    (info.filename, laes_dokument(indhold, f"{fil.name}: {info.filename}"))
                )
    except zipfile.BadZipFile as fejl:
        # zipfile's own words add nothing to the common case.
        detalje = "" if str(fejl) == "File is not a zip file" else f" ({fejl})"
        raise CommandError(f"{fil.name}: ikke en gyldig ZIP-fil{detalje}") from fejl
    return flet(dokumenter, fil.name)


class Command(BaseCommand):
    help = (
        "Indlæser aftaler fra en JSON-fil i formatet lbf-aftaler eller fra LBF's ZIP-eksport "
        "(én JSON-fil pr. aftale). Opretter helhedsplanen, organisationerne og områderne, "
        "hvor de mangler. Filen kontrolleres mod skemaet (fixtures/lbf-aftaler.schema.json), "
        "før noget gemmes, og indlæsningen sker helt eller slet ikke. En helhedsplan, der "
        "findes i forvejen, springes over, medmindre --erstat er givet."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "fil", type=Path, metavar="FIL", help="En .json-fil eller LBF's .zip-eksport."
        )
        parser.add_argument(
            "--erstat",
            action="store_true",
            help="Erstat helhedsplaner, der findes i forvejen, med filens indhold "
            "(deres aftaler og områder slettes først).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        fil: Path = options["fil"]
        if not fil.exists():
            raise CommandError(f"Filen {fil} findes ikke.")
        if not fil.is_file():
            raise CommandError(f"{fil} er ikke en fil.")

        oprindelse: Oprindelse | None = None
        if fil.suffix.lower() == ".zip":
            data, oprindelse = laes_zip(fil)
        else:
            try:
                indhold = fil.read_bytes()
            except OSError as fejl:
                raise CommandError(f"Kan ikke læse {fil}: {fejl.strerror}") from fejl
            data = laes_dokument(indhold, fil.name)

        planer = data["helhedsplaner"]
        fandtes = set(
            Helhedsplan.objects.filter(slug__in=[p["slug"] for p in planer]).values_list(
                "slug", flat=True
            )
        )
        organisationer_foer = set(Organisation.objects.values_list("navn", flat=True))
        try:
            with transaction.atomic():
                resultat = importer(data, erstat=options["erstat"])
                gendannet = (
                    gendan_versioner(fil, resultat.oprettet) if fil.suffix.lower() == ".zip" else 0
                )
        except FormatFejl as fejl:
            sted = oprindelse.sted(fejl.sti) if oprindelse else _sted(fil.name, fejl.sti)
            raise CommandError(f"{sted}: {fejl.besked}") from fejl
        if gendannet:
            self.stdout.write(f"Gendannet {gendannet} godkendte versioner fra manifestet.")

        efter_slug = {p["slug"]: p for p in planer}
        for slug in resultat.oprettet:
            plan = efter_slug[slug]
            omfang = _antal(
                len(plan["strategiske_aftaler"]), "strategisk aftale", "strategiske aftaler"
            )
            omfang += ", " + _antal(len(plan["delaftaler"]), "delaftale", "delaftaler")
            handling = "Erstattet" if slug in fandtes else "Oprettet"
            self.stdout.write(f"{handling}: {slug} ({omfang})")
        for slug in resultat.sprunget_over:
            self.stdout.write(
                f"Sprunget over: {slug} findes allerede (brug --erstat for at erstatte)"
            )
        nye = [o["navn"] for o in data["organisationer"] if o["navn"] not in organisationer_foer]
        if nye:
            self.stdout.write(f"Nye organisationer: {', '.join(nye)}")
        self.stdout.write(
            self.style.SUCCESS(
                f"{fil.name}: "
                f"{_antal(len(resultat.oprettet), 'helhedsplan', 'helhedsplaner')} indlæst, "
                f"{len(resultat.sprunget_over)} sprunget over"
            )
        )


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


def _antal(antal: int, ental: str, flertal: str) -> str:
    return f"{antal} {ental if antal == 1 else flertal}"
