from django.apps import AppConfig


class DelaftalerConfig(AppConfig):
    name = "delaftaler"
    verbose_name = "Helhedsplaner og aftaler"
