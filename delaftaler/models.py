"""The helhedsplan (the tenant), its reference data, memberships and agreements.

An agreement (`Aftale`) is either a strategic cooperation agreement or a delaftale;
both share identity, period, parties and footnotes through the concrete parent
`Aftale`, so that versions and history later attach to one table.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any, TypeVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.urls import reverse

from delaftaler.dansk import dansk_periode, dansk_procent, dansk_tal

FULD_TID_TIMER = Decimal(37)
UGER_PR_AAR = Decimal(52)

MSG_PERIODE = "Slutdatoen skal ligge efter startdatoen."
MSG_PROCENT = "En andel skal ligge mellem 0 og 100 %."
MSG_PART = "Angiv en organisation, en enhed, en titel eller et navn på parten."


class Ordnet(models.Model):
    """Children keep the document's order."""

    raekkefoelge = models.PositiveIntegerField(
        "rækkefølge", default=0, help_text="Placering i dokumentet; lavest først."
    )

    class Meta:
        abstract = True
        ordering = ["raekkefoelge", "id"]


# --- Reference data -------------------------------------------------------------------


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


# --- The tenant -----------------------------------------------------------------------


class HelhedsplanQuerySet(models.QuerySet["Helhedsplan"]):
    def for_bruger(self, bruger: Any) -> HelhedsplanQuerySet:
        """Only the helhedsplaner the user is a member of (staff status grants nothing)."""
        if not getattr(bruger, "is_authenticated", False):
            return self.none()
        return self.filter(medlemskaber__bruger=bruger)

    def get_by_natural_key(self, slug: str) -> Helhedsplan:
        return self.get(slug=slug)


class Helhedsplan(models.Model):
    """A boligsocial helhedsplan: the tenant every agreement and area hangs from."""

    slug = models.SlugField("kortnavn", max_length=80, unique=True)
    navn = models.CharField("navn", max_length=200)
    fondsperiode = models.ForeignKey(
        Fondsperiode, verbose_name="fondsperiode", on_delete=models.PROTECT, related_name="+"
    )
    kommune = models.ForeignKey(
        Organisation,
        verbose_name="kommune",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="helhedsplaner_som_kommune",
        limit_choices_to={"type": Organisation.Type.KOMMUNE},
    )
    boligorganisationer = models.ManyToManyField(
        Organisation,
        verbose_name="boligorganisationer",
        blank=True,
        related_name="helhedsplaner",
    )
    gaelder_fra = models.DateField("gælder fra", null=True, blank=True)
    gaelder_til = models.DateField("gælder til", null=True, blank=True)

    objects = HelhedsplanQuerySet.as_manager()

    class Meta:
        verbose_name = "helhedsplan"
        verbose_name_plural = "helhedsplaner"
        ordering = ["navn"]
        constraints = [
            models.CheckConstraint(
                condition=Q(gaelder_fra__isnull=True)
                | Q(gaelder_til__isnull=True)
                | Q(gaelder_til__gt=F("gaelder_fra")),
                name="helhedsplan_periode",
                violation_error_message=MSG_PERIODE,
            )
        ]

    def __str__(self) -> str:
        return self.navn

    def natural_key(self) -> tuple[str]:
        return (self.slug,)

    def clean(self) -> None:
        if self.gaelder_fra and self.gaelder_til and self.gaelder_til <= self.gaelder_fra:
            raise ValidationError({"gaelder_til": MSG_PERIODE})

    @property
    def periode(self) -> str:
        return dansk_periode(self.gaelder_fra, self.gaelder_til)

    def rummer(self, fra: date, til: date) -> bool:
        """Whether a period lies within the helhedsplan's (an open end accepts anything)."""
        return not (
            (self.gaelder_fra and fra < self.gaelder_fra)
            or (self.gaelder_til and til > self.gaelder_til)
        )


class OmraadeManager(models.Manager["Omraade"]):
    def get_by_natural_key(self, helhedsplan_slug: str, navn: str) -> Omraade:
        return self.get(helhedsplan__slug=helhedsplan_slug, navn=navn)


