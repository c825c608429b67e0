"""Changes to payment plans: proposing, deciding, the tenant's answers, daily monitoring and
Direct Debit collections, and telling the tenant.

Every status move goes through `_move`: a conditional UPDATE (`WHERE status = <from>`) per
allowed source, so two officers deciding at once, or an officer deciding while the tenant
withdraws, produce exactly one outcome; the other gets `AlreadyDecided`. Every decision is
audited (ids and outcomes only), closes or opens the officer's work item, and queues the
tenant's email on commit.
"""

from __future__ import annotations

import datetime as dt
import logging
import uuid
from dataclasses import dataclass, field
from functools import partial

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from casework.models import WorkItem
from casework.services import work_item_close, work_item_open
from payments import stripe_client
from payments.models import PaymentAttempt
from payments.services import MandateNotActive, PaymentConflict, collection_create
from portal.audit import audit_record
from portal.models import Tenancy, TenancyMember
from portal.money import format_pence
from portal.person_language import user_email_language

from . import policy, selectors
from . import schedule as sched
from .models import (
    Arrangement,
    ArrangementDecision,
    ArrangementNotice,
    ArrangementStateChange,
    CounterOffer,
    PaymentMethod,
    PlanCollection,
)

logger = logging.getLogger(__name__)

SUBJECT_TYPE = "arrangements.arrangement"
Status = Arrangement.Status
Action = ArrangementDecision.Action


class PlanError(Exception):
    """A plan that cannot be made as asked. `field` names the form field to show it on."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field


class PlanExists(PlanError):
    """The tenancy already has a plan waiting for a decision or running."""


class AlreadyDecided(Exception):
    """Someone else moved the plan first. `status` is what it is now."""

    def __init__(self, status: str):
        super().__init__(f"already {status}")
        self.status = status


def _today() -> dt.date:
    return timezone.localdate()


def _link(arrangement: Arrangement) -> str:
    return reverse("arrangements:officer_decide", args=[arrangement.pk])


# --- Checking a proposal (shared with the form's preview) ----------------------------------


@dataclass(frozen=True)
class Terms:
    """A plan's terms as the tenant entered them, in pence and dates."""

    amount_pence: int
    frequency: str
    start_on: dt.date
    payment_method: str
    covers_charge: bool = True
    lump_sum_pence: int = 0
    other_accounts: tuple[str, ...] = ()


@dataclass(frozen=True)
class Preview:
    terms: Terms
    accounts: list
    arrears_pence: int
    charge_pence: int
    schedule: sched.Schedule
    outcome: policy.Outcome
    errors: dict[str, str] = field(default_factory=dict)


def start_date_limits(today: dt.date) -> tuple[dt.date, dt.date]:
    """A plan starts between today and one calendar month from today."""
    return today, sched.add_months(today, 1)


