"""Import of an `lbf-aftaler` file: its organisations and helhedsplaner with their agreements.

Import is strict (unknown or missing keys, unresolved references and rule violations are
errors naming the place in the file) and atomic: nothing is half-imported.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db import transaction

from delaftaler.dataformat.aftaleindlaesning import AftaleImporter
from delaftaler.dataformat.felter import DATO, FORMAT, VERSIONER, FormatFejl, Node, gem
from delaftaler.dataformat.opgradering import opgrader
from delaftaler.models import (
    Aftale,
    Behandling,
    Fondsperiode,
    Helhedsplan,
    Omraade,
    Organisation,
    Version,
)


@dataclass
class Resultat:
    oprettet: list[str] = field(default_factory=list)
    sprunget_over: list[str] = field(default_factory=list)
    # Each agreement created, by its place in the file (`helhedsplaner[0].delaftaler[1]`):
    # LBF's ZIP import attaches a version only to the agreement made from its own member.
    aftaler: dict[str, Aftale] = field(default_factory=dict)


class Importer(AftaleImporter):
    """Reads a whole file; each helhedsplan's agreements through AftaleImporter."""

    def __init__(
        self, erstat: bool = False, bruger: Any = None, kommentar: str = "Indlæst"
    ) -> None:
        super().__init__(bruger=bruger, kommentar=kommentar)
        self.erstat = erstat
        self.resultat = Resultat()

    def importer(self, data: Any) -> Resultat:
        if not isinstance(data, dict):
            raise FormatFejl("", "filen skal indeholde et JSON-objekt")
        if data.get("format") != FORMAT:
            raise FormatFejl("format", f"skal være {FORMAT!r}")
        version = data.get("version")
        if not isinstance(version, int) or isinstance(version, bool) or version not in VERSIONER:
            kendte = " og ".join(str(v) for v in VERSIONER)
            raise FormatFejl("version", f"version {version!r} kendes ikke (kun {kendte})")
        # A version 1 file is read as the current version, its new keys at their defaults.
        data = opgrader(data)
        rod = Node(data, "", ["format", "version", "organisationer", "helhedsplaner"])
        if self.erstat:
            # Before anything is deleted, with a message rather than the database's refusal.
            kontroller_erstatning(data)
        with transaction.atomic():
            for sti, org in rod.liste("organisationer"):
                self.organisation(Node(org, sti, ["navn", "type"]))
            for sti, plan in rod.liste("helhedsplaner"):
                self.helhedsplan(plan, sti)
        return self.resultat

    def organisation(self, node: Node) -> None:
        navn = node.tekst("navn", tom_tilladt=False)
        org = Organisation.objects.filter(navn=navn).first() or Organisation(navn=navn)
        if org.pk is None:
            org.type = node.tekst("type")
            gem(org, node.sti)

    def helhedsplan(self, data: Any, sti: str) -> None:
        node = Node(
            data,
            sti,
            [
                "slug",
                "navn",
                "fondsperiode",
                "gaelder_fra",
                "gaelder_til",
                "kommune",
                "boligorganisationer",
                "omraader",
                "strategiske_aftaler",
                "delaftaler",
            ],
        )
        slug = node.tekst("slug", tom_tilladt=False)
        eksisterende = Helhedsplan.objects.filter(slug=slug).first()
        if eksisterende and not self.erstat:
            self.resultat.sprunget_over.append(slug)
            return
        if eksisterende:
            eksisterende.aftaler.all().delete()
            eksisterende.omraader.all().delete()
        plan = eksisterende or Helhedsplan(slug=slug)
        plan.navn = node.tekst("navn", tom_tilladt=False)
        kode = node.tekst("fondsperiode")
        fondsperiode = Fondsperiode.objects.filter(kode=kode).first()
        if fondsperiode is None:
            raise FormatFejl(node.under("fondsperiode"), f"fondsperioden {kode!r} findes ikke")
        plan.fondsperiode = fondsperiode
        plan.gaelder_fra = node.skalar("gaelder_fra", DATO)
        plan.gaelder_til = node.skalar("gaelder_til", DATO)
        plan.kommune = self.find_organisation(node.valgfri_tekst("kommune"), node.under("kommune"))
        gem(plan, sti)
        # One by one: the links keep the file's order (set() would not).
        plan.boligorganisationer.clear()
        for s, navn in node.liste("boligorganisationer"):
            plan.boligorganisationer.add(self.organisation_ved_navn(navn, s))
        self.omraader = self.plan_omraader(plan, node)
        self.plan = plan
        for s, d in node.liste("strategiske_aftaler"):
            self.resultat.aftaler[s] = self.strategisk_aftale(d, s)
        for s, d in node.liste("delaftaler"):
            self.resultat.aftaler[s] = self.delaftale(d, s)
        self.resultat.oprettet.append(slug)

    def plan_omraader(self, plan: Helhedsplan, node: Node) -> dict[str, Omraade]:
        """The helhedsplan's areas by name; an area's parent may come later in the list."""
        omraader: dict[str, Omraade] = {}
        overordnede: list[tuple[Omraade, str, str]] = []
        for nr, (s, data_omr) in enumerate(node.liste("omraader")):
            o = Node(data_omr, s, ["navn", "type", "organisation", "overordnet"])
            omr = Omraade(
                helhedsplan=plan,
                raekkefoelge=nr,
                navn=o.tekst("navn", tom_tilladt=False),
                type=o.tekst("type"),
                organisation=self.find_organisation(
                    o.valgfri_tekst("organisation"), o.under("organisation")
                ),
            )
            gem(omr, s)
            omraader[omr.navn] = omr
            if o.data["overordnet"] is not None:
                overordnede.append((omr, o.tekst("overordnet"), o.under("overordnet")))
        for omr, navn, s in overordnede:
            if navn not in omraader:
                raise FormatFejl(s, f"området {navn!r} findes ikke i helhedsplanens områder")
            omr.overordnet = omraader[navn]
            gem(omr, s)
        return omraader


