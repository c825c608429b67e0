from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from portal.money import (
    MoneyError,
    decimal_pounds_to_pence,
    format_pence,
    parse_pounds,
    pence_to_pounds_text,
)


@pytest.mark.parametrize(
    ("text", "pence"),
    [
        ("12", 1200),
        ("12.5", 1250),
        ("12.50", 1250),
        ("£1,234.56", 123456),
        (" £ 1,000 ", 100000),
        ("0.01", 1),
        ("0", 0),
    ],
)
def test_parse_pounds_reads_what_people_type(text, pence):
    assert parse_pounds(text) == pence


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "Enter an amount"),
        ("12.345", "no more than 2 decimal places"),
        ("abc", "pounds and pence"),
        ("1,23.00", "pounds and pence"),
        ("-5", "0 or more"),
        ("1e5", "pounds and pence"),
        ("NaN", "pounds and pence"),
        ("١٢", "pounds and pence"),
    ],
)
def test_parse_pounds_explains_what_is_wrong(text, message):
    with pytest.raises(MoneyError, match=message):
        parse_pounds(text)


def test_parse_pounds_takes_negatives_only_when_asked():
    assert parse_pounds("-£3.20", allow_negative=True) == -320


@pytest.mark.parametrize(
    ("pence", "text"),
    [
        (123456, "£1,234.56"),
        (5, "£0.05"),
        (0, "£0.00"),
        (-250, "-£2.50"),
        (10**9, "£10,000,000.00"),
    ],
)
def test_format_pence(pence, text):
    assert format_pence(pence) == text


def test_decimal_pounds_to_pence_is_exact_and_refuses_fractions_of_a_penny():
    assert decimal_pounds_to_pence("19.99") == 1999
    assert decimal_pounds_to_pence(Decimal("-0.10")) == -10
    with pytest.raises(MoneyError):
        decimal_pounds_to_pence("0.001")
    with pytest.raises(MoneyError):
        decimal_pounds_to_pence("Infinity")


@given(st.integers(min_value=-(10**12), max_value=10**12))
def test_formatting_then_parsing_gives_back_the_same_pence(pence):
    assert parse_pounds(format_pence(pence), allow_negative=True) == pence
    assert decimal_pounds_to_pence(pence_to_pounds_text(pence)) == pence
