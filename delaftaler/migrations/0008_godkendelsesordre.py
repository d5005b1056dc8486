"""The board's approval waiting for its version (``Godkendelsesordre``), made by a worker.

Its state only moves forward, in the database too: a trigger refuses an UPDATE of a row
that is no longer waiting (but for the user's SET NULL when a user is deleted) and any
change of what the board decided (agreement, submission, date, note). DELETE is left to
the model (which refuses) and to maintenance (``slet_historik`` empties it first).
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

TABEL = "delaftaler_godkendelsesordre"
MSG = "En afsluttet godkendelse kan ikke ændres."
FAST = ("aftale_id", "indsendelse_id", "moededato", "beslutning", "godkendt_af", "oprettet")
AFSLUTNING = ("status", "fejl", "version_id", "afsluttet")


def _aendret(felter: tuple[str, ...]) -> str:
    return " OR ".join(f"NEW.{f} IS DISTINCT FROM OLD.{f}" for f in felter)


def _betingelse(sqlite: bool) -> str:
    sql = f"(OLD.status <> 'afventer' AND ({_aendret(AFSLUTNING)})) OR {_aendret(FAST)}"
    return sql.replace("IS DISTINCT FROM", "IS NOT") if sqlite else sql


def opret_trigger(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        sql = [
            f"CREATE TRIGGER {TABEL}_fremad BEFORE UPDATE ON {TABEL} "
            f"WHEN {_betingelse(True)} BEGIN SELECT RAISE(ABORT, '{MSG}'); END;"
        ]
    elif vendor == "postgresql":
        sql = [
            f"""CREATE FUNCTION {TABEL}_fremad() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    IF {_betingelse(False)} THEN
        RAISE EXCEPTION USING ERRCODE = 'restrict_violation', MESSAGE = '{MSG}';
    END IF;
    RETURN NEW;
END $$;""",
            f"CREATE TRIGGER {TABEL}_fremad BEFORE UPDATE ON {TABEL} "
            f"FOR EACH ROW EXECUTE FUNCTION {TABEL}_fremad();",
        ]
    else:
        sql = []
    for s in sql:
        schema_editor.execute(s, None)


def fjern_trigger(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {TABEL}_fremad;", None)
    elif vendor == "postgresql":
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {TABEL}_fremad ON {TABEL};", None)
        schema_editor.execute(f"DROP FUNCTION IF EXISTS {TABEL}_fremad();", None)


class Migration(migrations.Migration):
    dependencies = [
        ("delaftaler", "0007_medlemmer"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="Godkendelsesordre",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "godkendt_af",
                    models.CharField(blank=True, max_length=200, verbose_name="godkendt af"),
                ),
                ("moededato", models.DateField(verbose_name="dato for bestyrelsesmødet")),
                ("beslutning", models.TextField(blank=True, verbose_name="beslutningsnote")),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("afventer", "Versionen dannes"),
                            ("faerdig", "Versionen er dannet"),
                            ("fejlet", "Versionen kunne ikke dannes"),
                        ],
                        default="afventer",
                        max_length=10,
                        verbose_name="status",
                    ),
                ),
                ("fejl", models.TextField(blank=True, verbose_name="årsag")),
                ("oprettet", models.DateTimeField(auto_now_add=True, verbose_name="registreret")),
                (
                    "afsluttet",
                    models.DateTimeField(blank=True, null=True, verbose_name="afsluttet"),
                ),
                (
                    "aftale",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="godkendelser",
                        to="delaftaler.aftale",
                        verbose_name="aftale",
                    ),
                ),
                (
                    "bruger",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="bruger",
                    ),
                ),
                (
                    "indsendelse",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="godkendelser",
                        to="delaftaler.behandling",
                        verbose_name="indsendelse",
                    ),
                ),
                (
                    "version",
                    models.OneToOneField(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="godkendelse",
                        to="delaftaler.version",
                        verbose_name="version",
                    ),
                ),
            ],
            options={
                "verbose_name": "godkendelse under dannelse",
                "verbose_name_plural": "godkendelser under dannelse",
                "ordering": ["aftale", "-oprettet", "-id"],
                "constraints": [
                    models.UniqueConstraint(
                        condition=models.Q(("status", "afventer")),
                        fields=("aftale",),
                        name="godkendelse_en_afventer",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            models.Q(("status", "faerdig"), ("version__isnull", False)),
                            models.Q(
                                models.Q(("status", "faerdig"), _negated=True),
                                ("version__isnull", True),
                            ),
                            _connector="OR",
                        ),
                        name="godkendelse_version_naar_faerdig",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            models.Q(("status", "fejlet"), _negated=True),
                            models.Q(("fejl", ""), _negated=True),
                            _connector="OR",
                        ),
                        name="godkendelse_fejl_har_aarsag",
                    ),
                ],
            },
        ),
        migrations.RunPython(opret_trigger, fjern_trigger),
    ]
