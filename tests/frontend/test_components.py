"""The design-system partials in templates/components/."""

import re

import pytest
from django import forms
from django.core.paginator import Paginator
from django.template.loader import render_to_string


def pagination(number, *, pages=10, query=""):
    page = Paginator(range(pages * 10), 10).get_page(number)
    return render_to_string("components/pagination.html", {"page": page, "query": query})


def page_items(html):
    """What the numbered list shows, e.g. ["1", "…", "4", "[5]", "6", "…", "10"]."""
    items = []
    for item in re.findall(r'<li class="govuk-pagination__item[^"]*">.*?</li>', html, re.S):
        if "--ellipsis" in item:
            items.append("…")
        else:
            number = re.search(r">(\d+)</a>", item).group(1)
            items.append(f"[{number}]" if 'aria-current="page"' in item else number)
    return items


@pytest.mark.parametrize(
    ("number", "pages", "expected"),
    [
        (1, 1, []),
        (1, 3, ["[1]", "2", "3"]),
        (1, 10, ["[1]", "2", "…", "10"]),
        (3, 10, ["1", "2", "[3]", "4", "…", "10"]),
        (4, 10, ["1", "2", "3", "[4]", "5", "…", "10"]),
        (5, 10, ["1", "…", "4", "[5]", "6", "…", "10"]),
        (7, 10, ["1", "…", "6", "[7]", "8", "9", "10"]),
        (10, 10, ["1", "…", "9", "[10]"]),
    ],
)
def test_pagination_shows_ends_neighbours_and_ellipses(number, pages, expected):
    assert page_items(pagination(number, pages=pages)) == expected


def test_pagination_renders_nothing_for_a_single_page():
    assert pagination(1, pages=1).strip() == ""


def test_pagination_has_previous_and_next_links_only_where_they_lead_somewhere():
    first, middle, last = pagination(1), pagination(5), pagination(10)
    assert 'rel="prev"' not in first and 'rel="next"' in first
    assert 'rel="prev"' in middle and 'rel="next"' in middle
    assert 'rel="prev"' in last and 'rel="next"' not in last
    assert '<nav class="govuk-pagination" aria-label="Pagination">' in middle


def test_pagination_keeps_the_filter_query_on_every_link():
    html = pagination(5, query="date_from=2026-01-01&date_to=2026-03-31")
    hrefs = re.findall(r'href="([^"]*)"', html)
    assert hrefs
    assert all(
        href.startswith("?date_from=2026-01-01&amp;date_to=2026-03-31&amp;page=") for href in hrefs
    )
    assert 'href="?date_from=2026-01-01&amp;date_to=2026-03-31&amp;page=4" rel="prev"' in html


def test_pagination_without_a_query_links_to_the_page_alone():
    assert 'href="?page=6" rel="next"' in pagination(5)


def test_notification_banner_defaults_to_an_important_region():
    html = render_to_string("components/notification_banner.html", {"text": "Rent is due."})
    assert 'class="govuk-notification-banner"' in html
    assert 'role="region"' in html
    assert 'aria-labelledby="govuk-notification-banner-title"' in html
    assert ">Important<" in html
    assert '<p class="govuk-notification-banner__heading">Rent is due.</p>' in html


def test_success_notification_banner_is_an_alert():
    html = render_to_string(
        "components/notification_banner.html",
        {"type": "success", "text": "Payment received.", "title_id": "paid"},
    )
    assert "govuk-notification-banner--success" in html
    assert 'role="alert"' in html
    assert 'id="paid"' in html
    assert ">Success<" in html


def test_back_link_defaults_to_back():
    html = render_to_string("components/back_link.html", {"href": "/my-account/"})
    assert html.strip() == '<a href="/my-account/" class="govuk-back-link">Back</a>'


def test_summary_list_renders_rows_with_optional_actions():
    html = render_to_string(
        "components/summary_list.html",
        {
            "rows": [
                {"key": "Name", "value": "Sam Patel"},
                {
                    "key": "Email",
                    "value": "sam@example.com",
                    "action_href": "/accounts/email/",
                    "action_hidden": "email address",
                },
            ]
        },
    )
    assert html.count('class="govuk-summary-list__row') == 2
    assert "govuk-summary-list__row--no-actions" in html
    assert (
        '<a class="govuk-link" href="/accounts/email/">Change'
        '<span class="govuk-visually-hidden"> email address</span></a>'
    ) in html


class ExampleForm(forms.Form):
    email = forms.EmailField(label="Email address")
    agree = forms.BooleanField(label="I agree", help_text="You must agree.")
    notes = forms.CharField(label="Notes", widget=forms.Textarea, required=False)


def test_field_component_renders_govuk_checkboxes_textarea_and_errors():
    form = ExampleForm(data={"email": "nope"})
    html = "".join(render_to_string("components/field.html", {"field": field}) for field in form)
    assert 'class="govuk-checkboxes govuk-checkboxes--small"' in html
    assert 'class="govuk-checkboxes__input" id="id_agree" name="agree" type="checkbox"' in html
    assert 'class="govuk-label govuk-checkboxes__label" for="id_agree"' in html
    assert '<textarea class="govuk-textarea" id="id_notes"' in html
    assert html.count("govuk-form-group--error") == 2
    assert 'aria-describedby="id_agree-hint id_agree-error"' in html


def test_error_summary_links_field_errors_and_sends_form_errors_to_the_first_field():
    class PayForm(forms.Form):
        amount = forms.CharField(label="Amount")

        def clean(self):
            raise forms.ValidationError("Enter an amount you can pay each week")

    form = PayForm(data={})
    html = render_to_string("components/error_summary.html", {"form": form})
    assert 'data-module="govuk-error-summary"' in html
    assert html.count('href="#id_amount"') == 2  # the field's error and the form's error


def test_error_summary_renders_nothing_for_a_valid_form():
    form = ExampleForm(data={"email": "a@example.com", "agree": "on"})
    assert form.is_valid()
    assert render_to_string("components/error_summary.html", {"form": form}).strip() == ""


def test_every_component_documents_its_parameters():
    from pathlib import Path

    from django.conf import settings

    folder = Path(settings.BASE_DIR) / "templates" / "components"
    for template in folder.glob("*.html"):
        # `{% load %}` tags may come first; the documentation comment comes before anything else.
        text = re.sub(r"^\s*(\{% load [^%]*%\}\s*)*", "", template.read_text())
        assert text.startswith("{% comment %}"), template.name
        assert "Parameters:" in text, template.name
