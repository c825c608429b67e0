"""Every word a person reads on our own pages, forms and messages is marked for translation.

Templates: each of ours under `templates/` (HTML and the `.txt` emails) goes through Django's
template lexer; text outside `{% translate %}` and `{% blocktranslate %}` that still has letters
once HTML tags, unread attributes, entities, `<script>`/`<style>` and comments are set aside is
reported as `file:line`. Attributes people do read (alt, title, aria-label, ...) count as text.

Python: in our apps' form and view modules, every `label=`, `help_text=`, `error_messages`,
`choices` label, `ValidationError(...)`, `add_error(...)` and `messages.*(...)` text must come
from a gettext call (an `ast` walk; a name or a call's result is trusted, a literal is not).

Marked is not translated: whether the Welsh exists is test_catalogue.py's job (tenant pages).
"""

from __future__ import annotations

import ast
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.template.base import DebugLexer, TokenType

from tests.i18n.extract import ROOT

TEMPLATES = ROOT / "templates"

# Text that is not words to translate. Keep it short, and say why for each entry.
ALLOWED_TEXT = [
    re.compile(r"GOV\.UK"),  # the brand name of GOV.UK sites, the same in Welsh
    # A language's own name, written in that language whatever the page's language (the
    # switcher in components/language_switcher.html, marked with `lang`): never translated.
    re.compile(r"^\s*(English|Cymraeg)\s*$"),
]

# Attributes whose value a person reads (or hears from a screen reader); data-i18n.* are
# GOV.UK Frontend's words for its components' scripts.
READ_ATTRIBUTES = {
    "alt",
    "title",
    "aria-label",
    "aria-description",
    "placeholder",
    "data-label",  # a stacked table cell's heading on a phone (portal.css: attr(data-label))
    # the session-timeout warning's countdown words, read by its script
    "data-one-minute",
    "data-minutes",
    "data-one-second",
    "data-seconds",
}
# Inputs that show their `value` as the button's words (a <button>'s value is never shown).
BUTTON_INPUT_TYPES = {"submit", "button", "reset"}
# <meta> whose content people read in search results and link previews.
READ_META = {"description", "og:title", "og:description"}

_LETTER = re.compile(r"[^\W\d_]")
_TRANSLATE_BLOCKS = {
    "blocktranslate": "endblocktranslate",
    "blocktrans": "endblocktrans",
    "comment": "endcomment",
}


def our_templates() -> list[Path]:
    return sorted(
        path for path in TEMPLATES.rglob("*") if path.suffix in {".html", ".txt"} and path.is_file()
    )


def _blank(raw: str) -> str:
    """Same length and line breaks, no words: keeps the parser's line numbers true."""
    return re.sub(r"[^\n]", " ", raw)


def unmarked_source(source: str) -> str:
    """The template's own text, with tags, variables, comments and everything inside
    translate/blocktranslate blanked out."""
    parts = [""]
    closing = None
    for token in DebugLexer(source).tokenize():
        raw = source[slice(*token.position)]
        if token.token_type == TokenType.TEXT and closing is None:
            parts.append(raw)
            continue
        if token.token_type == TokenType.BLOCK:
            name = token.split_contents()[0]
            if closing is None and name in _TRANSLATE_BLOCKS:
                closing = _TRANSLATE_BLOCKS[name]
            elif name == closing:
                closing = None
        blank = _blank(raw)
        if parts[-1].endswith(("<", "</")):
            # `<{% if href %}a ...{% else %}button ...{% endif %}>`: keep it a tag for the parser
            blank = "x" + blank[1:]
        parts.append(blank)
    return "".join(parts)


def _words(text: str) -> str | None:
    for allowed in ALLOWED_TEXT:
        text = allowed.sub(lambda match: _blank(match[0]), text)  # keep positions
    return text if _LETTER.search(text) else None


