"""The delaftale (one per indsatsområde) and its staff lines."""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse

from delaftaler.dansk import dansk_procent, dansk_tal
from delaftaler.models.aftale import MAAL_PREFETCH, Aftale, AftaleQuerySet
from delaftaler.models.faelles import MSG_PROCENT, Ordnet
from delaftaler.models.helhedsplan import Helhedsplan
from delaftaler.models.reference import Indsatsomraade
from delaftaler.models.strategisk import StrategiskAftale

FULD_TID_TIMER = Decimal(37)
UGER_PR_AAR = Decimal(52)


# A delaftale's activities with every part of their schema, and its staff lines: what the
# page, the documents and the export read below the agreement.
AKTIVITETER_PREFETCH = (
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


class DelaftaleQuerySet(AftaleQuerySet["Delaftale"]):
    def med_indhold(self) -> DelaftaleQuerySet:
        """Everything the document shows, in a fixed number of queries."""
        indhold = (
            *("parter__organisation", "fodnoter", *MAAL_PREFETCH, *AKTIVITETER_PREFETCH),
            "billeder",
        )
        return self.select_related("helhedsplan", "indsatsomraade", "aendret_af").prefetch_related(
            *indhold
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
