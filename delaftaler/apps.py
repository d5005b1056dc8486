from django.apps import AppConfig


class DelaftalerConfig(AppConfig):
    name = "delaftaler"
    verbose_name = "Helhedsplaner og aftaler"

    def ready(self) -> None:
        from .historik import registrer

        registrer()
