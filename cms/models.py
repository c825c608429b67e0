"""Wagtail pages and site settings.

Few page types, rich blocks (see `cms/blocks.py`): the home page, one advice section and its
advice pages. Site settings hold what the landlord tells tenants on every page.

Welsh: wagtail-localize translates pages (every page is a `Page` with a locale; text lives in
fields and StreamFields it extracts; related pages are page references it points at the
translated page). The Welsh home page is a translation of the English one, a sibling under the
tree root. Site settings are one row per site with a Welsh field beside each text a tenant reads
(see docs/content.md, "Settings and search in Welsh").
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.http import Http404
from django.utils import timezone
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import (
    FieldPanel,
    InlinePanel,
    MultiFieldPanel,
    ObjectList,
    PageChooserPanel,
    TabbedInterface,
)
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import StreamField
from wagtail.images import get_image_model_string
from wagtail.models import Locale, Orderable, Page
from wagtail.search import index

from .blocks import (
    AdviceLineBlock,
    AdviceStreamBlock,
    FooterLinkBlock,
    PhoneNumberBlock,
    ToolsStreamBlock,
    WayToPayBlock,
)
from .caching import content_generation
from .tools import available_tool

REVIEW_INTERVAL_DAYS = 182  # advice is checked at least every six months


def _today() -> dt.date:
    return timezone.localdate()


def _next_review_date() -> dt.date:
    return timezone.localdate() + dt.timedelta(days=REVIEW_INTERVAL_DAYS)


class CachedPageMixin:
    """Pages whose main content is cached as a template fragment (`{% wagtailpagecache %}`).

    Wagtail's page cache key changes when the page is published or moved; the locale is added so
    a Welsh translation (a page of its own) can never share an English fragment.
    """

    def get_cache_key_components(self):
        return [*super().get_cache_key_components(), self.locale_id]

    @property
    def language_code(self) -> str:
        """The page's language, e.g. "en-gb" or "cy" (for `lang` when it differs from the
        reader's: an English page a Welsh reader sees before it is translated). One query,
        only when the page's cached fragment is rendered."""
        return self.locale.language_code

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["content_generation"] = content_generation()
        return context

    def breadcrumbs(self, request=None) -> list[dict]:
        """The live ancestors below the tree root, for the GOV.UK breadcrumbs (one query)."""
        ancestors = Page.objects.ancestor_of(self).filter(depth__gt=1).live()
        return [{"text": page.title, "href": page.get_url(request=request)} for page in ancestors]


class HomePage(CachedPageMixin, Page):
    """The front door: the tools a tenant came for first, then the advice.

    Editors choose which tools show (and in what order), so a tool appears once it exists; the
    advice list below them is the live pages of the advice section, in the tree's order.
    """

    intro = models.CharField(
        max_length=250,
        blank=True,
        help_text="One or two sentences under the page title.",
    )
    tools = StreamField(
        ToolsStreamBlock(),
        blank=True,
        help_text="The tools at the top of the page, in this order.",
    )
    body = StreamField(
        AdviceStreamBlock(),
        blank=True,
        help_text="Anything to say between the tools and the list of advice.",
    )

    content_panels = Page.content_panels + [
        FieldPanel("intro"),
        FieldPanel("tools"),
        FieldPanel("body"),
    ]

    template = "cms/home_page.html"
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["cms.AdviceIndexPage"]
    # One home page per language: the English one is made by migration 0002; the Welsh one is
    # its translation (wagtail-localize's "Translate", or seed_content), a sibling under the
    # tree root. So editors never add a second home page by hand.

    class Meta:
        verbose_name = "home page"

    @classmethod
    def can_create_at(cls, parent) -> bool:
        """Only as a translation (which does not ask this): never a second home by hand."""
        return super().can_create_at(parent) and not cls.objects.exists()

    def route(self, request, path_components):
        """A page not translated yet is served from the default language's tree: a Welsh
        reader asking for /advice/... gets the English page (marked lang="en-gb") rather than
        a 404, because both languages share the portal's paths (docs/content.md)."""
        try:
            return super().route(request, path_components)
        except Http404:
            fallback = self.default_language_home()
            if fallback is None or not path_components:
                raise
            return fallback.route(request, path_components)

    def default_language_home(self) -> HomePage | None:
        """The default language's home page, if this is a translation of it (else None)."""
        default = Locale.get_default()
        if self.locale_id == default.pk:
            return None
        return HomePage.objects.filter(translation_key=self.translation_key, locale=default).first()

    def advice_home(self) -> HomePage:
        """The home page whose advice this one lists: its own, or, for a translation with no
        advice section of its own yet, the default language's (shown marked as that language)."""
        if AdviceIndexPage.objects.child_of(self).live().exists():
            return self
        return self.default_language_home() or self

    def available_tools(self) -> list:
        """The tool blocks whose tools the portal serves now."""
        return [block for block in self.tools if available_tool(block.value.get("tool"))]

    def advice_index(self) -> AdviceIndexPage | None:
        return AdviceIndexPage.objects.child_of(self).live().public().first()

    def advice_pages(self):
        return (
            AdvicePage.objects.descendant_of(self).live().public().defer_streamfields()
        ).order_by("path")


