"""Mounted at /language/ in config/urls.py: the header's language switcher (see cms/language.py)."""

from django.urls import path

from .language import switch_language

urlpatterns = [
    path("<str:code>/", switch_language, name="switch_language"),
]
