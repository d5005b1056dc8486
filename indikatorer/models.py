"""Mål, indikatorer and their baseline values.

The delaftale's table "Delmål | Indikator | Baseline boligområde/målgruppe | Evt. anden
baseline | Baseline år | Datakilde" and the strategic agreement's table of overordnede
mål have the same shape, so one set of models serves both: a `Maal` belongs to an
agreement, and is a delmål in a delaftale and an overordnet mål in a strategic one.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q

from delaftaler.models import MSG_PROCENT, Ordnet
from indikatorer.vaerdiform import MSG_NAEVNER, Periode, Tal

MSG_AAR = "Baselineåret skal være et årstal mellem 1900 og 2100."
MSG_AFVENTER = "En afventende baseline har ingen tal; skriv forklaringen i stedet."
MSG_TAL = "Angiv et antal, en procent eller en værdi – eller markér baselinen som afventende."


class Maal(Ordnet):
    aftale = models.ForeignKey(
        "delaftaler.Aftale", verbose_name="aftale", on_delete=models.CASCADE, related_name="maal"
    )
    navn = models.TextField(
        "delmål",
        help_text="Delmål skal forstås som ’skridt på vejen’ til at opnå de overordnede mål jf. "
        "den strategiske aftale og beskriver de konkrete succeser, der ønskes opnået med de "
        "aktiviteter, der iværksættes inden for dette indsatsområde.",
    )
    maalsaetning = models.TextField(
        "målsætning",
        blank=True,
        help_text="Et konkret mål i ord, f.eks. ”holdes på under 6 udsættelser årligt”.",
    )

    class Meta(Ordnet.Meta):
        verbose_name = "mål"
        verbose_name_plural = "mål"

    def __str__(self) -> str:
        return self.navn


class Indikator(Ordnet):
    maal = models.ForeignKey(
        Maal, verbose_name="mål", on_delete=models.CASCADE, related_name="indikatorer"
    )
    navn = models.TextField(
        "indikator",
        help_text="Indikatorer er variable, der bruges til at vise, om delmålene opnås. Som "
        "inspiration stiller Landsbyggefonden en liste over relevante indikatorer til rådighed.",
    )
    datakilde = models.CharField("datakilde", max_length=500, blank=True)
    datakilde_note = models.CharField(
        "note til datakilden",
        max_length=500,
        blank=True,
        help_text="F.eks. ”data fra Lejerbo indgår ikke”.",
    )

    class Meta(Ordnet.Meta):
        verbose_name = "indikator"
        verbose_name_plural = "indikatorer"

    def __str__(self) -> str:
        return self.navn

    @property
    def baselineaar(self) -> str:
        """The years of the values, as the table's "Baseline år" column: "2017/19", "2023"."""
        baselines = [b for b in self.baselines.all() if b.aar]
        if any(b.aar_til for b in baselines):
            return ", ".join(dict.fromkeys(b.periode_kort for b in sorted(baselines, key=_start)))
        aar = sorted({b.aar for b in baselines if b.aar is not None})
        if len(aar) <= 1:
            return "".join(str(a) for a in aar)
        return "/".join([str(aar[0])] + [str(a)[-2:] for a in aar[1:]])


def _start(b: BaselineVaerdi) -> tuple[int, int]:
    return (b.aar or 0, b.aar_til or 0)


