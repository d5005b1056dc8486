"""The user's own e-mail settings, included at /indstillinger/varsler/ (config/urls.py)."""

from django.urls import path

from varsler import views

urlpatterns = [path("", views.indstillinger, name="varsler_indstillinger")]
