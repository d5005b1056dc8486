"""The status report of a year, its frozen approvals and its log (immutable, as versions)."""

from __future__ import annotations

import datetime

from django.db import models
from django.db.models import Q

from delaftaler.models import Helhedsplan
from delaftaler.models.version import FrosneFiler, Trin, UforanderligModel, UforanderligQuerySet
from indikatorer.vaerdiform import MSG_AAR

MSG_RAPPORT_UFORANDERLIG = "En godkendt statusrapport kan ikke ændres eller slettes."
MSG_RAPPORTLOG_UFORANDERLIG = "Rapportens behandlingslog kan ikke ændres eller slettes."


def standardfrist(aar: int) -> datetime.date:
    """The report on a year is due 30 June of the following year unless the plan says else."""
    return datetime.date(aar + 1, 6, 30)


class Statusrapport(models.Model):
    """The status report of a helhedsplan for one year: its due date and its treatment.

    Its content is computed from the agreements' targets, measurements and assessments
    (`opfoelgning.rapport`); an approval freezes that content in a `GodkendtRapport`.
    """

    helhedsplan = models.ForeignKey(
        Helhedsplan,
        verbose_name="helhedsplan",
        on_delete=models.PROTECT,
        related_name="statusrapporter",
    )
    aar = models.PositiveSmallIntegerField("år")
    frist = models.DateField("frist", help_text="Hvornår bestyrelsen skal have godkendt den.")

    class Meta:
        verbose_name = "statusrapport"
        verbose_name_plural = "statusrapporter"
        ordering = ["helhedsplan", "-aar"]
        constraints = [
            models.UniqueConstraint(
                fields=["helhedsplan", "aar"],
                name="statusrapport_aar_unik",
                violation_error_message="Helhedsplanen har allerede en statusrapport for det år.",
            ),
            models.CheckConstraint(
                condition=Q(aar__gte=1900, aar__lte=2100),
                name="statusrapport_aar",
                violation_error_message=MSG_AAR,
            ),
        ]

    def __str__(self) -> str:
        return f"Status på delmål og indikatorer {self.aar}"

    @property
    def titel(self) -> str:
        return str(self)


class GodkendtRapportQuerySet(UforanderligQuerySet["GodkendtRapport"]):
    besked = MSG_RAPPORT_UFORANDERLIG


class RapportbehandlingQuerySet(UforanderligQuerySet["Rapportbehandling"]):
    besked = MSG_RAPPORTLOG_UFORANDERLIG


class GodkendtRapport(FrosneFiler, UforanderligModel):
    """An approved status report, frozen: never changed or deleted (model and triggers)."""

    besked = MSG_RAPPORT_UFORANDERLIG

    rapport = models.ForeignKey(
        Statusrapport,
        verbose_name="statusrapport",
        on_delete=models.PROTECT,
        related_name="godkendte",
    )
    nummer = models.PositiveIntegerField("versionsnummer")
    json = models.TextField("rapporten som JSON")
    pdf = models.BinaryField("PDF")
    docx = models.BinaryField("Word-fil")
    kontrolsum = models.CharField("kontrolsum (JSON)", max_length=64)
    pdf_kontrolsum = models.CharField("kontrolsum (PDF)", max_length=64)
    docx_kontrolsum = models.CharField("kontrolsum (Word)", max_length=64)
    indsendt_af = models.CharField("indsendt af", max_length=200, blank=True)
    indsendt = models.DateTimeField("indsendt", null=True, blank=True)
    godkendt_af = models.CharField("godkendt af", max_length=200, blank=True)
    godkendt = models.DateTimeField("godkendt (registreret)")
    moededato = models.DateField("dato for bestyrelsesmødet")
    beslutning = models.TextField("beslutningsnote", blank=True)

    objects = GodkendtRapportQuerySet.as_manager()

    class Meta:
        verbose_name = "godkendt statusrapport"
        verbose_name_plural = "godkendte statusrapporter"
        ordering = ["rapport", "-nummer"]
        constraints = [
            models.UniqueConstraint(fields=["rapport", "nummer"], name="godkendt_rapport_unik"),
            models.CheckConstraint(condition=Q(nummer__gte=1), name="godkendt_rapport_nummer"),
        ]

    def __str__(self) -> str:
        return f"{self.rapport} (godkendt {self.moededato:%d/%m-%Y})"


class Rapportbehandling(Trin):
    """One step of a report's treatment: sent, approved, sent back, withdrawn."""

    besked = MSG_RAPPORTLOG_UFORANDERLIG

    class Art(models.TextChoices):
        INDSENDT = "indsendt", "Sendt til bestyrelsen"
        GODKENDT = "godkendt", "Godkendt af bestyrelsen"
        SENDT_TILBAGE = "sendt_tilbage", "Sendt tilbage af bestyrelsen"
        TRUKKET_TILBAGE = "trukket_tilbage", "Trukket tilbage af redaktøren"

    rapport = models.ForeignKey(
        Statusrapport,
        verbose_name="statusrapport",
        on_delete=models.PROTECT,
        related_name="behandlinger",
    )
    godkendt_rapport = models.ForeignKey(
        GodkendtRapport,
        verbose_name="godkendt rapport",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="behandlinger",
    )
    art = models.CharField("hændelse", max_length=20, choices=Art.choices)
    kontrolsum = models.CharField(
        "kontrolsum (JSON)",
        max_length=64,
        blank=True,
        help_text="Ved indsendelse: SHA-256 af rapporten som JSON, sådan som den blev sendt.",
    )

    objects = RapportbehandlingQuerySet.as_manager()

    class Meta:
        verbose_name = "rapportbehandling"
        verbose_name_plural = "rapportbehandlinger"
        ordering = ["rapport", "tidspunkt", "id"]
