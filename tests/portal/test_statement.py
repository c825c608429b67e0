import csv
import datetime as dt
import io

import pytest
from django.urls import reverse

from portal.models import LedgerEntry
from tests.factories import LedgerEntryFactory, tenant_with_account

pytestmark = pytest.mark.django_db


@pytest.fixture
def history():
    """30 weeks from 5 January 2026: £100 rent each Monday, £90 paid each Friday."""
    user, account = tenant_with_account()
    entries = []
    for week in range(30):
        monday = dt.date(2026, 1, 5) + dt.timedelta(weeks=week)
        entries.append(
            LedgerEntryFactory.build(account=account, posted_on=monday, amount_pence=10000)
        )
        entries.append(
            LedgerEntryFactory.build(
                account=account,
                posted_on=monday + dt.timedelta(days=4),
                amount_pence=-9000,
                kind=LedgerEntry.Kind.PAYMENT,
                description="Payment, thank you",
            )
        )
    LedgerEntry.objects.bulk_create(entries)
    return user, account


def url(account, **query):
    from urllib.parse import urlencode

    base = reverse("portal:statement", args=[account.reference])
    return f"{base}?{urlencode(query)}" if query else base


def test_statement_pages_25_entries_newest_first_with_the_running_balance(client, history):
    user, account = history
    client.force_login(user)
    response = client.get(url(account))
    assert response.status_code == 200
    rows = response.context["rows"]
    assert len(rows) == 25
    newest, balance = rows[0]
    assert newest.posted_on == dt.date(2026, 1, 5) + dt.timedelta(weeks=29, days=4)
    assert balance == 30 * 1000  # £10 a week short for 30 weeks
    assert rows[1][1] == 30 * 1000 + 9000
    body = response.content.decode()
    assert "£300.00 owed" in body
    assert '£90.00 <span class="portal-credit">credit</span>' in body

    second = client.get(url(account, page=2)).context["rows"]
    assert len(second) == 25
    assert second[0][1] == rows[-1][1] - rows[-1][0].amount_pence


def test_date_filter_keeps_the_true_running_balance(client, history):
    user, account = history
    client.force_login(user)
    response = client.get(
        url(
            account,
            date_from_0="1",
            date_from_1="2",
            date_from_2="2026",
            date_to_0="28",
            date_to_1="2",
            date_to_2="2026",
        )
    )
    rows = response.context["rows"]
    assert [entry.posted_on.month for entry, _ in rows] == [2] * 8
    # Four weeks of January before the range left £40 owed; February adds £40 more.
    assert rows[0][1] == 8000
    assert rows[-1][1] == 4000 + 10000
    assert "1 February 2026" in response.content.decode()


@pytest.mark.parametrize(
    ("query", "message"),
    [
        (
            {"date_from_0": "31", "date_from_1": "2", "date_from_2": "2026"},
            "The start date must be a real date",
        ),
        (
            {"date_from_0": "1", "date_from_1": "", "date_from_2": "2026"},
            "The start date must include a month",
        ),
        (
            {"date_to_0": "x" * 10_000, "date_to_1": "1", "date_to_2": "2026"},
            "The end date must be a real date",
        ),
        (
            {
                "date_from_0": "1",
                "date_from_1": "3",
                "date_from_2": "2026",
                "date_to_0": "1",
                "date_to_1": "2",
                "date_to_2": "2026",
            },
            "The end date must be the same as or after the start date",
        ),
    ],
)
def test_a_bad_date_filter_explains_itself_and_shows_everything(client, history, query, message):
    user, account = history
    client.force_login(user)
    response = client.get(url(account, **query))
    assert response.status_code == 200
    body = response.content.decode()
    assert "There is a problem" in body
    assert message in body
    assert len(response.context["rows"]) == 25


def test_csv_download_has_the_filtered_range_oldest_first_with_balances(client, history):
    user, account = history
    LedgerEntryFactory(
        account=account,
        posted_on=dt.date(2026, 2, 10),
        amount_pence=500,
        description="=HYPERLINK(1)",
    )
    client.force_login(user)
    response = client.get(
        reverse("portal:statement_csv", args=[account.reference])
        + "?date_from_0=1&date_from_1=2&date_from_2=2026&date_to_0=28&date_to_1=2&date_to_2=2026"
    )
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert rows[0] == ["Date", "Type", "Description", "Amount", "Balance"]
    assert rows[1] == ["2026-02-02", "Charge", "Rent", "100.00", "140.00"]
    assert rows[2] == ["2026-02-06", "Payment", "Payment, thank you", "-90.00", "50.00"]
    assert ["2026-02-10", "Charge", "'=HYPERLINK(1)", "5.00", "155.00"] in rows
    assert len(rows) == 1 + 9


def test_another_tenants_account_is_not_found(client, history):
    _, account = history
    stranger, _ = tenant_with_account()
    client.force_login(stranger)
    assert client.get(url(account)).status_code == 404
    assert client.get(reverse("portal:statement_csv", args=[account.reference])).status_code == 404
    assert client.get(url(account).replace(account.reference, "NO-SUCH-REF")).status_code == 404


def test_statement_runs_a_fixed_number_of_queries_for_ten_years(
    client, django_assert_max_num_queries
):
    user, account = tenant_with_account()
    LedgerEntry.objects.bulk_create(
        LedgerEntryFactory.build(
            account=account, posted_on=dt.date(2016, 11, 7) + dt.timedelta(weeks=week)
        )
        for week in range(520)
    )
    client.force_login(user)
    # Session (read, save), user, account, count, page, opening balance, officer menu, site
    # settings and one query for each registered statement panel.
    with django_assert_max_num_queries(11):
        response = client.get(url(account, page=7))
    assert response.status_code == 200
    assert len(response.context["rows"]) == 25


def test_the_statement_prints_cleanly(client, history):
    user, account = history
    client.force_login(user)
    body = client.get(url(account)).content.decode()
    assert 'media="print"' in body
    assert "portal-no-print" in body


def test_a_reference_with_a_nul_character_is_not_found(client, history):
    user, _ = history
    client.force_login(user)
    assert client.get("/my-account/accounts/A%00B/").status_code == 404
    assert client.get("/my-account/accounts/A%00B.csv").status_code == 404
