"""The admin's read-only pages of what is history: approved versions, their log, and the
approvals waiting for the worker."""

from django.contrib import admin
from django.http import HttpRequest

from delaftaler.models import Behandling, Version
from delaftaler.models.version import Godkendelsesordre


class KunVisning(admin.ModelAdmin):
    """History: the admin shows it and never adds, changes or deletes (nor does the
    database, migration 0006)."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(Version)
class VersionAdmin(KunVisning):
    """Approved versions are frozen: the admin shows them and never changes them."""

    list_display = ["aftale", "nummer", "moededato", "godkendt_af", "kraever_lbf"]
    list_filter = ["kraever_lbf", "aftale__helhedsplan"]
    search_fields = ["aftale__helhedsplan__navn", "beslutning"]
    exclude = ["pdf", "docx"]


@admin.register(Behandling)
class BehandlingAdmin(KunVisning):
    """The log of an agreement's approval: what happened stays as it happened."""

    list_display = ["aftale", "art", "bruger", "tidspunkt", "dato"]
    list_filter = ["art"]
    search_fields = ["aftale__helhedsplan__navn", "kommentar", "bruger"]


@admin.register(Godkendelsesordre)
class GodkendelsesordreAdmin(KunVisning):
    """The board's approvals waiting for the worker to make their version, and how each
    ended: only the app's workflow moves them on (the model and a trigger refuse the rest)."""

    list_display = ["aftale", "status", "moededato", "godkendt_af", "oprettet", "version"]
    list_filter = ["status", "aftale__helhedsplan"]
    search_fields = ["aftale__helhedsplan__navn", "fejl", "godkendt_af"]
