"""Approved versions (frozen, immutable) and the log of their treatment.

Both are history: the model refuses to change or delete them, and so does the database
(triggers of migration 0006 refuse UPDATE, DELETE and TRUNCATE whoever asks). Only
maintenance by the tables' owner may empty them (``vedligehold``).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections, models
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import Q
from django.utils import timezone

from delaftaler.models.aftale import Aftale

MSG_UFORANDERLIG = "En godkendt version kan ikke ændres eller slettes."
MSG_LOG_UFORANDERLIG = "Behandlingsloggen kan ikke ændres eller slettes."


class Uforanderlig(Exception):
    """Raised on any attempt to change or delete a frozen version or a log entry."""


_M = TypeVar("_M", bound=models.Model)


class UforanderligQuerySet(models.QuerySet[_M]):
    besked = MSG_UFORANDERLIG

    def update(self, **kwargs: Any) -> int:
        raise Uforanderlig(self.besked)

    def delete(self) -> tuple[int, dict[str, int]]:
        raise Uforanderlig(self.besked)


class VersionQuerySet(UforanderligQuerySet["Version"]):
    def gaeldende(self) -> VersionQuerySet:
        """Versions that are or were in force: approved by the board, and by LBF where needed."""
        return self.filter(Q(kraever_lbf=False) | Q(behandlinger__art=Behandling.Art.LBF_GODKENDT))


class BehandlingQuerySet(UforanderligQuerySet["Behandling"]):
    besked = MSG_LOG_UFORANDERLIG


class UforanderligModel(models.Model):
    """A row that is history: saving it again or deleting it raises `Uforanderlig`.

    Versions, their log and the follow-up's frozen reports and report log share it; the
    querysets (`UforanderligQuerySet`) and the database triggers refuse the same.
    """

    besked = MSG_UFORANDERLIG

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None and not self._state.adding:
            raise Uforanderlig(self.besked)
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise Uforanderlig(self.besked)


class Trin(UforanderligModel):
    """One step of a treatment log, an agreement's (`Behandling`) or a status report's
    (`opfoelgning.Rapportbehandling`): its kind (`art`, each log its own choices), by whom,
    when, the decision date and the comment."""

    bruger = models.CharField("af", max_length=200, blank=True)
    tidspunkt = models.DateTimeField("tidspunkt", auto_now_add=True)
    dato = models.DateField("beslutningsdato", null=True, blank=True)
    kommentar = models.TextField("kommentar", blank=True)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        art = self.get_art_display()  # type: ignore[attr-defined]
        return f"{art} {self.tidspunkt:%d/%m-%Y}"


class FrosneFiler:
    """A frozen row's files: JSON, PDF and Word, each with the SHA-256 stored with it."""

    json: str
    pdf: bytes | memoryview
    docx: bytes | memoryview
    kontrolsum: str
    pdf_kontrolsum: str
    docx_kontrolsum: str

    def filer(self) -> dict[str, tuple[bytes, str]]:
        """The files by format (pdf, docx, json), each with its stored checksum."""
        return {
            "pdf": (bytes(self.pdf), self.pdf_kontrolsum),
            "docx": (bytes(self.docx), self.docx_kontrolsum),
            "json": (self.json.encode(), self.kontrolsum),
        }


