"""Read and write agreements in the `lbf-aftaler` JSON format (fixtures/FORMAT.md).

One declarative description per entity (which keys are scalars of which kind, which
are children) drives both directions, so import and export cannot drift apart. Import
is strict (unknown or missing keys, unresolved references and rule violations are
errors naming the place in the file) and atomic: nothing is half-imported.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction

from aktiviteter.models import (
    Aktivitet,
    AktivitetCfbuType,
    CfbuType,
    Datatabel,
    DatatabelCelle,
    DatatabelKolonne,
    DatatabelRaekke,
    Element,
    Fase,
    Omfang,
    Rolle,
    UnderstoettetDelmaal,
)
from delaftaler.dansk import decimaler_i
from delaftaler.historik import gem_revision
from delaftaler.models import (
    Afsnit,
    Aftale,
    Bestyrelsesmedlem,
    Delaftale,
    Fodnote,
    Fondsperiode,
    Helhedsplan,
    Indsatsomraade,
    Medarbejderressource,
    Omraade,
    Organisation,
    Part,
    Politikraekke,
    Politiktabel,
    StrategiskAftale,
    ValgtIndsatsomraade,
)
from indikatorer.models import BaselineVaerdi, Indikator, Maal

FORMAT = "lbf-aftaler"
VERSION = 1

# Kinds of scalar: text, date, decimal, decimal that remembers its decimals, integer,
# boolean, list of texts.
TEKST, DATO, TAL, TAL_PRAECIS, HELTAL, BOOL, LISTE = (
    "tekst",
    "dato",
    "tal",
    "tal_praecis",
    "heltal",
    "bool",
    "liste",
)

# Decimal fields whose written precision is kept in a companion field.
PRAECISION = {"procent": "procent_decimaler", "vaerdi": "vaerdi_decimaler"}

PART = [
    ("navn", TEKST),
    ("enhed", TEKST),
    ("titel", TEKST),
    ("beskrivelse", TEKST),
    ("underskrift_dato", DATO),
    ("underskrift_navn", TEKST),
]
BASELINE = [
    ("slags", TEKST),
    ("delindikator", TEKST),
    ("referencegruppe", TEKST),
    ("aar", HELTAL),
    ("antal", TAL),
    ("naevner", TAL),
    ("enhed", TEKST),
    ("procent", TAL_PRAECIS),
    ("vaerdi", TAL_PRAECIS),
    ("kommentar", TEKST),
    ("afventer", BOOL),
    ("afventer_tekst", TEKST),
]
DELAFTALE = [
    ("indsatsnavn", TEKST),
    ("motto", TEKST),
    ("gaelder_fra", DATO),
    ("gaelder_til", DATO),
    ("parter_tekst", TEKST),
    ("aktiviteter_tekst", TEKST),
    ("vaegtning_procent", TAL),
    ("ressourcer_tekst", TEKST),
    ("kommunal_sammenhaeng", TEKST),
    ("bemaerkninger", TEKST),
    ("revision", TEKST),
]
STRATEGISK = [
    ("omraadets_navn", TEKST),
    ("gaelder_fra", DATO),
    ("gaelder_til", DATO),
    ("kort_om_omraadet", TEKST),
    ("vision", TEKST),
    ("vision_tekst", TEKST),
    ("lokal_evaluering", TEKST),
    ("revision", TEKST),
]
AKTIVITET = [
    ("navn", TEKST),
    ("undertitel", TEKST),
    ("listenavn", TEKST),
    ("listebeskrivelse", TEKST),
    ("beskrevet_i", TEKST),
    ("formaal", TEKST),
    ("formaal_punkter", LISTE),
    ("delmaal_punkter", LISTE),
    ("maalgruppe", TEKST),
    ("maalgruppe_punkter", LISTE),
    ("indhold_og_praksis", TEKST),
    ("elementer_titel", TEKST),
    ("ansvar", TEKST),
    ("kilder", LISTE),
]
ELEMENT = [("element", TEKST), ("indhold", TEKST), ("aktoerer", LISTE)]
ROLLE = [("part", TEKST), ("tekst", TEKST), ("punkter", LISTE)]
FASE = [("navn", TEKST), ("periode", TEKST), ("beskrivelse", TEKST)]
OMFANG = [
    ("beskrivelse", TEKST),
    ("antal", TAL),
    ("enhed", TEKST),
    ("pr", TEKST),
    ("hver", HELTAL),
    ("kvalifikator", TEKST),
]
RESSOURCE = [
    ("funktion", TEKST),
    ("arbejdsgiver", TEKST),
    ("kontrakt_timer_uge", TAL),
    ("maengde", TAL),
    ("enhed", TEKST),
    ("varighed_aar", HELTAL),
    ("bemaerkning", TEKST),
]
POLITIKTABEL = [
    ("titel", TEKST),
    ("intro", TEKST),
    ("venstre_overskrift", TEKST),
    ("hoejre_overskrift", TEKST),
    ("efter_tekst", TEKST),
]
POLITIKRAEKKE = [("titel", TEKST), ("tekst", TEKST), ("hoejre_tekst", TEKST), ("kommentar", TEKST)]
AFSNIT = [("sektion", HELTAL), ("slags", TEKST), ("overskrift", TEKST), ("tekst", TEKST)]
BESTYRELSESMEDLEM = [("funktion", TEKST), ("titel", TEKST)]
VALGT = [("problemkompleks", TEKST), ("maal_tekst", TEKST), ("primaer_maalgruppe", TEKST)]


class FormatFejl(Exception):
    """Invalid input, with the place in the file it concerns."""

    def __init__(self, sti: str, besked: str) -> None:
        self.sti = sti
        self.besked = besked
        super().__init__(f"{sti}: {besked}" if sti else besked)


@dataclass
class Resultat:
    oprettet: list[str] = field(default_factory=list)
    sprunget_over: list[str] = field(default_factory=list)


# --- Import -----------------------------------------------------------------------------


class Node:
    """A JSON object being read, with its path for error messages."""

    def __init__(self, data: Any, sti: str, noegler: list[str]) -> None:
        if not isinstance(data, dict):
            raise FormatFejl(sti, "skal være et objekt")
        mangler = [n for n in noegler if n not in data]
        if mangler:
            raise FormatFejl(sti, f"mangler {', '.join(mangler)}")
        ukendte = sorted(set(data) - set(noegler))
        if ukendte:
            raise FormatFejl(sti, f"ukendt nøgle {', '.join(ukendte)}")
        self.data = data
        self.sti = sti

    def under(self, noegle: str) -> str:
        return f"{self.sti}.{noegle}" if self.sti else noegle

    def liste(self, noegle: str) -> list[tuple[str, Any]]:
        vaerdi = self.data[noegle]
        if not isinstance(vaerdi, list):
            raise FormatFejl(self.under(noegle), "skal være en liste")
        return [(f"{self.under(noegle)}[{i}]", v) for i, v in enumerate(vaerdi)]

    def tekst(self, noegle: str, tom_tilladt: bool = True) -> str:
        vaerdi = self.data[noegle]
        if not isinstance(vaerdi, str):
            raise FormatFejl(self.under(noegle), "skal være en tekst")
        if not tom_tilladt and not vaerdi.strip():
            raise FormatFejl(self.under(noegle), "må ikke være tom")
        return vaerdi

    def valgfri_tekst(self, noegle: str) -> str | None:
        vaerdi = self.data[noegle]
        return None if vaerdi is None else self.tekst(noegle)

    def skalar(self, noegle: str, art: str) -> Any:
        vaerdi = self.data[noegle]
        sti = self.under(noegle)
        if art == TEKST:
            return self.tekst(noegle)
        if art == LISTE:
            if not isinstance(vaerdi, list) or not all(isinstance(v, str) for v in vaerdi):
                raise FormatFejl(sti, "skal være en liste af tekster")
            return vaerdi
        if art == BOOL:
            if not isinstance(vaerdi, bool):
                raise FormatFejl(sti, "skal være true eller false")
            return vaerdi
        if vaerdi is None:
            return None
        if art == DATO:
            try:
                return datetime.date.fromisoformat(vaerdi)
            except (TypeError, ValueError):
                raise FormatFejl(sti, f"{vaerdi!r} er ikke en dato (ÅÅÅÅ-MM-DD)") from None
        if art == HELTAL:
            if isinstance(vaerdi, bool) or not isinstance(vaerdi, int):
                raise FormatFejl(sti, f"{vaerdi!r} er ikke et heltal")
            return vaerdi
        return tal(vaerdi, sti)

    def saet(self, objekt: models.Model, felter: list[tuple[str, str]]) -> None:
        for noegle, art in felter:
            vaerdi = self.skalar(noegle, art)
            setattr(objekt, noegle, vaerdi)
            if art == TAL_PRAECIS:
                setattr(
                    objekt, PRAECISION[noegle], decimaler_i(vaerdi) if vaerdi is not None else 0
                )


def tal(vaerdi: Any, sti: str) -> Decimal:
    if isinstance(vaerdi, bool) or not isinstance(vaerdi, str | int):
        raise FormatFejl(sti, f'{vaerdi!r} er ikke et tal (skriv f.eks. "6.3")')
    try:
        d = Decimal(str(vaerdi))
    except InvalidOperation:
        raise FormatFejl(sti, f'{vaerdi!r} er ikke et tal (skriv f.eks. "6.3")') from None
    if not d.is_finite():
        raise FormatFejl(sti, f"{vaerdi!r} er ikke et tal")
    return d


def noegler(felter: list[tuple[str, str]], *ekstra: str) -> list[str]:
    return [n for n, _ in felter] + list(ekstra)


def gem(objekt: models.Model, sti: str, **kwargs: Any) -> None:
    """Validate with the model's own rules (Danish messages) and save."""
    try:
        objekt.full_clean(**kwargs)
    except ValidationError as fejl:
        beskeder = []
        for felt, fejlliste in fejl.message_dict.items():
            for besked in fejlliste:
                beskeder.append(besked if felt == "__all__" else f"{felt}: {besked}")
        raise FormatFejl(sti, "; ".join(dict.fromkeys(beskeder))) from None
    objekt.save()


