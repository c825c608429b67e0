"""Subject access: /my-account/my-data/ and /my-account/my-data.json give the signed-in tenant
everything held about them, and nothing about anyone else."""

from __future__ import annotations

import datetime as dt
import json
import time

import pytest
from django.urls import reverse
from django.utils.html import escape

from portal.models import AuditEvent, LedgerEntry
from portal.privacy import personal_data_registry
from tests.privacy.factories import populated_tenant

pytestmark = pytest.mark.django_db

PAGE = "/my-account/my-data/"
DOWNLOAD = "/my-account/my-data.json"


def test_the_paths_are_the_ones_in_the_design():
    assert reverse("portal:my_data") == PAGE
    assert reverse("portal:my_data_json") == DOWNLOAD


@pytest.mark.parametrize("path", [PAGE, DOWNLOAD])
def test_anonymous_visitors_are_sent_to_sign_in(client, path):
    response = client.get(path)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_the_page_shows_every_category_with_the_tenants_own_data(client):
    mine = populated_tenant()
    theirs = populated_tenant()
    client.force_login(mine.user)
    response = client.get(PAGE)
    assert response.status_code == 200
    body = response.content.decode()
    for entry in personal_data_registry():
        assert escape(str(entry.heading)) in body
    assert f"Note {mine.marker}" in body  # an officer's note
    assert f"Wood {mine.marker}" in body  # a budget line's description
    assert f"Flat {mine.marker}" in body  # the address
    assert mine.user.email in body
    assert "£95.00" in body  # money in pounds, not pence
    assert theirs.marker not in body
    assert theirs.user.email not in body
    assert "no-store" in response["Cache-Control"]


def test_the_download_is_json_with_every_category(client):
    mine = populated_tenant()
    theirs = populated_tenant()
    client.force_login(mine.user)
    response = client.get(DOWNLOAD)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert response["Content-Disposition"].startswith('attachment; filename="my-data-')
    document = json.loads(response.content)
    assert document["account_email"] == mine.user.email
    models = [section["model"] for section in document["sections"]]
    assert models == [entry.model for entry in personal_data_registry()]
    text = response.content.decode()
    assert f"Note {mine.marker}" in text
    assert theirs.marker not in text
    ledger = next(s for s in document["sections"] if s["model"] == "portal.LedgerEntry")
    assert {record["amount_pence"] for record in ledger["records"]} == {9500, -9500}


def test_each_export_is_audited_without_the_data_itself(client):
    mine = populated_tenant()
    client.force_login(mine.user)
    client.get(PAGE)
    client.get(DOWNLOAD)
    events = AuditEvent.objects.filter(action="data.exported").order_by("id")
    assert [event.detail["format"] for event in events] == ["page", "json"]
    assert all(event.actor_id == mine.user.pk for event in events)
    for event in events:
        assert mine.marker not in json.dumps(event.detail)
        assert mine.user.email not in json.dumps(event.detail)


def test_someone_without_a_tenancy_still_sees_their_login_data(client, tenant):
    client.force_login(tenant)
    body = client.get(PAGE).content.decode()
    assert tenant.email in body
    assert "We hold nothing of this kind about you." in body


def test_a_heavy_tenant_gets_everything_well_within_a_minute(client):
    """5,000 ledger entries (about 20 years of weekly rent and payments): the page and the
    file each come back in seconds. docs/performance.md records the figures."""
    mine = populated_tenant()
    start = dt.date(2006, 1, 2)
    LedgerEntry.objects.bulk_create(
        LedgerEntry(
            account=mine.account,
            amount_pence=9500 if n % 2 == 0 else -9500,
            posted_on=start + dt.timedelta(days=n // 2 * 7 // 2),
            kind="charge" if n % 2 == 0 else "payment",
            description="Rent" if n % 2 == 0 else "Payment, thank you",
            source="hms",
            external_id=f"HEAVY-{n}",
        )
        for n in range(5_000)
    )
    client.force_login(mine.user)
    took = {}
    for path in (PAGE, DOWNLOAD):
        began = time.perf_counter()
        response = client.get(path)
        took[path] = time.perf_counter() - began
        assert response.status_code == 200
    assert response.content.count(b"HEAVY") == 0  # external ids are ours, not the tenant's
    document = json.loads(response.content)
    ledger = next(s for s in document["sections"] if s["model"] == "portal.LedgerEntry")
    assert len(ledger["records"]) == 5_002
    print(f"my-data, 5,002 entries: page {took[PAGE]:.2f}s, json {took[DOWNLOAD]:.2f}s")  # noqa: T201
    assert max(took.values()) < 20  # the requirement is 60 s; this machine is shared