def terms_check(
    *, terms: Terms, context: selectors.PlanContext, today: dt.date, user=None
) -> Preview:
    """Check the terms against what is owed and the policy. Raises PlanError (with the field)
    for bad input; returns the schedule and the policy's outcome otherwise."""
    if terms.frequency not in sched.FREQUENCIES:
        raise PlanError(_("Choose how often you will pay"), "frequency")
    if terms.payment_method not in PaymentMethod.values:
        raise PlanError(_("Choose how you will pay"), "payment_method")
    earliest, latest = start_date_limits(today)
    if terms.start_on < earliest:
        raise PlanError(_("The start date must be today or in the future"), "start_on")
    if terms.start_on > latest:
        raise PlanError(
            _("The start date must be no later than %(date)s")
            % {"date": date_format(latest, "j F Y")},
            "start_on",
        )
    accounts = context.covered(list(terms.other_accounts))
    if not accounts:
        raise PlanError(_("You do not have a rent account we can make a plan for"), None)
    arrears = context.owed(accounts)
    if arrears <= 0:
        raise PlanError(_("You do not owe anything on these accounts, so you do not need a plan"))
    if terms.amount_pence < 100:
        raise PlanError(_("Amount must be £1 or more"), "amount")
    if terms.lump_sum_pence < 0:
        raise PlanError(_("Enter the lump sum without a minus sign, like 50.00"), "lump_sum")
    if terms.lump_sum_pence >= arrears:
        raise PlanError(
            _("Your lump sum clears what you owe, so you do not need a plan. Pay it by card"),
            "lump_sum",
        )
    left = arrears - terms.lump_sum_pence
    if terms.amount_pence > left:
        if terms.lump_sum_pence:
            message = _("Amount must be %(owed)s or less. That is what you owe after your lump sum")
        else:
            message = _("Amount must be %(owed)s or less. That is what you owe")
        raise PlanError(message % {"owed": format_pence(left)}, "amount")
    try:
        plan = sched.build(
            arrears_pence=arrears,
            amount_pence=terms.amount_pence,
            frequency=terms.frequency,
            start_on=terms.start_on,
            lump_sum_pence=terms.lump_sum_pence,
            lump_sum_on=terms.start_on,
        )
    except sched.ScheduleError:
        raise PlanError(
            _("At this amount your plan would take more than 10 years. Enter a bigger amount"),
            "amount",
        ) from None
    charge = sched.per_period(
        weekly_pence=context.weekly_charge(accounts), frequency=terms.frequency
    )
    outcome = policy.evaluate(
        policy.Proposal(
            arrears_pence=arrears,
            amount_pence=terms.amount_pence,
            frequency=terms.frequency,
            start_on=terms.start_on,
            today=today,
            covers_charge=terms.covers_charge,
            charge_pence=charge,
            lump_sum_pence=terms.lump_sum_pence,
            payment_method=terms.payment_method,
            budget_available_monthly_pence=selectors.budget_available_monthly(
                tenancy=context.tenancy, user=user
            ),
            broken_plan_on=selectors.broken_plan_on(tenancy=context.tenancy),
        ),
        selectors.policy_limits(),
    )
    return Preview(
        terms=terms,
        accounts=accounts,
        arrears_pence=arrears,
        charge_pence=charge,
        schedule=plan,
        outcome=outcome,
    )


# --- Moving a plan's status ------------------------------------------------------------------


def _history(
    arrangement: Arrangement,
    *,
    from_status: str,
    to_status: str,
    on: dt.date,
    description: str = "",
    expected: int | None = None,
    checked: int | None = None,
) -> ArrangementStateChange:
    return ArrangementStateChange.objects.create(
        arrangement=arrangement,
        from_status=from_status,
        to_status=to_status,
        on=on,
        description=description[:200],
        expected_balance_pence=expected,
        checked_balance_pence=checked,
    )


def _move(
    arrangement: Arrangement,
    *,
    to: str,
    allowed_from: tuple[str, ...],
    on: dt.date,
    description: str = "",
    expected: int | None = None,
    checked: int | None = None,
    **updates,
) -> str:
    """Move the plan to `to` from one of `allowed_from` (each must be allowed by
    TRANSITIONS) with one conditional UPDATE each. Returns the status it moved from; raises
    AlreadyDecided if another actor moved it first. Call inside a transaction."""
    now = timezone.now()
    for source in allowed_from:
        if to not in Arrangement.TRANSITIONS[source]:
            raise ValueError(f"{source} -> {to} is not allowed")
        changed = Arrangement.objects.filter(pk=arrangement.pk, status=source).update(
            status=to, updated_at=now, **updates
        )
        if changed:
            for name, value in updates.items():
                setattr(arrangement, name, value)
            arrangement.status = to
            _history(
                arrangement,
                from_status=source,
                to_status=to,
                on=on,
                description=description,
                expected=expected,
                checked=checked,
            )
            return source
    current = Arrangement.objects.filter(pk=arrangement.pk).values_list("status", flat=True).first()
    raise AlreadyDecided(current or "")