class Omraade(Ordnet):
    """A housing area, afdeling or other sub-area that a baseline value can belong to."""

    class Type(models.TextChoices):
        BOLIGOMRAADE = "boligomraade", "Boligområde"
        AFDELING = "afdeling", "Afdeling"
        ANDET = "andet", "Andet"

    helhedsplan = models.ForeignKey(
        Helhedsplan, verbose_name="helhedsplan", on_delete=models.CASCADE, related_name="omraader"
    )
    navn = models.CharField("navn", max_length=200)
    type = models.CharField("type", max_length=20, choices=Type.choices, default=Type.BOLIGOMRAADE)
    organisation = models.ForeignKey(
        Organisation,
        verbose_name="boligorganisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="omraader",
    )
    overordnet = models.ForeignKey(
        "self",
        verbose_name="overordnet område",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="underomraader",
    )

    objects = OmraadeManager()

    class Meta(Ordnet.Meta):
        verbose_name = "område"
        verbose_name_plural = "områder og afdelinger"
        constraints = [
            models.UniqueConstraint(
                fields=["helhedsplan", "navn"],
                name="omraade_unikt_navn",
                violation_error_message="Helhedsplanen har allerede et område med det navn.",
            )
        ]

    def __str__(self) -> str:
        return self.navn

    def natural_key(self) -> tuple[str, str]:
        return (self.helhedsplan.slug, self.navn)

    natural_key.dependencies = ["delaftaler.helhedsplan"]  # type: ignore[attr-defined]

    def clean(self) -> None:
        if (
            self.overordnet_id
            and self.overordnet
            and (
                self.overordnet.helhedsplan_id != self.helhedsplan_id
                or self.overordnet_id == self.pk
            )
        ):
            raise ValidationError(
                {"overordnet": "Det overordnede område skal høre til samme helhedsplan."}
            )


