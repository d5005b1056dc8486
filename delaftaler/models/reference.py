"""Reference data: organisations, LBF's fund periods and their indsatsområder."""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q

from delaftaler.models.faelles import Ordnet


class OrganisationManager(models.Manager["Organisation"]):
    def get_by_natural_key(self, navn: str) -> Organisation:
        return self.get(navn=navn)


class Organisation(models.Model):
    class Type(models.TextChoices):
        KOMMUNE = "kommune", "Kommune"
        BOLIGORGANISATION = "boligorganisation", "Boligorganisation"
        POLITI = "politi", "Politi"
        ANDET = "andet", "Anden organisation"

    navn = models.CharField("navn", max_length=200, unique=True)
    type = models.CharField("type", max_length=20, choices=Type.choices, default=Type.ANDET)

    objects = OrganisationManager()

    class Meta:
        verbose_name = "organisation"
        verbose_name_plural = "organisationer"
        ordering = ["navn"]

    def __str__(self) -> str:
        return self.navn

    def natural_key(self) -> tuple[str]:
        return (self.navn,)


class FondsperiodeManager(models.Manager["Fondsperiode"]):
    def get_by_natural_key(self, kode: str) -> Fondsperiode:
        return self.get(kode=kode)


class Fondsperiode(models.Model):
    """A funding period of LBF ("2019-26-midlerne") with its own set of indsatsområder."""

    kode = models.CharField("kode", max_length=20, unique=True, help_text="F.eks. 2019-26.")
    navn = models.CharField("navn", max_length=200)
    start_aar = models.PositiveSmallIntegerField("første år")
    slut_aar = models.PositiveSmallIntegerField("sidste år")

    objects = FondsperiodeManager()

    class Meta:
        verbose_name = "fondsperiode"
        verbose_name_plural = "fondsperioder"
        ordering = ["-start_aar"]
        constraints = [
            models.CheckConstraint(
                condition=Q(slut_aar__gte=F("start_aar")),
                name="fondsperiode_slut_efter_start",
                violation_error_message="Sidste år skal være samme år som eller efter første år.",
            )
        ]

    def __str__(self) -> str:
        return self.navn

    def natural_key(self) -> tuple[str]:
        return (self.kode,)


class IndsatsomraadeManager(models.Manager["Indsatsomraade"]):
    def get_by_natural_key(self, fondsperiode_kode: str, slug: str) -> Indsatsomraade:
        return self.get(fondsperiode__kode=fondsperiode_kode, slug=slug)


class Indsatsomraade(Ordnet):
    fondsperiode = models.ForeignKey(
        Fondsperiode,
        verbose_name="fondsperiode",
        on_delete=models.PROTECT,
        related_name="indsatsomraader",
    )
    slug = models.SlugField("kortnavn", max_length=80)
    navn = models.CharField("navn", max_length=200)
    lbf_formaal = models.TextField(
        "LBF's overordnede formål", blank=True, help_text="Landsbyggefondens mål for området."
    )

    objects = IndsatsomraadeManager()

    class Meta(Ordnet.Meta):
        verbose_name = "indsatsområde"
        verbose_name_plural = "indsatsområder"
        constraints = [
            models.UniqueConstraint(
                fields=["fondsperiode", "slug"],
                name="indsatsomraade_unik_slug",
                violation_error_message="Fondsperioden har allerede et indsatsområde med det kortnavn.",
            )
        ]

    def __str__(self) -> str:
        return self.navn

    def natural_key(self) -> tuple[str, str]:
        return (self.fondsperiode.kode, self.slug)

    natural_key.dependencies = ["delaftaler.fondsperiode"]  # type: ignore[attr-defined]
