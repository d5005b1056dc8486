from django.apps import AppConfig


class AktiviteterConfig(AppConfig):
    name = "aktiviteter"
    verbose_name = "Aktiviteter"
