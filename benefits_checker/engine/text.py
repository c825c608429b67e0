"""Money and percentages as words for the working, fast.

Amounts read as portal.money.format_pence writes them ("£1,234.56"). The same few thousand
amounts (rates, common rents) recur across a caseload, so formatted amounts are remembered
(up to a bound, so memory stays flat); amounts under £1,000 need no thousands separator and
take a shorter path that gives the same text (tests/benefits_checker/test_engine_rates.py
checks the two agree).
"""

from __future__ import annotations

from portal.money import format_pence

_SEEN: dict[int, str] = {}
_LIMIT = 20_000
_PERCENT: dict[tuple[int, int], str] = {}


def fmt(pence: int, _get=_SEEN.get) -> str:
    """12345 -> "£123.45", exactly as portal.money.format_pence."""
    text = _get(pence)
    if text is None:
        # Under £1,000 there is no thousands separator: the same text, a shorter path.
        text = f"£{pence // 100}.{pence % 100:02d}" if 0 <= pence < 100_000 else format_pence(pence)
        if len(_SEEN) >= _LIMIT:
            _SEEN.clear()
        _SEEN[pence] = text
    return text


def percent(numerator: int, denominator: int) -> str:
    """(7, 50) -> "14%"."""
    key = (numerator, denominator)
    text = _PERCENT.get(key)
    if text is None:
        hundredths = numerator * 100
        if hundredths % denominator == 0:
            text = f"{hundredths // denominator}%"
        else:
            text = f"{hundredths / denominator:g}%"
        _PERCENT[key] = text
    return text
