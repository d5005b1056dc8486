"""LBF's fund periods and their indsatsområder: reference data every installation needs."""

from django.db import migrations

FONDSPERIODER = [
    (
        "2019-26",
        "Landsbyggefondens 2019-26-midler",
        2019,
        2026,
        [
            (
                "uddannelse-og-livschancer",
                "Uddannelse og livschancer",
                "Der skal ske et fagligt løft af børn og unge, så flere bliver skoleparate, "
                "og flere tager en uddannelse.",
            ),
            ("beskaeftigelse", "Beskæftigelse", "Flere bliver tilknyttet arbejdsmarkedet."),
            (
                "kriminalitetsforebyggelse",
                "Kriminalitetsforebyggelse",
                "Børn og unge skal støttes i et liv uden kriminalitet, og områderne skal "
                "opleves trygge.",
            ),
            (
                "sammenhaengskraft-og-medborgerskab",
                "Sammenhængskraft og medborgerskab",
                "Flere er en del af fællesskabet og deltager aktivt i samfundet.",
            ),
        ],
    ),
    (
        "2015-18",
        "Landsbyggefondens 2015-18-midler",
        2015,
        2018,
        [
            ("tryghed-og-trivsel", "Tryghed og trivsel", ""),
            ("kriminalpraeventiv-indsats", "Kriminalpræventiv indsats", ""),
            ("uddannelse-og-beskaeftigelse", "Uddannelse og beskæftigelse", ""),
            ("forebyggelse-og-foraeldreansvar", "Forebyggelse og forældreansvar", ""),
        ],
    ),
]


def opret(apps, schema_editor):
    Fondsperiode = apps.get_model("delaftaler", "Fondsperiode")
    Indsatsomraade = apps.get_model("delaftaler", "Indsatsomraade")
    for kode, navn, start, slut, omraader in FONDSPERIODER:
        periode, _ = Fondsperiode.objects.update_or_create(
            kode=kode, defaults={"navn": navn, "start_aar": start, "slut_aar": slut}
        )
        for nr, (slug, omr_navn, formaal) in enumerate(omraader, start=1):
            Indsatsomraade.objects.update_or_create(
                fondsperiode=periode,
                slug=slug,
                defaults={"navn": omr_navn, "lbf_formaal": formaal, "raekkefoelge": nr},
            )


class Migration(migrations.Migration):
    dependencies = [("delaftaler", "0002_relationer")]

    operations = [migrations.RunPython(opret, migrations.RunPython.noop)]