class _ReadText(HTMLParser):
    """Collects (line, text) for the words a person reads on the page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[int, str]] = []
        self._unread_depth = 0  # inside <script> or <style>

    def _add(self, text: str) -> None:
        words = _words(text)
        if words:
            line = self.getpos()[0] + text[: _LETTER.search(words).start()].count("\n")
            self.found.append((line, " ".join(text.split())))

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        for name, value in attrs:
            if value and (name in READ_ATTRIBUTES or name.startswith("data-i18n.")):
                self._add(value)
        kind = (attributes.get("type") or "").lower()
        if tag == "input" and kind in BUTTON_INPUT_TYPES and attributes.get("value"):
            self._add(attributes["value"])
        if tag == "meta" and (attributes.get("name") or attributes.get("property")) in READ_META:
            self._add(attributes.get("content") or "")
        if tag in {"script", "style"}:
            self._unread_depth += 1

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag in {"script", "style"}:
            self._unread_depth -= 1

    def handle_endtag(self, tag):
        if tag in {"script", "style"} and self._unread_depth:
            self._unread_depth -= 1

    def handle_data(self, data):
        if not self._unread_depth:
            self._add(data)


def unmarked_template_text(source: str, *, html: bool = True) -> list[tuple[int, str]]:
    """(line, text) of each piece of readable text left unmarked in a template."""
    text = unmarked_source(source)
    if not html:  # a plain-text email: every word is read
        return [
            (number, line.strip())
            for number, line in enumerate(text.splitlines(), start=1)
            if _words(line)
        ]
    parser = _ReadText()
    parser.feed(text)
    parser.close()
    return parser.found


# --- Python: forms and views -------------------------------------------------------------

_GETTEXT = {
    "_",
    "gettext",
    "gettext_lazy",
    "ngettext",
    "ngettext_lazy",
    "pgettext",
    "pgettext_lazy",
    "npgettext",
    "npgettext_lazy",
}
# Calls that wrap a message: the message is their first argument.
_WRAPPERS = {"format_lazy", "format_html", "mark_safe"}
# "{amount}" and "%(amount)s" are slots for words, not words.
_PLACEHOLDER = re.compile(r"\{\w*\}|%\(\w+\)[sd]")
_MESSAGE_LEVELS = {"debug", "info", "success", "warning", "error"}
_TEXT_KEYWORDS = {"label", "help_text", "empty_label"}


def our_python_modules() -> list[Path]:
    found = set()
    for pattern in ("*/forms.py", "*/*_forms.py", "*/views.py", "*/views/*.py", "*/forms/*.py"):
        found.update(ROOT.glob(pattern))
    return sorted(p for p in found if not p.relative_to(ROOT).parts[0].startswith((".", "tests")))


def _name(node: ast.AST) -> str | None:
    return getattr(node, "id", None) or getattr(node, "attr", None)


def is_marked(node: ast.AST | None) -> bool:
    """False if literal words can reach a person from this expression without gettext."""
    if node is None:
        return True
    if isinstance(node, ast.Constant):
        if not isinstance(node.value, str):
            return True
        return not _LETTER.search(_PLACEHOLDER.sub(" ", node.value))
    if isinstance(node, ast.JoinedStr):
        return all(is_marked(part) for part in node.values if isinstance(part, ast.Constant))
    if isinstance(node, ast.BinOp):
        if isinstance(node.op, ast.Mod):  # "..." % {...}: the template is the message
            return is_marked(node.left)
        return is_marked(node.left) and is_marked(node.right)
    if isinstance(node, ast.IfExp):
        return is_marked(node.body) and is_marked(node.orelse)
    if isinstance(node, ast.Call):
        name = _name(node.func)
        if name in _GETTEXT:
            return True
        if name in _WRAPPERS:
            return not node.args or is_marked(node.args[0])
        if isinstance(node.func, ast.Attribute):  # "...".format(...), "...".join(...)
            return is_marked(node.func.value)
    return True  # a name, attribute or another call: computed elsewhere


def _argument(call: ast.Call, index: int, keyword: str) -> ast.AST | None:
    for item in call.keywords:
        if item.arg == keyword:
            return item.value
    return call.args[index] if len(call.args) > index else None


def _choice_labels(node: ast.AST):
    """The labels of a literal `choices=[(value, label), ...]`."""
    if isinstance(node, ast.BinOp):
        yield from _choice_labels(node.left)
        yield from _choice_labels(node.right)
    elif isinstance(node, ast.List | ast.Tuple):
        for item in node.elts:
            if isinstance(item, ast.Tuple) and len(item.elts) == 2:
                yield item.elts[1]


def _messages_dict(node: ast.AST):
    if isinstance(node, ast.Dict):
        yield from node.values
    else:
        yield node


def unmarked_python_text(source: str) -> list[tuple[int, str]]:
    """(line, what) of each user-facing literal in a form or view module not passed through
    gettext."""
    found = []

    def check(node, what):
        if not is_marked(node):
            found.append((node.lineno, what))

    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Call):
            name = _name(node.func)
            for item in node.keywords:
                if item.arg in _TEXT_KEYWORDS:
                    check(item.value, f"{item.arg}=")
                elif item.arg == "error_messages":
                    for value in _messages_dict(item.value):
                        check(value, "error_messages")
                elif item.arg == "choices":
                    for label in _choice_labels(item.value):
                        check(label, "choices label")
            if name == "ValidationError":
                check(_argument(node, 0, "message"), "ValidationError")
            elif name == "add_error":
                check(_argument(node, 1, "error"), "add_error")
            elif isinstance(node.func, ast.Attribute) and _name(node.func.value) == "messages":
                if name in _MESSAGE_LEVELS:
                    check(_argument(node, 1, "message"), f"messages.{name}")
                elif name == "add_message":
                    check(_argument(node, 2, "message"), "messages.add_message")
        elif isinstance(node, ast.Assign | ast.AnnAssign):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            for target in targets:
                name = _name(target)
                if name in _TEXT_KEYWORDS:
                    check(node.value, f"{name} =")
                elif name in {"error_messages", "default_error_messages"} and node.value:
                    for value in _messages_dict(node.value):
                        check(value, name)
    return sorted(found)


def _relative(path: Path) -> str:
    return str(path.relative_to(ROOT))


@pytest.mark.parametrize("path", our_templates(), ids=_relative)
def test_every_word_in_our_templates_is_marked_for_translation(path):
    found = unmarked_template_text(path.read_text(encoding="utf-8"), html=path.suffix == ".html")
    where = "\n".join(f"  {_relative(path)}:{line}: {text[:70]!r}" for line, text in found)
    assert not found, (
        f"Words not marked for translation (wrap them in {{% translate %}} or "
        f"{{% blocktranslate %}}, or add a non-word to ALLOWED_TEXT):\n{where}"
    )


@pytest.mark.parametrize("path", our_python_modules(), ids=_relative)
def test_every_form_and_view_message_is_a_gettext_call(path):
    found = unmarked_python_text(path.read_text(encoding="utf-8"))
    where = "\n".join(f"  {_relative(path)}:{line}: {what}" for line, what in found)
    assert not found, f"User-facing text not passed through gettext (use _() ):\n{where}"


def test_the_walk_covers_every_template_and_app():
    templates = {_relative(path) for path in our_templates()}
    assert "templates/base.html" in templates
    assert "templates/payments/email/receipt.txt" in templates
    assert not any(".venv" in path or "govuk-frontend" in path for path in templates)
    modules = {_relative(path) for path in our_python_modules()}
    assert {"portal/forms.py", "portal/auth_forms.py", "casework/views.py"} <= modules


# --- The checker itself: what it reports and what it lets through --------------------------


@pytest.mark.parametrize(
    "source",
    [
        "<p>Pay your rent</p>",
        "<p>{% translate 'Pay' %} now</p>",
        "{% if a %}<h1>Hello {{ name }}</h1>{% endif %}",
        '<img src="x.png" alt="A house">',
        '<a href="#" title="Opens in a new tab">{% translate "Help" %}</a>',
        '<span aria-label="Close">&times;</span>',
        '<div data-module="govuk-password-input" data-i18n.show-password="Show">',
        '<input type="text" placeholder="Your name">',
        '<input type="submit" value="Save">',
        '<meta name="description" content="Pay your rent online">',
        "{% blocktranslate %}Owed{% endblocktranslate %} and not this",
        "<noscript>Turn on JavaScript</noscript>",
        "<td>&pound;5 a week</td>",
        '<td class="govuk-table__cell" data-label="Amount">{{ amount }}</td>',
        "<p>English and Welsh</p>",
        "<{% if a %}p{% else %}div{% endif %}>Unmarked</{% if a %}p{% else %}div{% endif %}>",
    ],
)
def test_unmarked_words_are_reported(source):
    assert unmarked_template_text(source)


@pytest.mark.parametrize(
    "source",
    [
        '{% load i18n %}<p class="govuk-body">{% translate "Pay your rent" %}</p>',
        "{% blocktranslate trimmed with amount=x|money %}\n You owe {{ amount }}\n"
        "{% plural %}Many{% endblocktranslate %}",
        "{% blocktrans count n=3 %}One{% plural %}Many{% endblocktrans %}",
        "{# a note #}{% comment %}Parameters: text, href{% endcomment %}<p>{{ text }}</p>",
        '<a class="govuk-link" href="/pay/" data-module="govuk-button" id="pay">{{ x }}</a>',
        '<input type="hidden" name="next" value="/my-account/">',
        '<button name="action" value="approve">{% translate "Approve" %}</button>',
        "<script>window.go = true;</script><style>.a { color: red }</style>",
        "<!-- a note for developers -->&pound;{{ amount }} &nbsp;&ndash; ",
        '<div {% if open %}class="is-open"{% endif %}>{{ body }}</div>',
        '<{% if href %}a href="{{ href }}"{% else %}button type="submit"{% endif %}>{{ t }}'
        "</{% if href %}a{% else %}button{% endif %}>",
        '<a href="/language/cy/" lang="cy">Cymraeg</a>',
        "<span>GOV.UK</span>",
        "<!DOCTYPE html>",
    ],
)
def test_set_aside_text_is_not_reported(source):
    assert unmarked_template_text(source) == []


def test_reports_name_the_line_of_the_words():
    source = (
        '{% comment %}\nnote\n{% endcomment %}\n<p>\n  {{ a }}\n  Unmarked\n</p>\n<img alt="x y">'
    )
    assert unmarked_template_text(source) == [(6, "Unmarked"), (8, "x y")]


def test_plain_text_emails_report_every_unmarked_line():
    source = '{% load i18n %}{% translate "Hello" %}\n\n{{ url }}\nThanks,\n{{ landlord }}\n'
    assert unmarked_template_text(source, html=False) == [(4, "Thanks,")]


@pytest.mark.parametrize(
    "source",
    [
        'forms.CharField(label="Name")',
        'forms.CharField(help_text=f"Up to {n}")',
        'forms.CharField(error_messages={"required": "Enter your name"})',
        'forms.ChoiceField(choices=[("yes", "Yes")])',
        'raise ValidationError("Enter a date")',
        'raise forms.ValidationError(message="Enter a date", code="x")',
        'self.add_error("when", "Enter a date")',
        'messages.success(request, "Saved")',
        'messages.add_message(request, messages.INFO, "Saved")',
        'field.label = "Name"',
        'raise ValidationError("Enter %(n)s" % {"n": n})',
        'messages.info(request, "Paid {}".format(amount))',
    ],
)
def test_unmarked_python_messages_are_reported(source):
    assert unmarked_python_text(source)


@pytest.mark.parametrize(
    "source",
    [
        'forms.CharField(label=_("Name"), help_text=gettext_lazy("Up to 20"))',
        'forms.CharField(error_messages={"required": _("Enter your name")})',
        'forms.ChoiceField(choices=[("", _("Choose"))] + list(Kind.choices))',
        'raise ValidationError(gettext("Enter %(n)s") % {"n": n}, code="x")',
        'raise ValidationError(format_lazy("{a} {b}", a=_("x"), b=_("y")))',
        'self.add_error("when", error)',
        'messages.success(request, pgettext("ctx", "Saved"))',
        "messages.info(request, summary)",
        'forms.CharField(label="")',
        'forms.CharField(label=_("A") if a else _("B"))',
    ],
)
def test_marked_python_messages_pass(source):
    assert unmarked_python_text(source) == []
