"""StreamField blocks: each renders one GOV.UK Frontend component (or typography pattern).

Every block's template is a partial in `templates/components/` whose parameters are documented
at its top, so the same partial serves the portal's own templates too. A block's
`component_context` turns its value into those parameters.

Rich text takes an explicit features list (no raw HTML block anywhere): Wagtail keeps only what
the features allow, so pasted markup, scripts and styles never reach a page.
"""

from __future__ import annotations

from django.core.validators import RegexValidator
from django.utils.safestring import mark_safe
from wagtail import blocks
from wagtail.blocks.struct_block import StructBlockValidationError
from wagtail.contrib.table_block.blocks import TableBlock as WagtailTableBlock
from wagtail.images.blocks import ImageBlock
from wagtail.rich_text import RichText, expand_db_html

from .rich_text import govuk_rich_text
from .tools import TOOLS, available_tool, tool_choices

# Body text: headings and lists are allowed; no italics (hard to read), no images or embeds
# inside text (use the image block), no raw HTML.
RICH_TEXT_FEATURES = ["h2", "h3", "bold", "link", "document-link", "ol", "ul"]
# Text inside a component (inset, details, accordion, steps): no headings of its own.
SHORT_RICH_TEXT_FEATURES = ["bold", "link", "document-link", "ol", "ul"]

# A link editors type: a path on this site, or a full https address, e-mail or phone link.
link_validator = RegexValidator(
    r"^(/|https://|mailto:|tel:)",
    "Enter a path on this site starting with /, or a full address starting with https://",
)


def rich_text_html(value) -> str:
    """A rich text value as HTML with GOV.UK classes on its paragraphs, lists, headings, links."""
    if value is None:
        return ""
    source = value.source if isinstance(value, RichText) else str(value)
    return govuk_rich_text(expand_db_html(source))


class ComponentBlockMixin:
    """Adds the component partial's parameters to the block's template context."""

    def component_context(self, value, parent_context) -> dict:
        return {}

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        context.update(self.component_context(value, parent_context or {}))
        return context


class HeadingBlock(ComponentBlockMixin, blocks.StructBlock):
    """A section heading (GOV.UK heading styles)."""

    text = blocks.CharBlock(max_length=120)
    level = blocks.ChoiceBlock(
        choices=[("2", "Heading"), ("3", "Subheading")],
        default="2",
        help_text="Use a subheading inside a section that already has a heading.",
    )

    class Meta:
        icon = "title"
        template = "components/heading.html"

    def component_context(self, value, parent_context):
        return {"text": value["text"], "level": value["level"] or "2"}


class RichTextBlock(ComponentBlockMixin, blocks.RichTextBlock):
    """Paragraphs, lists and links (GOV.UK body text and lists)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("features", RICH_TEXT_FEATURES)
        super().__init__(**kwargs)

    class Meta:
        icon = "pilcrow"
        label = "Text"
        template = "components/rich_text.html"

    def component_context(self, value, parent_context):
        return {"html": mark_safe(rich_text_html(value))}  # noqa: S308 - sanitised by Wagtail


class InsetTextBlock(ComponentBlockMixin, blocks.RichTextBlock):
    """Text set apart from the rest: a quote, an example, something to remember."""

    def __init__(self, **kwargs):
        kwargs.setdefault("features", SHORT_RICH_TEXT_FEATURES)
        super().__init__(**kwargs)

    class Meta:
        icon = "openquote"
        label = "Inset text"
        template = "components/inset_text.html"

    def component_context(self, value, parent_context):
        return {"html": mark_safe(rich_text_html(value))}  # noqa: S308 - sanitised by Wagtail


class WarningTextBlock(ComponentBlockMixin, blocks.CharBlock):
    """A warning about something important, such as losing your home (one short sentence)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 250)
        super().__init__(**kwargs)

    class Meta:
        icon = "warning"
        label = "Warning text"
        template = "components/warning_text.html"

    def component_context(self, value, parent_context):
        return {"text": value}


