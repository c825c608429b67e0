"""Site settings in Welsh: a Welsh field beside each English text a tenant reads, shown to Welsh
readers when an editor filled it in; when empty, what Welsh readers got before (the catalogue's
Welsh for the defaults, else the English marked lang="en"). English readers see no change, and
the cached values stay right in both languages."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from django.conf import settings
from django.core.management import call_command
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from wagtail.models import Site
from wagtail.test.utils.form_data import nested_form_data, streamfield

from cms import demo_content as c
from cms.context_processors import DEFAULT_ADVICE_LINES, site_content
from cms.models import PortalSettings

pytestmark = pytest.mark.django_db

COOKIE = settings.LANGUAGE_COOKIE_NAME
PAGE = "/accounts/login/"  # any page with the layout: header, phase banner, footer


def default_site() -> Site:
    return Site.objects.get(is_default_site=True)


def stream(kind: str, values: list[dict]) -> list[dict]:
    return c._with_ids([{"type": kind, "value": value} for value in values])


def layout(client) -> BeautifulSoup:
    response = client.get(PAGE)
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def opening_hours(soup: BeautifulSoup):
    """The opening hours in the footer: the span after the phone number."""
    return soup.select_one("footer .portal-footer__contact p span")


def footer_links(soup: BeautifulSoup) -> list[tuple[str, str | None]]:
    return [(a.text, a.get("lang")) for a in soup.select("footer .govuk-footer__inline-list a")]


def context_in(language: str, rf) -> dict:
    """The context processor's values, resolved for a reader of `language`."""
    with translation.override(language):
        context = site_content(rf.get("/"))
        return {
            key: (dict(value) if key in ("landlord", "phase_banner") else list(value))
            for key, value in context.items()
        }


def test_welsh_readers_see_the_welsh_editors_wrote_and_english_readers_the_english(
    client, welsh_client
):
    PortalSettings.objects.create(
        site=default_site(),
        landlord_name="Canal Side Housing",
        landlord_name_cy="Tai Ochr y Gamlas",
        opening_hours="Weekdays, 9am to 5pm",
        opening_hours_cy="Yn ystod yr wythnos, 9am i 5pm",
        phase_text="Tell us what you think of it.",
        phase_text_cy="Dywedwch wrthym beth yw eich barn.",
        footer_links=stream(
            "link", [{"text": "Privacy", "text_cy": "Preifatrwydd", "url": "/privacy/"}]
        ),
    )
    english = layout(client)
    assert "Canal Side Housing" in english.select_one("header").text
    assert opening_hours(english).text == "Weekdays, 9am to 5pm"
    assert footer_links(english) == [("Privacy", None)]
    assert "Tell us what you think of it." in english.select_one(".govuk-phase-banner").text
    assert "Preifatrwydd" not in str(english) and "Ochr y Gamlas" not in str(english)

    welsh = layout(welsh_client)
    assert "Tai Ochr y Gamlas" in welsh.select_one("header").text
    assert opening_hours(welsh).text == "Yn ystod yr wythnos, 9am i 5pm"
    assert opening_hours(welsh).get("lang") is None  # Welsh on a Welsh page: nothing to mark
    assert footer_links(welsh) == [("Preifatrwydd", None)]
    assert "Dywedwch wrthym beth yw eich barn." in welsh.select_one(".govuk-phase-banner").text
    assert "Weekdays" not in str(welsh) and "Privacy" not in str(welsh)


def test_an_empty_welsh_field_falls_back_to_the_catalogue_or_to_english_marked_english(
    welsh_client,
):
    PortalSettings.objects.create(
        site=default_site(),
        landlord_name="Canal Side Housing",
        opening_hours="Weekdays, 9am to 5pm",
        footer_links=stream(
            "link",
            [
                {"text": "Our promises", "url": "/promises/"},
                {"text": "Help and advice", "text_cy": "", "url": "/advice/"},
            ],
        ),
    )
    welsh = layout(welsh_client)
    assert "Canal Side Housing" in welsh.select_one("header").text  # a name stays as it is
    assert opening_hours(welsh).text == "Weekdays, 9am to 5pm"
    assert opening_hours(welsh)["lang"] == "en"
    # An editor's own English is marked; a default has Welsh in the catalogue.
    assert footer_links(welsh) == [("Our promises", "en"), ("Help a chyngor", None)]
    assert "Mae hwn yn wasanaeth newydd." in welsh.select_one(".govuk-phase-banner").text


