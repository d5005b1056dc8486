"""One value shape for baselines, targets and measurements.

A figure is a count (with its unit and what it is out of), a share in percent and/or
another value (a grade average), each keeping the decimals it was written with. On top
of that: a qualifier ("ca. 53 %", "knap 3.000"), an upper end of a range ("10–12
forløb"), a survey's number of answers and response rate ("43 % (393 besvarelser)"),
and a period: a year, a school year ("skoleåret 2022/23") or a span ("2016–20").

Abstract models: `Tal` (the figure) and `Periode` (the period). `BaselineVaerdi` and
the follow-up's targets and measurements are built from them, and all print the same way.
"""

from __future__ import annotations

import re
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import models

from delaftaler.dansk import dansk_procent, dansk_tal
from delaftaler.models import MSG_PROCENT

MSG_AAR = "Året skal være et årstal mellem 1900 og 2100."
MSG_AAR_TIL = "Periodens slutår skal ligge efter startåret."
MSG_SKOLEAAR = "Et skoleår går fra ét år til det næste, f.eks. 2022/23."
MSG_TIL = "Intervallets øvre grænse skal være større end tallet."
MSG_NAEVNER = "Antallet kan ikke være større end det, det er ud af."


class Kvalifikator(models.TextChoices):
    INGEN = "", "(præcist)"
    CA = "ca.", "ca."
    OVER = "over", "over"
    UNDER = "under", "under"
    KNAP = "knap", "knap"
    MINDST = "mindst", "mindst"
    HOEJST = "højst", "højst"


class Periodeart(models.TextChoices):
    AAR = "", "år"
    SKOLEAAR = "skoleaar", "skoleår"
    SPAEND = "spaend", "periode"


