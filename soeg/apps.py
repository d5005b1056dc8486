from django.apps import AppConfig


class SoegConfig(AppConfig):
    name = "soeg"
    verbose_name = "Søgning"
