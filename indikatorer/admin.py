from django.contrib import admin

from delaftaler.signaler import TaelOpAdmin
from indikatorer.models import BaselineVaerdi, Indikator, Maal


class IndikatorInline(admin.StackedInline):
    model = Indikator
    extra = 0
    show_change_link = True


@admin.register(Maal)
class MaalAdmin(TaelOpAdmin):
    aftale_sti = "aftale"
    list_display = ["navn", "aftale", "raekkefoelge"]
    list_filter = ["aftale__helhedsplan"]
    search_fields = ["navn", "maalsaetning", "indikatorer__navn"]
    list_select_related = ["aftale__helhedsplan"]
    inlines = [IndikatorInline]


class BaselineVaerdiInline(admin.TabularInline):
    model = BaselineVaerdi
    extra = 0
    autocomplete_fields = ["omraade"]
    fields = [
        "raekkefoelge",
        "slags",
        "omraade",
        "delindikator",
        "referencegruppe",
        "aar",
        "antal",
        "naevner",
        "enhed",
        "procent",
        "procent_decimaler",
        "vaerdi",
        "vaerdi_decimaler",
        "kommentar",
        "afventer",
        "afventer_tekst",
        "fodnote",
    ]


@admin.register(Indikator)
class IndikatorAdmin(TaelOpAdmin):
    aftale_sti = "maal__aftale"
    list_display = ["navn", "maal", "datakilde"]
    list_filter = ["maal__aftale__helhedsplan"]
    search_fields = ["navn", "datakilde", "maal__navn"]
    list_select_related = ["maal"]
    inlines = [BaselineVaerdiInline]


@admin.register(BaselineVaerdi)
class BaselineVaerdiAdmin(TaelOpAdmin):
    aftale_sti = "indikator__maal__aftale"
    list_display = ["tekst", "slags", "aar", "indikator"]
    list_filter = ["slags", "afventer", "aar"]
    search_fields = ["delindikator", "referencegruppe", "omraade__navn", "indikator__navn"]
    list_select_related = ["indikator", "omraade", "fodnote"]
    autocomplete_fields = ["omraade"]
