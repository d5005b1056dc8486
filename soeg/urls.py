"""/soeg/?q=…: search across the user's helhedsplaner."""

from django.urls import path

from soeg import views

urlpatterns = [path("", views.soeg, name="soeg")]
