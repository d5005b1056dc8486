"""The strategic cooperation agreement and its sections, board and policy tables."""

from __future__ import annotations

from django.db import models
from django.urls import reverse

from delaftaler.models.aftale import MAAL_PREFETCH, Aftale, AftaleQuerySet
from delaftaler.models.faelles import Ordnet
from delaftaler.models.reference import Indsatsomraade, Organisation


class StrategiskAftaleQuerySet(AftaleQuerySet["StrategiskAftale"]):
    def med_indhold(self) -> StrategiskAftaleQuerySet:
        """Everything the document shows, in a fixed number of queries."""
        return self.select_related("helhedsplan", "aendret_af").prefetch_related(
            "parter__organisation",
            "fodnoter",
            *MAAL_PREFETCH,
            "politiktabeller__raekker__maal",
            "afsnit",
            "bestyrelsesmedlemmer__organisation",
            "valgte_indsatsomraader__indsatsomraade",
            "billeder",
        )


class StrategiskAftale(Aftale):
    """Strategisk samarbejdsaftale: one per helhedsplan period, sections 1–8."""

    omraadets_navn = models.CharField("områdets navn", max_length=200)
    kort_om_omraadet = models.TextField(
        "1. Kort om boligområdet",
        blank=True,
        help_text="Beskriv kort boligområdet: afdelinger, beboere, beliggenhed og udfordringer.",
    )
    vision = models.TextField(
        "2. Vision for boligområdet",
        blank=True,
        help_text="Den overordnede vision for helhedsplanen i en eller få sætninger.",
    )
    vision_tekst = models.TextField(
        "2. Vision – uddybning",
        blank=True,
        help_text="Baggrunden for visionen og de valgte indsatsområder.",
    )
    lokal_evaluering = models.TextField("7. Lokal evaluering", blank=True)
    revision = models.TextField(
        "8. Revision af samarbejdsaftalen",
        blank=True,
        help_text="Ændringer i den strategiske samarbejdsaftale skal godkendes af Landsbyggefonden.",
    )

    # The concrete kinds have querysets of their own (django-stubs sees a clash).
    objects = StrategiskAftaleQuerySet.as_manager()  # type: ignore[misc]

    class Meta:
        verbose_name = "strategisk samarbejdsaftale"
        verbose_name_plural = "strategiske samarbejdsaftaler"

    def __str__(self) -> str:
        return f"Strategisk samarbejdsaftale – {self.omraadets_navn} ({self.periode})"

    def get_absolute_url(self) -> str:
        return reverse("aftale", args=[self.helhedsplan.slug, self.pk])


class Politiktabel(Ordnet):
    """A table "Helhedsplanen understøtter politikker og visioner i …" (section 2)."""

    aftale = models.ForeignKey(
        StrategiskAftale,
        verbose_name="strategisk aftale",
        on_delete=models.CASCADE,
        related_name="politiktabeller",
    )
    titel = models.CharField("overskrift", max_length=300)
    intro = models.TextField("indledning", blank=True)
    venstre_overskrift = models.CharField("venstre kolonne", max_length=300)
    hoejre_overskrift = models.CharField("højre kolonne", max_length=300)
    efter_tekst = models.TextField("tekst efter tabellen", blank=True)

    class Meta(Ordnet.Meta):
        verbose_name = "politiktabel"
        verbose_name_plural = "politiktabeller"

    def __str__(self) -> str:
        return self.titel


class Politikraekke(Ordnet):
    tabel = models.ForeignKey(
        Politiktabel, verbose_name="tabel", on_delete=models.CASCADE, related_name="raekker"
    )
    titel = models.CharField("vision eller princip", max_length=500)
    tekst = models.TextField("uddybning", blank=True)
    maal = models.ManyToManyField(
        "indikatorer.Maal",
        verbose_name="understøttede mål",
        blank=True,
        related_name="politikraekker",
    )
    hoejre_tekst = models.TextField("tekst i højre kolonne", blank=True)
    kommentar = models.TextField("kommentar", blank=True)

    class Meta(Ordnet.Meta):
        verbose_name = "række"
        verbose_name_plural = "rækker"

    def __str__(self) -> str:
        return self.titel