class Importer:
    def __init__(
        self, erstat: bool = False, bruger: Any = None, kommentar: str = "Indlæst"
    ) -> None:
        self.erstat = erstat
        self.resultat = Resultat()
        self.bruger = bruger
        self.kommentar = kommentar
        self.plan: Helhedsplan
        self.omraader: dict[str, Omraade] = {}

    def importer(self, data: Any) -> Resultat:
        if not isinstance(data, dict):
            raise FormatFejl("", "filen skal indeholde et JSON-objekt")
        if data.get("format") != FORMAT:
            raise FormatFejl("format", f"skal være {FORMAT!r}")
        if data.get("version") != VERSION:
            raise FormatFejl(
                "version", f"version {data.get('version')!r} kendes ikke (kun {VERSION})"
            )
        rod = Node(data, "", ["format", "version", "organisationer", "helhedsplaner"])
        with transaction.atomic():
            for sti, org in rod.liste("organisationer"):
                self.organisation(Node(org, sti, ["navn", "type"]))
            for sti, plan in rod.liste("helhedsplaner"):
                self.helhedsplan(plan, sti)
        return self.resultat

    @staticmethod
    def boern(
        node: Node,
        noegle: str,
        model: type[models.Model],
        felter: list[tuple[str, str]],
        *referencer: str,
        **foraelder: Any,
    ) -> Iterator[tuple[Node, Any]]:
        """Each child under `noegle` in order, as (its node, an unsaved object with its scalars set).

        The caller sets the `referencer` keys (names resolved to objects) and saves.
        """
        for nr, (sti, data) in enumerate(node.liste(noegle)):
            barn_node = Node(data, sti, noegler(felter, *referencer))
            barn = model(raekkefoelge=nr, **foraelder)
            barn_node.saet(barn, felter)
            yield barn_node, barn

    def organisation(self, node: Node) -> None:
        navn = node.tekst("navn", tom_tilladt=False)
        org = Organisation.objects.filter(navn=navn).first() or Organisation(navn=navn)
        if org.pk is None:
            org.type = node.tekst("type")
            gem(org, node.sti)

    def find_organisation(self, navn: str | None, sti: str) -> Organisation | None:
        return None if navn is None else self.organisation_ved_navn(navn, sti)

    def organisation_ved_navn(self, navn: Any, sti: str) -> Organisation:
        org = Organisation.objects.filter(navn=navn).first() if isinstance(navn, str) else None
        if org is None:
            raise FormatFejl(sti, f"organisationen {navn!r} findes ikke i filens organisationer")
        return org

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
        self.omraader = omraader
        self.plan = plan
        for s, d in node.liste("strategiske_aftaler"):
            self.strategisk_aftale(d, s)
        for s, d in node.liste("delaftaler"):
            self.delaftale(d, s)
        self.resultat.oprettet.append(slug)

    # Parts shared by both kinds of agreement.

    def parter_og_fodnoter(self, aftale: Aftale, node: Node) -> dict[int, Fodnote]:
        fodnoter: dict[int, Fodnote] = {}
        for s, d in node.liste("fodnoter"):
            f = Node(d, s, ["nummer", "tekst"])
            fodnote = Fodnote(
                aftale=aftale,
                nummer=f.skalar("nummer", HELTAL),
                tekst=f.tekst("tekst", tom_tilladt=False),
            )
            gem(fodnote, s)
            fodnoter[fodnote.nummer] = fodnote
        for p, part in self.boern(node, "parter", Part, PART, "organisation", aftale=aftale):
            part.organisation = self.find_organisation(
                p.valgfri_tekst("organisation"), p.under("organisation")
            )
            gem(part, p.sti)
        return fodnoter

    def maal(
        self, aftale: Aftale, node: Node, noegle: str, fodnoter: dict[int, Fodnote]
    ) -> dict[str, Maal]:
        alle: dict[str, Maal] = {}
        for nr, (s, d) in enumerate(node.liste(noegle)):
            m = Node(d, s, ["navn", "maalsaetning", "indikatorer"])
            maal = Maal(
                aftale=aftale,
                raekkefoelge=nr,
                navn=m.tekst("navn", tom_tilladt=False),
                maalsaetning=m.tekst("maalsaetning"),
            )
            gem(maal, s)
            alle[maal.navn] = maal
            for inr, (si, di) in enumerate(m.liste("indikatorer")):
                i = Node(di, si, ["navn", "datakilde", "datakilde_note", "baselines"])
                indikator = Indikator(
                    maal=maal,
                    raekkefoelge=inr,
                    navn=i.tekst("navn", tom_tilladt=False),
                    datakilde=i.tekst("datakilde"),
                    datakilde_note=i.tekst("datakilde_note"),
                )
                gem(indikator, si)
                for bnr, (sb, db) in enumerate(i.liste("baselines")):
                    b = Node(db, sb, noegler(BASELINE, "omraade", "fodnote"))
                    baseline = BaselineVaerdi(indikator=indikator, raekkefoelge=bnr)
                    b.saet(baseline, BASELINE)
                    omr = b.valgfri_tekst("omraade")
                    if omr is not None:
                        if omr not in self.omraader:
                            raise FormatFejl(
                                b.under("omraade"),
                                f"området {omr!r} findes ikke i helhedsplanens områder",
                            )
                        baseline.omraade = self.omraader[omr]
                    nummer = b.skalar("fodnote", HELTAL)
                    if nummer is not None:
                        if nummer not in fodnoter:
                            raise FormatFejl(
                                b.under("fodnote"),
                                f"fodnote {nummer} findes ikke i aftalens fodnoter",
                            )
                        baseline.fodnote = fodnoter[nummer]
                    gem(baseline, sb)
        return alle

    def strategisk_aftale(self, data: Any, sti: str) -> StrategiskAftale:
        node = Node(
            data,
            sti,
            noegler(
                STRATEGISK,
                "parter",
                "politiktabeller",
                "afsnit",
                "bestyrelsesmedlemmer",
                "overordnede_maal",
                "indsatsomraader",
                "fodnoter",
            ),
        )
        aftale = StrategiskAftale(helhedsplan=self.plan)
        node.saet(aftale, STRATEGISK)
        gem(aftale, sti)
        fodnoter = self.parter_og_fodnoter(aftale, node)
        maal = list(self.maal(aftale, node, "overordnede_maal", fodnoter).values())
        for t, tabel in self.boern(
            node, "politiktabeller", Politiktabel, POLITIKTABEL, "raekker", aftale=aftale
        ):
            gem(tabel, t.sti)
            for r, raekke in self.boern(
                t, "raekker", Politikraekke, POLITIKRAEKKE, "maal", tabel=tabel
            ):
                gem(raekke, r.sti)
                valgte = []
                for sm, nummer in r.liste("maal"):
                    if (
                        isinstance(nummer, bool)
                        or not isinstance(nummer, int)
                        or not 1 <= nummer <= len(maal)
                    ):
                        raise FormatFejl(
                            sm, f"mål {nummer!r} findes ikke (aftalen har {len(maal)} mål)"
                        )
                    valgte.append(maal[nummer - 1])
                raekke.maal.set(valgte)
        for a, afsnit in self.boern(node, "afsnit", Afsnit, AFSNIT, aftale=aftale):
            gem(afsnit, a.sti)
        for b, medlem in self.boern(
            node,
            "bestyrelsesmedlemmer",
            Bestyrelsesmedlem,
            BESTYRELSESMEDLEM,
            "organisation",
            aftale=aftale,
        ):
            medlem.organisation = self.find_organisation(
                b.valgfri_tekst("organisation"), b.under("organisation")
            )
            gem(medlem, b.sti)
        for v, valgt in self.boern(
            node, "indsatsomraader", ValgtIndsatsomraade, VALGT, "indsatsomraade", aftale=aftale
        ):
            valgt.indsatsomraade = self.find_indsatsomraade(
                v.tekst("indsatsomraade"), v.under("indsatsomraade")
            )
            gem(valgt, v.sti)
        gem_revision(aftale, self.bruger, self.kommentar)
        return aftale

    def find_indsatsomraade(self, slug: str, sti: str) -> Indsatsomraade:
        omr = Indsatsomraade.objects.filter(fondsperiode=self.plan.fondsperiode, slug=slug).first()
        if omr is None:
            raise FormatFejl(
                sti,
                f"indsatsområdet {slug!r} findes ikke i fondsperioden {self.plan.fondsperiode.kode}",
            )
        return omr

    def delaftale(self, data: Any, sti: str) -> Delaftale:
        node = Node(
            data,
            sti,
            noegler(
                DELAFTALE,
                "indsatsomraade",
                "parter",
                "delmaal",
                "aktiviteter",
                "medarbejderressourcer",
                "fodnoter",
            ),
        )
        aftale = Delaftale(helhedsplan=self.plan)
        node.saet(aftale, DELAFTALE)
        aftale.indsatsomraade = self.find_indsatsomraade(
            node.tekst("indsatsomraade"), node.under("indsatsomraade")
        )
        gem(aftale, sti)
        fodnoter = self.parter_og_fodnoter(aftale, node)
        delmaal = self.maal(aftale, node, "delmaal", fodnoter)
        aktiviteter: dict[str, Aktivitet] = {}
        for nr, (s, d) in enumerate(node.liste("aktiviteter")):
            aktivitet = self.aktivitet(aftale, nr, d, s, delmaal)
            aktiviteter[aktivitet.navn] = aktivitet
        for r, ressource in self.boern(
            node,
            "medarbejderressourcer",
            Medarbejderressource,
            RESSOURCE,
            "aktivitet",
            delaftale=aftale,
        ):
            navn = r.valgfri_tekst("aktivitet")
            if navn is not None:
                if navn not in aktiviteter:
                    raise FormatFejl(
                        r.under("aktivitet"), f"aktiviteten {navn!r} findes ikke i delaftalen"
                    )
                ressource.aktivitet = aktiviteter[navn]
            gem(ressource, r.sti)
        gem_revision(aftale, self.bruger, self.kommentar)
        return aftale

    def aktivitet(
        self, aftale: Delaftale, nr: int, data: Any, sti: str, delmaal: dict[str, Maal]
    ) -> Aktivitet:
        a = Node(
            data,
            sti,
            noegler(
                AKTIVITET,
                "cfbu_typer",
                "understoetter_delmaal",
                "elementer",
                "roller",
                "faser",
                "omfang",
                "datatabeller",
            ),
        )
        aktivitet = Aktivitet(delaftale=aftale, raekkefoelge=nr)
        a.saet(aktivitet, AKTIVITET)
        gem(aktivitet, sti, validate_unique=True)
        for tnr, (s, navn) in enumerate(a.liste("cfbu_typer")):
            if not isinstance(navn, str) or not navn.strip():
                raise FormatFejl(s, "skal være navnet på en CFBU-aktivitetstype")
            cfbu_type = CfbuType.objects.get_or_create(navn=navn)[0]
            gem(AktivitetCfbuType(aktivitet=aktivitet, cfbu_type=cfbu_type, raekkefoelge=tnr), s)
        for mnr, (s, navn) in enumerate(a.liste("understoetter_delmaal")):
            if navn not in delmaal:
                raise FormatFejl(s, f"delmålet {navn!r} findes ikke i delaftalen")
            gem(UnderstoettetDelmaal(aktivitet=aktivitet, maal=delmaal[navn], raekkefoelge=mnr), s)
        for model, noegle, felter in (
            (Element, "elementer", ELEMENT),
            (Rolle, "roller", ROLLE),
            (Fase, "faser", FASE),
            (Omfang, "omfang", OMFANG),
        ):
            for c, barn in self.boern(a, noegle, model, felter, aktivitet=aktivitet):
                gem(barn, c.sti)
        for tnr, (s, d) in enumerate(a.liste("datatabeller")):
            t = Node(d, s, ["titel", "note", "kolonner", "raekker"])
            tabel = Datatabel(
                aktivitet=aktivitet, raekkefoelge=tnr, titel=t.tekst("titel"), note=t.tekst("note")
            )
            gem(tabel, s)
            kolonner = []
            for knr, (sk, dk) in enumerate(t.liste("kolonner")):
                k = Node(dk, sk, ["overskrift", "aar"])
                kolonne = DatatabelKolonne(
                    tabel=tabel,
                    raekkefoelge=knr,
                    overskrift=k.tekst("overskrift"),
                    aar=k.skalar("aar", HELTAL),
                )
                gem(kolonne, sk)
                kolonner.append(kolonne)
            for rnr, (sr, dr) in enumerate(t.liste("raekker")):
                r = Node(dr, sr, ["etiket", "total", "vaerdier"])
                raekke = DatatabelRaekke(
                    tabel=tabel,
                    raekkefoelge=rnr,
                    etiket=r.tekst("etiket"),
                    total=r.skalar("total", BOOL),
                )
                gem(raekke, sr)
                vaerdier = r.liste("vaerdier")
                if len(vaerdier) != len(kolonner):
                    raise FormatFejl(
                        r.under("vaerdier"), f"skal have én værdi pr. kolonne ({len(kolonner)})"
                    )
                for (sv, v), kolonne in zip(vaerdier, kolonner, strict=True):
                    celle = DatatabelCelle(raekke=raekke, kolonne=kolonne)
                    if v is not None:
                        celle.vaerdi = tal(v, sv)
                        celle.decimaler = decimaler_i(celle.vaerdi)
                    gem(celle, sv)
        return aktivitet


