import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("url_name", "data", "messages"),
    [
        ("account_login", {}, ["Enter your email address", "Enter your password"]),
        ("account_login", {"login": "not-an-email", "password": "x"}, ["correct format"]),
        (
            "account_signup",
            {},
            ["Enter your email address", "Create a password", "Enter the password again"],
        ),
        ("account_reset_password", {"email": ""}, ["Enter your email address"]),
    ],
)
def test_allauth_forms_say_what_to_do(client, url_name, data, messages):
    response = client.post(reverse(url_name), data)
    body = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in body
    for message in messages:
        assert message in body
    assert "This field is required" not in body


def test_signup_keeps_what_was_typed_when_the_password_is_missing(client):
    response = client.post(reverse("account_signup"), {"email": "new.tenant@example.com"})
    assert 'value="new.tenant@example.com"' in response.content.decode()
