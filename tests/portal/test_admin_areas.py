"""Wagtail admin and Django admin: tenants get 404, staff need MFA, and neither admin's own
login form can be used to sign in with a password alone."""

import pytest

from tests.conftest import give_totp
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "path", ["/cms-admin/", "/cms-admin/pages/", "/django-admin/", "/django-admin/portal/user/"]
)
def test_tenants_get_404_in_the_admin_areas(client, tenant, path):
    client.force_login(tenant)
    assert client.get(path).status_code == 404


@pytest.mark.parametrize("path", ["/cms-admin/", "/django-admin/"])
def test_anonymous_visitors_are_sent_to_the_allauth_login(client, path):
    response = client.get(path)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


@pytest.mark.parametrize("path", ["/cms-admin/login/", "/django-admin/login/"])
def test_admin_login_forms_redirect_to_allauth(client, path):
    response = client.get(path + "?next=/cms-admin/pages/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    # A password posted straight at the admin login never signs anyone in.
    user = UserFactory(is_staff=True, is_superuser=True)
    client.post(path, {"username": user.email, "password": "correct-horse-battery-staple"})
    assert "_auth_user_id" not in client.session


def test_editor_with_mfa_reaches_the_wagtail_admin(client, editor):
    client.force_login(editor)
    assert client.get("/cms-admin/").status_code == 200


def test_editor_without_mfa_is_sent_to_set_it_up(client, editor):
    editor.authenticator_set.all().delete()
    client.force_login(editor)
    response = client.get("/cms-admin/pages/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/2fa/totp/activate/"


def test_officers_cannot_edit_pages_unless_also_editors(client, officer):
    client.force_login(officer)
    assert client.get("/cms-admin/").status_code == 404


def test_superuser_needs_mfa_for_django_admin(client):
    admin = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(admin)
    assert client.get("/django-admin/").status_code == 302
    give_totp(admin)
    assert client.get("/django-admin/").status_code == 200
