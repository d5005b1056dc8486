from django.apps import AppConfig


class IndikatorerConfig(AppConfig):
    name = "indikatorer"
    verbose_name = "Mål, indikatorer og baselines"