class DetailsBlock(ComponentBlockMixin, blocks.StructBlock):
    """A link that opens to show more: for help that only some people need."""

    summary = blocks.CharBlock(
        max_length=120, help_text="The link text, e.g. 'If you are 66 or over'"
    )
    text = blocks.RichTextBlock(features=SHORT_RICH_TEXT_FEATURES)

    class Meta:
        icon = "arrow-down"
        label = "Details"
        template = "components/details.html"

    def component_context(self, value, parent_context):
        return {"summary": value["summary"], "html": mark_safe(rich_text_html(value["text"]))}  # noqa: S308


class AccordionSectionBlock(blocks.StructBlock):
    heading = blocks.CharBlock(max_length=120)
    summary = blocks.CharBlock(max_length=200, required=False, help_text="Optional: one line.")
    content = blocks.RichTextBlock(features=SHORT_RICH_TEXT_FEATURES)


class AccordionBlock(ComponentBlockMixin, blocks.StructBlock):
    """Sections people open one at a time. Use it for many short, separate answers."""

    sections = blocks.ListBlock(AccordionSectionBlock(), min_num=2)
    heading_level = blocks.ChoiceBlock(
        choices=[("2", "Headings"), ("3", "Subheadings")],
        default="2",
        help_text="Use subheadings when the accordion sits under a heading of its own.",
    )

    class Meta:
        icon = "list-ul"
        label = "Accordion"
        template = "components/accordion.html"

    def component_context(self, value, parent_context):
        return {
            "id": f"accordion-{parent_context.get('block_id') or 'section'}",
            "heading_level": value["heading_level"] or "2",
            "sections": [
                {
                    "heading": section["heading"],
                    "summary": section["summary"],
                    "html": mark_safe(rich_text_html(section["content"])),  # noqa: S308
                }
                for section in value["sections"]
            ],
        }


class StepBlock(blocks.StructBlock):
    heading = blocks.CharBlock(max_length=120)
    content = blocks.RichTextBlock(features=SHORT_RICH_TEXT_FEATURES, required=False)


class StepByStepBlock(ComponentBlockMixin, blocks.StructBlock):
    """Numbered steps, each with a heading: for things to do in order."""

    steps = blocks.ListBlock(StepBlock(), min_num=2)

    class Meta:
        icon = "list-ol"
        label = "Step-by-step list"
        template = "components/step_by_step.html"

    def component_context(self, value, parent_context):
        return {
            "steps": [
                {
                    "heading": step["heading"],
                    "html": mark_safe(rich_text_html(step["content"])),  # noqa: S308
                }
                for step in value["steps"]
            ]
        }


class ButtonBlock(ComponentBlockMixin, blocks.StructBlock):
    """A button that starts something: one of the portal's tools, a page, or another address."""

    text = blocks.CharBlock(max_length=60, help_text="Say what happens, e.g. 'Pay your rent'.")
    tool = blocks.ChoiceBlock(choices=tool_choices, required=False)
    page = blocks.PageChooserBlock(required=False)
    url = blocks.CharBlock(
        required=False,
        validators=[link_validator],
        help_text="A path on this site (/pay/) or a full address (https://...).",
    )
    style = blocks.ChoiceBlock(
        choices=[
            ("start", "Start button (the main thing to do)"),
            ("primary", "Button"),
            ("secondary", "Secondary button"),
        ],
        default="start",
    )

    class Meta:
        icon = "link"
        label = "Button"
        template = "components/button.html"
        help_text = "Choose one of: a tool, a page or an address."

    def clean(self, value):
        value = super().clean(value)
        chosen = [name for name in ("tool", "page", "url") if value.get(name)]
        if len(chosen) != 1:
            raise StructBlockValidationError(
                non_block_errors=["Choose one of: a tool, a page or an address."]
            )
        return value

    def href(self, value, request=None) -> str | None:
        if value.get("tool"):
            tool = available_tool(value["tool"])
            return tool.path if tool else None
        if value.get("page"):
            page = value["page"]
            return page.get_url(request=request) if page.live else None
        return value.get("url") or None

    def render(self, value, context=None):
        if self.href(value, request=(context or {}).get("request")) is None:
            return ""  # a tool the portal does not serve yet, or an unpublished page
        return super().render(value, context=context)

    def component_context(self, value, parent_context):
        return {
            "text": value["text"],
            "href": self.href(value, request=parent_context.get("request")),
            "start": value["style"] == "start",
            "secondary": value["style"] == "secondary",
        }


