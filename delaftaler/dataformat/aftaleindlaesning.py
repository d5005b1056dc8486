"""Import of one helhedsplan's agreements (strategiske samarbejdsaftaler, delaftaler), in full.

AftaleImporter reads an agreement into the helhedsplan it is given; Importer
(dataformat/indlaesning.py) gives it each helhedsplan of a file, kopier_aftale the
helhedsplan an agreement is copied to.
"""

from __future__ import annotations

from typing import Any

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
from delaftaler.dataformat import tillaeg
from delaftaler.dataformat.felter import (
    AFSNIT,
    AKTIVITET,
    BESTYRELSESMEDLEM,
    BOOL,
    DELAFTALE,
    ELEMENT,
    FASE,
    HELTAL,
    OMFANG,
    PART,
    POLITIKRAEKKE,
    POLITIKTABEL,
    RESSOURCE,
    ROLLE,
    STRATEGISK,
    VALGT,
    FormatFejl,
    Node,
    boern,
    gem,
    noegler,
    tal,
)
from delaftaler.dataformat.maalindlaesning import MaalImporter
from delaftaler.historik import gem_revision
from delaftaler.models import (
    Afsnit,
    Aftale,
    Bestyrelsesmedlem,
    Delaftale,
    Fodnote,
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
from indikatorer.models import Maal


class AftaleImporter(MaalImporter):
    """Reads agreements into `plan`, whose areas by name are `omraader`."""

    def __init__(self, bruger: Any = None, kommentar: str = "Indlæst") -> None:
        self.bruger = bruger
        self.kommentar = kommentar
        self.plan: Helhedsplan
        self.omraader: dict[str, Omraade] = {}

    def find_organisation(self, navn: str | None, sti: str) -> Organisation | None:
        return None if navn is None else self.organisation_ved_navn(navn, sti)

    def organisation_ved_navn(self, navn: Any, sti: str) -> Organisation:
        org = Organisation.objects.filter(navn=navn).first() if isinstance(navn, str) else None
        if org is None:
            raise FormatFejl(sti, f"organisationen {navn!r} findes ikke i filens organisationer")
        return org

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
        for p, part in boern(node, "parter", Part, PART, "organisation", aftale=aftale):
            part.organisation = self.find_organisation(
                p.valgfri_tekst("organisation"), p.under("organisation")
            )
            gem(part, p.sti)
        return fodnoter

    def strategisk_aftale(
        self, data: Any, sti: str, i: StrategiskAftale | None = None
    ) -> StrategiskAftale:
        """A new strategic agreement, or `i` (emptied by the caller) given the file's content."""
        data, ekstra = tillaeg.adskil(data)
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
        aftale = i or StrategiskAftale(helhedsplan=self.plan)
        node.saet(aftale, STRATEGISK)
        gem(aftale, sti)
        fodnoter = self.parter_og_fodnoter(aftale, node)
        maal = list(self.maal(aftale, node, "overordnede_maal", fodnoter).values())
        self.politiktabeller(aftale, node, maal)
        for a, afsnit in boern(node, "afsnit", Afsnit, AFSNIT, aftale=aftale):
            gem(afsnit, a.sti)
        for b, medlem in boern(
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
        for v, valgt in boern(
            node, "indsatsomraader", ValgtIndsatsomraade, VALGT, "indsatsomraade", aftale=aftale
        ):
            valgt.indsatsomraade = self.find_indsatsomraade(
                v.tekst("indsatsomraade"), v.under("indsatsomraade")
            )
            gem(valgt, v.sti)
        tillaeg.ind(aftale, ekstra, sti)
        gem_revision(aftale, self.bruger, self.kommentar)
        return aftale

    @staticmethod
    def politiktabeller(aftale: StrategiskAftale, node: Node, maal: list[Maal]) -> None:
        """The tables of visions or principles; a row names the overordnede mål by number."""
        for t, tabel in boern(
            node, "politiktabeller", Politiktabel, POLITIKTABEL, "raekker", aftale=aftale
        ):
            gem(tabel, t.sti)
            for r, raekke in boern(t, "raekker", Politikraekke, POLITIKRAEKKE, "maal", tabel=tabel):
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

    def find_indsatsomraade(self, slug: str, sti: str) -> Indsatsomraade:
        omr = Indsatsomraade.objects.filter(fondsperiode=self.plan.fondsperiode, slug=slug).first()
        if omr is None:
            raise FormatFejl(
                sti,
                f"indsatsområdet {slug!r} findes ikke i fondsperioden {self.plan.fondsperiode.kode}",
            )
        return omr

    def delaftale(self, data: Any, sti: str, i: Delaftale | None = None) -> Delaftale:
        """A new delaftale, or `i` (emptied by the caller) given the file's content."""
        data, ekstra = tillaeg.adskil(data)
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
        aftale = i or Delaftale(helhedsplan=self.plan)
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
        for r, ressource in boern(
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
        tillaeg.ind(aftale, ekstra, sti)
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
            for c, barn in boern(a, noegle, model, felter, aktivitet=aktivitet):
                gem(barn, c.sti)
        for tnr, (s, d) in enumerate(a.liste("datatabeller")):
            self.datatabel(aktivitet, tnr, d, s)
        return aktivitet

    @staticmethod
    def datatabel(aktivitet: Aktivitet, nr: int, data: Any, sti: str) -> None:
        """A table of numbers in the activity's schema: one value (or null) per column and row."""
        t = Node(data, sti, ["titel", "note", "kolonner", "raekker"])
        tabel = Datatabel(
            aktivitet=aktivitet, raekkefoelge=nr, titel=t.tekst("titel"), note=t.tekst("note")
        )
        gem(tabel, sti)
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