class Afsnit(Ordnet):
    """A sub-section of section 3 (Organisering) or 4 (Samspil) of the strategic agreement."""

    class Sektion(models.IntegerChoices):
        ORGANISERING = 3, "3. Organisering"
        SAMSPIL = 4, "4. Samspil med centrale tiltag og indsatser i boligområdet"

    class Slags(models.TextChoices):
        ANDET = "", "Andet"
        BESTYRELSE = "bestyrelse", "Bestyrelse"
        FOELGEGRUPPE = "foelgegruppe", "Følgegruppe"
        ARBEJDSGRUPPE = "arbejdsgruppe", "Arbejdsgrupper"
        DAGLIG_LEDELSE = "daglig_ledelse", "Daglig ledelse"

    aftale = models.ForeignKey(
        StrategiskAftale,
        verbose_name="strategisk aftale",
        on_delete=models.CASCADE,
        related_name="afsnit",
    )
    sektion = models.PositiveSmallIntegerField("sektion", choices=Sektion.choices)
    slags = models.CharField("slags", max_length=20, choices=Slags.choices, blank=True)
    overskrift = models.CharField("overskrift", max_length=300, blank=True)
    tekst = models.TextField("tekst", blank=True)

    class Meta(Ordnet.Meta):
        verbose_name = "afsnit"
        verbose_name_plural = "afsnit"
        ordering = ["sektion", "raekkefoelge", "id"]

    def __str__(self) -> str:
        return self.overskrift or self.get_sektion_display()


class Bestyrelsesmedlem(Ordnet):
    aftale = models.ForeignKey(
        StrategiskAftale,
        verbose_name="strategisk aftale",
        on_delete=models.CASCADE,
        related_name="bestyrelsesmedlemmer",
    )
    funktion = models.CharField(
        "funktion i bestyrelsen", max_length=200, blank=True, help_text="F.eks. bestyrelsesformand."
    )
    titel = models.CharField("titel", max_length=200)
    organisation = models.ForeignKey(
        Organisation,
        verbose_name="organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="bestyrelsesmedlemmer",
    )
    navn = models.CharField("navn", max_length=200, blank=True)

    class Meta(Ordnet.Meta):
        verbose_name = "bestyrelsesmedlem"
        verbose_name_plural = "bestyrelsesmedlemmer"

    def __str__(self) -> str:
        return ", ".join(d for d in [self.funktion, self.titel, str(self.organisation or "")] if d)


class ValgtIndsatsomraade(Ordnet):
    """Section 6: a chosen indsatsområde with its problemkompleks and primary target group."""

    aftale = models.ForeignKey(
        StrategiskAftale,
        verbose_name="strategisk aftale",
        on_delete=models.CASCADE,
        related_name="valgte_indsatsomraader",
    )
    indsatsomraade = models.ForeignKey(
        Indsatsomraade, verbose_name="indsatsområde", on_delete=models.PROTECT, related_name="+"
    )
    problemkompleks = models.TextField(
        "problemkompleks",
        blank=True,
        help_text="De centrale kerneudfordringer inden for indsatsområdet, konkret og "
        "dataunderbygget.",
    )
    maal_tekst = models.TextField("målet med indsatsen", blank=True)
    primaer_maalgruppe = models.TextField("den primære målgruppe", blank=True)

    class Meta(Ordnet.Meta):
        verbose_name = "valgt indsatsområde"
        verbose_name_plural = "valgte indsatsområder"
        constraints = [
            models.UniqueConstraint(
                fields=["aftale", "indsatsomraade"],
                name="valgt_indsatsomraade_unik",
                violation_error_message="Indsatsområdet er allerede valgt i aftalen.",
            )
        ]

    def __str__(self) -> str:
        return str(self.indsatsomraade)
