"""The log of a helhedsplan's membership changes: who did what to whom, and when.

Names are stored as text, so the log still reads right after a user is deleted.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from delaftaler.models.helhedsplan import Helhedsplan


class Medlemslog(models.Model):
    class Handling(models.TextChoices):
        INVITERET = "inviteret", "Inviteret"
        TILFOEJET = "tilfoejet", "Tilføjet"
        ROLLE = "rolle", "Rolle ændret"
        ADMINISTRATOR = "administrator", "Administrator ændret"
        FJERNET = "fjernet", "Fjernet"
        PLAN = "plan", "Helhedsplanen ændret"

    helhedsplan = models.ForeignKey(
        Helhedsplan,
        verbose_name="helhedsplan",
        on_delete=models.CASCADE,
        related_name="medlemslog",
    )
    tidspunkt = models.DateTimeField("tidspunkt", auto_now_add=True)
    udfoert_af = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="udført af",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    udfoert_af_navn = models.CharField("udført af (navn)", max_length=300, blank=True)
    medlem = models.CharField("medlem", max_length=300, blank=True)
    handling = models.CharField("handling", max_length=20, choices=Handling.choices)
    beskrivelse = models.TextField("beskrivelse", blank=True)

    class Meta:
        verbose_name = "ændring af medlemmer"
        verbose_name_plural = "ændringer af medlemmer"
        ordering = ["-tidspunkt", "-id"]

    def __str__(self) -> str:
        return f"{self.get_handling_display()}: {self.medlem}"
