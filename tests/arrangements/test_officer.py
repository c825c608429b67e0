"""The officer's decision screen: approve, reject with a reason, counter-offer, cancel; every
decision audited, the work item closed and the tenant emailed on commit; tenants and officers
without MFA cannot act."""

import pytest
from django.urls import reverse

from arrangements.models import Arrangement, ArrangementNotice
from casework.models import WorkItem
from portal.models import AuditEvent
from tests.arrangements.helpers import propose

pytestmark = pytest.mark.django_db


@pytest.fixture
def referred(owing, today):
    user, _ = owing
    plan = propose(user, today=today)  # no budget on file: referred
    assert plan.status == "proposed"
    return plan


def decide(client, plan, **data):
    return client.post(reverse("arrangements:officer_decide", args=[plan.pk]), data)


def test_tenants_cannot_reach_the_decision_screen(client, owing, referred):
    user, _ = owing
    client.force_login(user)
    url = reverse("arrangements:officer_decide", args=[referred.pk])
    assert client.get(url).status_code == 403
    assert client.post(url, {"action": "approve"}).status_code == 403
    referred.refresh_from_db()
    assert referred.status == "proposed"


def test_officers_without_mfa_are_sent_to_set_it_up(client, officer_without_mfa, referred):
    client.force_login(officer_without_mfa)
    response = decide(client, referred, action="approve")
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_activate_totp")
    referred.refresh_from_db()
    assert referred.status == "proposed"


def test_the_screen_shows_the_plan_and_the_policys_reasons(client, officer, referred):
    client.force_login(officer)
    page = client.get(reverse("arrangements:officer_decide", args=[referred.pk])).content.decode()
    assert "No submitted budget: affordability not checked." in page
    assert "Approve this plan" in page


def test_approving_makes_the_plan_live_audits_closes_the_item_and_emails_on_commit(
    client, officer, referred, django_capture_on_commit_callbacks, mailoutbox
):
    client.force_login(officer)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = decide(client, referred, action="approve")
    assert response.status_code == 303
    referred.refresh_from_db()
    assert referred.status == Arrangement.Status.LIVE
    assert WorkItem.objects.get(kind="plan_decision").status == WorkItem.Status.DONE
    event = AuditEvent.objects.get(action="arrangement.approved")
    assert event.actor == officer and event.subject_id == str(referred.pk)
    assert "amount" not in str(event.detail)
    assert callbacks  # the email is queued on commit, not before
    notice = ArrangementNotice.objects.get(decision__action="approved")
    assert notice.sent_at is not None
    (email,) = [m for m in mailoutbox if "agreed" in m.subject]
    assert not any(ch.isdigit() for ch in email.subject.split("]")[-1])
    assert "£20.00 towards your arrears, every week" in email.body


def test_the_email_task_takes_only_an_id(
    referred, officer, django_capture_on_commit_callbacks, monkeypatch
):
    from arrangements import services, tasks

    sent = []
    monkeypatch.setattr(tasks.send_notice, "delay", lambda *args: sent.append(args))
    with django_capture_on_commit_callbacks(execute=True):
        services.arrangement_approve(arrangement=referred, officer=officer)
    assert sent and all(len(args) == 1 and isinstance(args[0], str) for args in sent)


def test_rejecting_needs_a_reason_from_the_list(client, officer, referred):
    client.force_login(officer)
    response = decide(client, referred, action="reject", **{"reject-reason": ""})
    assert response.status_code == 400
    assert "Choose a reason" in response.content.decode()
    decide(
        client,
        referred,
        action="reject",
        **{"reject-reason": "not_affordable", "reject-text": "Please call us."},
    )
    referred.refresh_from_db()
    assert referred.status == Arrangement.Status.REJECTED
    decision = referred.decisions.get(action="rejected")
    assert (decision.reason, decision.text, decision.actor) == (
        "not_affordable",
        "Please call us.",
        officer,
    )


def test_a_counter_offer_waits_for_the_tenant(client, officer, referred):
    client.force_login(officer)
    response = decide(
        client,
        referred,
        action="counter",
        **{"counter-amount": "0.10", "counter-frequency": "weekly"},
    )
    assert "Amount must be £1 or more" in response.content.decode()
    decide(
        client,
        referred,
        action="counter",
        **{"counter-amount": "30", "counter-frequency": "monthly"},
    )
    referred.refresh_from_db()
    assert referred.status == Arrangement.Status.COUNTERED
    offer = referred.counter_offers.get()
    assert (offer.amount_pence, offer.frequency, offer.made_by) == (3000, "monthly", officer)


def test_a_second_decision_is_told_already_decided(client, officer, referred):
    client.force_login(officer)
    decide(client, referred, action="approve")
    response = decide(client, referred, action="reject", **{"reject-reason": "other"})
    assert response.status_code == 303
    page = client.get(response["Location"]).content.decode()
    assert "already been decided by someone else" in page
    referred.refresh_from_db()
    assert referred.status == Arrangement.Status.LIVE
    assert referred.decisions.filter(action="rejected").count() == 0


def test_a_running_plan_can_be_cancelled_with_a_reason(client, officer, referred):
    client.force_login(officer)
    decide(client, referred, action="approve")
    decide(client, referred, action="cancel", **{"cancel-reason": "tenant_request"})
    referred.refresh_from_db()
    assert referred.status == Arrangement.Status.CANCELLED
    assert AuditEvent.objects.filter(action="arrangement.cancelled").exists()


def test_the_case_panel_shows_the_plan_history(officer, referred):
    from portal.tiles import case_panels_for

    panels = dict(
        (panel.key, data)
        for panel, data in case_panels_for(tenancy=referred.tenancy, officer=officer)
    )
    assert panels["payment-plans"]["arrangements"] == [referred]


def test_the_case_panel_runs_a_fixed_number_of_queries(
    officer, referred, django_assert_num_queries
):
    from django.template.loader import render_to_string

    from arrangements.selectors import case_panel_context

    with django_assert_num_queries(5):
        data = case_panel_context(tenancy=referred.tenancy, officer=officer)
        render_to_string("arrangements/case_panel.html", {"data": data})


def test_a_decision_stands_when_the_broker_is_down_and_the_email_follows_later(
    client, officer, referred, django_capture_on_commit_callbacks, mailoutbox, monkeypatch
):
    import datetime as dt

    from django.utils import timezone
    from kombu.exceptions import OperationalError

    from arrangements import services, tasks

    def broker_down(*args):
        raise OperationalError("Connection refused")

    client.force_login(officer)
    with monkeypatch.context() as patched:
        patched.setattr(tasks.send_notice, "delay", broker_down)
        with django_capture_on_commit_callbacks(execute=True):
            response = decide(client, referred, action="approve")
    assert response.status_code == 303
    referred.refresh_from_db()
    assert referred.status == Arrangement.Status.LIVE
    notice = ArrangementNotice.objects.get(decision__action="approved")
    assert notice.sent_at is None and not mailoutbox

    assert services.notices_unsent_queue() == 0  # too soon: its own task may still come
    later = timezone.now() + dt.timedelta(minutes=11)
    unsent = ArrangementNotice.objects.filter(sent_at__isnull=True).count()
    assert services.notices_unsent_queue(now=later) == unsent
    notice.refresh_from_db()
    assert notice.sent_at is not None
    assert len([m for m in mailoutbox if "agreed" in m.subject]) == 1
    assert services.notices_unsent_queue(now=later) == 0  # sent once, whatever runs again