def test_without_a_settings_row_welsh_readers_get_the_defaults_in_welsh(welsh_client):
    assert settings.LANDLORD_OPENING_HOURS == "Monday to Friday, 8am to 6pm"
    welsh = layout(welsh_client)
    assert opening_hours(welsh).text == "Dydd Llun i ddydd Gwener, 8am i 6pm"
    assert opening_hours(welsh).get("lang") is None


def test_the_lists_are_in_welsh_for_welsh_readers_and_unchanged_for_english_readers(rf):
    lines = [
        {"name": "Money Helper", "phone": "0800 011 3797", "text": "Free guidance."},
        {"name": "Town advice centre", "phone": "01234 567890", "text": "Drop in on Tuesdays."},
    ]
    PortalSettings.objects.create(
        site=default_site(),
        advice_lines=stream("line", [dict(lines[0], text_cy="Arweiniad am ddim."), lines[1]]),
        other_ways_to_pay=stream(
            "way",
            [
                {
                    "heading": "At our office",
                    "heading_cy": "Yn ein swyddfa",
                    "text": "Pay at the front desk.",
                    "text_cy": "Talwch wrth y ddesg flaen.",
                }
            ],
        ),
        other_phone_numbers=stream(
            "number",
            [{"label": "Repairs", "label_cy": "Atgyweiriadau", "number": "0300 123 0000"}],
        ),
    )
    english = context_in("en-gb", rf)
    assert english["advice_lines"] == lines  # as before: no Welsh keys, no marks
    assert english["other_ways_to_pay"] == [
        {"heading": "At our office", "text": "Pay at the front desk."}
    ]
    assert english["landlord"]["other_phone_numbers"][0]["label"] == "Repairs"

    welsh = context_in("cy", rf)
    assert [(line["text"], line["lang"]) for line in welsh["advice_lines"]] == [
        ("Arweiniad am ddim.", ""),
        ("Drop in on Tuesdays.", "en"),  # no Welsh at all: marked as English
    ]
    assert welsh["other_ways_to_pay"][0]["heading"] == "Yn ein swyddfa"
    assert welsh["other_ways_to_pay"][0]["text"] == "Talwch wrth y ddesg flaen."
    assert welsh["landlord"]["other_phone_numbers"][0]["label"] == "Atgyweiriadau"
    assert not any(key.endswith("_cy") for line in welsh["advice_lines"] for key in line)


def test_the_national_advice_lines_have_welsh_from_the_catalogue(rf):
    english = context_in("en-gb", rf)
    assert english["advice_lines"] == DEFAULT_ADVICE_LINES
    welsh = context_in("cy", rf)
    assert [line["name"] for line in welsh["advice_lines"]] == [
        "Cyngor ar Bopeth",
        "StepChange",
        "National Debtline",
    ]
    assert welsh["advice_lines"][0]["text"] == "Cyngor am ddim ar ddyledion, budd-daliadau a thai."
    assert all(line["lang"] == "" for line in welsh["advice_lines"])
    request = rf.get("/")
    with translation.override("cy"):
        html = render_to_string("components/advice_signpost.html", request=request)
    assert "<strong>Cyngor ar Bopeth</strong>" in html and 'lang="en"' not in html


def test_saving_the_settings_refreshes_the_cached_values_in_both_languages(client, welsh_client):
    row = PortalSettings.objects.create(
        site=default_site(),
        opening_hours="Weekdays, 9am to 5pm",
        opening_hours_cy="Yn ystod yr wythnos, 9am i 5pm",
    )
    assert opening_hours(layout(client)).text == "Weekdays, 9am to 5pm"
    assert opening_hours(layout(welsh_client)).text == "Yn ystod yr wythnos, 9am i 5pm"

    # A change that bypasses save() (no signal) is not seen: both languages come from the cache.
    PortalSettings.objects.filter(pk=row.pk).update(
        opening_hours="Every day, 8am to 8pm", opening_hours_cy="Bob dydd, 8am i 8pm"
    )
    assert opening_hours(layout(client)).text == "Weekdays, 9am to 5pm"
    assert opening_hours(layout(welsh_client)).text == "Yn ystod yr wythnos, 9am i 5pm"

    row.refresh_from_db()
    row.save()
    assert opening_hours(layout(client)).text == "Every day, 8am to 8pm"
    assert opening_hours(layout(welsh_client)).text == "Bob dydd, 8am i 8pm"

    row.opening_hours_cy = ""  # emptied: Welsh readers get the English again, marked
    row.save()
    assert opening_hours(layout(welsh_client)).text == "Every day, 8am to 8pm"
    assert opening_hours(layout(welsh_client))["lang"] == "en"


