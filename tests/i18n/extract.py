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
    "templates/portal/_latest_entries.html",
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
    "templates/allauth/layouts/base.html",
    "templates/allauth/elements/img.html",
    "portal/views.py",
    "portal/forms.py",
    "portal/auth_forms.py",
    "payments/forms.py",
    "cms/tools.py",
    "cms/settings_strings.py",
    # Added with the second Welsh pass (docs/content.md, "Welsh").
    "templates/components/session_timeout.html",
    "templates/components/advice_signpost.html",
    "templates/budgeting/_result_body.html",
    "templates/budgeting/_print_block.html",
    "templates/budgeting/print.html",
    "templates/budgeting/officer.html",
    "templates/benefits_checker/add_to_budget.html",
    "templates/benefits_checker/case_panel.html",
    "templates/benefits_checker/check_answers.html",
    "templates/benefits_checker/fields/field.html",
    "templates/benefits_checker/not_finished.html",
    "templates/benefits_checker/result.html",
    "templates/benefits_checker/share.html",
    "templates/benefits_checker/start.html",
    "templates/benefits_checker/step.html",
    "templates/benefits_checker/tile.html",
    "templates/arrangements/_breathing_space.html",
    "templates/arrangements/_field_errors.html",
    "templates/arrangements/_history.html",
    "templates/arrangements/_reasons.html",
    "templates/arrangements/_schedule.html",
    "templates/arrangements/email/breach.txt",
    "templates/arrangements/email/decision.txt",
    "templates/arrangements/no_tenancy.html",
    "templates/arrangements/propose.html",
    "templates/arrangements/respond.html",
    "templates/arrangements/status.html",
    "templates/arrangements/tile.html",
    "templates/arrangements/withdraw.html",
    "templates/referrals/_choices.html",
    "templates/referrals/_snapshot.html",
    "templates/referrals/_status_text.html",
    "templates/referrals/_step_top.html",
    "templates/referrals/_withdraw_button.html",
    "templates/referrals/already_open.html",
    "templates/referrals/check.html",
    "templates/referrals/consent.html",
    "templates/referrals/contact.html",
    "templates/referrals/needs.html",
    "templates/referrals/no_tenancy.html",
    "templates/referrals/not_finished.html",
    "templates/referrals/start.html",
    "templates/referrals/status.html",
    "templates/referrals/tile.html",
    "templates/referrals/topics.html",
    "templates/referrals/withdraw.html",
    "templates/casework/tile.html",
    "templates/payments/email/failed.txt",
    "templates/payments/email/receipt.txt",
    "benefits_checker/forms.py",
    "benefits_checker/flow.py",
    "benefits_checker/presentation.py",
    "benefits_checker/working_words.py",
    "benefits_checker/result_words.py",
    "benefits_checker/views.py",
    "payments/views.py",
    "payments/services.py",
    "portal/models.py",
    "portal/money.py",
    "portal/templatetags/money.py",
    "arrangements/apps.py",
    "benefits_checker/apps.py",
    "budgeting/apps.py",
    "casework/apps.py",
    "payments/apps.py",
    "referrals/apps.py",
    "templates/budgeting/result.html",
    "templates/budgeting/overview.html",
    "templates/budgeting/check.html",
    "templates/budgeting/section.html",
    "templates/budgeting/_debt.html",
    "templates/budgeting/_line.html",
    "templates/budgeting/_totals.html",
    "budgeting/forms.py",
    "budgeting/categories.py",
    "budgeting/presentation.py",
    "budgeting/views.py",
    "arrangements/forms.py",
    "arrangements/views.py",
    "referrals/forms.py",
    "referrals/views.py",
    "referrals/presentation.py",
    "arrangements/models.py",
    "arrangements/services.py",
    "arrangements/reason_words.py",
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