class Version(FrosneFiler, UforanderligModel):
    """An approved version: a frozen, complete snapshot of an agreement, with its files.

    Never changed or deleted after it is created: the model refuses, and database triggers
    (migration 0006) refuse UPDATE, DELETE and TRUNCATE whatever the caller, and an INSERT
    whose number is not above the agreement's newest. The checksums are SHA-256 of the
    stored bytes, printed in LBF's export manifest.
    """

    aftale = models.ForeignKey(
        Aftale, verbose_name="aftale", on_delete=models.PROTECT, related_name="versioner"
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
        # What an agreement's state reads of its versions (`versioner.tilstandskode`), so
        # the start page finds it in the index: in SQLite these columns lie behind the files.
        indexes = [
            models.Index(
                fields=["aftale", "nummer", "kraever_lbf", "redigeringsnummer", "godkendt"],
                name="version_tilstand_idx",
            )
        ]

    def __str__(self) -> str:
        return f"Version {self.nummer}"


class Behandling(Trin):
    """One step of an agreement's approval: submitted, approved, sent back, LBF's decision."""

    besked = MSG_LOG_UFORANDERLIG

    class Art(models.TextChoices):
        INDSENDT = "indsendt", "Sendt til bestyrelsen"
        GODKENDT = "godkendt", "Godkendt af bestyrelsen"
        SENDT_TILBAGE = "sendt_tilbage", "Sendt tilbage af bestyrelsen"
        TRUKKET_TILBAGE = "trukket_tilbage", "Trukket tilbage af redaktøren"
        LBF_GODKENDT = "lbf_godkendt", "Godkendt af Landsbyggefonden"
        LBF_AFVIST = "lbf_afvist", "Ikke godkendt af Landsbyggefonden"

    aftale = models.ForeignKey(
        Aftale, verbose_name="aftale", on_delete=models.PROTECT, related_name="behandlinger"
    )
    version = models.ForeignKey(
        Version,
        verbose_name="version",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="behandlinger",
    )
    art = models.CharField("hændelse", max_length=20, choices=Art.choices)
    redigeringsnummer = models.PositiveIntegerField("redigeringsnummer", default=0)
    kontrolsum = models.CharField(
        "kontrolsum (JSON)",
        max_length=64,
        blank=True,
        help_text="Ved indsendelse: SHA-256 af aftalen som JSON, sådan som den blev sendt.",
    )

    objects = BehandlingQuerySet.as_manager()

    class Meta:
        verbose_name = "behandling"
        verbose_name_plural = "behandlinger"
        ordering = ["aftale", "tidspunkt", "id"]


MSG_ORDRE_AFSLUTTET = "En afsluttet godkendelse kan ikke ændres."


class Godkendelsesordre(UforanderligModel):
    """The board's approval, registered in its request; a worker freezes the version.

    Its state only moves forward: *afventer* (the version is being made) to *færdig*
    (with the version) or *fejlet* (with the reason shown to the board, who may approve
    again). At most one approval per agreement waits at a time (a partial unique index),
    so two servers approving at once make one. Saved once; only `afslut` moves it on.
    """

    besked = MSG_ORDRE_AFSLUTTET

    class Status(models.TextChoices):
        AFVENTER = "afventer", "Versionen dannes"
        FAERDIG = "faerdig", "Versionen er dannet"
        FEJLET = "fejlet", "Versionen kunne ikke dannes"

    aftale = models.ForeignKey(
        Aftale, verbose_name="aftale", on_delete=models.PROTECT, related_name="godkendelser"
    )
    indsendelse = models.ForeignKey(
        Behandling,
        verbose_name="indsendelse",
        on_delete=models.PROTECT,
        related_name="godkendelser",
    )
    bruger = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="bruger",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    godkendt_af = models.CharField("godkendt af", max_length=200, blank=True)
    moededato = models.DateField("dato for bestyrelsesmødet")
    beslutning = models.TextField("beslutningsnote", blank=True)
    status = models.CharField(
        "status", max_length=10, choices=Status.choices, default=Status.AFVENTER
    )
    fejl = models.TextField("årsag", blank=True)
    version = models.OneToOneField(
        Version,
        verbose_name="version",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="godkendelse",
    )
    oprettet = models.DateTimeField("registreret", auto_now_add=True)
    afsluttet = models.DateTimeField("afsluttet", null=True, blank=True)

    class Meta:
        verbose_name = "godkendelse under dannelse"
        verbose_name_plural = "godkendelser under dannelse"
        ordering = ["aftale", "-oprettet", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["aftale"],
                condition=Q(status="afventer"),
                name="godkendelse_en_afventer",
            ),
            models.CheckConstraint(
                condition=Q(status="faerdig", version__isnull=False)
                | (~Q(status="faerdig") & Q(version__isnull=True)),
                name="godkendelse_version_naar_faerdig",
            ),
            models.CheckConstraint(
                condition=~Q(status="fejlet") | ~Q(fejl=""), name="godkendelse_fejl_har_aarsag"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_status_display()} ({self.moededato:%d/%m-%Y})"

    def afslut(self, *, version: Version | None = None, fejl: str = "") -> None:
        """Move a waiting approval on: done with its version, or failed with the reason."""
        felter: dict[str, Any] = {"afsluttet": timezone.now()}
        if version is not None:
            felter.update(status=self.Status.FAERDIG, version=version)
        else:
            felter.update(status=self.Status.FEJLET, fejl=fejl or "Ukendt fejl.")
        raekker = Godkendelsesordre.objects.filter(pk=self.pk, status=self.Status.AFVENTER)
        if not raekker.update(**felter):
            raise Uforanderlig(MSG_ORDRE_AFSLUTTET)
        for navn, vaerdi in felter.items():
            setattr(self, navn, vaerdi)


# Maintenance (emptying the tables, as Django's flush does between transactional tests)
# is the one exception the triggers make. On PostgreSQL it needs the session setting
# below *and* membership of the tables' owner role, checked inside the trigger: the app
# should run as a role that does not own the tables (README, "database roles"), so it can
# set the setting but never use it. SQLite has no roles nor session settings; there the
# flag lives on the connection and the triggers ask for it through a function the app
# registers (a connection without that function, e.g. the sqlite3 shell, is refused).
VEDLIGEHOLD = "lbf.vedligehold"
SQLITE_FUNKTION = "lbf_vedligehold"


def registrer_sqlite_funktion(sender: Any, connection: BaseDatabaseWrapper, **kwargs: Any) -> None:
    """connection_created: give an SQLite connection the function the triggers ask."""
    if connection.vendor == "sqlite":
        connection.connection.create_function(
            SQLITE_FUNKTION, 0, lambda: int(getattr(connection, SQLITE_FUNKTION, False))
        )


@contextmanager
def vedligehold(using: str = DEFAULT_DB_ALIAS) -> Iterator[None]:
    """Let this connection empty versions and their log (the tables' owner only)."""
    forbindelse = connections[using]
    if forbindelse.vendor != "postgresql":
        setattr(forbindelse, SQLITE_FUNKTION, True)
        try:
            yield
        finally:
            setattr(forbindelse, SQLITE_FUNKTION, False)
        return
    with forbindelse.cursor() as c:
        c.execute("SELECT set_config(%s, 'on', false)", [VEDLIGEHOLD])
    try:
        yield
    finally:
        _slut_vedligehold(forbindelse)


def _slut_vedligehold(forbindelse: BaseDatabaseWrapper) -> None:
    if forbindelse.connection is None:
        return  # closed (as after a test's flush): the session and its setting are gone
    try:
        with forbindelse.cursor() as c:
            c.execute("SELECT set_config(%s, '', false)", [VEDLIGEHOLD])
    except DatabaseError:
        # An aborted transaction cannot take the reset; never leave the session open
        # for maintenance: close it.
        forbindelse.close()


def slet_historik(aftale_ids: list[int], using: str = DEFAULT_DB_ALIAS) -> None:
    """Empty the approved versions and the log of these agreements: maintenance only.

    The app never calls this. It is for putting demo data back (`load_demo --nulstil`) and
    for tests that empty a database; on PostgreSQL it works for the tables' owner only.
    """
    if not aftale_ids:
        return
    pladser = ", ".join(["%s"] * len(aftale_ids))
    with vedligehold(using), connections[using].cursor() as c:
        for model in (Godkendelsesordre, Behandling, Version):
            c.execute(
                f"DELETE FROM {model._meta.db_table} WHERE aftale_id IN ({pladser})", aftale_ids
            )