def importer(data: Any, erstat: bool = False) -> Resultat:
    """Create the helhedsplaner in `data`; an existing one is skipped, or replaced if `erstat`."""
    return Importer(erstat=erstat).importer(data)


# --- Export -----------------------------------------------------------------------------


def _skalar(objekt: models.Model, noegle: str, art: str) -> Any:
    vaerdi = getattr(objekt, noegle)
    if vaerdi is None:
        return None
    if art == DATO:
        return vaerdi.isoformat()
    if art == TAL:
        return _tal_tekst(vaerdi, None)
    if art == TAL_PRAECIS:
        return _tal_tekst(vaerdi, getattr(objekt, PRAECISION[noegle]))
    if art == LISTE:
        return list(vaerdi)
    return vaerdi


def _tal_tekst(vaerdi: Decimal, decimaler: int | None) -> str:
    if decimaler is not None:
        return f"{Decimal(vaerdi):.{decimaler}f}"
    d = Decimal(vaerdi).normalize()
    return f"{d:f}"


def _felter(objekt: models.Model, felter: list[tuple[str, str]]) -> dict[str, Any]:
    return {noegle: _skalar(objekt, noegle, art) for noegle, art in felter}


def _org(org: Organisation | None) -> str | None:
    return org.navn if org else None


def eksporter(planer: models.QuerySet[Helhedsplan] | list[Helhedsplan]) -> dict[str, Any]:
    """The helhedsplaner with all their agreements, in the `lbf-aftaler` format."""
    organisationer: dict[str, str] = {}

    def brug(org: Organisation | None) -> str | None:
        if org:
            organisationer[org.navn] = org.type
        return _org(org)

    ud_planer = []
    for plan in planer:
        ud_planer.append(
            {
                "slug": plan.slug,
                "navn": plan.navn,
                "fondsperiode": plan.fondsperiode.kode,
                "gaelder_fra": plan.gaelder_fra.isoformat() if plan.gaelder_fra else None,
                "gaelder_til": plan.gaelder_til.isoformat() if plan.gaelder_til else None,
                "kommune": brug(plan.kommune),
                "boligorganisationer": [
                    brug(led.organisation)
                    for led in Helhedsplan.boligorganisationer.through.objects.filter(
                        helhedsplan=plan
                    )
                    .select_related("organisation")
                    .order_by("id")
                ],
                "omraader": [
                    {
                        "navn": o.navn,
                        "type": o.type,
                        "organisation": brug(o.organisation),
                        "overordnet": o.overordnet.navn if o.overordnet else None,
                    }
                    for o in plan.omraader.select_related("organisation", "overordnet")
                ],
                "strategiske_aftaler": [
                    eksporter_strategisk(a, brug)
                    for a in StrategiskAftale.objects.filter(helhedsplan=plan).order_by(
                        "gaelder_fra", "id"
                    )
                ],
                "delaftaler": [
                    eksporter_delaftale(a, brug)
                    for a in Delaftale.objects.filter(helhedsplan=plan)
                    .select_related("indsatsomraade")
                    .order_by("gaelder_fra", "indsatsomraade__raekkefoelge", "id")
                ],
            }
        )
    return {
        "format": FORMAT,
        "version": VERSION,
        "organisationer": [{"navn": n, "type": t} for n, t in sorted(organisationer.items())],
        "helhedsplaner": ud_planer,
    }


