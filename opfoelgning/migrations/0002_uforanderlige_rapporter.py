"""Approved status reports and the report log are history, as versions are.

The same triggers as delaftaler's migration 0006 (and its PostgreSQL function
``delaftaler_uforanderlig``): UPDATE, DELETE and TRUNCATE are refused whoever asks, except
maintenance by the tables' owner (``delaftaler.models.version.vedligehold``). A later
migration that alters these tables on SQLite must create the triggers again.
"""

from django.db import migrations

MSG = {
    "opfoelgning_godkendtrapport": "En godkendt statusrapport kan ikke ændres eller slettes.",
    "opfoelgning_rapportbehandling": "Rapportens behandlingslog kan ikke ændres eller slettes.",
}


def _sqlite() -> list[str]:
    sql = []
    for tabel, besked in MSG.items():
        sql += [
            f"CREATE TRIGGER {tabel}_ingen_update BEFORE UPDATE ON {tabel} "
            f"BEGIN SELECT RAISE(ABORT, '{besked}'); END;",
            f"CREATE TRIGGER {tabel}_ingen_delete BEFORE DELETE ON {tabel} "
            f"WHEN NOT lbf_vedligehold() BEGIN SELECT RAISE(ABORT, '{besked}'); END;",
        ]
    return sql


def _postgres() -> list[str]:
    sql = []
    for tabel, besked in MSG.items():
        sql += [
            f"CREATE TRIGGER {tabel}_uforanderlig BEFORE UPDATE OR DELETE ON {tabel} "
            f"FOR EACH ROW EXECUTE FUNCTION delaftaler_uforanderlig('{besked}');",
            f"CREATE TRIGGER {tabel}_ingen_truncate BEFORE TRUNCATE ON {tabel} "
            f"FOR EACH STATEMENT EXECUTE FUNCTION delaftaler_uforanderlig('{besked}');",
        ]
    return sql


def _fjern_sqlite() -> list[str]:
    return [f"DROP TRIGGER IF EXISTS {t}_ingen_{op};" for t in MSG for op in ("update", "delete")]


def _fjern_postgres() -> list[str]:
    return [
        f"DROP TRIGGER IF EXISTS {t}_{s} ON {t};"
        for t in MSG
        for s in ("uforanderlig", "ingen_truncate")
    ]


def opret_triggere(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for sql in {"sqlite": _sqlite, "postgresql": _postgres}.get(vendor, list)():
        schema_editor.execute(sql, None)


def fjern_triggere(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for sql in {"sqlite": _fjern_sqlite, "postgresql": _fjern_postgres}.get(vendor, list)():
        schema_editor.execute(sql, None)


class Migration(migrations.Migration):
    dependencies = [
        ("opfoelgning", "0001_initial"),
        ("delaftaler", "0006_uforanderlig_historik"),
    ]

    operations = [migrations.RunPython(opret_triggere, fjern_triggere)]
