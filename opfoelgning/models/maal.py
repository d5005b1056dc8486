"""The yearly follow-up's data: targets, milestones, measured values, the leader's assessment.

An indicator's *lines* are what its baseline values are given for: an area (or the whole
area), a sub-indicator and a reference group. Targets and measurements are kept per line,
so the follow-up table lines up with the baseline table. The value shape (figure,
qualifier, range, sample, period) is the baselines' own (`indikatorer.vaerdiform`).
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q

from delaftaler.models import Omraade
from indikatorer.models import Indikator, Maal
from indikatorer.vaerdiform import MSG_AAR, Periode, Tal

MSG_MAALING_TAL = "Angiv det målte tal – eller markér, at data kommer."
MSG_MAALING_AFVENTER = "En måling, hvor data kommer, har ingen tal; skriv en note i stedet."


class Linje(models.Model):
    """What identifies one line of an indicator: area, sub-indicator, reference group."""

    indikator = models.ForeignKey(Indikator, verbose_name="indikator", on_delete=models.CASCADE)
    omraade = models.ForeignKey(
        Omraade,
        verbose_name="område/afdeling",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        help_text="Tomt, når tallet gælder hele boligområdet.",
    )
    delindikator = models.CharField("delindikator", max_length=300, blank=True)
    referencegruppe = models.CharField("referencegruppe", max_length=300, blank=True)

    class Meta:
        abstract = True

    @property
    def linjenoegle(self) -> tuple[int | None, str, str]:
        return (self.omraade_id, self.delindikator, self.referencegruppe)

    @property
    def linjenavn(self) -> str:
        """The line as printed: "Steenbjerggård: Tillid til politiet", or "Hele området"."""
        dele = [str(d) for d in (self.referencegruppe, self.omraade, self.delindikator) if d]
        return ": ".join(dele) or "Hele området"

    def linje_fejl(self) -> dict[str, str]:
        if self.omraade is not None and self.indikator_id:
            plan_id = self.indikator.maal.aftale.helhedsplan_id
            if self.omraade.helhedsplan_id != plan_id:
                return {"omraade": "Området hører ikke til aftalens helhedsplan."}
        return {}


def linje_betingelser(navn: str) -> list[models.BaseConstraint]:
    """One row per line (and per `ekstra`), the whole area (no omraade) included."""
    felter = ["indikator", "delindikator", "referencegruppe"]
    return [
        models.UniqueConstraint(
            fields=[*felter, "omraade"],
            condition=Q(omraade__isnull=False),
            name=f"{navn}_linje_unik",
            violation_error_message="Linjen har allerede en værdi.",
        ),
        models.UniqueConstraint(
            fields=felter,
            condition=Q(omraade__isnull=True),
            name=f"{navn}_linje_unik_hele",
            violation_error_message="Linjen har allerede en værdi.",
        ),
    ]


class Retning(models.TextChoices):
    STIGE = "stige", "skal stige"
    FALDE = "falde", "skal falde"
    FASTHOLDES = "fastholdes", "skal fastholdes"
    UNDER = "under", "skal holdes under"
    OVER = "over", "skal holdes over"


class Maaltal(Linje, Tal):
    """A line's numeric target: the direction, a target value, the year it is to be reached.

    The indicator's prose målsætning (on `Maal`) stays as it is and is printed as today.
    """

    indikator = models.ForeignKey(
        Indikator, verbose_name="indikator", on_delete=models.CASCADE, related_name="maaltal"
    )
    retning = models.CharField("retning", max_length=12, choices=Retning.choices)
    aar = models.PositiveSmallIntegerField(
        "målår", null=True, blank=True, help_text="Året, målet skal være nået."
    )
    note = models.CharField("note", max_length=500, blank=True)

    class Meta:
        verbose_name = "måltal"
        verbose_name_plural = "måltal"
        ordering = ["indikator", "id"]
        constraints = linje_betingelser("maaltal")

    def __str__(self) -> str:
        # The line too: an indicator's targets for its areas read alike ("skal falde til 0 i
        # 2028"), and the history names each by this.
        return f"{self.linjenavn}: {self.tekst}"

    def clean(self) -> None:
        fejl = {**self.tal_fejl(), **self.linje_fejl()}
        if self.aar is not None and not 1900 <= self.aar <= 2100:
            fejl["aar"] = MSG_AAR
        if self.retning in (Retning.UNDER, Retning.OVER) and not self.har_tal():
            fejl["procent"] = "Angiv den grænse, tallet skal holdes under eller over."
        if fejl:
            raise ValidationError(fejl)

    @property
    def tekst(self) -> str:
        """ "skal stige til 60 % i 2028", "skal holdes under 6", "skal fastholdes"."""
        dele = [self.get_retning_display()]
        if self.figur_tekst:
            dele.append(
                {"stige": "til", "falde": "til", "fastholdes": "på"}.get(self.retning, "")
                + f" {self.figur_tekst}"
            )
        if self.aar:
            dele.append(f"i {self.aar}")
        return " ".join(d.strip() for d in dele if d.strip())


class Milepael(Tal):
    """A target on the way: the value a line should have reached in a given year."""

    maaltal = models.ForeignKey(
        Maaltal, verbose_name="måltal", on_delete=models.CASCADE, related_name="milepaele"
    )
    aar = models.PositiveSmallIntegerField("år")

    class Meta:
        verbose_name = "delmål for året"
        verbose_name_plural = "delmål for årene"
        ordering = ["maaltal", "aar"]
        constraints = [
            models.UniqueConstraint(
                fields=["maaltal", "aar"],
                name="milepael_aar_unik",
                violation_error_message="Der er allerede et mål for det år.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.aar}: {self.figur_tekst}"

    def clean(self) -> None:
        fejl = self.tal_fejl()
        if not 1900 <= (self.aar or 0) <= 2100:
            fejl["aar"] = MSG_AAR
        if not self.har_tal():
            fejl["procent"] = "Angiv årets mål som et tal."
        if fejl:
            raise ValidationError(fejl)


class Maaling(Linje, Tal, Periode):
    """What was measured for a line in a period, with its source; or "data kommer"."""

    indikator = models.ForeignKey(
        Indikator, verbose_name="indikator", on_delete=models.CASCADE, related_name="maalinger"
    )
    aar = models.PositiveSmallIntegerField("år")
    kilde = models.CharField("kilde", max_length=500, blank=True)
    dato = models.DateField("opgjort", null=True, blank=True)
    note = models.CharField("note", max_length=500, blank=True)
    afventer = models.BooleanField("data kommer", default=False)
    registreret = models.DateTimeField("registreret", auto_now=True)
    registreret_af = models.CharField("registreret af", max_length=200, blank=True)

    class Meta:
        verbose_name = "måling"
        verbose_name_plural = "målinger"
        ordering = ["indikator", "aar", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["indikator", "omraade", "delindikator", "referencegruppe", "aar"],
                condition=Q(omraade__isnull=False),
                name="maaling_linje_aar_unik",
                violation_error_message="Linjen har allerede en måling for den periode.",
            ),
            models.UniqueConstraint(
                fields=["indikator", "delindikator", "referencegruppe", "aar"],
                condition=Q(omraade__isnull=True),
                name="maaling_linje_aar_unik_hele",
                violation_error_message="Linjen har allerede en måling for den periode.",
            ),
            models.CheckConstraint(
                condition=Q(aar__gte=1900, aar__lte=2100),
                name="maaling_aar",
                violation_error_message=MSG_AAR,
            ),
            models.CheckConstraint(
                condition=Q(procent__isnull=True) | Q(procent__gte=0, procent__lte=100),
                name="maaling_procent_0_100",
                violation_error_message="En andel skal ligge mellem 0 og 100 %.",
            ),
            models.CheckConstraint(
                condition=Q(afventer=True)
                | Q(antal__isnull=False)
                | Q(procent__isnull=False)
                | Q(vaerdi__isnull=False),
                name="maaling_har_tal",
                violation_error_message=MSG_MAALING_TAL,
            ),
            models.CheckConstraint(
                condition=Q(afventer=False)
                | Q(antal__isnull=True, procent__isnull=True, vaerdi__isnull=True),
                name="maaling_afventer_uden_tal",
                violation_error_message=MSG_MAALING_AFVENTER,
            ),
        ]

    def __str__(self) -> str:
        return f"{self.periode_tekst}: {self.tekst}"

    def clean(self) -> None:
        fejl = {**self.periode_fejl(), **self.tal_fejl(), **self.linje_fejl()}
        if self.afventer and self.har_tal():
            fejl["afventer"] = MSG_MAALING_AFVENTER
        if not self.afventer and not self.har_tal() and not fejl:
            fejl["procent"] = MSG_MAALING_TAL
        if fejl:
            raise ValidationError(fejl)

    @property
    def tekst(self) -> str:
        return "Data kommer" if self.afventer else self.figur_tekst


class Vurdering(models.Model):
    """The leader's own assessment of a delmål for a year: a traffic light and a text."""

    class Lys(models.TextChoices):
        GROEN = "groen", "Grøn – målet nås"
        GUL = "gul", "Gul – usikkert"
        ROED = "roed", "Rød – målet nås ikke uden ændringer"

    maal = models.ForeignKey(
        Maal, verbose_name="delmål", on_delete=models.CASCADE, related_name="vurderinger"
    )
    aar = models.PositiveSmallIntegerField("år")
    lys = models.CharField("vurdering", max_length=10, choices=Lys.choices)
    tekst = models.TextField("begrundelse", blank=True, max_length=20_000)
    registreret = models.DateTimeField("registreret", auto_now=True)
    registreret_af = models.CharField("registreret af", max_length=200, blank=True)

    class Meta:
        verbose_name = "vurdering"
        verbose_name_plural = "vurderinger"
        ordering = ["maal", "aar"]
        constraints = [
            models.UniqueConstraint(
                fields=["maal", "aar"],
                name="vurdering_maal_aar_unik",
                violation_error_message="Delmålet har allerede en vurdering for det år.",
            ),
            models.CheckConstraint(
                condition=Q(aar__gte=1900, aar__lte=2100),
                name="vurdering_aar",
                violation_error_message=MSG_AAR,
            ),
        ]

    def __str__(self) -> str:
        return f"{self.aar}: {self.get_lys_display()}"