class Medlemskab(models.Model):
    """A user's role in one helhedsplan. All access to agreements goes through these."""

    class Rolle(models.TextChoices):
        REDAKTOER = "redaktoer", "Redaktør"
        BESTYRELSE = "bestyrelse", "Bestyrelse"
        LBF = "lbf", "Landsbyggefonden"

    bruger = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="bruger",
        on_delete=models.CASCADE,
        related_name="medlemskaber",
    )
    helhedsplan = models.ForeignKey(
        Helhedsplan,
        verbose_name="helhedsplan",
        on_delete=models.CASCADE,
        related_name="medlemskaber",
    )
    rolle = models.CharField(
        "rolle",
        max_length=20,
        choices=Rolle.choices,
        help_text="Redaktør redigerer; bestyrelse gennemser og godkender; "
        "Landsbyggefonden læser de gældende, godkendte aftaler.",
    )

    class Meta:
        verbose_name = "medlemskab"
        verbose_name_plural = "medlemskaber"
        ordering = ["helhedsplan__navn", "bruger__username"]
        constraints = [
            models.UniqueConstraint(
                fields=["bruger", "helhedsplan"],
                name="medlemskab_en_rolle_pr_plan",
                violation_error_message="Brugeren er allerede medlem af helhedsplanen.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.bruger} – {self.helhedsplan} ({self.get_rolle_display()})"

    @property
    def maa_redigere(self) -> bool:
        return self.rolle == self.Rolle.REDAKTOER


# --- Agreements -----------------------------------------------------------------------


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


class DelaftaleQuerySet(AftaleQuerySet["Delaftale"]):
    def med_indhold(self) -> DelaftaleQuerySet:
        """Everything the document shows, in a fixed number of queries."""
        return self.select_related("helhedsplan", "indsatsomraade", "aendret_af").prefetch_related(
            "parter__organisation",
            "fodnoter",
            *MAAL_PREFETCH,
            "aktiviteter__cfbu_led__cfbu_type",
            "aktiviteter__delmaal_led__maal",
            "aktiviteter__elementer",
            "aktiviteter__roller",
            "aktiviteter__faser",
            "aktiviteter__omfang",
            "aktiviteter__datatabeller__kolonner",
            "aktiviteter__datatabeller__raekker__celler__kolonne",
            "medarbejderressourcer__aktivitet",
        )


class Delaftale(Aftale):
    """Delaftale: one per indsatsområde, an annex to the strategic agreement (LBF's template)."""

    indsatsomraade = models.ForeignKey(
        Indsatsomraade,
        verbose_name="indsatsområde",
        on_delete=models.PROTECT,
        related_name="delaftaler",
    )
    indsatsnavn = models.CharField(
        "navn på den boligsociale indsats",
        max_length=300,
        help_text="Navn på den boligsociale indsats, som delaftalen vedrører.",
    )
    motto = models.TextField("motto", blank=True, help_text="Et motto eller citat under navnet.")
    parter_tekst = models.TextField(
        "delaftalens parter – uddybning",
        blank=True,
        help_text="Her oplistes delaftalens parter, forstået som de organisationer og funktioner, "
        "der er ansvarlige for implementering af delaftalen lokalt. Det vil være naturligt, at "
        "disse parter er repræsenteret i en evt. styre-/følgegruppe for indsatsområdet.",
    )
    aktiviteter_tekst = models.TextField(
        "aktiviteter – uddybning",
        blank=True,
        help_text="Her oplistes de aktiviteter, som delaftalen omfatter.",
    )
    vaegtning_procent = models.DecimalField(
        "indsatsområdets vægtning (%)",
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        help_text="Hvor meget indsatsområdet vægtes overordnet i helhedsplanen.",
    )
    ressourcer_tekst = models.TextField(
        "medarbejderressourcer – uddybning",
        blank=True,
        help_text="Her oplistes de medarbejdere/-funktioner, der indgår i dette indsatsområde, "
        "herunder hvor stor en del af den enkelte medarbejders samlede ressourcer der forventes "
        "anvendt i indsatsområdet (timer eller %). Angivelserne skal stemme overens med "
        "angivelserne i budgettet.",
    )
    kommunal_sammenhaeng = models.TextField(
        "sammenhæng med den kommunale indsats i boligområdet",
        blank=True,
        help_text="Her redegøres for, hvordan de boligsociale aktiviteter inden for dette "
        "indsatsområde supplerer den eksisterende kommunale indsats i boligområdet.",
    )
    bemaerkninger = models.TextField(
        "bemærkninger", blank=True, help_text="Kommentarer og bemærkninger, ét afsnit hver."
    )
    revision = models.TextField(
        "revision af delaftalen",
        blank=True,
        help_text="Her beskrives lokale aftaler for revision af delaftalen. Eventuelle "
        "reviderede aftaler skal ikke fremsendes til Landsbyggefonden, men fonden skal om "
        "nødvendigt til enhver tid kunne rekvirere ajourførte delaftaler.",
    )

    objects = DelaftaleQuerySet.as_manager()  # type: ignore[misc]

    class Meta:
        verbose_name = "delaftale"
        verbose_name_plural = "delaftaler"
        constraints = [
            models.CheckConstraint(
                condition=Q(vaegtning_procent__isnull=True)
                | Q(vaegtning_procent__gte=0, vaegtning_procent__lte=100),
                name="delaftale_vaegtning_0_100",
                violation_error_message=MSG_PROCENT,
            )
        ]

    def __str__(self) -> str:
        return f"Delaftale for indsatsområdet {self.indsatsomraade} – {self.helhedsplan}"

    def get_absolute_url(self) -> str:
        return reverse("aftale", args=[self.helhedsplan.slug, self.pk])

    def clean(self) -> None:
        super().clean()
        if self.vaegtning_procent is not None and not 0 <= self.vaegtning_procent <= 100:
            raise ValidationError({"vaegtning_procent": MSG_PROCENT})
        if (
            self.helhedsplan_id
            and self.indsatsomraade_id
            and self.indsatsomraade.fondsperiode_id != self.helhedsplan.fondsperiode_id
        ):
            raise ValidationError(
                {
                    "indsatsomraade": "Indsatsområdet hører ikke til helhedsplanens fondsperiode "
                    f"({self.helhedsplan.fondsperiode})."
                }
            )

    @property
    def vaegtning_tekst(self) -> str:
        return dansk_procent(self.vaegtning_procent)


def med_indhold(helhedsplan: Helhedsplan, pk: int) -> Delaftale | StrategiskAftale | None:
    """The helhedsplan's agreement as its own kind, with everything its documents show."""
    return (
        Delaftale.objects.med_indhold().filter(helhedsplan=helhedsplan, pk=pk).first()
        or StrategiskAftale.objects.med_indhold().filter(helhedsplan=helhedsplan, pk=pk).first()
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


# --- Strategic agreement parts -------------------------------------------------------


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


# --- Staff resources ------------------------------------------------------------------


class MedarbejderressourceQuerySet(models.QuerySet["Medarbejderressource"]):
    def overbelagte(self) -> list[tuple[str, Decimal]]:
        """People whose shares across these lines add up to more than their whole position.

        A person is a staff line's function (and employer), compared without regard to
        case: "Boligsocial leder" in two delaftaler is the same leader.
        """
        summer: dict[tuple[str, str], Decimal] = {}
        navne: dict[tuple[str, str], str] = {}
        for linje in self:
            noegle = (linje.funktion.strip().lower(), linje.arbejdsgiver.strip().lower())
            summer[noegle] = summer.get(noegle, Decimal(0)) + linje.procent_af_stilling()
            navne[noegle] = linje.funktion
        return [
            (navne[n], sum_.quantize(Decimal("0.1"))) for n, sum_ in summer.items() if sum_ > 100
        ]


class Medarbejderressource(Ordnet):
    """A staff line of a delaftale: who, and how large a share, in the document's own form.

    Percent of the position, hours per week and hours per year convert into each other:
    a week is the contracted hours (37 for a full-time post when none is given) and a
    year is 52 weeks, so 1924 hours a year = 37 hours a week = 100 % of a full-time post.
    """

    class Enhed(models.TextChoices):
        PROCENT = "procent", "% af stillingen"
        TIMER_UGE = "timer_uge", "timer pr. uge"
        TIMER_AAR = "timer_aar", "timer pr. år"

    delaftale = models.ForeignKey(
        Delaftale,
        verbose_name="delaftale",
        on_delete=models.CASCADE,
        related_name="medarbejderressourcer",
    )
    funktion = models.CharField(
        "medarbejder eller funktion", max_length=300, help_text="F.eks. Boligsocial leder."
    )
    arbejdsgiver = models.CharField("arbejdsgiver", max_length=200, blank=True)
    aktivitet = models.ForeignKey(
        "aktiviteter.Aktivitet",
        verbose_name="aktivitet",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="medarbejderressourcer",
        help_text="Den aktivitet i delaftalen, ressourcen er afsat til, hvis det er angivet.",
    )
    kontrakt_timer_uge = models.DecimalField(
        "ansat på (timer pr. uge)",
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        help_text="Stillingens ugentlige timetal. Tomt betyder fuld tid (37 timer).",
    )
    maengde = models.DecimalField("andel", max_digits=8, decimal_places=2)
    enhed = models.CharField("enhed", max_length=20, choices=Enhed.choices)
    varighed_aar = models.PositiveSmallIntegerField(
        "tidsbegrænset (år)",
        null=True,
        blank=True,
        help_text="Udfyldes for en tidsbegrænset stilling, f.eks. 2 for en 2-årig stilling.",
    )
    bemaerkning = models.CharField("bemærkning", max_length=500, blank=True)

    objects = MedarbejderressourceQuerySet.as_manager()

    class Meta(Ordnet.Meta):
        verbose_name = "medarbejderressource"
        verbose_name_plural = "medarbejderressourcer"
        constraints = [
            models.CheckConstraint(
                condition=Q(maengde__gt=0),
                name="ressource_maengde_positiv",
                violation_error_message="Andelen skal være større end 0.",
            ),
            models.CheckConstraint(
                condition=~Q(enhed="procent") | Q(maengde__lte=100),
                name="ressource_procent_hoejst_100",
                violation_error_message="En andel af stillingen kan højst være 100 %.",
            ),
            models.CheckConstraint(
                condition=~Q(enhed="timer_uge") | Q(maengde__lte=168),
                name="ressource_timer_uge_hoejst_168",
                violation_error_message="En uge har højst 168 timer.",
            ),
            models.CheckConstraint(
                condition=Q(kontrakt_timer_uge__isnull=True)
                | Q(kontrakt_timer_uge__gt=0, kontrakt_timer_uge__lte=80),
                name="ressource_kontrakt_timer",
                violation_error_message="Stillingens timetal skal ligge mellem 0 og 80 timer pr. uge.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.funktion}: {self.andel_tekst}"

    def clean(self) -> None:
        if self.maengde is not None and self.maengde <= 0:
            raise ValidationError({"maengde": "Andelen skal være større end 0."})
        if self.enhed == self.Enhed.PROCENT and self.maengde is not None and self.maengde > 100:
            raise ValidationError({"maengde": "En andel af stillingen kan højst være 100 %."})
        if self.enhed == self.Enhed.TIMER_UGE and self.maengde is not None and self.maengde > 168:
            raise ValidationError({"maengde": "En uge har højst 168 timer."})
        if self.kontrakt_timer_uge is not None and not 0 < self.kontrakt_timer_uge <= 80:
            raise ValidationError(
                {
                    "kontrakt_timer_uge": "Stillingens timetal skal ligge mellem 0 og 80 timer pr. uge."
                }
            )
        if (
            self.aktivitet_id
            and self.aktivitet
            and self.aktivitet.delaftale_id != self.delaftale_id
        ):
            raise ValidationError({"aktivitet": "Aktiviteten hører ikke til denne delaftale."})

    @property
    def stillingens_timer(self) -> Decimal:
        return Decimal(str(self.kontrakt_timer_uge or FULD_TID_TIMER))

    @property
    def _maengde(self) -> Decimal:
        return Decimal(str(self.maengde))

    def timer_pr_uge(self) -> Decimal:
        if self.enhed == self.Enhed.PROCENT:
            return self.stillingens_timer * self._maengde / 100
        if self.enhed == self.Enhed.TIMER_AAR:
            return self._maengde / UGER_PR_AAR
        return self._maengde

    def timer_pr_aar(self) -> Decimal:
        if self.enhed == self.Enhed.TIMER_AAR:
            return self._maengde
        return self.timer_pr_uge() * UGER_PR_AAR

    def procent_af_stilling(self) -> Decimal:
        if self.enhed == self.Enhed.PROCENT:
            return self._maengde
        return self.timer_pr_uge() / self.stillingens_timer * 100

    def fuldtidsandel(self) -> Decimal:
        """Share of one full-time post (37 hours), whatever the contracted hours."""
        return self.timer_pr_uge() / FULD_TID_TIMER

    @property
    def andel_tekst(self) -> str:
        if self.enhed == self.Enhed.PROCENT:
            return f"{dansk_procent(self.maengde)} af stillingen"
        if self.enhed == self.Enhed.TIMER_UGE:
            return f"{dansk_tal(self.maengde)} timer pr. uge"
        return f"{dansk_tal(self.maengde)} timer pr. år"

    @property
    def omregnet_tekst(self) -> str:
        """The two other forms, e.g. "svarende til 37 timer pr. uge"."""
        uge = dansk_tal(self.timer_pr_uge().quantize(Decimal("0.01")))
        aar = dansk_tal(self.timer_pr_aar().quantize(Decimal("1")))
        if self.enhed == self.Enhed.TIMER_AAR:
            return f"svarende til {uge} timer pr. uge"
        if self.enhed == self.Enhed.TIMER_UGE:
            return f"svarende til {aar} timer pr. år"
        return f"svarende til {uge} timer pr. uge og {aar} timer pr. år"


# --- Approved versions ----------------------------------------------------------------


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
