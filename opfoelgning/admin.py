"""The follow-up in the admin: targets, measurements, assessments and due dates may be
corrected by an administrator; approved reports and the report log are history and are
shown only (the model and the database refuse changes too, migration 0002)."""

from django.contrib import admin

from delaftaler.admin.historik import KunVisning
from opfoelgning.models import (
    GodkendtRapport,
    Maaling,
    Maaltal,
    Milepael,
    Rapportbehandling,
    Statusrapport,
    Vurdering,
)


class MilepaelInline(admin.TabularInline):
    model = Milepael
    extra = 0


@admin.register(Maaltal)
class MaaltalAdmin(admin.ModelAdmin):
    list_display = ["indikator", "omraade", "delindikator", "retning", "aar"]
    list_filter = ["retning", "indikator__maal__aftale__helhedsplan"]
    search_fields = ["indikator__navn", "delindikator", "referencegruppe", "note"]
    list_select_related = ["indikator", "omraade"]
    raw_id_fields = ["indikator"]
    inlines = [MilepaelInline]


@admin.register(Maaling)
class MaalingAdmin(admin.ModelAdmin):
    list_display = ["indikator", "omraade", "delindikator", "aar", "afventer", "kilde"]
    list_filter = ["aar", "afventer", "indikator__maal__aftale__helhedsplan"]
    search_fields = ["indikator__navn", "delindikator", "referencegruppe", "kilde", "note"]
    list_select_related = ["indikator", "omraade"]
    raw_id_fields = ["indikator"]
    readonly_fields = ["registreret", "registreret_af"]


@admin.register(Vurdering)
class VurderingAdmin(admin.ModelAdmin):
    list_display = ["maal", "aar", "lys", "registreret_af"]
    list_filter = ["aar", "lys", "maal__aftale__helhedsplan"]
    search_fields = ["maal__navn", "tekst"]
    raw_id_fields = ["maal"]
    readonly_fields = ["registreret", "registreret_af"]


@admin.register(Statusrapport)
class StatusrapportAdmin(admin.ModelAdmin):
    list_display = ["helhedsplan", "aar", "frist"]
    list_filter = ["aar", "helhedsplan"]
    search_fields = ["helhedsplan__navn"]


@admin.register(GodkendtRapport)
class GodkendtRapportAdmin(KunVisning):
    """Approved reports are frozen: shown, never changed."""

    list_display = ["rapport", "nummer", "moededato", "godkendt_af"]
    list_filter = ["rapport__helhedsplan", "rapport__aar"]
    search_fields = ["rapport__helhedsplan__navn", "beslutning"]
    exclude = ["pdf", "docx"]


@admin.register(Rapportbehandling)
class RapportbehandlingAdmin(KunVisning):
    """The report log: what happened stays as it happened."""

    list_display = ["rapport", "art", "bruger", "tidspunkt", "dato"]
    list_filter = ["art"]
    search_fields = ["rapport__helhedsplan__navn", "kommentar", "bruger"]
