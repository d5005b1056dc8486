"""An index of what an agreement's state reads of its versions (number, LBF, edit number,
approval time), so the start page's states are read from the index: in SQLite these
columns lie behind the version's files in the row."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("delaftaler", "0008_godkendelsesordre"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="version",
            index=models.Index(
                fields=["aftale", "nummer", "kraever_lbf", "redigeringsnummer", "godkendt"],
                name="version_tilstand_idx",
            ),
        ),
    ]
