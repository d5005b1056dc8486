"""The tenant: a helhedsplan, its areas and afdelinger, and who belongs to it."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q

from delaftaler.dansk import dansk_periode
from delaftaler.models.faelles import MSG_PERIODE, Ordnet
from delaftaler.models.reference import Fondsperiode, Organisation


class HelhedsplanQuerySet(models.QuerySet["Helhedsplan"]):
    def for_bruger(self, bruger: Any) -> HelhedsplanQuerySet:
        """Only the helhedsplaner the user is a member of (staff status grants nothing)."""
        if not getattr(bruger, "is_authenticated", False):
            return self.none()
        return self.filter(medlemskaber__bruger=bruger)

    def get_by_natural_key(self, slug: str) -> Helhedsplan:
        return self.get(slug=slug)


class Helhedsplan(models.Model):
    """A boligsocial helhedsplan: the tenant every agreement and area hangs from."""

    slug = models.SlugField("kortnavn", max_length=80, unique=True)
    navn = models.CharField("navn", max_length=200)
    fondsperiode = models.ForeignKey(
        Fondsperiode, verbose_name="fondsperiode", on_delete=models.PROTECT, related_name="+"
    )
    kommune = models.ForeignKey(
        Organisation,
        verbose_name="kommune",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="helhedsplaner_som_kommune",
        limit_choices_to={"type": Organisation.Type.KOMMUNE},
    )
    boligorganisationer = models.ManyToManyField(
        Organisation,
        verbose_name="boligorganisationer",
        blank=True,
        related_name="helhedsplaner",
    )
    gaelder_fra = models.DateField("gælder fra", null=True, blank=True)
    gaelder_til = models.DateField("gælder til", null=True, blank=True)

    objects = HelhedsplanQuerySet.as_manager()

    class Meta:
        verbose_name = "helhedsplan"
        verbose_name_plural = "helhedsplaner"
        ordering = ["navn"]
        constraints = [
            models.CheckConstraint(
                condition=Q(gaelder_fra__isnull=True)
                | Q(gaelder_til__isnull=True)
                | Q(gaelder_til__gt=F("gaelder_fra")),
                name="helhedsplan_periode",
                violation_error_message=MSG_PERIODE,
            )
        ]

    def __str__(self) -> str:
        return self.navn

    def natural_key(self) -> tuple[str]:
        return (self.slug,)

    def clean(self) -> None:
        if self.gaelder_fra and self.gaelder_til and self.gaelder_til <= self.gaelder_fra:
            raise ValidationError({"gaelder_til": MSG_PERIODE})

    @property
    def periode(self) -> str:
        return dansk_periode(self.gaelder_fra, self.gaelder_til)

    def rummer(self, fra: date, til: date) -> bool:
        """Whether a period lies within the helhedsplan's (an open end accepts anything)."""
        return not (
            (self.gaelder_fra and fra < self.gaelder_fra)
            or (self.gaelder_til and til > self.gaelder_til)
        )


class OmraadeManager(models.Manager["Omraade"]):
    def get_by_natural_key(self, helhedsplan_slug: str, navn: str) -> Omraade:
        return self.get(helhedsplan__slug=helhedsplan_slug, navn=navn)


class Omraade(Ordnet):
    """A housing area, afdeling or other sub-area that a baseline value can belong to."""

    class Type(models.TextChoices):
        BOLIGOMRAADE = "boligomraade", "Boligområde"
        AFDELING = "afdeling", "Afdeling"
        ANDET = "andet", "Andet"

    helhedsplan = models.ForeignKey(
        Helhedsplan, verbose_name="helhedsplan", on_delete=models.CASCADE, related_name="omraader"
    )
    navn = models.CharField("navn", max_length=200)
    type = models.CharField("type", max_length=20, choices=Type.choices, default=Type.BOLIGOMRAADE)
    organisation = models.ForeignKey(
        Organisation,
        verbose_name="boligorganisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="omraader",
    )
    overordnet = models.ForeignKey(
        "self",
        verbose_name="overordnet område",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="underomraader",
    )

    objects = OmraadeManager()

    class Meta(Ordnet.Meta):
        verbose_name = "område"
        verbose_name_plural = "områder og afdelinger"
        constraints = [
            models.UniqueConstraint(
                fields=["helhedsplan", "navn"],
                name="omraade_unikt_navn",
                violation_error_message="Helhedsplanen har allerede et område med det navn.",
            )
        ]

    def __str__(self) -> str:
        return self.navn

    def natural_key(self) -> tuple[str, str]:
        return (self.helhedsplan.slug, self.navn)

    natural_key.dependencies = ["delaftaler.helhedsplan"]  # type: ignore[attr-defined]

    def clean(self) -> None:
        if (
            self.overordnet_id
            and self.overordnet
            and (
                self.overordnet.helhedsplan_id != self.helhedsplan_id
                or self.overordnet_id == self.pk
            )
        ):
            raise ValidationError(
                {"overordnet": "Det overordnede område skal høre til samme helhedsplan."}
            )


class Medlemskab(models.Model):
    """A user's role in one helhedsplan. All access to agreements goes through these."""

    class Rolle(models.TextChoices):
        REDAKTOER = "redaktoer", "Redaktør"
        BESTYRELSE = "bestyrelse", "Bestyrelse"
        LBF = "lbf", "Landsbyggefonden"

    bruger = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="bruger",
        on_delete=models.CASCADE,
        related_name="medlemskaber",
    )
    helhedsplan = models.ForeignKey(
        Helhedsplan,
        verbose_name="helhedsplan",
        on_delete=models.CASCADE,
        related_name="medlemskaber",
    )
    rolle = models.CharField(
        "rolle",
        max_length=20,
        choices=Rolle.choices,
        help_text="Redaktør redigerer; bestyrelse gennemser og godkender; "
        "Landsbyggefonden læser de gældende, godkendte aftaler.",
    )
    administrator = models.BooleanField(
        "administrator",
        default=False,
        help_text="En administrator inviterer og fjerner helhedsplanens medlemmer, ændrer "
        "deres roller og retter helhedsplanens egne oplysninger og områder.",
    )

    class Meta:
        verbose_name = "medlemskab"
        verbose_name_plural = "medlemskaber"
        ordering = ["helhedsplan__navn", "bruger__username"]
        constraints = [
            models.UniqueConstraint(
                fields=["bruger", "helhedsplan"],
                name="medlemskab_en_rolle_pr_plan",
                violation_error_message="Brugeren er allerede medlem af helhedsplanen.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.bruger} – {self.helhedsplan} ({self.get_rolle_display()})"

    @property
    def maa_redigere(self) -> bool:
        return self.rolle == self.Rolle.REDAKTOER
