"""Canary values seeded into a referral never appear in logs, URLs or task arguments."""

import logging

import pytest
from django.urls import reverse

from referrals import tasks
from referrals.models import Referral

pytestmark = pytest.mark.django_db

CANARIES = {
    "phone": "07700 900 555",
    "email": "canary-7f3a@example.net",
    "topic_details": "CANARY-TOPIC-91ab",
    "interpreter_language": "CANARY-LANG-44cd",
    "health_needs": "CANARY-HEALTH-e2f0",
    "note": "CANARY-NOTE-5b6c",
}


def test_canaries_stay_out_of_logs_urls_and_task_arguments(
    client,
    household,
    officer,
    office_email,
    caplog,
    monkeypatch,
    django_capture_on_commit_callbacks,
):
    caplog.set_level(logging.DEBUG)
    user, _tenancy = household
    queued = []
    real_apply = tasks.deliver_referral.apply

    def spy_apply(args=None, kwargs=None, **options):
        queued.append((args, kwargs))
        return real_apply(args=args, kwargs=kwargs, **options)

    monkeypatch.setattr(tasks.deliver_referral, "apply", spy_apply)
    urls = []
    client.force_login(user)
    steps = [
        ("topics", {"topics": ["other"], "topic_details": CANARIES["topic_details"]}),
        (
            "contact",
            {
                "contact_method": "email",
                "phone": CANARIES["phone"],
                "email": CANARIES["email"],
                "contact_times": ["any"],
            },
        ),
        (
            "needs",
            {
                "interpreter": "yes",
                "interpreter_language": CANARIES["interpreter_language"],
                "health_needs": CANARIES["health_needs"],
            },
        ),
        ("consent", {"core": "on", "finances": "on", "health": "on"}),
    ]
    for name, data in steps:
        response = client.post(reverse(f"referrals:{name}"), data)
        urls.append(response["Location"])
    response = client.post(reverse("referrals:check"))
    urls.append(response["Location"])
    referral = Referral.objects.get()
    assert referral.snapshot["health"]["health_needs"] == CANARIES["health_needs"]

    client.force_login(officer)
    officer_url = reverse("referrals:officer", args=[referral.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(officer_url, {"action": "send", "note": CANARIES["note"]})
    urls.append(response["Location"])
    referral.refresh_from_db()
    assert referral.status == Referral.Status.SENT

    client.force_login(user)
    response = client.post(reverse("referrals:withdraw", args=[referral.pk]))
    urls.append(response["Location"])

    assert queued == [([referral.pk], None)]  # the id, nothing else
    from casework.models import WorkItem
    from portal.models import AuditEvent

    stored_elsewhere = repr(list(AuditEvent.objects.values_list("detail", "subject_id"))) + repr(
        list(WorkItem.objects.values_list("summary", "link", "outcome"))
    )
    log_text = caplog.text + " ".join(str(record.args) for record in caplog.records)
    assert "referral" in log_text  # the logging did happen
    for value in CANARIES.values():
        assert value not in log_text
        assert all(value not in url for url in urls)
        assert value not in stored_elsewhere
