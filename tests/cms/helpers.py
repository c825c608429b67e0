"""Page trees and content for the cms tests (and the browser tests)."""

from __future__ import annotations

from django.conf import settings
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.images import get_image_model
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import Collection, Locale, Page, Site

from cms import demo_content as c
from cms.models import AdviceIndexPage, AdvicePage, AdvicePageRelatedPage, HomePage


def home_page() -> HomePage:
    """The home page the migrations create at the root of the default site."""
    return Site.objects.get(is_default_site=True).root_page.specific


def ensure_site() -> HomePage:
    """The default site and its home page, rebuilt if a transactional test flushed them away
    (browser tests run with transaction=True, and Django's flush empties every table)."""
    if Collection.get_first_root_node() is None:
        Collection.add_root(name="Root")
    site = Site.objects.filter(is_default_site=True).first()
    if site is not None:
        return site.root_page.specific
    locale, _ = Locale.objects.get_or_create(
        language_code=get_supported_content_language_variant(settings.LANGUAGE_CODE)
    )
    root = Page.get_first_root_node() or Page.add_root(
        instance=Page(title="Root", slug="root", locale=locale)
    )
    home = root.add_child(instance=HomePage(title="Your rent account", slug="home", locale=locale))
    Site.objects.create(
        hostname="localhost", root_page=home, is_default_site=True, site_name="Tenant portal"
    )
    return home


def advice_index(home: HomePage | None = None) -> AdviceIndexPage:
    home = home or home_page()
    index = AdviceIndexPage.objects.child_of(home).first()
    if index is None:
        index = home.add_child(instance=AdviceIndexPage(title="Help and advice", slug="advice"))
        index.save_revision().publish()
    return index


def advice_page(
    index: AdviceIndexPage,
    *,
    title: str = "Paying your rent",
    slug: str | None = None,
    body: list[dict] | None = None,
    tools: list[str] = (),
    related: list = (),
    **fields,
) -> AdvicePage:
    """A published advice page with the given raw body blocks, tool keys and related pages."""
    page = index.add_child(
        instance=AdvicePage(
            title=title,
            slug=slug or title.lower().replace(" ", "-"),
            summary=fields.pop("summary", f"A summary of {title.lower()}."),
            body=c._with_ids(body or [c.text("<p>Plain words about rent.</p>")]),
            related_tools=c._with_ids([c.tool(key) for key in tools]),
            **fields,
        )
    )
    page.related_pages = [AdvicePageRelatedPage(related=other) for other in related]
    page.save_revision().publish()
    return page


def make_image(title: str = "A rent card"):
    return get_image_model().objects.create(title=title, file=get_test_image_file())


def every_block(image, link_to=None) -> list[dict]:
    """One of each block an advice page can hold, in raw form."""
    link = f'<a linktype="page" id="{link_to.pk}">another page</a>' if link_to else "a page"
    return [
        c.heading("A heading"),
        c.heading("A subheading", level="3"),
        c.text(f"<p>Some text with {link}.</p><ul><li>one</li><li>two</li></ul>"),
        c.inset("<p>Something to remember.</p>"),
        c.warning("You could lose your home."),
        c.details("If you are 66 or over", "<p>Hidden help.</p>"),
        c.accordion([("First section", "<p>One.</p>"), ("Second section", "<p>Two.</p>")]),
        c.steps([("Tell us", "<p>Call us.</p>"), ("Make a plan", "<p>Write it down.</p>")]),
        c.button("See your balance", tool="balance"),
        c.button("Search the advice", url="/search/", style="secondary"),
        c.contact("landlord", "Contact us"),
        c.contact("advice_lines"),
        c.table(
            "How long a payment takes",
            ["How you pay", "When it shows"],
            [["Direct Debit", "The same working day"], ["Cheque", "Up to 7 working days"]],
        ),
        {
            "type": "image",
            "value": {
                "image": {"image": image.pk, "decorative": False, "alt_text": "A rent card"},
                "caption": "Your rent card has your reference on it.",
            },
        },
        c.tool("balance"),
    ]
