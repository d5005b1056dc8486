"""Checking the file's rows against a helhedsplan, and what each row will do.

Names are compared as printed in the agreement, after whitespace is normalised and case
ignored: `indsatsomraade` is the delaftale's indsatsområde (empty for the strategic
agreement's overall mål), `delmaal` the delmål, `indikator` the indicator, `omraade` an
area of the plan (empty for the whole area), `delindikator` and `referencegruppe` as in
the baseline. The line (area, sub-indicator, reference group) must be one of the
indicator's lines, as the grid shows them.

Figures: `antal`, `ud_af`, `procent`, `vaerdi` are Danish numbers (decimal comma,
thousands dot optional, "53 %" allowed in `procent`). A row with none of antal, procent
and vaerdi is a measurement still to come ("data kommer"); its note may say why.

A row for a line and period (its start year) that already has a measurement replaces its
figure, source and note; the measurement's unit (`enhed`, which the file has no column
for) and date are kept, its qualifier, range and sample are the file's (none). A row that
would change nothing is *uændret*, so importing the same file twice changes nothing.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any, TypeVar

from django.core.exceptions import ValidationError

from delaftaler.models import Helhedsplan, Omraade
from indikatorer.vaerdiform import laes_periode
from opfoelgning import tabel
from opfoelgning.indlaesning.filer import Raekke
from opfoelgning.models import Maaling

_T = TypeVar("_T")

NY = "ny"
ERSTAT = "erstat"
UAENDRET = "uaendret"
HANDLINGER = {NY: "Ny", ERSTAT: "Erstatter", UAENDRET: "Uændret"}

# The fields a row sets; a replaced measurement keeps the others (enhed, dato).
FELTER = [
    "aar_til", "periodeart", "antal", "naevner", "procent", "procent_decimaler", "vaerdi",
    "vaerdi_decimaler", "kvalifikator", "til", "til_decimaler", "besvarelser",
    "svarprocent", "svarprocent_decimaler", "kilde", "note", "afventer",
]  # fmt: skip
TAL_KOLONNER = {"antal": "antal", "ud_af": "naevner", "procent": "procent", "vaerdi": "vaerdi"}
DANSK_TAL = re.compile(r"^-?(?:\d{1,3}(?:\.\d{3})+|\d+)(?:,\d+)?$")


def norm(tekst: str) -> str:
    return " ".join((tekst or "").split()).casefold()


@dataclass
class Plan:
    """A row checked: what it will do, the measurement to save, or its errors."""

    nr: int
    felter: dict[str, str]
    fejl: list[str] = field(default_factory=list)
    handling: str = ""
    maaling: Maaling | None = None
    foer: str = ""
    linjenavn: str = ""

    @property
    def handlingsnavn(self) -> str:
        return HANDLINGER.get(self.handling, "")

    @property
    def indikatornavn(self) -> str:
        return _kort(self.felter.get("indikator", ""), 60)

    @property
    def periode(self) -> str:
        return self.maaling.periode_kort if self.maaling else self.felter.get("aar", "").strip()

    @property
    def tekst(self) -> str:
        """The value the row will give the line (after saving)."""
        return self.maaling.tekst if self.maaling else ""

    @property
    def beskrivelse(self) -> str:
        """ "række 2: Ny – Antallet af udsættelser … · Gl. Jennumparken · 2024: 2"."""
        hvad = f"{self.indikatornavn} · {self.linjenavn} · {self.periode}: {self.tekst}"
        if self.handling == ERSTAT:
            hvad += f" (før: {self.foer})"
        return f"række {self.nr}: {self.handlingsnavn} – {hvad}"

    @property
    def fejltekster(self) -> list[str]:
        return [f"række {self.nr}: {f}" for f in self.fejl]


class Opslag:
    """The plan's agreements, mål, indicators, lines and areas, fetched once."""

    def __init__(self, plan: Helhedsplan) -> None:
        self.plan = plan
        indikatorer = (
            tabel.indikatorer_med_opfoelgning()
            .filter(maal__aftale__helhedsplan=plan)
            .select_related("maal__aftale__delaftale__indsatsomraade")
            .order_by("maal__aftale_id", "maal__raekkefoelge", "raekkefoelge", "id")
        )
        self.indsatser: set[str] = set()
        self.maal: dict[tuple[str, str], str] = {}
        self.indikatorer: dict[tuple[str, str, str], list[tabel.Indikatoropfoelgning]] = {}
        for ind in indikatorer:
            aftale = ind.maal.aftale
            delaftale = getattr(aftale, "delaftale", None)
            indsats = norm(str(delaftale.indsatsomraade)) if delaftale is not None else ""
            self.indsatser.add(indsats)
            self.maal[(indsats, norm(ind.maal.navn))] = ind.maal.navn
            noegle = (indsats, norm(ind.maal.navn), norm(ind.navn))
            self.indikatorer.setdefault(noegle, []).append(tabel.indikator(ind))
        self.omraader = {norm(o.navn): o for o in Omraade.objects.filter(helhedsplan=plan)}

    def indikator(self, f: dict[str, str]) -> tabel.Indikatoropfoelgning:
        indsats, maal, navn = norm(f["indsatsomraade"]), norm(f["delmaal"]), norm(f["indikator"])
        if indsats not in self.indsatser:
            if not indsats:
                raise ValueError(
                    "indsatsomraade er tomt, og helhedsplanens strategiske aftale har ingen "
                    "mål med indikatorer"
                )
            raise ValueError(
                f"indsatsområdet »{f['indsatsomraade'].strip()}« har ingen delaftale med "
                "indikatorer i helhedsplanen"
            )
        if (indsats, maal) not in self.maal:
            raise ValueError(f"delmålet »{_kort(f['delmaal'])}« findes ikke i aftalen")
        fundne = self.indikatorer.get((indsats, maal, navn), [])
        if not fundne:
            raise ValueError(
                f"indikatoren »{_kort(f['indikator'])}« findes ikke under delmålet "
                f"»{_kort(f['delmaal'])}«"
            )
        if len(fundne) > 1:
            raise ValueError(
                f"flere indikatorer under delmålet hedder »{_kort(f['indikator'])}«; "
                "ret navnene i aftalen først"
            )
        return fundne[0]

    def omraade(self, tekst: str) -> Omraade | None:
        if not tekst.strip():
            return None
        fundet = self.omraader.get(norm(tekst))
        if fundet is None:
            raise ValueError(f"området »{tekst.strip()}« findes ikke i helhedsplanen")
        return fundet