def _parter(aftale: Aftale, brug: Any) -> list[dict[str, Any]]:
    return [
        {"organisation": brug(p.organisation), **_felter(p, PART)}
        for p in aftale.parter.select_related("organisation")
    ]


def _fodnoter(aftale: Aftale) -> list[dict[str, Any]]:
    return [{"nummer": f.nummer, "tekst": f.tekst} for f in aftale.fodnoter.all()]


def _maal(aftale: Aftale) -> list[dict[str, Any]]:
    ud = []
    for maal in aftale.maal.prefetch_related(
        "indikatorer__baselines__omraade", "indikatorer__baselines__fodnote"
    ):
        ud.append(
            {
                "navn": maal.navn,
                "maalsaetning": maal.maalsaetning,
                "indikatorer": [
                    {
                        "navn": i.navn,
                        "datakilde": i.datakilde,
                        "datakilde_note": i.datakilde_note,
                        "baselines": [
                            {
                                **_felter(b, BASELINE),
                                "omraade": b.omraade.navn if b.omraade else None,
                                "fodnote": b.fodnote.nummer if b.fodnote else None,
                            }
                            for b in i.baselines.all()
                        ],
                    }
                    for i in maal.indikatorer.all()
                ],
            }
        )
    return ud


def eksporter_strategisk(aftale: StrategiskAftale, brug: Any) -> dict[str, Any]:
    maal_ids = list(aftale.maal.values_list("id", flat=True))
    return {
        **_felter(aftale, STRATEGISK),
        "parter": _parter(aftale, brug),
        "politiktabeller": [
            {
                **_felter(t, POLITIKTABEL),
                "raekker": [
                    {
                        **_felter(r, POLITIKRAEKKE),
                        "maal": sorted(maal_ids.index(m.id) + 1 for m in r.maal.all()),
                    }
                    for r in t.raekker.prefetch_related("maal")
                ],
            }
            for t in aftale.politiktabeller.all()
        ],
        "afsnit": [_felter(a, AFSNIT) for a in aftale.afsnit.order_by("raekkefoelge", "id")],
        "bestyrelsesmedlemmer": [
            {**_felter(b, BESTYRELSESMEDLEM), "organisation": brug(b.organisation)}
            for b in aftale.bestyrelsesmedlemmer.select_related("organisation")
        ],
        "overordnede_maal": _maal(aftale),
        "indsatsomraader": [
            {"indsatsomraade": v.indsatsomraade.slug, **_felter(v, VALGT)}
            for v in aftale.valgte_indsatsomraader.select_related("indsatsomraade")
        ],
        "fodnoter": _fodnoter(aftale),
    }