def _decide(
    arrangement: Arrangement,
    *,
    action: str,
    actor=None,
    reason: str = "",
    text: str = "",
    notify: bool = True,
) -> ArrangementDecision:
    decision = ArrangementDecision.objects.create(
        arrangement=arrangement, action=action, actor=actor, reason=reason, text=text
    )
    audit_record(
        action=f"arrangement.{action}",
        actor=actor,
        tenancy=arrangement.tenancy,
        subject=arrangement,
        detail={"decision": decision.pk, "status": arrangement.status, "reason": reason},
    )
    if notify:
        _notices_queue(
            arrangement,
            kind=ArrangementNotice.Kind.DECISION,
            key=f"decision:{decision.pk}",
            decision=decision,
        )
    return decision


def _recipients(tenancy: Tenancy) -> list:
    members = TenancyMember.objects.filter(
        tenancy=tenancy,
        role__in=[TenancyMember.Role.LEAD, TenancyMember.Role.JOINT],
        user__isnull=False,
    ).select_related("user")
    return [member.user for member in members if member.user.email]


def _notices_queue(arrangement: Arrangement, *, kind: str, key: str, **fields) -> list:
    """One notice per linked tenant (each joint tenant is written to separately), made once
    per key, each sent by a task queued when the transaction commits."""
    from .tasks import send_notice

    made = []
    for user in _recipients(arrangement.tenancy):
        notice, created = ArrangementNotice.objects.get_or_create(
            key=f"{key}:{user.pk}",
            defaults={"arrangement": arrangement, "user": user, "kind": kind, **fields},
        )
        if created:
            queue = partial(send_notice.delay, str(notice.pk))
            queue.__qualname__ = "send_notice.delay"  # robust on_commit logs it on failure
            # robust: with the broker down the request still succeeds; the hourly sweep
            # (notices_unsent_queue) sends the notice once the broker is back.
            transaction.on_commit(queue, robust=True)
            made.append(notice)
    return made


def _start_if_late(arrangement: Arrangement, today: dt.date) -> dict:
    """A plan agreed after its start date starts today instead, so it is never late on the
    day it is agreed."""
    if arrangement.start_on >= today:
        return {}
    updates = {"start_on": today}
    if arrangement.lump_sum_on and arrangement.lump_sum_on < today:
        updates["lump_sum_on"] = today
    return updates


# --- The tenant proposes ------------------------------------------------------------------


def arrangement_propose(
    *,
    user,
    context: selectors.PlanContext,
    terms: Terms,
    form_token: uuid.UUID | None = None,
    today: dt.date | None = None,
) -> Arrangement:
    """Make a plan from the tenant's terms. The policy agrees it on the spot, or it waits for
    an officer (a plan_decision work item). The same form sent twice makes one plan; a second
    plan while one is open raises PlanExists; bad terms raise PlanError."""
    today = today or _today()
    if form_token is not None:
        existing = Arrangement.objects.filter(form_token=form_token).first()
        if existing is not None:
            return existing
    tenancy = context.tenancy
    if Arrangement.objects.filter(tenancy=tenancy, status__in=Arrangement.OPEN_STATUSES).exists():
        raise PlanExists(_("You already have a payment plan. You can only have one at a time"))
    preview = terms_check(terms=terms, context=context, today=today, user=user)
    mandate = selectors.rent_mandate(tenancy=tenancy)
    try:
        with transaction.atomic():
            arrangement = Arrangement.objects.create(
                tenancy=tenancy,
                proposed_by=user,
                form_token=form_token,
                amount_pence=terms.amount_pence,
                frequency=terms.frequency,
                start_on=terms.start_on,
                covers_charge=terms.covers_charge,
                charge_pence=preview.charge_pence,
                lump_sum_pence=terms.lump_sum_pence,
                lump_sum_on=terms.start_on if terms.lump_sum_pence else None,
                payment_method=terms.payment_method,
                mandate=mandate if terms.payment_method == PaymentMethod.DIRECT_DEBIT else None,
                proposed_amount_pence=terms.amount_pence,
                proposed_frequency=terms.frequency,
                starting_balance_pence=preview.arrears_pence,
                balance_on=today,
                policy_outcome=preview.outcome.decision,
                policy_reasons=[reason.as_dict() for reason in preview.outcome.reasons],
            )
            arrangement.accounts.set([summary.account for summary in preview.accounts])
            _history(arrangement, from_status="", to_status=Status.PROPOSED, on=today)
            audit_record(
                action="arrangement.proposed",
                actor=user,
                tenancy=tenancy,
                subject=arrangement,
                detail={"policy": preview.outcome.decision},
            )
            if preview.outcome.approved:
                _move(
                    arrangement,
                    to=Status.LIVE,
                    allowed_from=(Status.PROPOSED,),
                    on=today,
                    description="Agreed by the policy",
                    decided_at=timezone.now(),
                )
                _decide(arrangement, action=Action.AUTO_APPROVED)
            else:
                _decide(arrangement, action=Action.REFERRED)
                work_item_open(
                    kind=WorkItem.Kind.PLAN_DECISION,
                    tenancy=tenancy,
                    subject_type=SUBJECT_TYPE,
                    subject_id=str(arrangement.pk),
                    summary=f"Payment plan {arrangement.pk} to decide",
                    link=_link(arrangement),
                    actor=user,
                )
    except IntegrityError:
        # Another tab made a plan a moment ago: the one-open-plan constraint held.
        existing = Arrangement.objects.filter(form_token=form_token).first() if form_token else None
        if existing is not None:
            return existing
        raise PlanExists(
            _("You already have a payment plan. You can only have one at a time")
        ) from None
    return arrangement