class BaselineVaerdi(Ordnet, Tal, Periode):
    """One figure in an indicator's baseline columns.

    A value may belong to a sub-area (`omraade`), carry a sub-indicator label, a count
    with its unit and denominator and/or a share in percent, a reference group (for the
    "Evt. anden baseline" column), a year, a footnote; or be pending with an explanation.
    """

    class Slags(models.TextChoices):
        BOLIGOMRAADE = "boligomraade", "Baseline boligområde/målgruppe"
        ANDEN = "anden", "Evt. anden baseline"

    indikator = models.ForeignKey(
        Indikator, verbose_name="indikator", on_delete=models.CASCADE, related_name="baselines"
    )
    slags = models.CharField(
        "kolonne", max_length=20, choices=Slags.choices, default=Slags.BOLIGOMRAADE
    )
    delindikator = models.CharField(
        "delindikator",
        max_length=300,
        blank=True,
        help_text="Når én indikator har flere mål, f.eks. ”Tillid til politiet”.",
    )
    omraade = models.ForeignKey(
        "delaftaler.Omraade",
        verbose_name="område/afdeling",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="baselines",
        help_text="Tomt, når tallet gælder hele boligområdet.",
    )
    referencegruppe = models.CharField(
        "referencegruppe",
        max_length=300,
        blank=True,
        help_text="Hvad tallet sammenlignes med, f.eks. ”De 198 største områder i DK”.",
    )
    aar = models.PositiveSmallIntegerField("baselineår", null=True, blank=True)
    kommentar = models.CharField("kommentar", max_length=500, blank=True)
    afventer = models.BooleanField("afventer data", default=False)
    afventer_tekst = models.CharField(
        "forklaring",
        max_length=500,
        blank=True,
        help_text="F.eks. ”Opgøres endeligt med udgangen af 2024”.",
    )
    fodnote = models.ForeignKey(
        "delaftaler.Fodnote",
        verbose_name="fodnote",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="baselines",
    )

    class Meta(Ordnet.Meta):
        verbose_name = "baselineværdi"
        verbose_name_plural = "baselineværdier"
        constraints = [
            models.CheckConstraint(
                condition=Q(aar__isnull=True) | Q(aar__gte=1900, aar__lte=2100),
                name="baseline_aar",
                violation_error_message=MSG_AAR,
            ),
            models.CheckConstraint(
                condition=Q(procent__isnull=True) | Q(procent__gte=0, procent__lte=100),
                name="baseline_procent_0_100",
                violation_error_message=MSG_PROCENT,
            ),
            models.CheckConstraint(
                condition=Q(afventer=False)
                | Q(
                    antal__isnull=True,
                    naevner__isnull=True,
                    procent__isnull=True,
                    vaerdi__isnull=True,
                ),
                name="baseline_afventer_uden_tal",
                violation_error_message=MSG_AFVENTER,
            ),
            models.CheckConstraint(
                condition=Q(afventer=True)
                | Q(antal__isnull=False)
                | Q(procent__isnull=False)
                | Q(vaerdi__isnull=False),
                name="baseline_har_tal",
                violation_error_message=MSG_TAL,
            ),
            models.CheckConstraint(
                condition=Q(antal__isnull=True) | Q(antal__gte=0),
                name="baseline_antal_ikke_negativt",
                violation_error_message="Et antal kan ikke være negativt.",
            ),
            models.CheckConstraint(
                condition=Q(naevner__isnull=True) | Q(antal__isnull=False, antal__lte=F("naevner")),
                name="baseline_antal_ud_af",
                violation_error_message=MSG_NAEVNER,
            ),
            models.CheckConstraint(
                condition=Q(procent_decimaler__lte=3, vaerdi_decimaler__lte=3),
                name="baseline_decimaler",
                violation_error_message="Højst tre decimaler.",
            ),
        ]

    def __str__(self) -> str:
        return self.tekst

    def clean(self) -> None:
        fejl = {**self.periode_fejl(), **self.tal_fejl()}
        if "aar" in fejl:
            fejl["aar"] = MSG_AAR
        har_tal = self.har_tal()
        if self.afventer and (har_tal or self.naevner is not None):
            fejl["afventer"] = MSG_AFVENTER
        if not self.afventer and not har_tal and not fejl:
            fejl["antal"] = MSG_TAL
        if self.omraade and self.indikator_id:
            plan_id = self.indikator.maal.aftale.helhedsplan_id
            if self.omraade.helhedsplan_id != plan_id:
                fejl["omraade"] = "Området hører ikke til aftalens helhedsplan."
        if fejl:
            raise ValidationError(fejl)

    @property
    def tal_tekst(self) -> str:
        """The figure as the agreements write it: "41 beboere (6,3 %)", "115 ud af 148 beboere = 78 %"."""
        return self.afventer_tekst if self.afventer else self.figur_tekst

    @property
    def linje(self) -> str:
        """The value's line within its reference group: area or sub-indicator, figure, comment."""
        etiket = ": ".join(str(d) for d in (self.omraade, self.delindikator) if d)
        tekst = self.tal_tekst
        if self.kommentar:
            tekst = f"{tekst} {self.kommentar}".strip()
        return f"{etiket}: {tekst}" if etiket else tekst

    @property
    def tekst(self) -> str:
        """The whole value on one line, reference group included."""
        return f"{self.referencegruppe}: {self.linje}" if self.referencegruppe else self.linje
