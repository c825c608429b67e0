import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from portal.models import LinkAttempt, TenancyMember
from tests.factories import TenancyFactory, TenancyMemberFactory, UserFactory

pytestmark = pytest.mark.django_db
LINK = reverse("portal:link")


def form_data(reference="T900001", dob=dt.date(1985, 3, 27), postcode="m1 3he", **extra):
    data = {
        "reference": reference,
        "date_of_birth_0": str(dob.day),
        "date_of_birth_1": str(dob.month),
        "date_of_birth_2": str(dob.year),
        "postcode": postcode,
    }
    data.update(extra)
    return data


@pytest.fixture
def tenancy():
    tenancy = TenancyFactory(reference="T900001", postcode="M1 3HE")
    TenancyMemberFactory(tenancy=tenancy, name="Lee Lead", date_of_birth=dt.date(1985, 3, 27))
    TenancyMemberFactory(
        tenancy=tenancy,
        name="Jo Joint",
        date_of_birth=dt.date(1990, 7, 1),
        role=TenancyMember.Role.JOINT,
    )
    TenancyMemberFactory(
        tenancy=tenancy,
        name="Kid Occupant",
        date_of_birth=dt.date(2010, 1, 1),
        role=TenancyMember.Role.OCCUPANT,
    )
    return tenancy


def test_matching_details_link_the_login_and_open_the_dashboard(client, tenancy):
    user = UserFactory()
    client.force_login(user)
    response = client.post(LINK, form_data(reference=" t900001 "))
    assert response.status_code == 302
    assert response["Location"] == reverse("portal:dashboard")
    assert TenancyMember.objects.get(name="Lee Lead").user == user


def test_joint_tenant_links_to_the_same_tenancy_as_themselves(client, tenancy):
    lead, joint = UserFactory(), UserFactory()
    client.force_login(lead)
    client.post(LINK, form_data())
    client.force_login(joint)
    response = client.post(LINK, form_data(dob=dt.date(1990, 7, 1)))
    assert response.status_code == 302
    assert TenancyMember.objects.get(name="Jo Joint").user == joint
    assert TenancyMember.objects.get(name="Lee Lead").user == lead


def test_occupants_cannot_link(client, tenancy):
    client.force_login(UserFactory())
    response = client.post(LINK, form_data(dob=dt.date(2010, 1, 1)))
    assert response.status_code == 422
    assert not TenancyMember.objects.filter(user__isnull=False).exists()


def test_a_person_already_linked_to_another_login_is_not_handed_over(client, tenancy):
    first, second = UserFactory(), UserFactory()
    client.force_login(first)
    client.post(LINK, form_data())
    client.force_login(second)
    response = client.post(LINK, form_data())
    assert response.status_code == 422
    assert "already linked to another login" in response.content.decode()
    assert TenancyMember.objects.get(name="Lee Lead").user == first


@pytest.mark.parametrize(
    "wrong",
    [
        {"reference": "T900002"},
        {"dob": dt.date(1985, 3, 28)},
        {"postcode": "M1 3HF"},
    ],
)
def test_any_wrong_detail_fails_without_saying_which(client, tenancy, wrong):
    client.force_login(UserFactory())
    response = client.post(LINK, form_data(**wrong))
    assert response.status_code == 422
    body = response.content.decode()
    assert "do not match our records" in body
    assert not TenancyMember.objects.filter(user__isnull=False).exists()


def test_five_wrong_tries_lock_linking_for_an_hour_even_with_the_right_details(
    client, tenancy, caplog
):
    user = UserFactory()
    start = dt.datetime(2026, 11, 22, 10, 0, tzinfo=dt.UTC)
    with time_machine.travel(start, tick=False):
        client.force_login(user)
        for _ in range(5):
            client.post(LINK, form_data(postcode="ZZ1 1ZZ"))
        response = client.post(LINK, form_data())
        body = response.content.decode()
        assert "cannot try again until" in body
        assert "0300 123 4567" in body  # how to get help
        assert not TenancyMember.objects.filter(user=user).exists()
        assert client.get(LINK).content.decode().count("cannot try again") == 1
    assert any("locked" in record.getMessage() for record in caplog.records)
    with time_machine.travel(start + dt.timedelta(minutes=61), tick=False):
        client.force_login(user)  # the idle session has timed out by now
        response = client.post(LINK, form_data())
        assert response.status_code == 302
    assert TenancyMember.objects.get(name="Lee Lead").user == user


def test_the_lock_is_per_login(client, tenancy):
    other = UserFactory()
    for _ in range(5):
        LinkAttempt.objects.create(user=other, succeeded=False)
    client.force_login(UserFactory())
    assert client.post(LINK, form_data()).status_code == 302


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (form_data(reference=""), "Enter your tenancy reference"),
        (form_data(reference="x" * 10_000), "40 characters or fewer"),
        (form_data(reference="T1'; DROP TABLE portal_tenancy;--"), "only include letters"),
        (form_data(reference="<script>alert(1)</script>"), "only include letters"),
        (form_data(reference="T🏠1"), "only include letters"),
        (form_data(postcode=""), "Enter the postcode of the home"),
        (form_data(postcode="not a postcode at all"), "Enter a real postcode"),
        (form_data(postcode="ö" * 10_000), "Enter a real postcode"),
        (
            {**form_data(), "date_of_birth_0": "", "date_of_birth_1": "", "date_of_birth_2": ""},
            "Enter your date of birth",
        ),
        ({**form_data(), "date_of_birth_1": ""}, "Your date of birth must include a month"),
        ({**form_data(), "date_of_birth_0": "31", "date_of_birth_1": "2"}, "must be a real date"),
        ({**form_data(), "date_of_birth_2": "85"}, "must be a real date"),
        ({**form_data(), "date_of_birth_0": "tenth"}, "must be a real date"),
        ({**form_data(), "date_of_birth_2": "9" * 10_000}, "must be a real date"),
        ({**form_data(), "date_of_birth_2": "2999"}, "must be in the past"),
    ],
)
def test_bad_input_gets_a_specific_message_and_keeps_what_was_typed(client, tenancy, data, message):
    client.force_login(UserFactory())
    response = client.post(LINK, data)
    assert response.status_code == 200
    body = response.content.decode()
    assert "There is a problem" in body
    assert message in body
    assert "govuk-error-summary" in body
    if data["reference"] and len(data["reference"]) < 50:
        assert 'value="' in body  # the answers are still in the form
    assert not LinkAttempt.objects.exists()  # a typing mistake is not a wrong try


def test_anonymous_visitors_are_sent_to_sign_in(client):
    response = client.get(LINK)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