class AdviceIndexPage(CachedPageMixin, Page):
    """The advice section (/advice/): lists its advice pages in the order editors put them."""

    intro = models.CharField(
        max_length=250,
        blank=True,
        help_text="One or two sentences under the page title.",
    )

    content_panels = Page.content_panels + [FieldPanel("intro")]

    template = "cms/advice_index_page.html"
    parent_page_types = ["cms.HomePage"]
    subpage_types = ["cms.AdvicePage"]

    class Meta:
        verbose_name = "advice section"

    def advice_pages(self):
        return (AdvicePage.objects.child_of(self).live().public().defer_streamfields()).order_by(
            "path"
        )


class AdvicePage(CachedPageMixin, Page):
    """One piece of advice, written for a phone: a summary, the body in GOV.UK components,
    the tools and pages that help next, and when it was last checked.

    Rates and rules change every April and the law changes too, so each page has a review
    date; the "Advice due for review" report lists pages past it.
    """

    summary = models.CharField(
        max_length=300,
        help_text="One or two short sentences: shown under the title, in lists and in search.",
    )
    body = StreamField(AdviceStreamBlock())
    related_tools = StreamField(
        ToolsStreamBlock(),
        blank=True,
        max_num=4,
        help_text="Up to four tools that help with this, shown beside the advice.",
    )
    last_reviewed = models.DateField(
        "reviewed on", default=_today, help_text="When someone last checked every fact here."
    )
    next_review_due = models.DateField(
        default=_next_review_date,
        help_text="Check it again by this date (at the latest each April, when rates change).",
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        limit_choices_to={"groups__name": settings.EDITOR_GROUP},
        help_text="Who checked it. Not shown to tenants.",
    )

    search_fields = Page.search_fields + [
        index.SearchField("summary", boost=2),
        index.SearchField("body"),
    ]

    content_panels = Page.content_panels + [
        FieldPanel("summary"),
        FieldPanel("body"),
        MultiFieldPanel(
            [FieldPanel("related_tools"), InlinePanel("related_pages", label="Related page")],
            heading="Related",
        ),
    ]
    review_panels = [
        MultiFieldPanel(
            [FieldPanel("last_reviewed"), FieldPanel("next_review_due"), FieldPanel("reviewer")],
            heading="Review",
        )
    ]
    edit_handler = TabbedInterface(
        [
            ObjectList(content_panels, heading="Content"),
            ObjectList(review_panels, heading="Review"),
            ObjectList(Page.promote_panels, heading="Promote"),
            ObjectList(Page.settings_panels, heading="Settings"),
        ]
    )

    template = "cms/advice_page.html"
    parent_page_types = ["cms.AdviceIndexPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = "advice page"

    def clean(self):
        super().clean()
        if (
            self.last_reviewed
            and self.next_review_due
            and self.next_review_due <= self.last_reviewed
        ):
            raise ValidationError(
                {"next_review_due": "The next review must be after the last one."}
            )

    def available_related_tools(self) -> list:
        return [block for block in self.related_tools if available_tool(block.value.get("tool"))]

    def related_links(self) -> list[Page]:
        """The live pages editors linked to (one query; none while previewing unsaved links)."""
        links = self.related_pages.select_related("related")
        return [link.related for link in links if link.related_id and link.related.live]


class AdvicePageRelatedPage(Orderable):
    """A page an advice page points to under "Related advice"."""

    page = ParentalKey(AdvicePage, on_delete=models.CASCADE, related_name="related_pages")
    related = models.ForeignKey(
        "wagtailcore.Page", on_delete=models.CASCADE, related_name="+", verbose_name="page"
    )

    panels = [PageChooserPanel("related", ["cms.AdvicePage", "cms.AdviceIndexPage"])]

    class Meta(Orderable.Meta):
        verbose_name = "related page"


WELSH_HELP = "Optional. Welsh readers see the English when this is empty."


@register_setting(icon="home")
class PortalSettings(BaseSiteSetting):
    """What the landlord tells tenants on every page, per site.

    An empty field falls back to the server's settings (LANDLORD_NAME, LANDLORD_PHONE,
    LANDLORD_EMAIL, LANDLORD_OPENING_HOURS, PAYMENTS_OTHER_WAYS_TO_PAY), so a fresh install
    shows the right name before anyone has opened this form.

    Each text a tenant reads has a Welsh field beside it (`..._cy`, and inside each item of the
    lists). Welsh readers see the Welsh when it is filled in; otherwise the English, in Welsh
    from the catalogue if it is one of the defaults (cms/settings_strings.py), else marked
    lang="en". One row serves both languages, so a number or address is kept in one place.
    """

    landlord_name = models.CharField(
        max_length=100,
        blank=True,
        help_text="Leave blank to use the name the server is set up with.",
    )
    landlord_name_cy = models.CharField(
        "landlord name in Welsh",
        max_length=100,
        blank=True,
        help_text="Only if you have a Welsh name. " + WELSH_HELP,
    )
    logo = models.ForeignKey(
        get_image_model_string(),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Optional. Shown in the header when the layout uses it.",
    )
    phone = models.CharField(max_length=30, blank=True, help_text="The main number tenants call.")
    email = models.EmailField(blank=True)
    opening_hours = models.CharField(
        max_length=120, blank=True, help_text="e.g. 'Monday to Friday, 8am to 6pm'."
    )
    opening_hours_cy = models.CharField(
        "opening hours in Welsh",
        max_length=120,
        blank=True,
        help_text="e.g. 'Dydd Llun i ddydd Gwener, 8am i 6pm'. " + WELSH_HELP,
    )
    other_phone_numbers = StreamField(
        [("number", PhoneNumberBlock())], blank=True, help_text="Repairs, out of hours and so on."
    )
    other_ways_to_pay = StreamField(
        [("way", WayToPayBlock())],
        blank=True,
        help_text="Shown on the payment pages. Leave empty to use the server's list.",
    )
    advice_lines = StreamField(
        [("line", AdviceLineBlock())],
        blank=True,
        help_text="Free, independent debt advice. Leave empty to show the national lines.",
    )
    footer_links = StreamField([("link", FooterLinkBlock())], blank=True)
    phase_tag = models.CharField(
        max_length=20, blank=True, default="Beta", help_text="Leave blank to hide the phase banner."
    )
    phase_tag_cy = models.CharField(
        "phase tag in Welsh", max_length=20, blank=True, help_text=WELSH_HELP
    )
    phase_text = models.CharField(max_length=200, blank=True, default="This is a new service.")
    phase_text_cy = models.CharField(
        "phase text in Welsh", max_length=200, blank=True, help_text=WELSH_HELP
    )

    # The Welsh sits beside the English it translates, so whoever writes it sees both.
    panels = [
        MultiFieldPanel(
            [FieldPanel("landlord_name"), FieldPanel("landlord_name_cy"), FieldPanel("logo")],
            heading="Landlord",
        ),
        MultiFieldPanel(
            [
                FieldPanel("phone"),
                FieldPanel("opening_hours"),
                FieldPanel("opening_hours_cy"),
                FieldPanel("email"),
                FieldPanel("other_phone_numbers"),
            ],
            heading="Contact",
        ),
        FieldPanel("other_ways_to_pay"),
        FieldPanel("advice_lines"),
        FieldPanel("footer_links"),
        MultiFieldPanel(
            [
                FieldPanel("phase_tag"),
                FieldPanel("phase_tag_cy"),
                FieldPanel("phase_text"),
                FieldPanel("phase_text_cy"),
            ],
            heading="Phase banner",
        ),
    ]

    class Meta:
        verbose_name = "portal settings"
