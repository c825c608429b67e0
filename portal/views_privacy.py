"""Subject access: `/my-account/my-data/` shows a tenant everything we hold about them, and
`/my-account/my-data.json` gives it as a file. Both read only through the personal-data
register's exporters, each of which takes `user=` (portal/privacy.py)."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.decorators import login_required
from django.core.serializers.json import DjangoJSONEncoder
from django.http import JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html_join
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from .audit import audit_record
from .money import format_pence
from .privacy import ExportSection, subject_access_document, subject_access_export

# A section is shown as a table when its records are flat and have at most this many fields;
# otherwise each record is a summary card.
TABLE_MAX_COLUMNS = 7


def _label(key: str) -> str:
    """ "amount_pence" -> "Amount", "date_of_birth" -> "Date of birth"."""
    key = key.removesuffix("_pence")
    text = key.replace("_", " ").strip()
    return text[:1].upper() + text[1:]


def _text(key: str, value) -> str:
    """One value as a person reads it: money in pounds, dates in words, Yes or No."""
    if value is None or value == "":
        return _("None")
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, int) and key.endswith("_pence"):
        return format_pence(value)
    if isinstance(value, dt.datetime):
        return date_format(timezone.localtime(value), "j F Y, g:i a")
    if isinstance(value, dt.date):
        return date_format(value, "j F Y")
    return str(value)


def _lines(key: str, value, prefix: str = "") -> list[str]:
    """A nested value as "Label: value" lines, so nothing needs a sideways scroll."""
    if isinstance(value, dict):
        if not value:
            return [f"{prefix}{_('None')}"]
        lines = []
        for inner_key, inner in value.items():
            lines += _lines(inner_key, inner, f"{prefix}{_label(str(inner_key))}: ")
        return lines
    if isinstance(value, list | tuple):
        if not value:
            return [f"{prefix}{_('None')}"]
        if all(not isinstance(item, dict | list | tuple) for item in value):
            return [prefix + ", ".join(_text(key, item) for item in value)]
        lines = []
        for number, item in enumerate(value, start=1):
            lines += _lines(key, item, f"{prefix}{number}. ")
        return lines
    return [prefix + _text(key, value)]


def _flat(records: list[dict]) -> bool:
    keys = list(records[0])
    return len(keys) <= TABLE_MAX_COLUMNS and all(
        list(record) == keys
        and not any(isinstance(value, dict | list | tuple) for value in record.values())
        for record in records
    )


def _present(section: ExportSection) -> dict:
    shown = {
        "title": section.title,
        "id": slugify(section.model.replace(".", "-")),
        "count": len(section.records),
        "table": None,
        "cards": [],
    }
    records = section.records
    if not records:
        return shown
    if _flat(records):
        head = [_label(key) for key in records[0]]
        shown["table"] = {
            "head": head,
            "rows": [
                [
                    {"text": _text(key, value), "label": label}
                    for (key, value), label in zip(record.items(), head, strict=True)
                ]
                for record in records
            ],
        }
        return shown
    for record in records:
        rows = []
        for key, value in record.items():
            lines = _lines(key, value)
            if len(lines) == 1:
                rows.append({"key": _label(key), "value": lines[0]})
            else:
                rows.append(
                    {
                        "key": _label(key),
                        "value_html": format_html_join("", "{}<br>", ((line,) for line in lines)),
                    }
                )
        shown["cards"].append(rows)
    return shown


def _audit(request, *, how: str, sections: list[ExportSection]) -> None:
    audit_record(
        action="data.exported",
        actor=request.user,
        subject=request.user,
        detail={
            "format": how,
            "sections": len(sections),
            "records": sum(len(section.records) for section in sections),
        },
    )


@login_required
@require_GET
@never_cache
def my_data(request):
    """Everything we hold about the signed-in person, grouped by what it is."""
    sections = subject_access_export(user=request.user)
    _audit(request, how="page", sections=sections)
    return render(
        request,
        "portal/my_data.html",
        {
            "sections": [_present(section) for section in sections],
            "generated_at": timezone.now(),
        },
    )


@login_required
@require_GET
@never_cache
def my_data_json(request):
    """The same, as a JSON file to keep or give to someone else (data portability)."""
    sections = subject_access_export(user=request.user)
    _audit(request, how="json", sections=sections)
    response = JsonResponse(
        subject_access_document(user=request.user, sections=sections),
        encoder=DjangoJSONEncoder,
        json_dumps_params={"indent": 2, "ensure_ascii": False},
    )
    day = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="my-data-{day}.json"'
    return response
