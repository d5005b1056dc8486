"""Approved versions and their log are history: the database refuses to change or lose them.

Triggers on both tables refuse UPDATE and DELETE (and TRUNCATE on PostgreSQL, which row
triggers do not see), whoever asks: the admin, a shell, raw SQL, the ORM's cascade. A new
version must be numbered above the agreement's newest, so a gap can never be filled with
a forged version. The one exception is maintenance by the tables' owner (emptying a test
database, see ``delaftaler.models.version.vedligehold``): on PostgreSQL the session setting
``lbf.vedligehold`` AND membership of the table's owner role; a non-owner app role may set
the setting, but it opens nothing. The functions pin their search_path, so such a role
cannot shadow ``current_setting``, ``pg_has_role`` or ``=`` with functions of its own.

On SQLite the DELETE triggers ask ``lbf_vedligehold()``, a function the app registers on
each connection (``registrer_sqlite_funktion``); elsewhere it does not exist and the
DELETE fails. SQLite rebuilds a table on many schema changes and drops its triggers with
it: a later migration that alters these tables must create the triggers again
(tests/test_uforanderlig.py checks they exist).

Also: the submission records the checksum of what was sent (``Behandling.kontrolsum``),
and deleting an agreement that has versions or log entries is refused (PROTECT).
"""

import importlib

import django.db.models.deletion
from django.db import migrations, models

VERSION = "delaftaler_version"
BEHANDLING = "delaftaler_behandling"
MSG = {
    VERSION: "En godkendt version kan ikke ændres eller slettes.",
    BEHANDLING: "Behandlingsloggen kan ikke ændres eller slettes.",
}
MSG_NUMMER = "En ny version skal have et højere nummer end aftalens seneste version."


def _sqlite() -> list[str]:
    sql = []
    for tabel, besked in MSG.items():
        sql += [
            f"CREATE TRIGGER {tabel}_ingen_update BEFORE UPDATE ON {tabel} "
            f"BEGIN SELECT RAISE(ABORT, '{besked}'); END;",
            f"CREATE TRIGGER {tabel}_ingen_delete BEFORE DELETE ON {tabel} "
            f"WHEN NOT lbf_vedligehold() BEGIN SELECT RAISE(ABORT, '{besked}'); END;",
        ]
    sql.append(
        f"CREATE TRIGGER {VERSION}_naeste_nummer BEFORE INSERT ON {VERSION} "
        f"WHEN NEW.nummer <= (SELECT COALESCE(MAX(nummer), 0) FROM {VERSION} "
        "WHERE aftale_id = NEW.aftale_id) "
        f"BEGIN SELECT RAISE(ABORT, '{MSG_NUMMER}'); END;"
    )
    return sql


PG_UFORANDERLIG = """
CREATE FUNCTION delaftaler_uforanderlig() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    IF TG_OP IN ('DELETE', 'TRUNCATE')
       AND current_setting('lbf.vedligehold', true) = 'on'
       AND pg_has_role(current_user, (SELECT relowner FROM pg_class WHERE oid = TG_RELID),
                       'MEMBER')
    THEN
        RETURN OLD;
    END IF;
    RAISE EXCEPTION USING ERRCODE = 'restrict_violation', MESSAGE = TG_ARGV[0];
END $$;
"""
PG_NAESTE_NUMMER = f"""
CREATE FUNCTION delaftaler_version_naeste_nummer() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    seneste integer;
BEGIN
    EXECUTE format('SELECT max(nummer) FROM %I.%I WHERE aftale_id = $1',
                   TG_TABLE_SCHEMA, TG_TABLE_NAME)
        INTO seneste USING NEW.aftale_id;
    IF NEW.nummer <= coalesce(seneste, 0) THEN
        RAISE EXCEPTION USING ERRCODE = 'restrict_violation', MESSAGE = '{MSG_NUMMER}';
    END IF;
    RETURN NEW;
END $$;
"""


def _postgres() -> list[str]:
    sql = [PG_UFORANDERLIG, PG_NAESTE_NUMMER]
    for tabel, besked in MSG.items():
        sql += [
            f"CREATE TRIGGER {tabel}_uforanderlig BEFORE UPDATE OR DELETE ON {tabel} "
            f"FOR EACH ROW EXECUTE FUNCTION delaftaler_uforanderlig('{besked}');",
            f"CREATE TRIGGER {tabel}_ingen_truncate BEFORE TRUNCATE ON {tabel} "
            f"FOR EACH STATEMENT EXECUTE FUNCTION delaftaler_uforanderlig('{besked}');",
        ]
    sql.append(
        f"CREATE TRIGGER {VERSION}_naeste_nummer BEFORE INSERT ON {VERSION} "
        "FOR EACH ROW EXECUTE FUNCTION delaftaler_version_naeste_nummer();"
    )
    return sql


def _fjern_sqlite() -> list[str]:
    navne = [f"{t}_ingen_{op}" for t in MSG for op in ("update", "delete")]
    return [f"DROP TRIGGER IF EXISTS {n};" for n in [*navne, f"{VERSION}_naeste_nummer"]]


def _fjern_postgres() -> list[str]:
    navne = [(t, f"{t}_{s}") for t in MSG for s in ("uforanderlig", "ingen_truncate")]
    return [
        *(f"DROP TRIGGER IF EXISTS {n} ON {t};" for t, n in navne),
        f"DROP TRIGGER IF EXISTS {VERSION}_naeste_nummer ON {VERSION};",
        "DROP FUNCTION IF EXISTS delaftaler_uforanderlig();",
        "DROP FUNCTION IF EXISTS delaftaler_version_naeste_nummer();",
    ]


def opret_triggere(apps, schema_editor):
    # 0005's trigger refused UPDATE of versions only; these replace it.
    forrige = importlib.import_module("delaftaler.migrations.0005_versioner")
    forrige.fjern_trigger(apps, schema_editor)
    vendor = schema_editor.connection.vendor
    for sql in {"sqlite": _sqlite, "postgresql": _postgres}.get(vendor, list)():
        schema_editor.execute(sql, None)  # no placeholders: format() has its own %I


def fjern_triggere(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for sql in {"sqlite": _fjern_sqlite, "postgresql": _fjern_postgres}.get(vendor, list)():
        schema_editor.execute(sql, None)  # no placeholders: format() has its own %I
    importlib.import_module("delaftaler.migrations.0005_versioner").opret_trigger(
        apps, schema_editor
    )


class Migration(migrations.Migration):
    dependencies = [
        ("delaftaler", "0005_versioner"),
    ]

    operations = [
        migrations.AddField(
            model_name="behandling",
            name="kontrolsum",
            field=models.CharField(
                blank=True,
                help_text="Ved indsendelse: SHA-256 af aftalen som JSON, sådan som den blev sendt.",
                max_length=64,
                verbose_name="kontrolsum (JSON)",
            ),
        ),
        migrations.AlterField(
            model_name="behandling",
            name="aftale",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="behandlinger",
                to="delaftaler.aftale",
                verbose_name="aftale",
            ),
        ),
        migrations.AlterField(
            model_name="behandling",
            name="version",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="behandlinger",
                to="delaftaler.version",
                verbose_name="version",
            ),
        ),
        migrations.AlterField(
            model_name="version",
            name="aftale",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="versioner",
                to="delaftaler.aftale",
                verbose_name="aftale",
            ),
        ),
        # Last, after every schema change: SQLite's table rebuilds would drop triggers.
        migrations.RunPython(opret_triggere, fjern_triggere),
    ]