def kontroller_erstatning(data: dict[str, Any]) -> None:
    """Refuse to replace a helhedsplan that has approved versions: they are never deleted.

    Replacing deletes the plan's agreements, and with them their versions; a version is
    what the board approved and LBF may ask for, so the import stops first, naming the plan.
    """
    planer = {p.get("slug"): nr for nr, p in enumerate(data.get("helhedsplaner", []))}
    med_versioner = (
        Version.objects.filter(aftale__helhedsplan__slug__in=[s for s in planer if s])
        .values_list("aftale__helhedsplan__slug", "aftale__helhedsplan__navn")
        .distinct()
        .order_by("aftale__helhedsplan__slug")
    )
    for slug, navn in med_versioner:
        antal = Version.objects.filter(aftale__helhedsplan__slug=slug).count()
        raise FormatFejl(
            f"helhedsplaner[{planer[slug]}].slug",
            f"helhedsplanen {slug!r} ({navn}) har {antal} "
            f"{'godkendt version' if antal == 1 else 'godkendte versioner'} og kan ikke "
            "erstattes: en godkendt "
            "version slettes aldrig. Indlæs filen uden at erstatte, eller ret helhedsplanen i "
            "programmet",
        )
    # A plan without versions may still have a log (a draft sent to the board): the log is
    # as permanent as the versions.
    med_log = (
        Behandling.objects.filter(aftale__helhedsplan__slug__in=[s for s in planer if s])
        .values_list("aftale__helhedsplan__slug", "aftale__helhedsplan__navn")
        .order_by("aftale__helhedsplan__slug")
        .first()
    )
    if med_log:
        slug, navn = med_log
        raise FormatFejl(
            f"helhedsplaner[{planer[slug]}].slug",
            f"helhedsplanen {slug!r} ({navn}) har aftaler, der har været sendt til "
            "bestyrelsen, og kan ikke erstattes: behandlingsloggen slettes aldrig. Indlæs "
            "filen uden at erstatte, eller ret helhedsplanen i programmet",
        )


def importer(data: Any, erstat: bool = False) -> Resultat:
    """Create the helhedsplaner in `data`; an existing one is skipped, or replaced if `erstat`."""
    return Importer(erstat=erstat).importer(data)
