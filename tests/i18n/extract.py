"""Find the translatable strings in templates and Python files without GNU gettext.

Templates go through Django's own `templatize` (what makemessages feeds to xgettext); Python
files through `ast`. Used by the tests that keep the Welsh catalogue complete.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

from django.utils.translation.template import templatize

ROOT = Path(__file__).resolve().parent.parent.parent

# The tenant-facing files whose every string must have Welsh in locale/cy (kept complete).
TENANT_FACING = [
    "templates/base.html",
    "templates/components/accordion.html",
    "templates/components/back_link.html",
    "templates/components/breadcrumbs.html",
    "templates/components/button.html",
    "templates/components/contact_details.html",
    "templates/components/details.html",
    "templates/components/error_summary.html",
    "templates/components/field.html",
    "templates/components/figure.html",
    "templates/components/heading.html",
    "templates/components/inset_text.html",
    "templates/components/language_switcher.html",
    "templates/components/notification_banner.html",
    "templates/components/pagination.html",
    "templates/components/phase_banner.html",
    "templates/components/rich_text.html",
    "templates/components/search_form.html",
    "templates/components/step_by_step.html",
    "templates/components/summary_list.html",
    "templates/components/table.html",
    "templates/components/tool_card.html",
    "templates/components/warning_text.html",
    "templates/portal/dashboard.html",
    "templates/portal/statement.html",
    "templates/portal/link.html",
    "templates/payments/pay.html",
    "templates/payments/direct_debit.html",
    "templates/payments/_other_ways.html",
    "templates/payments/tile.html",
    "templates/payments/choose_account.html",
    "templates/payments/direct_debit_cancel.html",
    "templates/payments/direct_debit_detail.html",
    "templates/payments/not_configured.html",
    "templates/payments/paid.html",
    "templates/payments/pay_cancelled.html",
    "templates/payments/statement_pending.html",
    "templates/budgeting/start.html",
    "templates/budgeting/tile.html",
    "templates/budgeting/_advice.html",
    "templates/cms/home_page.html",
    "templates/cms/advice_page.html",
    "templates/cms/advice_index_page.html",
    "templates/cms/search.html",
    "templates/allauth/layouts/manage.html",
    "templates/allauth/elements/field.html",
    "templates/allauth/elements/form.html",
    "templates/account/password_reset_help_text.html",
    "portal/forms.py",
    "portal/auth_forms.py",
    "payments/forms.py",
    "cms/tools.py",
    "cms/settings_strings.py",
]

_STR = r"""u?('(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*")"""
_CALLS = [
    (re.compile(rf"\bgettext\({_STR}\)"), lambda m: [(None, m[0])]),
    (re.compile(rf"\bngettext\({_STR},\s*{_STR}"), lambda m: [(None, m[0])]),
    (re.compile(rf"\bpgettext\({_STR},\s*{_STR}\)"), lambda m: [(m[0], m[1])]),
    (re.compile(rf"\bnpgettext\({_STR},\s*{_STR},\s*{_STR}"), lambda m: [(m[0], m[1])]),
]
_PY_FUNCTIONS = {"_", "gettext", "gettext_lazy", "gettext_noop", "ngettext", "ngettext_lazy"}
_PY_CONTEXT_FUNCTIONS = {"pgettext", "pgettext_lazy", "npgettext", "npgettext_lazy"}


def template_messages(source: str, origin: str = "template.html") -> set[tuple[str | None, str]]:
    """(context, msgid) pairs in a Django template."""
    code = templatize(source, origin=origin)
    found = set()
    for pattern, pick in _CALLS:
        for match in pattern.finditer(code):
            literals = [ast.literal_eval(group) for group in match.groups()]
            found.update(pick(literals))
    return found


def python_messages(source: str) -> set[tuple[str | None, str]]:
    """(context, msgid) pairs in a Python module (string literals only, as xgettext sees)."""
    found = set()
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Call) or not node.args:
            continue
        name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
        args = node.args
        if name in _PY_FUNCTIONS and isinstance(args[0], ast.Constant):
            if isinstance(args[0].value, str):
                found.add((None, args[0].value))
        elif (
            name in _PY_CONTEXT_FUNCTIONS
            and len(args) > 1
            and all(isinstance(arg, ast.Constant) for arg in args[:2])
        ):
            found.add((args[0].value, args[1].value))
    return found


def messages_in(relative_path: str) -> set[tuple[str | None, str]]:
    path = ROOT / relative_path
    source = path.read_text(encoding="utf-8")
    if path.suffix == ".py":
        return python_messages(source)
    return template_messages(source, origin=str(path))
