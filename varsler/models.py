"""A user's e-mail setting, every mail the app sends (stored before it is sent), reminders."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class Indstilling(models.Model):
    """A user's choice of mails; a user without one gets them (the default is on)."""

    bruger = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name="bruger",
        on_delete=models.CASCADE,
        related_name="varselsindstilling",
    )
    modtag_mails = models.BooleanField(
        "modtag e-mails",
        default=True,
        help_text="E-mail, når en aftale eller en statusrapport venter på dig eller er "
        "blevet behandlet, og påmindelser om det, der venter.",
    )

    class Meta:
        verbose_name = "e-mail-indstilling"
        verbose_name_plural = "e-mail-indstillinger"

    def __str__(self) -> str:
        return f"{self.bruger}: {'modtager' if self.modtag_mails else 'modtager ikke'} e-mails"


class Udsendelse(models.Model):
    """One mail to one recipient: stored first, then sent; unsent while `sendt` is empty."""

    bruger = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="bruger",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    modtager = models.EmailField("modtager")
    emne = models.CharField("emne", max_length=300)
    tekst = models.TextField("tekst")
    oprettet = models.DateTimeField("oprettet", auto_now_add=True)
    sendt = models.DateTimeField("sendt", null=True, blank=True)
    forsoeg = models.PositiveIntegerField("forsøg", default=0)
    fejl = models.TextField("seneste fejl", blank=True)

    class Meta:
        verbose_name = "udsendt e-mail"
        verbose_name_plural = "udsendte e-mails"
        ordering = ["-oprettet", "-id"]
        indexes = [models.Index(fields=["sendt", "forsoeg"], name="udsendelse_venter")]

    def __str__(self) -> str:
        return f"{self.emne} → {self.modtager}"


class Paamindelse(models.Model):
    """When a reminder about one thing (a submission, a report's due date) was last sent."""

    noegle = models.CharField("hvad", max_length=100, unique=True)
    sidst = models.DateTimeField("sidst sendt")

    class Meta:
        verbose_name = "påmindelse"
        verbose_name_plural = "påmindelser"
        ordering = ["-sidst"]

    def __str__(self) -> str:
        return self.noegle
