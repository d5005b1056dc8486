"""Activities of a delaftale and every part of their schema (LBF's template, field 10)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q

from delaftaler.dansk import dansk_tal
from delaftaler.models import Ordnet

if TYPE_CHECKING:
    from indikatorer.models import Maal


def valider_tekstliste(vaerdi: Any) -> None:
    if not isinstance(vaerdi, list) or not all(isinstance(p, str) and p.strip() for p in vaerdi):
        raise ValidationError("Skal være en liste af punkter med tekst.")


class TekstlisteField(models.JSONField):
    """An ordered list of short texts (bullet points, actors, sources)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("default", list)
        kwargs.setdefault("blank", True)
        kwargs.setdefault("validators", [valider_tekstliste])
        super().__init__(*args, **kwargs)


class CfbuTypeManager(models.Manager["CfbuType"]):
    def get_by_natural_key(self, navn: str) -> CfbuType:
        return self.get(navn=navn)


class CfbuType(models.Model):
    """A type of activity in CFBU's inspirations- og videnskatalog ("Sociale viceværter")."""

    navn = models.CharField("navn", max_length=200, unique=True)

    objects = CfbuTypeManager()

    class Meta:
        verbose_name = "CFBU-aktivitetstype"
        verbose_name_plural = "CFBU-aktivitetstyper"
        ordering = ["navn"]

    def __str__(self) -> str:
        return self.navn

    def natural_key(self) -> tuple[str]:
        return (self.navn,)


class Aktivitet(Ordnet):
    delaftale = models.ForeignKey(
        "delaftaler.Delaftale",
        verbose_name="delaftale",
        on_delete=models.CASCADE,
        related_name="aktiviteter",
    )
    navn = models.CharField("aktivitetsnavn", max_length=300)
    undertitel = models.TextField("undertitel", blank=True)
    listenavn = models.CharField(
        "navn i aktivitetslisten",
        max_length=300,
        blank=True,
        help_text="Kun hvis navnet står anderledes i delaftalens liste over aktiviteter.",
    )
    listebeskrivelse = models.TextField(
        "tekst i aktivitetslisten", blank=True, help_text="Tekst, listen tilføjer navnet."
    )
    beskrevet_i = models.CharField(
        "beskrevet i",
        max_length=300,
        blank=True,
        help_text="Udfyldes, når aktiviteten er beskrevet i en anden delaftale, "
        "f.eks. ”delaftalen for beskæftigelse”.",
    )
    beskrevet_i_delaftale = models.ForeignKey(
        "delaftaler.Delaftale",
        verbose_name="beskrevet i delaftale",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="aktiviteter_beskrevet_her",
    )
    cfbu_typer: models.ManyToManyField[CfbuType, AktivitetCfbuType] = models.ManyToManyField(
        CfbuType,
        verbose_name="CFBU-aktivitetstyper",
        blank=True,
        through="AktivitetCfbuType",
        related_name="aktiviteter",
        help_text="Typer fra Center for Boligsocial Udviklings inspirations- og videnskatalog.",
    )
    formaal = models.TextField(
        "formål",
        blank=True,
        help_text="Her beskrives formålet(-ene) med den givne aktivitet, herunder hvordan denne "
        "aktivitet er med til at understøtte opnåelsen af delmålene for indsatsområdet og de "
        "overordnede mål i den strategiske aftale. Beskrivelsen bedes holdt kort og i punktform.",
    )
    formaal_punkter = TekstlisteField("formål i punktform")
    understoetter_delmaal: models.ManyToManyField[Maal, UnderstoettetDelmaal] = (
        models.ManyToManyField(
            "indikatorer.Maal",
            verbose_name="understøtter delmål",
            blank=True,
            through="UnderstoettetDelmaal",
            related_name="aktiviteter",
        )
    )
    delmaal_punkter = TekstlisteField("aktivitetens egne delmål")
    maalgruppe = models.TextField(
        "målgruppe(r)",
        blank=True,
        help_text="Beskrivelse af målgruppen/målgrupperne: antal, aldersgruppe, køn, etnicitet "
        "eller andre relevante oplysninger.",
    )
    maalgruppe_punkter = TekstlisteField("målgruppe(r) i punktform")
    indhold_og_praksis = models.TextField("indhold og praksis", blank=True)
    elementer_titel = models.CharField("overskrift over elementer", max_length=300, blank=True)
    ansvar = models.TextField(
        "ansvars- og rollefordeling",
        blank=True,
        help_text="Her anføres ansvars- og rollefordelingen for parterne bag den givne "
        "aktivitet. I beskrivelsen skal der sættes fokus på, hvilke organisationer og "
        "funktioner der varetager hvilke opgaver i forbindelse med implementering af aktiviteten.",
    )
    kilder = TekstlisteField("kilder")

    class Meta(Ordnet.Meta):
        verbose_name = "aktivitet"
        verbose_name_plural = "aktiviteter"
        constraints = [
            models.UniqueConstraint(
                fields=["delaftale", "navn"],
                name="aktivitet_unikt_navn",
                violation_error_message="Delaftalen har allerede en aktivitet med det navn.",
            )
        ]

    def __str__(self) -> str:
        return self.navn

    def clean(self) -> None:
        if self.beskrevet_i_delaftale_id and self.beskrevet_i_delaftale_id == self.delaftale_id:
            raise ValidationError({"beskrevet_i_delaftale": "Vælg en anden delaftale end denne."})

    @property
    def beskrevet_andetsteds(self) -> bool:
        return bool(self.beskrevet_i or self.beskrevet_i_delaftale_id)


