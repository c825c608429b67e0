"""Changes to tenant data that the portal itself makes (imports live in `imports.py`)."""

from __future__ import annotations

import datetime as dt
import logging
import re
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Case, When
from django.utils import timezone

from .models import LinkAttempt, Tenancy, TenancyMember

logger = logging.getLogger(__name__)


def normalise_postcode(text: str) -> str:
    """ "sw1a 1aa", "SW1A1AA" and " Sw1A 1aA " all become "SW1A1AA"."""
    return re.sub(r"\s+", "", text).upper()


def normalise_reference(text: str) -> str:
    return text.strip().upper()


@dataclass(frozen=True)
class LinkResult:
    linked: bool
    tenancy: Tenancy | None = None
    locked_until: dt.datetime | None = None
    already_linked_elsewhere: bool = False


def link_lock_until(*, user) -> dt.datetime | None:
    """When linking unlocks for this login, or None if it is not locked."""
    window_start = timezone.now() - dt.timedelta(seconds=settings.TENANCY_LINK_LOCK_SECONDS)
    failures = list(
        LinkAttempt.objects.filter(user=user, succeeded=False, created_at__gte=window_start)
        .order_by("-created_at")
        .values_list("created_at", flat=True)[: settings.TENANCY_LINK_MAX_FAILURES]
    )
    if len(failures) < settings.TENANCY_LINK_MAX_FAILURES:
        return None
    # Locked for an hour from the failure that reached the limit.
    return failures[0] + dt.timedelta(seconds=settings.TENANCY_LINK_LOCK_SECONDS)


@transaction.atomic
def tenancy_link(*, user, reference: str, date_of_birth: dt.date, postcode: str) -> LinkResult:
    """Link a login to a tenancy when the reference, a tenant's date of birth and the postcode
    all match the housing system's records. Five wrong tries in an hour lock linking.

    A wrong answer never says which part was wrong, so the form cannot be used to find out
    who lives where.
    """
    # Serialise attempts by the same login so parallel tries cannot beat the lock.
    get_user_model().objects.select_for_update().filter(pk=user.pk).first()
    locked_until = link_lock_until(user=user)
    if locked_until:
        logger.warning("tenancy link refused: locked user_id=%s", user.pk)
        return LinkResult(linked=False, locked_until=locked_until)

    member = (
        TenancyMember.objects.select_related("tenancy")
        .select_for_update(of=("self",))
        .filter(
            tenancy__reference__iexact=normalise_reference(reference),
            date_of_birth=date_of_birth,
            role__in=[TenancyMember.Role.LEAD, TenancyMember.Role.JOINT],
        )
        # Prefer this login's own membership, then someone not yet linked.
        .order_by(
            Case(When(user=user, then=0), When(user__isnull=True, then=1), default=2),
            "pk",
        )
        .first()
    )
    matches = member is not None and (
        normalise_postcode(member.tenancy.postcode) == normalise_postcode(postcode)
    )
    if not matches:
        logger.info("tenancy link failed user_id=%s", user.pk)
        return _failed_attempt(user=user)

    if member.user_id and member.user_id != user.pk:
        # Someone else has already linked as this person. Do not hand the tenancy over.
        logger.warning(
            "tenancy link refused: member already linked member_id=%s user_id=%s",
            member.pk,
            user.pk,
        )
        return _failed_attempt(user=user, already_linked_elsewhere=True)

    if member.user_id is None:
        member.user = user
        member.linked_at = timezone.now()
        member.save(update_fields=["user", "linked_at"])
    LinkAttempt.objects.create(user=user, succeeded=True)
    logger.info("tenancy linked member_id=%s user_id=%s", member.pk, user.pk)
    return LinkResult(linked=True, tenancy=member.tenancy)


def _failed_attempt(*, user, already_linked_elsewhere: bool = False) -> LinkResult:
    LinkAttempt.objects.create(user=user, succeeded=False)
    locked_until = link_lock_until(user=user)
    if locked_until:
        logger.warning("tenancy linking locked for an hour user_id=%s", user.pk)
    return LinkResult(
        linked=False,
        locked_until=locked_until,
        already_linked_elsewhere=already_linked_elsewhere,
    )