def eksporter_delaftale(aftale: Delaftale, brug: Any) -> dict[str, Any]:
    return {
        "indsatsomraade": aftale.indsatsomraade.slug,
        **_felter(aftale, DELAFTALE),
        "parter": _parter(aftale, brug),
        "delmaal": _maal(aftale),
        "aktiviteter": [_aktivitet(a) for a in aftale.aktiviteter.all()],
        "medarbejderressourcer": [
            {**_felter(r, RESSOURCE), "aktivitet": r.aktivitet.navn if r.aktivitet else None}
            for r in aftale.medarbejderressourcer.select_related("aktivitet")
        ],
        "fodnoter": _fodnoter(aftale),
    }


def _aktivitet(a: Aktivitet) -> dict[str, Any]:
    return {
        **_felter(a, AKTIVITET),
        "cfbu_typer": [led.cfbu_type.navn for led in a.cfbu_led.select_related("cfbu_type")],
        "understoetter_delmaal": [led.maal.navn for led in a.delmaal_led.select_related("maal")],
        "elementer": [_felter(e, ELEMENT) for e in a.elementer.all()],
        "roller": [_felter(r, ROLLE) for r in a.roller.all()],
        "faser": [_felter(f, FASE) for f in a.faser.all()],
        "omfang": [_felter(o, OMFANG) for o in a.omfang.all()],
        "datatabeller": [
            {
                "titel": t.titel,
                "note": t.note,
                "kolonner": [{"overskrift": k.overskrift, "aar": k.aar} for k in t.kolonner.all()],
                "raekker": [
                    {
                        "etiket": r.etiket,
                        "total": r.total,
                        "vaerdier": [
                            _tal_tekst(c.vaerdi, c.decimaler) if c.vaerdi is not None else None
                            for c in r.celler.order_by("kolonne__raekkefoelge", "kolonne__id")
                        ],
                    }
                    for r in t.raekker.all()
                ],
            }
            for t in a.datatabeller.all()
        ],
    }


