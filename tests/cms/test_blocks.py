"""Every block renders its GOV.UK Frontend component; rich text keeps only what its features
allow; there is no raw HTML block."""

import pytest
from bs4 import BeautifulSoup
from wagtail.admin.rich_text.converters.contentstate import ContentstateConverter
from wagtail.blocks import RawHTMLBlock
from wagtail.blocks.struct_block import StructBlockValidationError

from cms import blocks
from tests.cms.helpers import make_image

LANDLORD = {
    "name": "Riverside Homes",
    "phone": "0300 123 4567",
    "email": "income@example.com",
    "opening_hours": "Monday to Friday, 8am to 6pm",
}
ADVICE_LINES = [{"name": "StepChange", "phone": "0800 138 1111", "website": "https://x.example/"}]


def render(block, raw, **context):
    html = block.render(block.to_python(raw), context={"landlord": LANDLORD, **context})
    return BeautifulSoup(str(html), "html.parser")


def test_heading_block_renders_a_govuk_heading():
    soup = render(blocks.HeadingBlock(), {"text": "Ways to pay", "level": "2"})
    assert soup.select_one("h2.govuk-heading-l").text == "Ways to pay"
    soup = render(blocks.HeadingBlock(), {"text": "By phone", "level": "3"})
    assert soup.select_one("h3.govuk-heading-m").text == "By phone"


def test_rich_text_block_renders_govuk_body_text_lists_and_links():
    soup = render(
        blocks.RichTextBlock(),
        "<p>Pay <b>on time</b>.</p><ul><li>a</li></ul><ol><li>b</li></ol>"
        '<h2>More</h2><p><a href="https://example.com/">link</a></p>',
    )
    assert soup.select("p.govuk-body")
    assert soup.select_one("ul.govuk-list.govuk-list--bullet")
    assert soup.select_one("ol.govuk-list.govuk-list--number")
    assert soup.select_one("h2.govuk-heading-l").text == "More"
    assert soup.select_one("a.govuk-link")["href"] == "https://example.com/"


def test_inset_text_block_renders_govuk_inset_text():
    soup = render(blocks.InsetTextBlock(), "<p>Always give your reference.</p>")
    inset = soup.select_one("div.govuk-inset-text")
    assert inset.select_one("p.govuk-body").text == "Always give your reference."


def test_warning_text_block_renders_govuk_warning_text_with_hidden_word():
    soup = render(blocks.WarningTextBlock(), "You could lose your home.")
    warning = soup.select_one("div.govuk-warning-text")
    assert warning.select_one(".govuk-warning-text__icon")["aria-hidden"] == "true"
    text = warning.select_one("strong.govuk-warning-text__text")
    assert text.select_one(".govuk-visually-hidden").text == "Warning"
    assert "You could lose your home." in text.text


def test_details_block_renders_govuk_details():
    soup = render(blocks.DetailsBlock(), {"summary": "If you are 66", "text": "<p>Help.</p>"})
    details = soup.select_one("details.govuk-details")
    assert details.select_one("summary .govuk-details__summary-text").text == "If you are 66"
    assert details.select_one(".govuk-details__text p.govuk-body").text == "Help."


def test_accordion_block_renders_govuk_accordion_with_unique_ids():
    raw = {
        "sections": [
            {"heading": "Rent", "summary": "Your home", "content": "<p>One.</p>"},
            {"heading": "Council tax", "summary": "", "content": "<p>Two.</p>"},
        ],
        "heading_level": "3",
    }
    soup = render(blocks.AccordionBlock(), raw, block_id="abc")
    accordion = soup.select_one("div.govuk-accordion[data-module=govuk-accordion]")
    assert accordion["id"] == "accordion-abc"
    sections = accordion.select(".govuk-accordion__section")
    assert len(sections) == 2
    assert sections[0].select_one("h3.govuk-accordion__section-heading").text.strip() == "Rent"
    assert (
        sections[0].select_one(".govuk-accordion__section-button")["id"]
        == "accordion-abc-heading-1"
    )
    assert sections[0].select_one(".govuk-accordion__section-summary").text == "Your home"
    assert (
        sections[1].select_one(".govuk-accordion__section-content")["id"]
        == "accordion-abc-content-2"
    )


def test_step_by_step_block_renders_a_numbered_govuk_list_of_steps():
    raw = {
        "steps": [
            {"heading": "Tell us", "content": "<p>Call.</p>"},
            {"heading": "Make a plan", "content": ""},
        ]
    }
    soup = render(blocks.StepByStepBlock(), raw)
    steps = soup.select("ol.govuk-list.govuk-list--number.portal-steps > li.portal-steps__step")
    assert [step.select_one("h3.govuk-heading-s").text for step in steps] == [
        "Step 1: Tell us",
        "Step 2: Make a plan",
    ]


def test_button_block_renders_a_govuk_start_button_to_a_tool():
    soup = render(
        blocks.ButtonBlock(), {"text": "See your balance", "tool": "balance", "style": "start"}
    )
    button = soup.select_one("a.govuk-button.govuk-button--start[role=button]")
    assert button["href"] == "/my-account/"
    assert button.select_one("svg.govuk-button__start-icon")["aria-hidden"] == "true"


def test_button_block_renders_a_secondary_button_to_an_address():
    soup = render(blocks.ButtonBlock(), {"text": "Search", "url": "/search/", "style": "secondary"})
    button = soup.select_one("a.govuk-button.govuk-button--secondary")
    assert button["href"] == "/search/"
    assert not soup.select("svg")