class Tal(models.Model):
    """The figure: count, share, value; qualifier, range, sample."""

    antal = models.DecimalField("antal", max_digits=14, decimal_places=3, null=True, blank=True)
    naevner = models.DecimalField(
        "ud af",
        max_digits=14,
        decimal_places=3,
        null=True,
        blank=True,
        help_text="”115 ud af 148”.",
    )
    enhed = models.CharField(
        "enhed", max_length=100, blank=True, help_text="Hvad der tælles, f.eks. ”beboere”."
    )
    procent = models.DecimalField("procent", max_digits=6, decimal_places=3, null=True, blank=True)
    procent_decimaler = models.PositiveSmallIntegerField(
        "decimaler i procent", default=0, help_text="Så 4,40 % vises som skrevet."
    )
    vaerdi = models.DecimalField(
        "værdi",
        max_digits=14,
        decimal_places=3,
        null=True,
        blank=True,
        help_text="Et andet tal, f.eks. et karaktergennemsnit.",
    )
    vaerdi_decimaler = models.PositiveSmallIntegerField("decimaler i værdi", default=0)
    kvalifikator = models.CharField(
        "omtrent",
        max_length=10,
        choices=Kvalifikator.choices,
        blank=True,
        default="",
        help_text="”ca. 53 %”, ”knap 3.000”, ”over 45 %”.",
    )
    til = models.DecimalField(
        "til (interval)",
        max_digits=14,
        decimal_places=3,
        null=True,
        blank=True,
        help_text="Øvre grænse, når tallet er et interval: ”10–12 forløb”. Gælder det "
        "første af antal, procent og værdi.",
    )
    til_decimaler = models.PositiveSmallIntegerField("decimaler i intervallets top", default=0)
    besvarelser = models.PositiveIntegerField(
        "besvarelser",
        null=True,
        blank=True,
        help_text="Antal besvarelser bag et surveytal: ”43 % (393 besvarelser)”.",
    )
    svarprocent = models.DecimalField(
        "svarprocent", max_digits=6, decimal_places=3, null=True, blank=True
    )
    svarprocent_decimaler = models.PositiveSmallIntegerField("decimaler i svarprocent", default=0)

    class Meta:
        abstract = True

    # --- rules ----------------------------------------------------------------------

    def tal_fejl(self) -> dict[str, str]:
        """The figure's own rules, as {field: Danish message}."""
        fejl: dict[str, str] = {}
        if self.procent is not None and not 0 <= self.procent <= 100:
            fejl["procent"] = MSG_PROCENT
        if self.svarprocent is not None and not 0 <= self.svarprocent <= 100:
            fejl["svarprocent"] = MSG_PROCENT
        if self.antal is not None and self.antal < 0:
            fejl["antal"] = "Et antal kan ikke være negativt."
        if self.naevner is not None:
            if self.antal is None:
                fejl["antal"] = "Angiv antallet, når du angiver, hvad det er ud af."
            elif self.antal > self.naevner:
                fejl["naevner"] = MSG_NAEVNER
        if self.til is not None:
            art, fra = self.hovedtal()
            if fra is None:
                fejl["til"] = "Angiv tallet, intervallet går fra."
            elif self.til <= fra:
                fejl["til"] = MSG_TIL
            elif art == "procent" and self.til > 100:
                fejl["til"] = MSG_PROCENT
        return fejl

    def har_tal(self) -> bool:
        return any(v is not None for v in (self.antal, self.procent, self.vaerdi))

    def hovedtal(self) -> tuple[str, Decimal | None]:
        """The figure the range applies to and charts and status compare: the first set."""
        for art in ("antal", "procent", "vaerdi"):
            v = getattr(self, art)
            if v is not None:
                return art, Decimal(v)
        return "", None

    def tal_som(self, art: str) -> Decimal | None:
        """The figure of one kind (antal, procent, vaerdi), for comparing like with like."""
        v = getattr(self, art, None) if art in ("antal", "procent", "vaerdi") else None
        return Decimal(v) if v is not None else None

    # --- printing -------------------------------------------------------------------

    @property
    def figur_tekst(self) -> str:
        """The figure as the agreements write it: "41 beboere (6,3 %)", "ca. 53 %",
        "115 ud af 148 beboere = 78 %", "10–12 forløb", "43 % (393 besvarelser)"."""
        art, _ = self.hovedtal()
        til = f"–{dansk_tal(self.til, self.til_decimaler)}" if self.til is not None else ""
        antal = ""
        if self.antal is not None:
            antal = dansk_tal(self.antal) + (til if art == "antal" else "")
            if self.naevner is not None:
                antal += f" ud af {dansk_tal(self.naevner)}"
            if self.enhed:
                antal += f" {self.enhed}"
        procent = ""
        if self.procent is not None:
            procent = dansk_tal(self.procent, self.procent_decimaler)
            procent += (til if art == "procent" else "") + " %"
        vaerdi = ""
        if self.vaerdi is not None:
            vaerdi = dansk_tal(self.vaerdi, self.vaerdi_decimaler) + (
                til if art == "vaerdi" else ""
            )
        if antal and procent:
            tekst = f"{antal} = {procent}" if self.naevner is not None else f"{antal} ({procent})"
        else:
            tekst = antal or procent
        if vaerdi:
            tekst = f"{tekst} {vaerdi}".strip()
        if tekst and self.kvalifikator:
            tekst = f"{self.kvalifikator} {tekst}"
        stikproeve = []
        if self.besvarelser is not None:
            stikproeve.append(f"{dansk_tal(self.besvarelser)} besvarelser")
        if self.svarprocent is not None:
            stikproeve.append(
                f"svarprocent {dansk_procent(self.svarprocent, self.svarprocent_decimaler)}"
            )
        if tekst and stikproeve:
            tekst = f"{tekst} ({', '.join(stikproeve)})"
        return tekst