def kopier_aftale(
    aftale: Aftale,
    til_plan: Helhedsplan,
    gaelder_fra: datetime.date,
    gaelder_til: datetime.date,
    bruger: Any,
) -> Aftale:
    """A copy of the agreement with all its children in a (new) period, as a start on the next.

    Areas the copied baselines belong to are created in the target helhedsplan if missing.
    """

    def navn(org: Organisation | None) -> str | None:
        return org.navn if org else None

    konkret = aftale.konkret
    if isinstance(konkret, Delaftale):
        data = eksporter_delaftale(konkret, navn)
    elif isinstance(konkret, StrategiskAftale):
        data = eksporter_strategisk(konkret, navn)
    else:  # pragma: no cover - every agreement is one of the two kinds
        raise TypeError(konkret)
    data["gaelder_fra"], data["gaelder_til"] = gaelder_fra.isoformat(), gaelder_til.isoformat()
    with transaction.atomic():
        importer = Importer(bruger=bruger, kommentar=f"Kopieret fra {konkret}")
        importer.plan = til_plan
        importer.omraader = {o.navn: o for o in til_plan.omraader.all()}
        for kilde in aftale.helhedsplan.omraader.select_related("organisation"):
            if kilde.navn not in importer.omraader:
                importer.omraader[kilde.navn] = Omraade.objects.create(
                    helhedsplan=til_plan,
                    navn=kilde.navn,
                    type=kilde.type,
                    organisation=kilde.organisation,
                    raekkefoelge=kilde.raekkefoelge,
                )
        if isinstance(konkret, Delaftale):
            return importer.delaftale(data, "")
        return importer.strategisk_aftale(data, "")
