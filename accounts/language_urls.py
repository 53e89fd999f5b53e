"""The header's language switch, mounted at /i18n/ ahead of Django's own `set_language`."""

from django.urls import path

from accounts import views

urlpatterns = [path("setlang/", views.language_set, name="set_language")]
