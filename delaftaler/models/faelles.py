"""What several models share: document order and common messages."""

from __future__ import annotations

from django.db import models

MSG_PERIODE = "Slutdatoen skal ligge efter startdatoen."
MSG_PROCENT = "En andel skal ligge mellem 0 og 100 %."


class Ordnet(models.Model):
    """Children keep the document's order."""

    raekkefoelge = models.PositiveIntegerField(
        "rækkefølge", default=0, help_text="Placering i dokumentet; lavest først."
    )

    class Meta:
        abstract = True
        ordering = ["raekkefoelge", "id"]


# The longest text of any field in the five real agreements is about 4,100 characters; a
# text field holds at most five times that, so one field can never make a page, a PDF or
# an approval take unbounded time (forms, the importer and the schema all apply it).
TEKST_MAKS = 20_000
MSG_TEKST_MAKS = "Teksten er for lang: højst 20.000 tegn i ét felt."
