"""Every form answers hostile input with a page, never a 500."""

import pytest
from django.urls import reverse

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

NASTY = [
    "x" * 10_000,
    "🏠💷" * 500,
    "<script>alert(1)</script>",
    "' OR 1=1; DROP TABLE portal_user;--",
    "\x00\x01\x02",
    "Ā̴̡̛̠̞͈̖̝͖̗̰̟̙̙̰̦͚̺͖̮͍̰ͣ̌",
    "",
    " ",
    "-1",
    "1e309",
    "NaN",
]


def _post_every_field(client, url, fields):
    for value in NASTY:
        response = client.post(url, {field: value for field in fields})
        assert response.status_code < 500, (url, value[:20])


def test_allauth_forms_survive_hostile_input(client):
    _post_every_field(client, reverse("account_login"), ["login", "password"])
    _post_every_field(client, reverse("account_signup"), ["email", "password1", "password2"])
    _post_every_field(client, reverse("account_reset_password"), ["email"])


def test_link_form_survives_hostile_input(client):
    client.force_login(UserFactory())
    _post_every_field(
        client,
        reverse("portal:link"),
        ["reference", "date_of_birth_0", "date_of_birth_1", "date_of_birth_2", "postcode"],
    )


def test_statement_filter_survives_hostile_input(client):
    from tests.factories import tenant_with_account

    user, account = tenant_with_account()
    client.force_login(user)
    url = reverse("portal:statement", args=[account.reference])
    csv_url = reverse("portal:statement_csv", args=[account.reference])
    for value in NASTY:
        query = {f"date_{end}_{part}": value for end in ("from", "to") for part in range(3)}
        query["page"] = value
        assert client.get(url, query).status_code == 200
        assert client.get(csv_url, query).status_code == 200