def _kort(tekst: str, laengde: int = 80) -> str:
    tekst = " ".join(tekst.split())
    return tekst if len(tekst) <= laengde else tekst[: laengde - 1] + "…"


def laes_dansk_tal(tekst: str, kolonne: str) -> tuple[Decimal, int] | None:
    """ "6,3" → (6.3, 1); "4.209" → (4209, 0); "" → None; anything else → ValueError."""
    ren = tekst.strip()
    if kolonne == "procent":
        ren = ren.removesuffix("%").strip()
    ren = ren.replace(" ", "").replace("\u00a0", "")
    if not ren:
        return None
    if not DANSK_TAL.match(ren):
        raise ValueError(
            f"»{tekst.strip()[:40]}« i kolonnen {kolonne} er ikke et tal (skriv f.eks. 6,3 "
            "med decimalkomma)"
        )
    try:
        d = Decimal(ren.replace(".", "").replace(",", "."))
    except InvalidOperation as fejl:  # pragma: no cover - the pattern makes it a number
        raise ValueError(f"»{tekst.strip()[:40]}« i kolonnen {kolonne} er ikke et tal") from fejl
    return d, max(0, -d.as_tuple().exponent)  # type: ignore[operator]


def _linje(
    ind: tabel.Indikatoropfoelgning, omraade: Omraade | None, f: dict[str, str]
) -> tabel.Linjeopfoelgning:
    oenske = (omraade.pk if omraade else None, norm(f["delindikator"]), norm(f["referencegruppe"]))
    for linje in ind.linjer:
        if (linje.omraade_id, norm(linje.delindikator), norm(linje.referencegruppe)) == oenske:
            return linje
    dele = [d.strip() for d in (f["referencegruppe"], f["omraade"], f["delindikator"]) if d.strip()]
    navne = ", ".join(f"»{lin.navn}«" for lin in ind.linjer[:6])
    flere = " …" if len(ind.linjer) > 6 else ""
    raise ValueError(
        f"indikatoren »{_kort(ind.indikator.navn, 60)}« har ingen linje for "
        f"»{': '.join(dele) or 'Hele området'}« (dens linjer: {navne}{flere})"
    )


Periodetal = tuple[int, int | None, str]


def _periode(f: dict[str, str]) -> Periodetal:
    try:
        return laes_periode(f["aar"].strip())
    except ValidationError as fejl:
        besked = " ".join(fejl.messages)
        raise ValueError(
            besked if "»" in besked else f"aar »{f['aar'].strip()[:40]}«: {besked}"
        ) from fejl


