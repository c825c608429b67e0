import pytest
from django.urls import reverse

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
OFFICER_HOME = reverse("casework:home")


def test_officer_with_mfa_reaches_the_work_queue(client, officer):
    client.force_login(officer)
    response = client.get(OFFICER_HOME)
    assert response.status_code == 200
    assert '<h1 class="govuk-heading-xl">Work queue</h1>' in response.content.decode()


def test_officer_without_mfa_is_sent_to_set_it_up(client, officer_without_mfa):
    client.force_login(officer_without_mfa)
    response = client.get(OFFICER_HOME)
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_activate_totp")


def test_tenants_and_editors_are_refused(client, tenant, editor):
    for user in (tenant, editor):
        client.force_login(user)
        assert client.get(OFFICER_HOME).status_code == 403


def test_anonymous_visitors_are_sent_to_sign_in(client):
    response = client.get(OFFICER_HOME)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_staff_flag_alone_does_not_make_an_officer(client):
    client.force_login(UserFactory(is_staff=True))
    assert client.get(OFFICER_HOME).status_code == 403


def test_officers_see_the_officer_home_in_the_menu_and_tenants_do_not(client, officer, tenant):
    client.force_login(officer)
    assert "Officer home</a>" in client.get(OFFICER_HOME).content.decode()
    client.force_login(tenant)
    assert "Officer home</a>" not in client.get("/").content.decode()


def test_the_import_runs_moved_to_their_own_page_linked_from_the_queue(client, officer):
    client.force_login(officer)
    assert reverse("casework:imports") in client.get(OFFICER_HOME).content.decode()
    response = client.get(reverse("casework:imports"))
    assert response.status_code == 200
    assert "No files have been imported yet." in response.content.decode()
