"""Approved versions (frozen, immutable) and the log of their treatment."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.db.models import Q

from delaftaler.models.aftale import Aftale


class VersionQuerySet(models.QuerySet["Version"]):
    def update(self, **kwargs: Any) -> int:
        raise Uforanderlig(MSG_UFORANDERLIG)

    def delete(self) -> tuple[int, dict[str, int]]:
        raise Uforanderlig(MSG_UFORANDERLIG)

    def gaeldende(self) -> VersionQuerySet:
        """Versions that are or were in force: approved by the board, and by LBF where needed."""
        return self.filter(Q(kraever_lbf=False) | Q(behandlinger__art=Behandling.Art.LBF_GODKENDT))


MSG_UFORANDERLIG = "En godkendt version kan ikke ændres."


class Uforanderlig(Exception):
    """Raised on any attempt to change or delete a frozen version."""


class Version(models.Model):
    """An approved version: a frozen, complete snapshot of an agreement, with its files.

    Never changed after it is created: the model refuses, and a database trigger
    (migration 0005) refuses UPDATE whatever the caller. The checksums are SHA-256 of the
    stored bytes, printed in LBF's export manifest.
    """

    aftale = models.ForeignKey(
        Aftale, verbose_name="aftale", on_delete=models.CASCADE, related_name="versioner"
    )
    nummer = models.PositiveIntegerField("versionsnummer")
    json = models.TextField("aftalen som JSON", help_text="Formatet lbf-aftaler med skemaversion.")
    pdf = models.BinaryField("PDF")
    docx = models.BinaryField("Word-fil")
    kontrolsum = models.CharField("kontrolsum (JSON)", max_length=64)
    pdf_kontrolsum = models.CharField("kontrolsum (PDF)", max_length=64)
    docx_kontrolsum = models.CharField("kontrolsum (Word)", max_length=64)
    redigeringsnummer = models.PositiveIntegerField("redigeringsnummer ved godkendelsen")
    indsendt_af = models.CharField("indsendt af", max_length=200, blank=True)
    indsendt = models.DateTimeField("indsendt", null=True, blank=True)
    godkendt_af = models.CharField("godkendt af", max_length=200, blank=True)
    godkendt = models.DateTimeField("godkendt (registreret)")
    moededato = models.DateField("dato for bestyrelsesmødet")
    beslutning = models.TextField("beslutningsnote", blank=True)
    kraever_lbf = models.BooleanField(
        "kræver Landsbyggefondens godkendelse",
        default=False,
        help_text="Ændringer i den strategiske samarbejdsaftale skal godkendes af LBF.",
    )

    objects = VersionQuerySet.as_manager()

    class Meta:
        verbose_name = "godkendt version"
        verbose_name_plural = "godkendte versioner"
        ordering = ["aftale", "-nummer"]
        constraints = [
            models.UniqueConstraint(fields=["aftale", "nummer"], name="version_nummer_unik"),
            models.CheckConstraint(condition=Q(nummer__gte=1), name="version_nummer_positivt"),
        ]

    def __str__(self) -> str:
        return f"Version {self.nummer}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None and not self._state.adding:
            raise Uforanderlig(MSG_UFORANDERLIG)
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise Uforanderlig(MSG_UFORANDERLIG)

    def filer(self) -> dict[str, tuple[bytes, str]]:
        """The version's files by format (pdf, docx, json), each with its stored checksum."""
        return {
            "pdf": (bytes(self.pdf), self.pdf_kontrolsum),
            "docx": (bytes(self.docx), self.docx_kontrolsum),
            "json": (self.json.encode(), self.kontrolsum),
        }


class Behandling(models.Model):
    """One step of an agreement's approval: submitted, approved, sent back, LBF's decision."""

    class Art(models.TextChoices):
        INDSENDT = "indsendt", "Sendt til bestyrelsen"
        GODKENDT = "godkendt", "Godkendt af bestyrelsen"
        SENDT_TILBAGE = "sendt_tilbage", "Sendt tilbage af bestyrelsen"
        TRUKKET_TILBAGE = "trukket_tilbage", "Trukket tilbage af redaktøren"
        LBF_GODKENDT = "lbf_godkendt", "Godkendt af Landsbyggefonden"
        LBF_AFVIST = "lbf_afvist", "Ikke godkendt af Landsbyggefonden"

    aftale = models.ForeignKey(
        Aftale, verbose_name="aftale", on_delete=models.CASCADE, related_name="behandlinger"
    )
    version = models.ForeignKey(
        Version,
        verbose_name="version",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="behandlinger",
    )
    art = models.CharField("hændelse", max_length=20, choices=Art.choices)
    bruger = models.CharField("af", max_length=200, blank=True)
    tidspunkt = models.DateTimeField("tidspunkt", auto_now_add=True)
    dato = models.DateField("beslutningsdato", null=True, blank=True)
    kommentar = models.TextField("kommentar", blank=True)
    redigeringsnummer = models.PositiveIntegerField("redigeringsnummer", default=0)

    class Meta:
        verbose_name = "behandling"
        verbose_name_plural = "behandlinger"
        ordering = ["aftale", "tidspunkt", "id"]

    def __str__(self) -> str:
        return f"{self.get_art_display()} {self.tidspunkt:%d/%m-%Y}"