def _tal(f: dict[str, str]) -> dict[str, object]:
    """The figure columns as `Tal` fields; ValueError naming every bad column."""
    felter: dict[str, object] = {}
    fejl = []
    for kolonne, felt in TAL_KOLONNER.items():
        try:
            tal = laes_dansk_tal(f[kolonne], kolonne)
        except ValueError as e:
            fejl.append(str(e))
            continue
        if tal is not None:
            felter[felt] = tal[0]
            if felt in ("procent", "vaerdi"):
                felter[f"{felt}_decimaler"] = tal[1]
    if fejl:
        raise ValueError("; ".join(fejl))
    return felter


def _maaling(
    ind: tabel.Indikatoropfoelgning,
    linje: tabel.Linjeopfoelgning,
    omraade: Omraade | None,
    periode: Periodetal,
    tal: dict[str, object],
    f: dict[str, str],
) -> Maaling:
    """The measurement the row describes (unsaved), checked by the model's rules."""
    m = Maaling(
        indikator=ind.indikator,
        omraade=omraade,
        delindikator=linje.delindikator,
        referencegruppe=linje.referencegruppe,
        aar=periode[0],
        aar_til=periode[1],
        periodeart=periode[2],
        kilde=f["kilde"].strip(),
        note=f["note"].strip(),
        **tal,
    )
    m.afventer = not m.har_tal()
    if m.afventer and m.naevner is not None:
        raise ValueError("ud_af er udfyldt, men antal, procent og vaerdi er tomme")
    try:
        m.full_clean(
            exclude=["indikator", "omraade"], validate_unique=False, validate_constraints=False
        )
    except ValidationError as e:
        raise ValueError("; ".join(_feltfejl(e))) from e
    return m


def _feltfejl(e: ValidationError) -> list[str]:
    navne = {"naevner": "ud_af", "aar_til": "aar"}
    ud = []
    for felt, beskeder in e.message_dict.items():
        for b in beskeder:
            ud.append(b if felt == "__all__" else f"{navne.get(felt, felt)}: {b}")
    return ud


def _samme(ny: Maaling, gammel: Maaling) -> bool:
    return all(getattr(ny, f) == getattr(gammel, f) for f in [*FELTER, "enhed"])


def _proev(fejl: list[str], fn: Callable[..., _T], *args: Any) -> _T | None:
    """fn(*args), or None with its ValueError's message added to `fejl`."""
    try:
        return fn(*args)
    except ValueError as e:
        fejl.append(str(e))
        return None


def planlaeg(plan: Helhedsplan, raekker: list[Raekke], bruger: str) -> list[Plan]:
    """Each row checked against the plan (a fixed number of queries), with its action."""
    opslag = Opslag(plan)
    set_: dict[tuple[int, int | None, str, str, int], int] = {}
    ud = []
    for r in raekker:
        p = Plan(r.nr, r.felter, list(r.fejl))
        ud.append(p)
        if p.fejl:
            continue
        fejl = p.fejl
        ind = _proev(fejl, opslag.indikator, r.felter)
        omraade = _proev(fejl, opslag.omraade, r.felter["omraade"])
        periode = _proev(fejl, _periode, r.felter)
        tal = _proev(fejl, _tal, r.felter)
        if fejl or ind is None:
            continue
        linje = _proev(fejl, _linje, ind, omraade, r.felter)
        if linje is None:
            continue
        ny = _proev(fejl, _maaling, ind, linje, omraade, periode, tal, r.felter)
        if ny is None:
            continue
        p.linjenavn = linje.navn
        noegle = (ind.indikator.pk, *linje.noegle, ny.aar)
        if noegle in set_:
            p.fejl.append(f"samme linje og periode ({ny.periode_kort}) som række {set_[noegle]}")
            continue
        set_[noegle] = r.nr
        foer = _gammel_tekst(linje, ny.aar)
        p.maaling, p.handling = _handling(linje, ny, bruger)
        if p.handling == ERSTAT:
            p.foer = foer
    return ud


def _gammel_tekst(linje: tabel.Linjeopfoelgning, aar: int) -> str:
    gammel = linje.maaling(aar)
    return f"{gammel.periode_kort}: {gammel.tekst}" if gammel else ""


def _handling(linje: tabel.Linjeopfoelgning, ny: Maaling, bruger: str) -> tuple[Maaling, str]:
    gammel = linje.maaling(ny.aar)
    if gammel is None:
        ny.registreret_af = bruger
        return ny, NY
    ny.enhed = gammel.enhed if ny.antal is not None else ""
    if _samme(ny, gammel):
        return gammel, UAENDRET
    for f in [*FELTER, "enhed"]:
        setattr(gammel, f, getattr(ny, f))
    gammel.registreret_af = bruger
    return gammel, ERSTAT