def test_button_to_a_tool_the_portal_does_not_serve_yet_is_left_out(monkeypatch):
    monkeypatch.setattr("cms.tools.path_is_served", lambda path: path != "/payment-plan/")
    block = blocks.ButtonBlock()
    value = block.to_python({"text": "Ask", "tool": "payment_plan", "style": "start"})
    assert block.render(value) == ""


def test_button_block_needs_exactly_one_destination():
    block = blocks.ButtonBlock()
    for raw in (
        {"text": "Go", "style": "start"},
        {"text": "Go", "tool": "pay", "url": "/pay/", "style": "start"},
    ):
        with pytest.raises(StructBlockValidationError):
            block.clean(block.to_python(raw))
    with pytest.raises(StructBlockValidationError):
        block.clean(block.to_python({"text": "Go", "url": "javascript:alert(1)", "style": "start"}))


def test_contact_details_block_renders_our_details_from_the_site_settings():
    soup = render(blocks.ContactDetailsBlock(), {"show": "landlord", "heading": "Contact us"})
    assert soup.select_one("h2.govuk-heading-m").text == "Contact us"
    phone = soup.select_one("ul.govuk-list a[href^='tel:']")
    assert phone["href"] == "tel:03001234567"
    assert "Monday to Friday, 8am to 6pm" in soup.text
    assert soup.select_one("a.govuk-link[href='https://www.gov.uk/call-charges']")


def test_contact_details_block_renders_the_free_advice_lines():
    soup = render(blocks.ContactDetailsBlock(), {"show": "advice_lines"}, advice_lines=ADVICE_LINES)
    assert soup.select_one("a[href='tel:08001381111']").text == "0800 138 1111"
    assert soup.select_one("a.govuk-link[href='https://x.example/']").text == "StepChange website"


def test_table_block_renders_a_govuk_table_that_stacks_on_a_phone():
    raw = {
        "data": [["How you pay", "When it shows"], ["Direct Debit", "Same day"]],
        "first_row_is_table_header": True,
        "first_col_is_header": False,
        "table_header_choice": "row",
        "table_caption": "Payment times",
    }
    soup = render(blocks.TableBlock(), raw, block_id="t1")
    table = soup.select_one("table.govuk-table.portal-table--stack")
    assert soup.select_one(f"#{table['aria-labelledby']}").text == "Payment times"
    headers = table.select("thead.govuk-table__head th.govuk-table__header[scope=col]")
    assert [th.text for th in headers] == ["How you pay", "When it shows"]
    cells = table.select("tbody.govuk-table__body td.govuk-table__cell")
    assert [(td["data-label"], td.text) for td in cells] == [
        ("How you pay", "Direct Debit"),
        ("When it shows", "Same day"),
    ]


def test_table_block_without_a_header_row_keeps_a_real_caption_and_does_not_stack():
    raw = {
        "data": [["Rent", "£95.00"], ["Service charge", "£5.00"]],
        "first_row_is_table_header": False,
        "first_col_is_header": True,
        "table_header_choice": "column",
        "table_caption": "Your charges",
    }
    soup = render(blocks.TableBlock(), raw)
    table = soup.select_one("table.govuk-table")
    assert "portal-table--stack" not in table["class"]
    assert table.select_one("caption.govuk-table__caption").text == "Your charges"
    assert [th.text for th in table.select("th[scope=row]")] == ["Rent", "Service charge"]


@pytest.mark.django_db
def test_image_block_renders_an_image_with_alt_text_and_caption():
    image = make_image()
    raw = {
        "image": {"image": image.pk, "decorative": False, "alt_text": "A rent card"},
        "caption": "Your card",
    }
    soup = render(blocks.FigureBlock(), raw)
    figure = soup.select_one("figure.portal-figure")
    img = figure.select_one("img.portal-figure__image")
    assert img["alt"] == "A rent card"
    assert "srcset" in img.attrs
    assert figure.select_one("figcaption.govuk-body-s").text == "Your card"


def test_tool_block_renders_a_card_linking_to_the_tool():
    soup = render(blocks.ToolBlock(), {"tool": "balance", "title": "", "description": ""})
    card = soup.select_one("div.portal-tool")
    link = card.select_one("h3.govuk-heading-s a.govuk-link")
    assert (link["href"], link.text) == ("/my-account/", "See your balance")
    assert card.select_one("p.govuk-body").text.startswith("See what you owe")


def test_tool_block_is_left_out_until_the_portal_serves_the_tool(monkeypatch):
    monkeypatch.setattr("cms.tools.path_is_served", lambda path: False)
    block = blocks.ToolBlock()
    assert block.render(block.to_python({"tool": "balance"})) == ""


def test_every_body_block_has_its_own_component_template():
    for name, block in blocks.AdviceStreamBlock().child_blocks.items():
        assert block.meta.template.startswith("components/"), name
        assert not isinstance(block, RawHTMLBlock), name


def test_rich_text_keeps_only_what_its_features_allow():
    hostile = (
        "<p>Hello<script>alert(1)</script> <i>there</i></p>"
        '<img src="x" onerror="alert(1)"><iframe src="https://evil.example/"></iframe>'
        '<p><a href="javascript:alert(1)">click</a></p>'
    )
    for features in (blocks.RICH_TEXT_FEATURES, blocks.SHORT_RICH_TEXT_FEATURES):
        converter = ContentstateConverter(features=features)
        cleaned = converter.to_database_format(converter.from_database_format(hostile))
        for forbidden in (
            "<script",
            "alert(1)</",
            "<img",
            "<iframe",
            "onerror",
            "javascript:",
            "<i>",
        ):
            assert forbidden not in cleaned, (features, forbidden, cleaned)
        assert "Hello" in cleaned