class Periode(models.Model):
    """A year, a school year (2022/23) or a span of years (2016–20)."""

    aar = models.PositiveSmallIntegerField("år", null=True, blank=True)
    aar_til = models.PositiveSmallIntegerField(
        "til år",
        null=True,
        blank=True,
        help_text="Kun for en periode: skoleåret 2022/23 eller 2016–20.",
    )
    periodeart = models.CharField(
        "periodens art", max_length=10, choices=Periodeart.choices, blank=True, default=""
    )

    class Meta:
        abstract = True

    def periode_fejl(self, felt: str = "aar") -> dict[str, str]:
        fejl: dict[str, str] = {}
        if self.aar is not None and not 1900 <= self.aar <= 2100:
            fejl[felt] = MSG_AAR
        if self.aar_til is not None:
            if self.aar is None or self.aar_til <= self.aar or self.aar_til > 2100:
                fejl["aar_til"] = MSG_AAR_TIL
            elif self.periodeart == Periodeart.SKOLEAAR and self.aar_til != self.aar + 1:
                fejl["aar_til"] = MSG_SKOLEAAR
        elif self.periodeart:
            fejl["aar_til"] = "Angiv periodens slutår."
        return fejl

    @property
    def periode_kort(self) -> str:
        """ "2023", "2022/23", "2016–20": the period as a column heading or a CSV cell."""
        if self.aar is None:
            return ""
        if self.aar_til is None:
            return str(self.aar)
        tegn = "/" if self.periodeart == Periodeart.SKOLEAAR else "–"
        slut = str(self.aar_til)
        return f"{self.aar}{tegn}{slut[-2:] if slut[:2] == str(self.aar)[:2] else slut}"

    @property
    def periode_tekst(self) -> str:
        """ "2023", "skoleåret 2022/23", "2016–20": the period in running text."""
        kort = self.periode_kort
        if kort and self.periodeart == Periodeart.SKOLEAAR:
            return f"skoleåret {kort}"
        return kort

    @property
    def slutaar(self) -> int | None:
        """The last year the period covers: for ordering and comparing with a target year."""
        return self.aar_til if self.aar_til is not None else self.aar


PERIODE_MOENSTER = re.compile(r"^\s*(?:skoleåret\s+)?(\d{4})\s*(?:([/–-])\s*(\d{2}|\d{4}))?\s*$")


def laes_periode(tekst: str) -> tuple[int, int | None, str]:
    """ "2024" → (2024, None, ""); "2024/25" → school year; "2016–20" or "2016-2020" → span.

    Raises ValidationError with a Danish message for anything else.
    """
    m = PERIODE_MOENSTER.match(tekst or "")
    if not m:
        raise ValidationError(
            f"»{tekst}« er ikke et år eller en periode (skriv f.eks. 2024, 2024/25 eller 2016–20)."
        )
    aar = int(m.group(1))
    if not 1900 <= aar <= 2100:
        raise ValidationError(MSG_AAR)
    if not m.group(2):
        return aar, None, ""
    slut_tekst = m.group(3)
    slut = int(slut_tekst) if len(slut_tekst) == 4 else int(str(aar)[:2] + slut_tekst)
    if len(slut_tekst) == 2 and slut <= aar:
        slut += 100
    if slut <= aar or slut > 2100:
        raise ValidationError(MSG_AAR_TIL)
    if m.group(2) == "/":
        if slut != aar + 1:
            raise ValidationError(
                f"»{tekst}«: et skoleår går fra ét år til det næste (f.eks. 2024/25); "
                "skriv en længere periode med tankestreg, f.eks. 2016–20."
            )
        return aar, slut, Periodeart.SKOLEAAR
    return aar, slut, Periodeart.SPAEND


_TAL = r"\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:,\d+)?"
TAL_MOENSTER = re.compile(
    rf"""^\s*
    (?:(?P<kval>ca\.|over|under|knap|mindst|højst)\s+)?
    (?P<fra>{_TAL})
    (?:\s*[–-]\s*(?P<til>{_TAL}))?
    (?:\s+ud\s+af\s+(?P<naevner>{_TAL}))?
    (?P<rest>.*?)
    \s*$""",
    re.VERBOSE | re.IGNORECASE,
)
PROCENT_HALE = re.compile(rf"^\s*%|^\s*=\s*(?P<p>{_TAL})\s*%|^\s*\(\s*(?P<p2>{_TAL})\s*%\s*\)")
STIKPROEVE = re.compile(
    rf"\(\s*(?P<n>{_TAL})\s+besvarelser(?:\s*,\s*svarprocent\s+(?P<s>{_TAL})\s*%)?\s*\)\s*$",
    re.IGNORECASE,
)
MSG_LAES_TAL = (
    "»{tekst}« kan ikke læses som et tal. Skriv f.eks. 53 %, ca. 53 %, 41 beboere, "
    "115 ud af 148, 10–12 eller 43 % (393 besvarelser)."
)


def dansk_decimal(tekst: str) -> tuple[Decimal, int]:
    """ "4.209" → 4209; "6,30" → (6.30, 2 decimals). Thousands dots, decimal comma."""
    ren = tekst.replace(".", "").replace(",", ".")
    d = Decimal(ren)
    return d, max(0, -d.as_tuple().exponent)  # type: ignore[operator]