class AktivitetCfbuType(Ordnet):
    """Links keep the order in which the document names the catalogue types."""

    aktivitet = models.ForeignKey(
        Aktivitet, verbose_name="aktivitet", on_delete=models.CASCADE, related_name="cfbu_led"
    )
    cfbu_type = models.ForeignKey(
        CfbuType, verbose_name="CFBU-aktivitetstype", on_delete=models.PROTECT, related_name="+"
    )

    class Meta(Ordnet.Meta):
        verbose_name = "CFBU-aktivitetstype"
        verbose_name_plural = "CFBU-aktivitetstyper"
        constraints = [
            models.UniqueConstraint(
                fields=["aktivitet", "cfbu_type"],
                name="aktivitet_cfbu_unik",
                violation_error_message="Typen er allerede valgt for aktiviteten.",
            )
        ]

    def __str__(self) -> str:
        return str(self.cfbu_type)


class UnderstoettetDelmaal(Ordnet):
    """Links keep the order in which the activity's schema lists the delmål it supports."""

    aktivitet = models.ForeignKey(
        Aktivitet, verbose_name="aktivitet", on_delete=models.CASCADE, related_name="delmaal_led"
    )
    maal = models.ForeignKey(
        "indikatorer.Maal", verbose_name="delmål", on_delete=models.CASCADE, related_name="+"
    )

    class Meta(Ordnet.Meta):
        verbose_name = "understøttet delmål"
        verbose_name_plural = "understøttede delmål"
        constraints = [
            models.UniqueConstraint(
                fields=["aktivitet", "maal"],
                name="aktivitet_delmaal_unik",
                violation_error_message="Delmålet er allerede valgt for aktiviteten.",
            )
        ]

    def __str__(self) -> str:
        return str(self.maal)

    def clean(self) -> None:
        if (
            self.aktivitet_id
            and self.maal_id
            and self.maal.aftale_id != self.aktivitet.delaftale_id
        ):
            raise ValidationError({"maal": "Delmålet hører ikke til aktivitetens delaftale."})


class Element(Ordnet):
    """A row of an activity's elements table: Element | Indhold | Aktører."""

    aktivitet = models.ForeignKey(
        Aktivitet, verbose_name="aktivitet", on_delete=models.CASCADE, related_name="elementer"
    )
    element = models.CharField("element", max_length=300)
    indhold = models.TextField("indhold", blank=True)
    aktoerer = TekstlisteField("aktører")

    class Meta(Ordnet.Meta):
        verbose_name = "element"
        verbose_name_plural = "elementer"

    def __str__(self) -> str:
        return self.element


class Rolle(Ordnet):
    """A party's role in an activity, as prose and/or bullet points."""

    aktivitet = models.ForeignKey(
        Aktivitet, verbose_name="aktivitet", on_delete=models.CASCADE, related_name="roller"
    )
    part = models.CharField("part", max_length=300)
    tekst = models.TextField("tekst", blank=True)
    punkter = TekstlisteField("opgaver i punktform")

    class Meta(Ordnet.Meta):
        verbose_name = "rolle"
        verbose_name_plural = "roller"

    def __str__(self) -> str:
        return self.part


class Fase(Ordnet):
    aktivitet = models.ForeignKey(
        Aktivitet, verbose_name="aktivitet", on_delete=models.CASCADE, related_name="faser"
    )
    navn = models.CharField("fase", max_length=200)
    periode = models.CharField(
        "periode", max_length=200, blank=True, help_text="F.eks. ”Projektår 1 og 2”."
    )
    beskrivelse = models.TextField("beskrivelse", blank=True)

    class Meta(Ordnet.Meta):
        verbose_name = "fase"
        verbose_name_plural = "faser"

    def __str__(self) -> str:
        return self.navn


