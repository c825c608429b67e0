"""The tenant's pages at /get-advice/ and the officer's review page."""

import pytest
from django.core import mail
from django.urls import reverse

from casework.models import WorkItem
from portal.models import AuditEvent
from referrals.models import ConsentRecord, Referral
from tests.factories import tenant_with_account
from tests.referrals.factories import submitted_referral

pytestmark = pytest.mark.django_db

TOPICS = {"topics": ["debt", "other"], "topic_details": "Catalogue debts"}
CONTACT = {
    "contact_method": "phone",
    "phone": "07700 900 982",
    "email": "",
    "contact_times": ["evening"],
}
NEEDS = {
    "interpreter": "yes",
    "interpreter_language": "Polish",
    "health_needs": "I am hard of hearing",
}


def answer_questions(client):
    assert client.post(reverse("referrals:topics"), TOPICS)["Location"] == reverse(
        "referrals:contact"
    )
    assert client.post(reverse("referrals:contact"), CONTACT)["Location"] == reverse(
        "referrals:needs"
    )
    assert client.post(reverse("referrals:needs"), NEEDS)["Location"] == reverse(
        "referrals:consent"
    )


def test_the_whole_journey_without_javascript(client, household):
    user, tenancy = household
    client.force_login(user)
    assert client.get(reverse("referrals:start")).status_code == 200
    answer_questions(client)
    response = client.post(reverse("referrals:consent"), {"core": "on", "finances": "on"})
    assert response["Location"] == reverse("referrals:check")

    page = client.get(reverse("referrals:check")).content.decode()
    # Exactly what will be sent, from the snapshot builder: the answers and the balance...
    for shown in ("07700 900 982", "Catalogue debts", "Polish", "£950.00", tenancy.reference):
        assert shown in page
    # ...and not the health text, which was not consented to.
    assert "hard of hearing" not in page
    assert "will not be kept or sent" in page

    response = client.post(reverse("referrals:check"))
    referral = Referral.objects.get()
    assert response["Location"] == reverse("referrals:status", args=[referral.pk])
    assert referral.consent.categories == ["core", "finances"]
    assert "hard of hearing" not in repr(referral.snapshot)
    status = client.get(response["Location"]).content.decode()
    assert "Waiting for your housing officer" in status
    assert "07700 900 982" in status


def test_without_the_first_tick_the_tenant_is_told_why_and_nothing_is_created(client, household):
    user, _tenancy = household
    client.force_login(user)
    answer_questions(client)
    response = client.post(reverse("referrals:consent"), {"finances": "on", "health": "on"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "There is a problem" in page
    assert "Tick the first box" in page and "cannot refer you" in page
    assert 'href="#id_core"' in page
    assert "checked" in page  # the other ticks are kept
    # Going straight to submit does not get round it.
    response = client.post(reverse("referrals:check"))
    assert response.status_code == 200 and "You have not finished" in response.content.decode()
    assert not Referral.objects.exists()
    assert not ConsentRecord.objects.exists()
    assert not WorkItem.objects.exists()
    assert not mail.outbox


def test_the_questions_say_what_is_wrong_and_keep_what_was_typed(client, household):
    user, _tenancy = household
    client.force_login(user)
    response = client.post(reverse("referrals:topics"), {"topics": ["other"], "topic_details": ""})
    assert "Tell us what else you want help with" in response.content.decode()
    response = client.post(
        reverse("referrals:contact"),
        {"contact_method": "phone", "phone": "call me maybe", "contact_times": []},
    )
    page = response.content.decode()
    assert "Enter a phone number, like 07700 900 982" in page
    assert "Select when is a good time to contact you" in page
    assert 'value="call me maybe"' in page
    response = client.post(reverse("referrals:needs"), {"interpreter": "yes"})
    assert "Enter the language you need" in response.content.decode()


def test_a_second_open_referral_is_refused_politely_with_a_link_to_the_first(client, household):
    user, tenancy = household
    first = submitted_referral(user=user, tenancy=tenancy)
    client.force_login(user)
    for name in ("topics", "contact", "needs", "consent", "check"):
        page = client.get(reverse(f"referrals:{name}")).content.decode()
        assert "You already have a referral" in page
        assert reverse("referrals:status", args=[first.pk]) in page
    assert client.post(reverse("referrals:check")).status_code == 200
    assert Referral.objects.count() == 1


def test_withdrawing_is_one_button_on_the_get_advice_page(client, household):
    user, tenancy = household
    referral = submitted_referral(user=user, tenancy=tenancy)
    client.force_login(user)
    page = client.get(reverse("referrals:start")).content.decode()
    action = reverse("referrals:withdraw", args=[referral.pk])
    assert f'action="{action}"' in page and "Cancel my referral" in page
    response = client.post(action)
    assert response["Location"] == reverse("referrals:status", args=[referral.pk])
    referral.refresh_from_db()
    assert referral.status == Referral.Status.CANCELLED
    assert "Nothing was sent" in client.get(response["Location"]).content.decode()


def test_another_tenants_referral_is_not_found(client, household):
    user, tenancy = household
    referral = submitted_referral(user=user, tenancy=tenancy)
    other, _account = tenant_with_account()
    client.force_login(other)
    assert client.get(reverse("referrals:status", args=[referral.pk])).status_code == 404
    assert client.post(reverse("referrals:withdraw", args=[referral.pk])).status_code == 404
    referral.refresh_from_db()
    assert referral.status == Referral.Status.SUBMITTED


def test_the_officer_reviews_adds_a_note_sends_and_records_the_outcome(
    client, household, officer, office_email, django_capture_on_commit_callbacks
):
    user, tenancy = household
    referral = submitted_referral(
        user=user, tenancy=tenancy, categories=["core", "health"], health_needs="Needs large print"
    )
    client.force_login(officer)
    url = reverse("referrals:officer", args=[referral.pk])
    page = client.get(url).content.decode()
    assert "Needs large print" in page and "includes health" in page
    assert AuditEvent.objects.filter(action="referral.health_viewed").count() == 1

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"action": "send", "note": "Tenant is keen to talk."})
    assert response["Location"] == url
    referral.refresh_from_db()
    assert referral.status == Referral.Status.SENT
    assert "Tenant is keen to talk." in mail.outbox[0].body

    client.post(url, {"action": "outcome", "outcome": "accepted"})
    referral.refresh_from_db()
    assert referral.status == Referral.Status.ACCEPTED
    response = client.post(url, {"action": "send", "note": ""}, follow=True)
    assert "That cannot be done now" in response.content.decode()
    assert len(mail.outbox) == 1

    client.force_login(user)
    assert (
        "Accepted by Citizens Advice"
        in client.get(reverse("referrals:status", args=[referral.pk])).content.decode()
    )


def test_officer_page_needs_an_officer_with_mfa(client, household, officer_without_mfa):
    user, tenancy = household
    referral = submitted_referral(user=user, tenancy=tenancy)
    url = reverse("referrals:officer", args=[referral.pk])
    client.force_login(user)
    assert client.get(url).status_code == 403
    client.force_login(officer_without_mfa)
    assert client.get(url).status_code == 302
