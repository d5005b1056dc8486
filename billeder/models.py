"""An image shown in a section of an agreement, with its caption and alt text.

The file goes through Django's storage API (``STORAGES["default"]``): a local folder by
default, S3-compatible object storage through django-storages when several app servers
share it. Besides the agreement's own file, every image's bytes are also kept under their
SHA-256 (``frossen_sti``) and never overwritten or deleted: that is the copy an approved
version refers to by checksum, whatever later happens to the draft's image.
"""

from __future__ import annotations

import uuid
from pathlib import PurePosixPath

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import models

from delaftaler.models import Aftale, Delaftale

STRATEGISK_AFSNIT = [
    ("kort", "1. Kort om boligområdet"),
    ("vision", "2. Vision for boligområdet"),
    ("organisering", "3. Organisering"),
    ("samspil", "4. Samspil med centrale tiltag og indsatser"),
    ("indsatsomraader", "6. Indsatsområder"),
    ("evaluering", "7. Lokal evaluering"),
    ("bilag", "Bilag"),
]
DELAFTALE_AFSNIT = [
    ("parter", "Delaftalens parter"),
    ("maal", "Delmål og indikatorer"),
    ("aktiviteter", "Aktiviteter"),
    ("ressourcer", "Medarbejderressourcer"),
    ("kommunal", "Sammenhæng med den kommunale indsats"),
    ("bilag", "Bilag"),
]
ALLE_AFSNIT = list(dict(STRATEGISK_AFSNIT + DELAFTALE_AFSNIT).items())
MSG_AFSNIT = "Vælg et afsnit, som denne slags aftale har."


def afsnit_for(aftale: Aftale) -> list[tuple[str, str]]:
    """The sections an image can be shown in, for the agreement's kind."""
    return DELAFTALE_AFSNIT if isinstance(aftale.konkret, Delaftale) else STRATEGISK_AFSNIT


def _sti(billede: Billede, filnavn: str) -> str:
    # A random name under the plan: the user's file name is never part of a path.
    endelse = PurePosixPath(filnavn).suffix.lower()
    return f"billeder/{billede.aftale.helhedsplan.slug}/{uuid.uuid4().hex}{endelse}"


FROSNE = "billeder/frosne/"


def frossen_sti(sha256: str, indholdstype: str) -> str:
    """Where the image's immutable copy lives, named by its checksum."""
    endelse = ".png" if indholdstype == "image/png" else ".jpg"
    return f"{FROSNE}{sha256[:2]}/{sha256}{endelse}"


class Billede(models.Model):
    aftale = models.ForeignKey(
        Aftale, verbose_name="aftale", on_delete=models.CASCADE, related_name="billeder"
    )
    afsnit = models.CharField(
        "afsnit", max_length=20, choices=ALLE_AFSNIT, help_text="Hvor i aftalen billedet vises."
    )
    fil = models.FileField("billedfil", upload_to=_sti, max_length=300)
    billedtekst = models.CharField(
        "billedtekst", max_length=500, help_text="Vises under billedet i aftalen."
    )
    alt_tekst = models.CharField(
        "alternativ tekst",
        max_length=250,
        help_text="Beskriver billedet for den, der ikke kan se det (skærmlæser). Højst 250 tegn.",
    )
    raekkefoelge = models.PositiveIntegerField(
        "rækkefølge", default=1, help_text="Billeder i samme afsnit vises i denne rækkefølge."
    )
    sha256 = models.CharField("SHA-256", max_length=64, editable=False)
    bredde = models.PositiveIntegerField("bredde (px)", editable=False)
    hoejde = models.PositiveIntegerField("højde (px)", editable=False)
    indholdstype = models.CharField(
        "indholdstype",
        max_length=20,
        editable=False,
        choices=[("image/png", "PNG"), ("image/jpeg", "JPEG")],
    )

    class Meta:
        verbose_name = "billede"
        verbose_name_plural = "billeder"
        ordering = ["raekkefoelge", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(afsnit__in=[k for k, _ in ALLE_AFSNIT]),
                name="billede_afsnit",
                violation_error_message=MSG_AFSNIT,
            ),
            models.CheckConstraint(
                condition=~models.Q(billedtekst="") & ~models.Q(alt_tekst=""),
                name="billede_tekster",
                violation_error_message="Skriv både en billedtekst og en alternativ tekst.",
            ),
        ]

    def __str__(self) -> str:
        return self.billedtekst

    def clean(self) -> None:
        if self.aftale_id and self.afsnit not in dict(afsnit_for(self.aftale)):
            raise ValidationError({"afsnit": MSG_AFSNIT})

    @property
    def filnavn(self) -> str:
        """The name the image has in an export: its checksum, so equal images are one file."""
        return PurePosixPath(frossen_sti(self.sha256, self.indholdstype)).name

    def indhold(self) -> bytes:
        with self.fil.open("rb") as f:
            return f.read()

    def frys(self, indhold: bytes) -> None:
        """Keep the bytes under their checksum, once (an existing copy is never touched)."""
        sti = frossen_sti(self.sha256, self.indholdstype)
        if not default_storage.exists(sti):
            default_storage.save(sti, ContentFile(indhold))


def frossent_indhold(sha256: str, indholdstype: str) -> bytes:
    """The immutable copy's bytes (an approved version's image)."""
    with default_storage.open(frossen_sti(sha256, indholdstype), "rb") as f:
        data: bytes = f.read()
    return data