class ContactDetailsBlock(ComponentBlockMixin, blocks.StructBlock):
    """How to get in touch: ours or the free advice lines (from the site settings), or others."""

    show = blocks.ChoiceBlock(
        choices=[
            ("landlord", "Our phone number and opening hours (from the site settings)"),
            ("advice_lines", "The free debt advice lines (from the site settings)"),
            ("other", "Someone else (fill in below)"),
        ],
        default="landlord",
    )
    heading = blocks.CharBlock(max_length=120, required=False)
    name = blocks.CharBlock(max_length=120, required=False)
    phone = blocks.CharBlock(max_length=30, required=False)
    email = blocks.EmailBlock(required=False)
    opening_hours = blocks.CharBlock(max_length=120, required=False)
    website = blocks.URLBlock(required=False)
    text = blocks.CharBlock(max_length=250, required=False)

    class Meta:
        icon = "mail"
        label = "Contact details"
        template = "components/contact_details.html"

    def component_context(self, value, parent_context):
        if value["show"] == "landlord":
            landlord = parent_context.get("landlord") or {}
            contacts = [
                {
                    "name": landlord.get("name"),
                    "phone": landlord.get("phone"),
                    "email": landlord.get("email"),
                    "opening_hours": landlord.get("opening_hours"),
                }
            ]
        elif value["show"] == "advice_lines":
            contacts = list(parent_context.get("advice_lines") or [])
        else:
            contacts = [
                {
                    key: value[key]
                    for key in ("name", "phone", "email", "opening_hours", "website", "text")
                }
            ]
        return {"heading": value["heading"], "contacts": contacts}


class TableBlock(WagtailTableBlock):
    """A table of plain text (GOV.UK table). On a phone each row becomes a labelled list."""

    def __init__(self, **kwargs):
        kwargs.setdefault(
            "table_options",
            {
                "contextMenu": [
                    "row_above",
                    "row_below",
                    "col_left",
                    "col_right",
                    "remove_row",
                    "remove_col",
                    "undo",
                    "redo",
                ],
                "startRows": 3,
                "startCols": 2,
                "renderer": "text",
            },
        )
        super().__init__(**kwargs)

    class Meta:
        icon = "table"
        label = "Table"
        template = "components/table.html"

    @staticmethod
    def component_context(value) -> dict:
        data = [[cell or "" for cell in row] for row in (value or {}).get("data") or []]
        head = data[0] if data and value.get("first_row_is_table_header") else None
        rows = data[1:] if head else data
        return {
            "caption": value.get("table_caption") or "",
            "head": head,
            "rows": [
                [
                    {"text": cell, "label": head[index] if head else ""}
                    for index, cell in enumerate(row)
                ]
                for row in rows
            ],
            "first_col_is_header": bool(value.get("first_col_is_header")),
        }

    def render(self, value, context=None):
        # Wagtail's TableBlock builds its own context; the component wants its parameters.
        if not value or not value.get("data"):
            return ""
        from django.template.loader import render_to_string

        new_context = dict(context or {})
        new_context.update({"self": value, "value": value, **self.component_context(value)})
        new_context["id"] = f"table-{new_context.get('block_id') or 'block'}"
        return mark_safe(render_to_string(self.meta.template, new_context))  # noqa: S308


class FigureBlock(ComponentBlockMixin, blocks.StructBlock):
    """An image with an optional caption. Describe the image in its alt text."""

    image = ImageBlock()
    caption = blocks.CharBlock(max_length=250, required=False)

    class Meta:
        icon = "image"
        label = "Image"
        template = "components/figure.html"

    def component_context(self, value, parent_context):
        image = value["image"]
        return {
            "image": image,
            "alt": getattr(image, "contextual_alt_text", "") or "",
            "caption": value["caption"],
        }