def arrangement_withdraw(*, arrangement: Arrangement, user, today: dt.date | None = None) -> str:
    """The tenant takes back a plan waiting for a decision (or declines an offer). Returns the
    new status; raises AlreadyDecided if an officer got there first."""
    today = today or _today()
    with transaction.atomic():
        if arrangement.status == Status.COUNTERED:
            return arrangement_decline(arrangement=arrangement, user=user, today=today)
        _move(
            arrangement,
            to=Status.WITHDRAWN,
            allowed_from=(Status.PROPOSED,),
            on=today,
            ended_at=timezone.now(),
        )
        _decide(arrangement, action=Action.WITHDRAWN, actor=user, notify=False)
        work_item_close(
            subject_type=SUBJECT_TYPE,
            subject_id=str(arrangement.pk),
            kind=WorkItem.Kind.PLAN_DECISION,
            actor=user,
            outcome="Withdrawn by the tenant",
        )
    return arrangement.status


def arrangement_accept(*, arrangement: Arrangement, user, today: dt.date | None = None) -> str:
    """The tenant accepts the officer's counter-offer: the plan goes live on its terms."""
    today = today or _today()
    offer = arrangement.counter_offers.order_by("-made_at", "-id").first()
    if offer is None:
        raise AlreadyDecided(arrangement.status)
    with transaction.atomic():
        _move(
            arrangement,
            to=Status.LIVE,
            allowed_from=(Status.COUNTERED,),
            on=today,
            description="Counter-offer accepted",
            amount_pence=offer.amount_pence,
            frequency=offer.frequency,
            charge_pence=_charge_for(arrangement, offer.frequency),
            decided_at=timezone.now(),
            **_start_if_late(arrangement, today),
        )
        _decide(arrangement, action=Action.ACCEPTED, actor=user)
    return arrangement.status


def arrangement_decline(*, arrangement: Arrangement, user, today: dt.date | None = None) -> str:
    today = today or _today()
    with transaction.atomic():
        _move(
            arrangement,
            to=Status.DECLINED,
            allowed_from=(Status.COUNTERED,),
            on=today,
            ended_at=timezone.now(),
        )
        _decide(arrangement, action=Action.DECLINED, actor=user, notify=False)
    return arrangement.status


