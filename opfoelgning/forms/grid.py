"""The grid of measured values of one indicator: rows its lines, columns the years.

Each cell is a text input read the Danish way (`indikatorer.vaerdiform.laes_tal`: "53 %",
"ca. 53 %", "41 beboere"), "data kommer" for a value still to come, or empty to delete the
measurement. Per year column, the source (kilde) and date (dato) apply to the cells of that
column saved in this post; changing them changes every measurement of the column. A cell
keeps the period (a school year) and the note of its measurement; notes are not edited
in the grid (they come from the import) but shown under the cell.

A plain number ("3") is a value (`vaerdi`) to `laes_tal`; in a line whose figures are
counts (its measurements, else its baseline, else its target are counts: "1" udsættelse)
it is read as a count, so the measurement compares like with like with the baseline.

Nothing is saved unless every cell and column is valid, and a post with cells for lines,
years or an indicator not in the grid is refused (`fremmede`).
"""

from __future__ import annotations

import copy
import datetime
import hashlib
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field

from django import forms
from django.core.exceptions import ValidationError
from django.db import transaction

from delaftaler.dansk import dansk_dato
from indikatorer.vaerdiform import laes_tal
from opfoelgning.models import Maaling
from opfoelgning.tabel import Indikatoropfoelgning, Linjeopfoelgning

DATA_KOMMER = "data kommer"
PREFIKSER = ("c_", "kilde_", "dato_")
MAKS_KILDE = Maaling._meta.get_field("kilde").max_length or 500


def _ens(tekst: str) -> str:
    return " ".join((tekst or "").split()).casefold().rstrip(".")


def linjetegn(linje: Linjeopfoelgning) -> str:
    """A line's stable token in field names: its area's id and a hash of the rest."""
    omraade, delindikator, referencegruppe = linje.noegle
    hash_ = hashlib.sha256(f"{delindikator}\x1f{referencegruppe}".encode()).hexdigest()[:10]
    return f"{omraade or 0}-{hash_}"


def celletekst(m: Maaling | None) -> str:
    if m is None:
        return ""
    return "data kommer" if m.afventer else m.figur_tekst


@dataclass
class Kolonne:
    aar: int
    kilde_start: str
    dato_start: str
    kilde: str = ""
    dato: str = ""
    dato_vaerdi: datetime.date | None = None
    fejl: dict[str, str] = field(default_factory=dict)

    @property
    def kilde_navn(self) -> str:
        return f"kilde_{self.aar}"

    @property
    def dato_navn(self) -> str:
        return f"dato_{self.aar}"

    @property
    def dato_tekst(self) -> str:
        """The column's date the Danish way (1/11-2025), for reading."""
        try:
            return dansk_dato(datetime.date.fromisoformat(self.dato_start))
        except ValueError:
            return ""

    @property
    def aendret(self) -> bool:
        return self.kilde.strip() != self.kilde_start or self.dato.strip() != self.dato_start


@dataclass
class Celle:
    linje: Linjeopfoelgning
    aar: int
    navn: str
    maaling: Maaling | None
    start: str
    tekst: str = ""
    fejl: str = ""

    @property
    def label(self) -> str:
        """ "Gl. Jennumparken 2024": the input's (visually hidden) label."""
        return f"{self.linje.navn} {self.aar}"

    @property
    def id(self) -> str:
        return f"id_{self.navn}"

    @property
    def fejl_id(self) -> str:
        return f"{self.id}_fejl"

    @property
    def aendret(self) -> bool:
        return _ens(self.tekst) != _ens(self.start)


def _mest_brugt(vaerdier: list[str], standard: str = "") -> str:
    vaerdier = [v for v in vaerdier if v]
    return Counter(vaerdier).most_common(1)[0][0] if vaerdier else standard


