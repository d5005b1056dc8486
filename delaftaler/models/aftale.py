"""What both agreement kinds share: identity, period, parties and footnotes.

An agreement (`Aftale`) is either a strategic cooperation agreement or a delaftale;
both share identity, period, parties and footnotes through the concrete parent
`Aftale`, so that versions and history attach to one table.
"""

from __future__ import annotations

from typing import Any, TypeVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q

from delaftaler.dansk import dansk_periode
from delaftaler.models.faelles import MSG_PERIODE, Ordnet
from delaftaler.models.helhedsplan import Helhedsplan
from delaftaler.models.reference import Organisation

MSG_PART = "Angiv en organisation, en enhed, en titel eller et navn på parten."


_A = TypeVar("_A", bound="Aftale")


class AftaleQuerySet(models.QuerySet[_A]):
    def for_bruger(self, bruger: Any) -> AftaleQuerySet[_A]:
        return self.filter(helhedsplan__in=Helhedsplan.objects.for_bruger(bruger))


class Aftale(models.Model):
    """What a strategic agreement and a delaftale have in common."""

    helhedsplan = models.ForeignKey(
        Helhedsplan, verbose_name="helhedsplan", on_delete=models.CASCADE, related_name="aftaler"
    )
    gaelder_fra = models.DateField("gælder fra")
    gaelder_til = models.DateField("gælder til")
    oprettet = models.DateTimeField("oprettet", auto_now_add=True)
    aendret = models.DateTimeField("sidst ændret", auto_now=True)
    aendret_af = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="sidst ændret af",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    redigeringsnummer = models.PositiveIntegerField(
        "redigeringsnummer",
        default=1,
        editable=False,
        help_text="Tælles op ved hver gemning, så to samtidige redigeringer ikke overskriver hinanden.",
    )

    objects = AftaleQuerySet["Aftale"].as_manager()

    class Meta:
        verbose_name = "aftale"
        verbose_name_plural = "aftaler"
        ordering = ["helhedsplan__navn", "gaelder_fra", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(gaelder_til__gt=F("gaelder_fra")),
                name="aftale_periode",
                violation_error_message=MSG_PERIODE,
            )
        ]

    def __str__(self) -> str:
        konkret = self.konkret
        return str(konkret) if konkret is not self else f"Aftale {self.pk}"

    @property
    def konkret(self) -> Aftale:
        for navn in ("delaftale", "strategiskaftale"):
            try:
                return getattr(self, navn)
            except models.ObjectDoesNotExist:
                continue
        return self

    @property
    def periode(self) -> str:
        return dansk_periode(self.gaelder_fra, self.gaelder_til)

    def clean(self) -> None:
        if self.gaelder_fra and self.gaelder_til and self.gaelder_til <= self.gaelder_fra:
            raise ValidationError({"gaelder_til": MSG_PERIODE})
        # A cross-table rule: no CHECK constraint can see the helhedsplan's period.
        plan = self.helhedsplan if self.helhedsplan_id else None
        if plan and self.gaelder_fra and plan.gaelder_fra and self.gaelder_fra < plan.gaelder_fra:
            raise ValidationError(
                {
                    "gaelder_fra": "Aftalen kan ikke begynde før helhedsplanens periode "
                    f"({plan.periode})."
                }
            )
        if plan and self.gaelder_til and plan.gaelder_til and self.gaelder_til > plan.gaelder_til:
            raise ValidationError(
                {
                    "gaelder_til": "Aftalen kan ikke slutte efter helhedsplanens periode "
                    f"({plan.periode})."
                }
            )


MAAL_PREFETCH = (
    "maal__indikatorer__baselines__omraade__organisation",
    "maal__indikatorer__baselines__fodnote",
)


class Part(Ordnet):
    """A party to an agreement: an organisation's unit and title, or a named group."""

    aftale = models.ForeignKey(
        Aftale, verbose_name="aftale", on_delete=models.CASCADE, related_name="parter"
    )
    navn = models.CharField(
        "gruppe eller funktion",
        max_length=300,
        blank=True,
        help_text="Til en gruppe eller funktion, f.eks. ”Chefgruppen”.",
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name="organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="parter",
    )
    enhed = models.CharField("enhed", max_length=300, blank=True, help_text="Center, afdeling o.l.")
    titel = models.CharField("titel", max_length=200, blank=True)
    beskrivelse = models.TextField("rolle", blank=True, help_text="Gruppens eller partens rolle.")
    underskrift_dato = models.DateField("underskrevet dato", null=True, blank=True)
    underskrift_navn = models.CharField("underskrevet af", max_length=200, blank=True)

    class Meta(Ordnet.Meta):
        verbose_name = "part"
        verbose_name_plural = "parter"
        constraints = [
            models.CheckConstraint(
                condition=~Q(navn="", enhed="", titel="", organisation__isnull=True),
                name="part_har_navn",
                violation_error_message=MSG_PART,
            )
        ]

    def __str__(self) -> str:
        return self.visningsnavn

    @property
    def visningsnavn(self) -> str:
        dele = [self.navn, self.enhed, str(self.organisation or ""), self.titel]
        return ", ".join(d for d in dele if d)


class Fodnote(models.Model):
    """A footnote of an agreement. Texts refer to it as [^N]; a baseline value by FK."""

    aftale = models.ForeignKey(
        Aftale, verbose_name="aftale", on_delete=models.CASCADE, related_name="fodnoter"
    )
    nummer = models.PositiveSmallIntegerField("nummer")
    tekst = models.TextField("tekst")

    class Meta:
        verbose_name = "fodnote"
        verbose_name_plural = "fodnoter"
        ordering = ["nummer"]
        constraints = [
            models.UniqueConstraint(
                fields=["aftale", "nummer"],
                name="fodnote_unikt_nummer",
                violation_error_message="Aftalen har allerede en fodnote med det nummer.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.nummer}. {self.tekst[:60]}"