def _charge_for(arrangement: Arrangement, frequency: str) -> int:
    """The ongoing charge per period at another frequency (the same weekly charge)."""
    weekly = arrangement.charge_pence / sched.WEEKS_PER_PERIOD[arrangement.frequency]
    return int((weekly * sched.WEEKS_PER_PERIOD[frequency] * 2 + 1) // 2)


# --- Officers decide ---------------------------------------------------------------------------


def _close_decision_item(arrangement: Arrangement, officer, outcome: str) -> None:
    work_item_close(
        subject_type=SUBJECT_TYPE,
        subject_id=str(arrangement.pk),
        kind=WorkItem.Kind.PLAN_DECISION,
        actor=officer,
        outcome=outcome,
    )


def arrangement_approve(*, arrangement: Arrangement, officer, today: dt.date | None = None) -> str:
    today = today or _today()
    with transaction.atomic():
        _move(
            arrangement,
            to=Status.LIVE,
            allowed_from=(Status.PROPOSED,),
            on=today,
            description="Agreed by an officer",
            decided_at=timezone.now(),
            **_start_if_late(arrangement, today),
        )
        _decide(arrangement, action=Action.APPROVED, actor=officer)
        _close_decision_item(arrangement, officer, "Approved")
    return arrangement.status


def arrangement_reject(
    *, arrangement: Arrangement, officer, reason: str, text: str = "", today: dt.date | None = None
) -> str:
    today = today or _today()
    if reason not in ArrangementDecision.Reason.values:
        raise PlanError(_("Choose a reason"), "reason")
    with transaction.atomic():
        _move(
            arrangement,
            to=Status.REJECTED,
            allowed_from=(Status.PROPOSED,),
            on=today,
            decided_at=timezone.now(),
            ended_at=timezone.now(),
        )
        _decide(arrangement, action=Action.REJECTED, actor=officer, reason=reason, text=text)
        _close_decision_item(arrangement, officer, "Rejected")
    return arrangement.status


def arrangement_counter(
    *,
    arrangement: Arrangement,
    officer,
    amount_pence: int,
    frequency: str,
    text: str = "",
    today: dt.date | None = None,
) -> str:
    today = today or _today()
    if frequency not in sched.FREQUENCIES:
        raise PlanError(_("Choose how often the tenant would pay"), "frequency")
    left = arrangement.arrears_pence - arrangement.lump_sum_pence
    if amount_pence < 100:
        raise PlanError(_("Amount must be £1 or more"), "amount")
    if amount_pence > left:
        raise PlanError(
            _("Amount must be %(owed)s or less, the arrears the plan covers")
            % {"owed": format_pence(left)},
            "amount",
        )
    if (
        sched.instalment_count(arrears_pence=left, amount_pence=amount_pence)
        > sched.MAX_INSTALMENTS
    ):
        raise PlanError(_("At this amount the plan would take more than 10 years"), "amount")
    with transaction.atomic():
        _move(
            arrangement,
            to=Status.COUNTERED,
            allowed_from=(Status.PROPOSED,),
            on=today,
            decided_at=timezone.now(),
        )
        CounterOffer.objects.create(
            arrangement=arrangement, amount_pence=amount_pence, frequency=frequency, made_by=officer
        )
        _decide(arrangement, action=Action.COUNTERED, actor=officer, text=text)
        _close_decision_item(arrangement, officer, "Counter-offer made")
    return arrangement.status


def arrangement_cancel(
    *, arrangement: Arrangement, officer, reason: str, text: str = "", today: dt.date | None = None
) -> str:
    """An officer ends a running plan (a reason is required, as Hackney's)."""
    today = today or _today()
    if reason not in ArrangementDecision.Reason.values:
        raise PlanError(_("Choose a reason"), "reason")
    with transaction.atomic():
        _move(
            arrangement,
            to=Status.CANCELLED,
            allowed_from=(Status.LIVE, Status.BREACHED),
            on=today,
            ended_at=timezone.now(),
        )
        _decide(arrangement, action=Action.CANCELLED, actor=officer, reason=reason, text=text)
        work_item_close(
            subject_type=SUBJECT_TYPE,
            subject_id=str(arrangement.pk),
            actor=officer,
            outcome="Plan cancelled",
        )
    return arrangement.status


# --- Daily monitoring ------------------------------------------------------------------------


@dataclass
class MonitorReport:
    checked: int = 0
    breached: int = 0
    caught_up: int = 0
    completed: int = 0
    notified: int = 0
    history_rows: int = 0

    def as_dict(self) -> dict:
        return dict(self.__dict__)


def arrangements_monitor(*, today: dt.date | None = None) -> MonitorReport:
    """Check every running plan against its schedule. Safe to run twice for the same day:
    the second run changes nothing and sends nothing."""
    today = today or _today()
    report = MonitorReport()
    for arrangement in selectors.running_arrangements():
        arrangement_check(arrangement=arrangement, today=today, report=report)
    return report


def arrangement_check(
    *, arrangement: Arrangement, today: dt.date, report: MonitorReport | None = None
) -> str:
    report = report if report is not None else MonitorReport()
    progress = selectors.plan_progress(arrangement=arrangement, on=today)
    report.checked += 1
    with transaction.atomic():
        locked = Arrangement.objects.select_for_update().get(pk=arrangement.pk)
        if locked.status not in Arrangement.RUNNING_STATUSES:
            return locked.status
        locked.tenancy = arrangement.tenancy
        balances = {"expected": progress.expected_pence, "checked": progress.balance_pence}
        if progress.cleared:
            _move(
                locked,
                to=Status.COMPLETED,
                allowed_from=(locked.status,),
                on=today,
                description="Arrears cleared",
                ended_at=timezone.now(),
                **balances,
            )
            report.completed += 1
            audit_record(action="arrangement.completed", tenancy=locked.tenancy, subject=locked)
            work_item_close(
                subject_type=SUBJECT_TYPE, subject_id=str(locked.pk), outcome="Plan completed"
            )
        elif progress.behind and locked.status == Status.LIVE:
            _move(
                locked,
                to=Status.BREACHED,
                allowed_from=(Status.LIVE,),
                on=today,
                description=f"Behind by {format_pence(-progress.ahead_pence)}",
                **balances,
            )
            report.breached += 1
            audit_record(action="arrangement.breached", tenancy=locked.tenancy, subject=locked)
        elif not progress.behind and locked.status == Status.BREACHED:
            _move(
                locked,
                to=Status.LIVE,
                allowed_from=(Status.BREACHED,),
                on=today,
                description="Caught up",
                breach_handled_at=None,
                **balances,
            )
            report.caught_up += 1
            audit_record(action="arrangement.caught_up", tenancy=locked.tenancy, subject=locked)
            work_item_close(
                subject_type=SUBJECT_TYPE,
                subject_id=str(locked.pk),
                kind=WorkItem.Kind.PLAN_BROKEN,
                outcome="Caught up",
            )
        else:
            last = locked.state_changes.order_by("-id").first()
            if last is None or (last.expected_balance_pence, last.checked_balance_pence) != (
                progress.expected_pence,
                progress.balance_pence,
            ):
                _history(
                    locked,
                    from_status=locked.status,
                    to_status=locked.status,
                    on=today,
                    description="Checked",
                    expected=progress.expected_pence,
                    checked=progress.balance_pence,
                )
                report.history_rows += 1
        Arrangement.objects.filter(pk=locked.pk).update(last_checked_on=today)
        if (
            locked.status == Status.BREACHED
            and locked.breach_handled_at is None
            and _breach_handle(locked, progress=progress, today=today)
        ):
            report.notified += 1
    return locked.status


def _breach_handle(arrangement: Arrangement, *, progress, today: dt.date) -> bool:
    """Tell the tenant once and open a plan_broken work item, unless a Breathing Space covers
    the plan's debts (then nothing: the next check after it ends does this)."""
    if selectors.breathing_space_for(arrangement=arrangement, on=today) is not None:
        return False
    claimed = Arrangement.objects.filter(
        pk=arrangement.pk, status=Status.BREACHED, breach_handled_at__isnull=True
    ).update(breach_handled_at=timezone.now())
    if not claimed:
        return False
    breach = (
        arrangement.state_changes.filter(to_status=Status.BREACHED)
        .exclude(from_status=Status.BREACHED)
        .order_by("-id")
        .first()
    )
    work_item_open(
        kind=WorkItem.Kind.PLAN_BROKEN,
        tenancy=arrangement.tenancy,
        subject_type=SUBJECT_TYPE,
        subject_id=str(arrangement.pk),
        summary=f"Payment plan {arrangement.pk} is behind",
        link=_link(arrangement),
    )
    _notices_queue(
        arrangement,
        kind=ArrangementNotice.Kind.BREACH,
        key=f"breach:{arrangement.pk}:{breach.pk if breach else today.isoformat()}",
        behind_pence=max(0, -progress.ahead_pence),
    )
    return True


# --- Direct Debit collections ----------------------------------------------------------------


@dataclass
class CollectionReport:
    created: int = 0
    failed: int = 0
    not_possible: int = 0
    retry_later: int = 0

    def as_dict(self) -> dict:
        return dict(self.__dict__)


def _dd_failed(arrangement: Arrangement, summary: str) -> None:
    work_item_open(
        kind=WorkItem.Kind.DIRECT_DEBIT_FAILED,
        tenancy=arrangement.tenancy,
        subject_type=SUBJECT_TYPE,
        subject_id=str(arrangement.pk),
        summary=summary,
        link=_link(arrangement),
    )


def collections_create_due(*, today: dt.date | None = None) -> CollectionReport:
    """For each running plan paid by Direct Debit, ask payments to collect every instalment
    due in the next ARRANGEMENTS_DD_LEAD_DAYS days (Bacs takes about 3 working days, and the
    tenant is told in advance). The key `plan:<id>:<date>` makes each one once, however often
    this runs; a plan with no active Direct Debit gets a work item instead."""
    today = today or _today()
    lead = int(getattr(settings, "ARRANGEMENTS_DD_LEAD_DAYS", 7))
    report = CollectionReport()
    plans = selectors.running_arrangements().filter(payment_method=PaymentMethod.DIRECT_DEBIT)
    for arrangement in plans:
        upcoming = [
            i
            for i in arrangement.schedule().instalments
            if today < i.due_on <= today + dt.timedelta(days=lead)
        ]
        for instalment in upcoming:
            key = f"plan:{arrangement.pk}:{instalment.due_on.isoformat()}"
            amount = instalment.amount_pence + (
                arrangement.charge_pence if arrangement.covers_charge else 0
            )
            row, _ = PlanCollection.objects.get_or_create(
                collection_key=key,
                defaults={
                    "arrangement": arrangement,
                    "due_on": instalment.due_on,
                    "amount_pence": amount,
                },
            )
            if row.attempt_id:
                continue
            mandate = selectors.rent_mandate(tenancy=arrangement.tenancy)
            if mandate is None or not mandate.can_collect:
                report.not_possible += 1
                _dd_failed(arrangement, f"Payment plan {arrangement.pk}: no active Direct Debit")
                continue
            try:
                attempt = collection_create(
                    mandate=mandate,
                    amount_pence=row.amount_pence,
                    due_on=row.due_on,
                    idempotency_key=key,
                )
            except MandateNotActive:
                report.not_possible += 1
                _dd_failed(arrangement, f"Payment plan {arrangement.pk}: no active Direct Debit")
                continue
            except PaymentConflict as exc:
                logger.error("collection key reused plan=%s key=%s", arrangement.pk, key)
                PlanCollection.objects.filter(pk=row.pk).update(attempt_id=exc.attempt.pk)
                continue
            except stripe_client.StripeUnavailable:
                report.retry_later += 1
                logger.warning(
                    "stripe unavailable; collection retried next run plan=%s", arrangement.pk
                )
                continue
            PlanCollection.objects.filter(pk=row.pk).update(attempt_id=attempt.pk)
            report.created += 1
    report.failed = collections_check_failures()
    return report


def collections_check_failures() -> int:
    """Open a direct_debit_failed work item for each plan collection that failed (once)."""
    pending = PlanCollection.objects.filter(
        failure_handled_at__isnull=True, attempt_id__isnull=False
    ).select_related("arrangement", "arrangement__tenancy")
    failed_ids = set(
        PaymentAttempt.objects.filter(
            pk__in=[row.attempt_id for row in pending], status=PaymentAttempt.Status.FAILED
        ).values_list("pk", flat=True)
    )
    handled = 0
    for row in pending:
        if row.attempt_id not in failed_ids:
            continue
        claimed = PlanCollection.objects.filter(pk=row.pk, failure_handled_at__isnull=True).update(
            failure_handled_at=timezone.now()
        )
        if claimed:
            handled += 1
            _dd_failed(
                row.arrangement,
                f"Payment plan {row.arrangement.pk}: Direct Debit for {row.due_on:%d %b %Y} failed",
            )
            audit_record(
                action="arrangement.collection_failed",
                tenancy=row.arrangement.tenancy,
                subject=row.arrangement,
                detail={"collection": row.pk},
            )
    return handled


# --- Telling the tenant ----------------------------------------------------------------------

# Lazy: each is turned into words inside notice_send's override, in the tenant's language.
SUBJECTS = {
    Action.AUTO_APPROVED: gettext_lazy("Your payment plan is agreed"),
    Action.APPROVED: gettext_lazy("Your payment plan is agreed"),
    Action.ACCEPTED: gettext_lazy("Your payment plan is agreed"),
    Action.REFERRED: gettext_lazy("We have your payment plan"),
    Action.REJECTED: gettext_lazy("We could not agree your payment plan"),
    Action.COUNTERED: gettext_lazy("We have offered you a different payment plan"),
    Action.CANCELLED: gettext_lazy("Your payment plan has ended"),
}
BREACH_SUBJECT = gettext_lazy("Your payment plan: please get in touch")
OTHER_SUBJECT = gettext_lazy("Your payment plan")


def notice_send(*, notice_id: str) -> bool:
    """Send one notice. Claims `sent_at` first (a conditional update), so two workers never
    both send; if sending fails the claim is released for the task's retry. The subject never
    has a figure in it."""
    now = timezone.now()
    claimed = ArrangementNotice.objects.filter(pk=notice_id, sent_at__isnull=True).update(
        sent_at=now
    )
    if not claimed:
        return False
    notice = ArrangementNotice.objects.select_related(
        "arrangement", "arrangement__tenancy", "user", "decision"
    ).get(pk=notice_id)
    arrangement = notice.arrangement
    if notice.kind == ArrangementNotice.Kind.BREACH:
        subject = BREACH_SUBJECT
        template = "arrangements/email/breach.txt"
    else:
        subject = SUBJECTS.get(notice.decision.action, OTHER_SUBJECT)
        template = "arrangements/email/decision.txt"
    context = {
        "notice": notice,
        "arrangement": arrangement,
        "decision": notice.decision,
        "offer": arrangement.counter_offers.order_by("-made_at").first(),
        "landlord_name": settings.LANDLORD_NAME,
        "landlord_phone": settings.LANDLORD_PHONE,
        "service_name": settings.SERVICE_NAME,
        "plan_url": settings_site_url() + reverse("arrangements:detail", args=[arrangement.pk]),
    }
    try:
        # In the tenant's language: a Celery worker has none active (English otherwise).
        with translation.override(user_email_language(user=notice.user)):
            send_mail(
                subject=f"{settings.ACCOUNT_EMAIL_SUBJECT_PREFIX}{subject}",
                message=render_to_string(template, context),
                from_email=None,
                recipient_list=[notice.user.email],
            )
    except Exception:
        ArrangementNotice.objects.filter(pk=notice_id, sent_at=now).update(sent_at=None)
        raise
    logger.info("plan notice sent notice=%s kind=%s", notice_id, notice.kind)
    return True


def settings_site_url() -> str:
    """The site's address for links in emails (the same setting Wagtail's admin uses)."""
    return str(getattr(settings, "WAGTAILADMIN_BASE_URL", "")).rstrip("/")


UNSENT_NOTICE_GRACE = dt.timedelta(minutes=10)


def notices_unsent_queue(*, now: dt.datetime | None = None) -> int:
    """Queue again every notice still unsent some minutes after it was made (its task was
    lost, say, while the broker was down). Sending claims `sent_at` first, so a notice whose
    first task turns up late is still sent once."""
    from .tasks import send_notice

    cutoff = (now or timezone.now()) - UNSENT_NOTICE_GRACE
    ids = list(
        ArrangementNotice.objects.filter(sent_at__isnull=True, created_at__lt=cutoff).values_list(
            "pk", flat=True
        )
    )
    for notice_id in ids:
        send_notice.delay(str(notice_id))
    return len(ids)
