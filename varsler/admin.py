from django.contrib import admin
from django.http import HttpRequest

from varsler.models import Indstilling, Paamindelse, Udsendelse


@admin.register(Indstilling)
class IndstillingAdmin(admin.ModelAdmin):
    list_display = ["bruger", "modtag_mails"]
    list_filter = ["modtag_mails"]
    search_fields = ["bruger__username", "bruger__email"]


@admin.register(Udsendelse)
class UdsendelseAdmin(admin.ModelAdmin):
    """The mails as stored: read only (an unsent one is sent by `send_paamindelser`)."""

    list_display = ["emne", "modtager", "oprettet", "sendt", "forsoeg"]
    list_filter = [("sendt", admin.EmptyFieldListFilter)]
    search_fields = ["modtager", "emne"]
    readonly_fields = [
        "bruger",
        "modtager",
        "emne",
        "tekst",
        "oprettet",
        "sendt",
        "forsoeg",
        "fejl",
    ]
    date_hierarchy = "oprettet"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(Paamindelse)
class PaamindelseAdmin(admin.ModelAdmin):
    list_display = ["noegle", "sidst"]
    search_fields = ["noegle"]
