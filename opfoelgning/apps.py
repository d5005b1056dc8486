from django.apps import AppConfig


class OpfoelgningConfig(AppConfig):
    name = "opfoelgning"
    verbose_name = "Opfølgning: måltal, målinger og statusrapporter"