class Omfang(Ordnet):
    """Volume or frequency: "ca. 80 årlige vejledningsforløb", "hver anden uge"."""

    class Pr(models.TextChoices):
        INGEN = "", "—"
        UGE = "uge", "uge"
        MAANED = "maaned", "måned"
        AAR = "aar", "år"

    class Kvalifikator(models.TextChoices):
        INGEN = "", "—"
        CA = "ca", "ca."
        MIN = "min", "mindst"
        MAX = "max", "højst"

    aktivitet = models.ForeignKey(
        Aktivitet, verbose_name="aktivitet", on_delete=models.CASCADE, related_name="omfang"
    )
    beskrivelse = models.CharField("som skrevet", max_length=500)
    antal = models.DecimalField("antal", max_digits=10, decimal_places=2, null=True, blank=True)
    enhed = models.CharField("enhed", max_length=200, blank=True)
    pr = models.CharField("pr.", max_length=10, choices=Pr.choices, blank=True)
    hver = models.PositiveSmallIntegerField(
        "interval", default=1, help_text="2 for ”hver anden uge”."
    )
    kvalifikator = models.CharField(
        "præcision", max_length=5, choices=Kvalifikator.choices, blank=True
    )

    class Meta(Ordnet.Meta):
        verbose_name = "omfang"
        verbose_name_plural = "omfang"
        constraints = [
            models.CheckConstraint(
                condition=Q(antal__isnull=True) | Q(antal__gte=0),
                name="omfang_antal_ikke_negativt",
                violation_error_message="Et antal kan ikke være negativt.",
            ),
            models.CheckConstraint(
                condition=Q(hver__gte=1),
                name="omfang_interval_mindst_1",
                violation_error_message="Intervallet skal være mindst 1.",
            ),
        ]

    def __str__(self) -> str:
        return self.beskrivelse

    @property
    def antal_pr_aar(self) -> float | None:
        if self.antal is None or not self.pr:
            return None
        gange = {"uge": 52, "maaned": 12, "aar": 1}[self.pr]
        return float(self.antal) * gange / self.hver


class Datatabel(Ordnet):
    """A table of figures in an activity's description (seed 003's "Dataoversigt")."""

    aktivitet = models.ForeignKey(
        Aktivitet, verbose_name="aktivitet", on_delete=models.CASCADE, related_name="datatabeller"
    )
    titel = models.CharField("overskrift", max_length=300)
    note = models.TextField("note", blank=True)

    class Meta(Ordnet.Meta):
        verbose_name = "datatabel"
        verbose_name_plural = "datatabeller"

    def __str__(self) -> str:
        return self.titel


class DatatabelKolonne(Ordnet):
    tabel = models.ForeignKey(
        Datatabel, verbose_name="tabel", on_delete=models.CASCADE, related_name="kolonner"
    )
    overskrift = models.CharField("overskrift", max_length=300)
    aar = models.PositiveSmallIntegerField("år", null=True, blank=True)

    class Meta(Ordnet.Meta):
        verbose_name = "kolonne"
        verbose_name_plural = "kolonner"

    def __str__(self) -> str:
        return f"{self.overskrift} ({self.aar})" if self.aar else self.overskrift


class DatatabelRaekke(Ordnet):
    tabel = models.ForeignKey(
        Datatabel, verbose_name="tabel", on_delete=models.CASCADE, related_name="raekker"
    )
    etiket = models.CharField("række", max_length=300)
    total = models.BooleanField("totalrække", default=False)

    class Meta(Ordnet.Meta):
        verbose_name = "række"
        verbose_name_plural = "rækker"

    def __str__(self) -> str:
        return self.etiket


class DatatabelCelle(models.Model):
    raekke = models.ForeignKey(
        DatatabelRaekke, verbose_name="række", on_delete=models.CASCADE, related_name="celler"
    )
    kolonne = models.ForeignKey(
        DatatabelKolonne, verbose_name="kolonne", on_delete=models.CASCADE, related_name="celler"
    )
    vaerdi = models.DecimalField("værdi", max_digits=14, decimal_places=3, null=True, blank=True)
    decimaler = models.PositiveSmallIntegerField("decimaler", default=0)

    class Meta:
        verbose_name = "celle"
        verbose_name_plural = "celler"
        ordering = ["raekke", "kolonne__raekkefoelge"]
        constraints = [
            models.UniqueConstraint(
                fields=["raekke", "kolonne"],
                name="celle_unik",
                violation_error_message="Cellen findes allerede.",
            )
        ]

    def __str__(self) -> str:
        return self.tekst

    @property
    def tekst(self) -> str:
        return dansk_tal(self.vaerdi, self.decimaler) if self.vaerdi is not None else ""