def _antal_eller_vaerdi(
    felter: dict[str, object], m: re.Match[str], rest: str, fejl: ValidationError
) -> None:
    """After the number: a unit, "ud af N", "= 78 %" or "(6,3 %)" make it a count;
    nothing makes it a value."""
    fra, fra_dec = dansk_decimal(m.group("fra"))
    enhed = rest
    procent_tekst = None
    for moenster in (rf"\s*=\s*({_TAL})\s*%$", rf"\s*\(\s*({_TAL})\s*%\s*\)$"):
        p = re.search(moenster, enhed)
        if p:
            procent_tekst = p.group(1)
            enhed = enhed[: p.start()].strip()
            break
    if PROCENT_HALE.match(rest) and not procent_tekst:
        raise fejl
    if not (m.group("naevner") or enhed or procent_tekst):
        felter["vaerdi"], felter["vaerdi_decimaler"] = fra, fra_dec
        return
    if len(enhed) > 100 or re.search(r"\d", enhed):
        raise fejl
    felter["antal"], felter["enhed"] = fra, enhed
    if m.group("naevner"):
        felter["naevner"] = dansk_decimal(m.group("naevner"))[0]
    if procent_tekst:
        felter["procent"], felter["procent_decimaler"] = dansk_decimal(procent_tekst)


def laes_tal(tekst: str, art: str = "") -> dict[str, object]:
    """A figure typed the Danish way, as `Tal`'s fields; ValidationError (Danish) otherwise.

    "53 %", "ca. 53 %", "6,3 %", "41 beboere", "41 beboere (6,3 %)", "115 ud af 148",
    "115 ud af 148 beboere = 78 %", "10–12 forløb", "knap 3.000", "43 % (393 besvarelser)",
    "43 % (393 besvarelser, svarprocent 61 %)". A plain number without a unit is a value
    (vaerdi), unless a unit follows, which makes it a count — or unless `art` is "antal":
    the line it belongs to is kept in counts (its baseline "1" is a count), so is this.
    """
    felter: dict[str, object] = {
        "antal": None, "naevner": None, "enhed": "", "procent": None, "procent_decimaler": 0,
        "vaerdi": None, "vaerdi_decimaler": 0, "kvalifikator": "", "til": None,
        "til_decimaler": 0, "besvarelser": None, "svarprocent": None, "svarprocent_decimaler": 0,
    }  # fmt: skip
    tekst = (tekst or "").strip()
    fejl = ValidationError(MSG_LAES_TAL.format(tekst=tekst))
    stik = STIKPROEVE.search(tekst)
    kerne = tekst[: stik.start()].strip() if stik else tekst
    m = TAL_MOENSTER.match(kerne)
    if not m or len(tekst) > 200:
        raise fejl
    if stik:
        felter["besvarelser"] = int(dansk_decimal(stik.group("n"))[0])
        if stik.group("s"):
            felter["svarprocent"], felter["svarprocent_decimaler"] = dansk_decimal(stik.group("s"))
    if m.group("kval"):
        felter["kvalifikator"] = m.group("kval").lower()
    fra, fra_dec = dansk_decimal(m.group("fra"))
    til = dansk_decimal(m.group("til")) if m.group("til") else None
    rest = m.group("rest").strip()
    if rest.startswith("%") and not m.group("naevner"):
        felter["procent"], felter["procent_decimaler"] = fra, fra_dec
        if rest[1:].strip():
            raise fejl
    else:
        _antal_eller_vaerdi(felter, m, rest, fejl)
    if til is not None:
        felter["til"], felter["til_decimaler"] = til
    if art == "antal" and felter["antal"] is None and felter["procent"] is None:
        felter.update(antal=felter["vaerdi"], vaerdi=None, vaerdi_decimaler=0)
    for navn, maks in (("procent", 100), ("svarprocent", 100)):
        v = felter[navn]
        if isinstance(v, Decimal) and v > maks:
            raise ValidationError(MSG_PROCENT)
    for navn in ("antal", "naevner", "vaerdi", "til"):
        v = felter[navn]
        if isinstance(v, Decimal) and v >= Decimal("1e11"):
            raise fejl
    return felter
