"""Wagtail pages. The home page for now; advice pages come with the content model."""

from django.db import models
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page


class HomePage(Page):
    """The front door: the tools a tenant came for first, then a short welcome editors keep."""

    intro = models.CharField(
        max_length=250,
        blank=True,
        help_text="One or two sentences under the page title.",
    )
    body = RichTextField(blank=True, features=["h2", "h3", "bold", "italic", "link", "ol", "ul"])

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("body")]

    template = "cms/home_page.html"
    parent_page_types = ["wagtailcore.Page"]
    max_count = 1
