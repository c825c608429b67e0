"""The "Your budget" tile on the tenant's dashboard."""

import pytest
from django.urls import reverse

from budgeting.selectors import LineAnswer, budget_tile_context
from portal import tiles
from tests.budgeting.helpers import fill_budget, submitted_budget

pytestmark = pytest.mark.django_db


def test_the_tile_is_registered_by_the_app():
    assert tiles._TILES["budget"].title == "Your budget"
    assert tiles._TILES["budget"].template == "budgeting/tile.html"


def test_before_any_budget_the_tile_invites_one(client, tenant_and_tenancy):
    user, _ = tenant_and_tenancy
    client.force_login(user)
    body = client.get(reverse("portal:dashboard")).content.decode()
    assert "Your budget" in body
    assert f'href="{reverse("budgeting:start")}">Work out your budget' in body


def test_the_tile_shows_the_latest_surplus_or_shortfall(client, tenant_and_tenancy):
    user, tenancy = tenant_and_tenancy
    submitted_budget(user, tenancy, lines={"universal_credit": LineAnswer(50000, "monthly")})
    client.force_login(user)
    body = client.get(reverse("portal:dashboard")).content.decode()
    assert "<strong>£500.00 left over</strong> each month" in body
    submitted_budget(user, tenancy, lines={"rent": LineAnswer(10000, "weekly")})
    fill_budget(user, tenancy)
    body = client.get(reverse("portal:dashboard")).content.decode()
    assert "<strong>£433.33 short</strong> each month" in body
    assert reverse("budgeting:version", args=[tenancy.reference, 2]) in body
    assert "Carry on with your budget" in body


def test_the_tile_runs_a_fixed_number_of_queries(tenant_and_tenancy, django_assert_num_queries):
    user, tenancy = tenant_and_tenancy
    with django_assert_num_queries(2):
        budget_tile_context(user=user, tenancies=[tenancy])
    for _ in range(3):
        submitted_budget(user, tenancy)
    with django_assert_num_queries(4):
        context = budget_tile_context(user=user, tenancies=[tenancy])
    assert context["latest"].number == 3
