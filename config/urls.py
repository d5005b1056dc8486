from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from delaftaler.views import (
    aftale,
    dokumenter,
    gendannelse,
    medlemmer,
    oprettelse,
    planoplysninger,
    redigering,
    versioner,
)

admin.site.site_header = "LBF-aftaler – administration"
admin.site.site_title = "LBF-aftaler"
admin.site.index_title = "Administration"

urlpatterns = [
    path("", aftale.forside, name="forside"),
    path("log-ind/", auth_views.LoginView.as_view(), name="login"),
    path("log-ud/", auth_views.LogoutView.as_view(), name="logout"),
    path("planer/<slug:plan>/aftaler/<int:pk>/", aftale.aftale, name="aftale"),
    path(
        "planer/<slug:plan>/aftaler/<int:pk>/rediger/<slug:sektion>/",
        redigering.rediger_sektion,
        name="rediger_sektion",
    ),
    path(
        "planer/<slug:plan>/aftaler/<int:pk>/maal/<int:maal_pk>/",
        redigering.rediger_maal,
        name="rediger_maal",
    ),
    path(
        "planer/<slug:plan>/aftaler/<int:pk>/maal/<int:maal_pk>/indikatorer/<int:indikator_pk>/",
        redigering.rediger_baselines,
        name="rediger_baselines",
    ),
    path(
        "planer/<slug:plan>/aftaler/<int:pk>/aktiviteter/<int:aktivitet_pk>/",
        redigering.rediger_aktivitet,
        name="rediger_aktivitet",
    ),
    path(
        "planer/<slug:plan>/aftaler/<int:pk>/historik/",
        redigering.historik_side,
        name="historik",
    ),
    path("planer/<slug:plan>/aftaler/<int:pk>/kopier/", oprettelse.kopier, name="kopier"),
    path("planer/<slug:plan>/omraader/", redigering.omraader, name="omraader"),
    path("planer/<slug:plan>/delaftaler/ny/", oprettelse.ny_delaftale, name="ny_delaftale"),
    path(
        "planer/<slug:plan>/strategisk-aftale/ny/",
        oprettelse.ny_strategisk_aftale,
        name="ny_strategisk_aftale",
    ),
    path("planer/<slug:plan>/aftaler/<int:pk>/pdf/", dokumenter.aftale_pdf, name="aftale_pdf"),
    path(
        "planer/<slug:plan>/aftaler/<int:pk>/word/",
        dokumenter.aftale_docx,
        name="aftale_docx",
    ),
    path("planer/<slug:plan>/pdf/", dokumenter.helhedsplan_pdf, name="helhedsplan_pdf"),
    path(
        "planer/<slug:plan>/aftaler/<int:pk>/versioner/",
        versioner.versionsliste,
        name="versioner",
    ),
    path(
        "planer/<slug:plan>/aftaler/<int:pk>/versioner/<int:nummer>/<str:fil>/",
        versioner.versionsfil,
        name="versionsfil",
    ),
    path("planer/<slug:plan>/aftaler/<int:pk>/behandl/", versioner.behandl, name="behandl"),
    path(
        "planer/<slug:plan>/aftaler/<int:pk>/sammenlign/",
        versioner.sammenlign,
        name="sammenlign",
    ),
    path("planer/<slug:plan>/lbf-eksport/", versioner.eksport, name="lbf_eksport_plan"),
    path("lbf-eksport/", versioner.eksport, name="lbf_eksport"),
    # Restore, people of a plan, passwords (issue 12, items 4 and 7).
    path(
        "planer/<slug:plan>/aftaler/<int:pk>/gendan/<int:nummer>/",
        gendannelse.gendan,
        name="gendan",
    ),
    path("planer/<slug:plan>/medlemmer/", medlemmer.medlemmer, name="medlemmer"),
    path(
        "planer/<slug:plan>/medlemmer/inviter/",
        medlemmer.inviter,
        name="medlemmer_inviter",
    ),
    path("planer/<slug:plan>/medlemmer/<int:medlem_pk>/", medlemmer.medlem, name="medlem"),
    path(
        "planer/<slug:plan>/oplysninger/",
        planoplysninger.planoplysninger,
        name="planoplysninger",
    ),
    path(
        "adgangskode/skift/",
        auth_views.PasswordChangeView.as_view(extra_context={"overskrift": "Skift adgangskode"}),
        name="password_change",
    ),
    path(
        "adgangskode/skiftet/",
        auth_views.PasswordChangeDoneView.as_view(
            extra_context={"overskrift": "Adgangskoden er skiftet"}
        ),
        name="password_change_done",
    ),
    path(
        "adgangskode/glemt/",
        auth_views.PasswordResetView.as_view(
            email_template_name="registration/password_reset_email.txt",
            extra_context={"overskrift": "Glemt adgangskode"},
        ),
        name="password_reset",
    ),
    path(
        "adgangskode/glemt/sendt/",
        auth_views.PasswordResetDoneView.as_view(extra_context={"overskrift": "Tjek din e-mail"}),
        name="password_reset_done",
    ),
    path(
        "adgangskode/ny/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(
            extra_context={"overskrift": "Vælg adgangskode"}
        ),
        name="password_reset_confirm",
    ),
    path(
        "adgangskode/ny/gemt/",
        auth_views.PasswordResetCompleteView.as_view(
            extra_context={"overskrift": "Adgangskoden er gemt"}
        ),
        name="password_reset_complete",
    ),
    path("planer/<slug:plan>/opfoelgning/", include("opfoelgning.urls")),
    path("planer/<slug:plan>/aftaler/<int:pk>/billeder/", include("billeder.urls")),
    path("indstillinger/varsler/", include("varsler.urls")),
    path("soeg/", include("soeg.urls")),
    path("admin/", admin.site.urls),
]