class ToolBlock(ComponentBlockMixin, blocks.StructBlock):
    """A link to one of the portal's tools with a line about what it does."""

    tool = blocks.ChoiceBlock(choices=tool_choices)
    title = blocks.CharBlock(
        max_length=60, required=False, help_text="Leave blank to use the tool's own name."
    )
    description = blocks.CharBlock(
        max_length=200, required=False, help_text="Leave blank to use the tool's own description."
    )

    class Meta:
        icon = "pick"
        label = "Tool"
        template = "components/tool_card.html"
        help_text = "Tools the portal does not have yet are left out until they exist."

    def render(self, value, context=None):
        if available_tool(value.get("tool")) is None:
            return ""
        return super().render(value, context=context)

    def component_context(self, value, parent_context):
        tool = TOOLS[value["tool"]]
        return {
            "title": value["title"] or tool.title,
            "href": tool.path,
            "description": value["description"] or tool.description,
            "heading_level": parent_context.get("heading_level") or "3",
        }


class AdviceStreamBlock(blocks.StreamBlock):
    """The blocks of an advice page's body (and the home page's)."""

    heading = HeadingBlock()
    rich_text = RichTextBlock()
    inset_text = InsetTextBlock()
    warning_text = WarningTextBlock()
    details = DetailsBlock()
    accordion = AccordionBlock()
    step_by_step = StepByStepBlock()
    button = ButtonBlock()
    contact_details = ContactDetailsBlock()
    table = TableBlock()
    image = FigureBlock()
    tool = ToolBlock()


class ToolsStreamBlock(blocks.StreamBlock):
    """A list of tools (the home page's "What you can do", an advice page's related tools)."""

    tool = ToolBlock()


# Site settings: lists editors keep, read as plain data by the context processor. Each text a
# tenant reads has a Welsh field beside it (`..._cy`); Welsh readers see the English when it is
# empty (cms/context_processors.py).
WELSH_HELP = "Optional. Welsh readers see the English when this is empty."


class PhoneNumberBlock(blocks.StructBlock):
    label = blocks.CharBlock(max_length=60, help_text="What it is for, e.g. 'Repairs'.")
    label_cy = blocks.CharBlock(
        max_length=60, required=False, label="What it is for, in Welsh", help_text=WELSH_HELP
    )
    number = blocks.CharBlock(max_length=30)
    opening_hours = blocks.CharBlock(max_length=120, required=False)
    opening_hours_cy = blocks.CharBlock(
        max_length=120, required=False, label="Opening hours in Welsh", help_text=WELSH_HELP
    )

    class Meta:
        icon = "mobile-alt"


class WayToPayBlock(blocks.StructBlock):
    heading = blocks.CharBlock(max_length=80, help_text="e.g. 'At a Post Office'.")
    heading_cy = blocks.CharBlock(
        max_length=80, required=False, label="Heading in Welsh", help_text=WELSH_HELP
    )
    text = blocks.TextBlock(max_length=400)
    text_cy = blocks.TextBlock(
        max_length=400, required=False, label="Text in Welsh", help_text=WELSH_HELP
    )

    class Meta:
        icon = "tick"


class AdviceLineBlock(blocks.StructBlock):
    name = blocks.CharBlock(max_length=80)
    name_cy = blocks.CharBlock(
        max_length=80,
        required=False,
        label="Name in Welsh",
        help_text="Only if they have a Welsh name, e.g. 'Cyngor ar Bopeth'.",
    )
    phone = blocks.CharBlock(max_length=30)
    opening_hours = blocks.CharBlock(max_length=120, required=False)
    opening_hours_cy = blocks.CharBlock(
        max_length=120, required=False, label="Opening hours in Welsh", help_text=WELSH_HELP
    )
    website = blocks.URLBlock(required=False)
    text = blocks.CharBlock(max_length=250, required=False, help_text="One line: what they do.")
    text_cy = blocks.CharBlock(
        max_length=250, required=False, label="What they do, in Welsh", help_text=WELSH_HELP
    )

    class Meta:
        icon = "help"


class FooterLinkBlock(blocks.StructBlock):
    text = blocks.CharBlock(max_length=60)
    text_cy = blocks.CharBlock(
        max_length=60, required=False, label="Text in Welsh", help_text=WELSH_HELP
    )
    url = blocks.CharBlock(validators=[link_validator], help_text="/a-path/ or https://...")

    class Meta:
        icon = "link"