class Grid:
    """The grid for an indicator and its year columns; with `data`, a post to check and save."""

    def __init__(
        self, io: Indikatoropfoelgning, aar: list[int], data: Mapping[str, str] | None = None
    ) -> None:
        self.io = io
        self.data = data
        self.kolonner = [self._kolonne(a) for a in aar]
        self.raekker: list[tuple[Linjeopfoelgning, list[Celle]]] = []
        for linje in io.linjer:
            celler = []
            for a in aar:
                m = linje.maaling(a)
                navn = f"c_{linjetegn(linje)}_{a}"
                c = Celle(linje, a, navn, m, celletekst(m))
                c.tekst = data[navn] if data is not None and navn in data else c.start
                celler.append(c)
            self.raekker.append((linje, celler))
        self.celler = {c.navn: c for _, celler in self.raekker for c in celler}

    def _kolonne(self, aar: int) -> Kolonne:
        maalinger = [m for linje in self.io.linjer if (m := linje.maaling(aar))]
        kilde = _mest_brugt([m.kilde for m in maalinger], self.io.indikator.datakilde)[:MAKS_KILDE]
        dato = _mest_brugt([m.dato.isoformat() for m in maalinger if m.dato])
        k = Kolonne(aar, kilde, dato, kilde, dato)
        if self.data is not None:
            k.kilde = self.data.get(k.kilde_navn, k.kilde_start)
            k.dato = self.data.get(k.dato_navn, k.dato_start)
        return k

    # --- checking ---------------------------------------------------------------------

    def fremmede(self) -> list[str]:
        """Posted fields that are not this grid's: another indicator's, lines' or years'."""
        if self.data is None:
            return []
        kendte = set(self.celler)
        kendte |= {n for k in self.kolonner for n in (k.kilde_navn, k.dato_navn)}
        ud = [n for n in self.data if n.startswith(PREFIKSER) and n not in kendte]
        if self.data.get("indikator", str(self.io.indikator.pk)) != str(self.io.indikator.pk):
            ud.append("indikator")
        return sorted(ud)

    def is_valid(self) -> bool:
        if self.data is None or self.fremmede():
            return False
        for k in self.kolonner:
            self._tjek_kolonne(k)
        kolonner = {k.aar: k for k in self.kolonner}
        for c in self.celler.values():
            self._tjek_celle(c, kolonner[c.aar])
        return not any(k.fejl for k in self.kolonner) and not any(
            c.fejl for c in self.celler.values()
        )

    @staticmethod
    def _tjek_kolonne(k: Kolonne) -> None:
        if len(k.kilde.strip()) > MAKS_KILDE:
            k.fejl["kilde"] = f"Kilden må højst være {MAKS_KILDE} tegn."
        if k.dato.strip():
            try:
                k.dato_vaerdi = forms.DateField().clean(k.dato.strip())
            except ValidationError as e:
                k.fejl["dato"] = " ".join(e.messages)

    def _tjek_celle(self, c: Celle, k: Kolonne) -> None:
        c.fejl = ""
        if not c.aendret or not c.tekst.strip():
            return
        try:
            # A copy: a bad cell never changes the measurement the page shows.
            self._udfyld(copy.copy(self._ny_maaling(c)), c.tekst, k, c.linje.art).full_clean(
                exclude=["indikator", "omraade"],
                validate_unique=False,
                validate_constraints=False,
            )
        except ValidationError as e:
            c.fejl = " ".join(e.messages)

    # --- saving -------------------------------------------------------------------------

    def _ny_maaling(self, c: Celle) -> Maaling:
        if c.maaling is not None:
            return c.maaling
        omraade, delindikator, referencegruppe = c.linje.noegle
        return Maaling(
            indikator=self.io.indikator,
            omraade_id=omraade,
            delindikator=delindikator,
            referencegruppe=referencegruppe,
            aar=c.aar,
        )

    @staticmethod
    def _udfyld(m: Maaling, tekst: str, k: Kolonne, art: str = "") -> Maaling:
        """The cell's text, and the column's source and date, into the measurement."""
        if _ens(tekst) == DATA_KOMMER:
            felter = dict.fromkeys(("antal", "naevner", "procent", "vaerdi", "til"))
            felter.update(besvarelser=None, svarprocent=None, enhed="", kvalifikator="")
            m.afventer = True
        else:
            felter = laes_tal(tekst, art)
            m.afventer = False
        for navn, vaerdi in felter.items():
            setattr(m, navn, vaerdi)
        m.kilde, m.dato = k.kilde.strip(), k.dato_vaerdi
        return m

    @transaction.atomic
    def gem(self, bruger: str) -> tuple[int, int]:
        """Save a valid post: (measurements saved, measurements deleted)."""
        assert self.is_valid()
        kolonner = {k.aar: k for k in self.kolonner}
        gemt = slettet = 0
        for c in self.celler.values():
            k = kolonner[c.aar]
            if c.aendret and not c.tekst.strip():
                if c.maaling is not None:
                    c.maaling.delete()
                    slettet += 1
                continue
            if c.aendret:
                m = self._udfyld(self._ny_maaling(c), c.tekst, k, c.linje.art)
            elif c.maaling is not None and k.aendret:
                m = c.maaling
                m.kilde, m.dato = k.kilde.strip(), k.dato_vaerdi
            else:
                continue
            m.registreret_af = bruger
            m.save()
            gemt += 1
        return gemt, slettet
