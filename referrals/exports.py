"""The referral as Citizens Advice receives it: a JSON document, a CSV of the same fields and a
short plain-text summary for the email body. The format is described in docs/interfaces.md.

Everything here is built from the frozen snapshot and the referral's own fixed fields, so the
tenant's "check your answers" page, the email and the attachments always agree.
"""

from __future__ import annotations

import csv
import io

from portal.money import format_pence, pence_to_pounds_text

from .consent import FINANCES, HEALTH

FORMAT = "portal-referral/1"


def referral_document(*, referral, snapshot: dict) -> dict:
    """The JSON attachment: an envelope (ids, dates, consent, the officer's note) around the
    snapshot, which is sent exactly as frozen."""
    consent = getattr(referral, "consent", None)
    return {
        "format": FORMAT,
        "referral_id": referral.pk,
        "submitted_at": referral.submitted_at.isoformat() if referral.submitted_at else None,
        "consent": {
            "text_version": consent.text_version if consent else None,
            "categories": list(consent.categories) if consent else [],
            "includes_health": bool(consent and consent.includes_health),
            "given_at": consent.given_at.isoformat() if consent else None,
        },
        "officer_note": referral.officer_note,
        "data": snapshot,
    }


def _csv_safe(value) -> str:
    text = "" if value is None else str(value)
    # A spreadsheet would run these as a formula; numbers (like -12.50) are left alone.
    if text[:1] in ("=", "+", "-", "@", "\t", "\r") and not _is_number(text):
        return f"'{text}"
    return text


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def _flatten(prefix: str, value, rows: list[tuple[str, str]]) -> None:
    if isinstance(value, dict):
        for key, item in value.items():
            _flatten(f"{prefix}.{key}" if prefix else key, item, rows)
    elif isinstance(value, list) and value and all(isinstance(item, dict) for item in value):
        for index, item in enumerate(value, start=1):
            _flatten(f"{prefix}.{index}", item, rows)
    elif isinstance(value, list):
        rows.append((prefix, "; ".join(str(item) for item in value)))
    elif prefix.endswith("_pence") and isinstance(value, int) and not isinstance(value, bool):
        rows.append((prefix[: -len("_pence")] + "_pounds", pence_to_pounds_text(value)))
    else:
        rows.append((prefix, "" if value is None else str(value)))


def referral_csv(*, referral, snapshot: dict) -> str:
    """Two columns, `field` and `value`: one row per field of the JSON document, dotted paths,
    lists of records numbered from 1, amounts in pounds (`..._pounds`, 2 decimal places)."""
    rows: list[tuple[str, str]] = []
    _flatten("", referral_document(referral=referral, snapshot=snapshot), rows)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(["field", "value"])
    for field, value in rows:
        writer.writerow([field, _csv_safe(value)])
    return out.getvalue()


def referral_summary_text(*, referral, snapshot: dict) -> str:
    """The email body: who, how to contact them, what about, the balance, and what is
    attached."""
    core = snapshot.get("core", {})
    landlord = core.get("landlord") or "the landlord"
    lines = [
        f"Referral {referral.pk} for free debt advice from {landlord}.",
        "",
        f"Name: {core.get('name') or ''}",
        f"Contact by: {core.get('contact_method') or ''}",
        f"Phone: {core.get('phone') or '-'}",
        f"Email: {core.get('email') or '-'}",
        f"Best times: {', '.join(core.get('contact_times') or []) or '-'}",
        f"Help with: {', '.join(core.get('topics') or [])}",
    ]
    if core.get("topic_details"):
        lines.append(f"More about that: {core['topic_details']}")
    if core.get("interpreter_language"):
        lines.append(f"Needs an interpreter: {core['interpreter_language']}")
    lines += [
        f"Address: {core.get('address') or ''}",
        f"Tenancy reference: {core.get('tenancy_reference') or ''}",
        f"Owed to the landlord in total: {format_pence(core.get('total_balance_pence') or 0)}",
    ]
    if referral.officer_note:
        lines += ["", "Note from the housing officer:", referral.officer_note]
    shared = ["contact details, tenancy and balances"]
    if FINANCES in snapshot:
        shared.append("budget and benefits check")
    if HEALTH in snapshot:
        shared.append("health or disability information (explicit consent)")
    lines += [
        "",
        f"The tenant agreed to share: {'; '.join(shared)}.",
        f"Attached: referral-{referral.pk}.json and referral-{referral.pk}.csv "
        "(the same fields; format described by the landlord).",
    ]
    return "\n".join(lines) + "\n"