def settings_form(**fields) -> dict:
    """The settings edit form as the admin posts it, with every field."""
    data = {
        "landlord_name": "",
        "landlord_name_cy": "",
        "phone": "",
        "email": "",
        "opening_hours": "",
        "opening_hours_cy": "",
        "other_phone_numbers": streamfield([]),
        "other_ways_to_pay": streamfield([]),
        "advice_lines": streamfield([]),
        "footer_links": streamfield([]),
        "phase_tag": "Beta",
        "phase_tag_cy": "",
        "phase_text": "This is a new service.",
        "phase_text_cy": "",
    }
    data.update(fields)
    return nested_form_data(data)


def test_editors_write_the_welsh_beside_the_english_in_the_settings_form(
    client, editor, welsh_client
):
    url = reverse("wagtailsettings:edit", args=["cms", "portalsettings", default_site().pk])
    client.force_login(editor)
    form = client.get(url).content.decode()
    for name in ("landlord_name_cy", "opening_hours_cy", "phase_tag_cy", "phase_text_cy"):
        assert f'name="{name}"' in form
    # The lists' items carry their Welsh fields too (in the block definitions the form uses).
    assert "text_cy" in form and "heading_cy" in form and "label_cy" in form

    line = {
        "name": "Money Helper",
        "name_cy": "",
        "phone": "0800 011 3797",
        "opening_hours": "",
        "opening_hours_cy": "",
        "website": "",
        "text": "Free guidance.",
        "text_cy": "Arweiniad am ddim.",
    }
    response = client.post(
        url,
        settings_form(
            opening_hours="Weekdays, 9am to 5pm",
            opening_hours_cy="Yn ystod yr wythnos, 9am i 5pm",
            advice_lines=streamfield([("line", line)]),
        ),
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    row = PortalSettings.objects.get(site=default_site())
    assert row.opening_hours_cy == "Yn ystod yr wythnos, 9am i 5pm"
    assert row.advice_lines[0].value["text_cy"] == "Arweiniad am ddim."
    assert opening_hours(layout(welsh_client)).text == "Yn ystod yr wythnos, 9am i 5pm"


def test_seed_content_gives_the_demo_settings_welsh_and_leaves_edited_english_alone():
    call_command("seed_content")
    row = PortalSettings.objects.get(site=default_site())
    lines = [item["value"] for item in row.advice_lines.raw_data]
    assert lines[0]["name_cy"] == "Cyngor ar Bopeth"
    assert all(line["text_cy"] for line in lines)
    ways = [item["value"] for item in row.other_ways_to_pay.raw_data]
    assert len(ways) == len(settings.PAYMENTS_OTHER_WAYS_TO_PAY) == 3
    assert all(way["heading_cy"] and way["text_cy"] for way in ways)
    assert settings.LANDLORD_PHONE in ways[0]["text_cy"]
    assert "Dydd Llun i ddydd Gwener, 8am i 6pm" in ways[0]["text_cy"]
    links = [item["value"] for item in row.footer_links.raw_data]
    assert [link["text_cy"] for link in links] == ["Help a chyngor", "Chwilio’r cyngor"]

    # An editor rewrites a line in English and clears its Welsh: the seed adds no Welsh to it.
    edited = row.advice_lines.raw_data[1]
    edited["value"] = dict(edited["value"], text="Debt advice and budgeting help.", text_cy="")
    row.advice_lines = list(row.advice_lines.raw_data)
    row.save()
    call_command("seed_content")
    row.refresh_from_db()
    assert row.advice_lines.raw_data[1]["value"]["text_cy"] == ""
    assert row.advice_lines.raw_data[1]["value"]["text"] == "Debt advice and budgeting help."
