"""Background work for referrals. Tasks take ids only (never a name, an address or a note),
re-read what they need, call one service and are safe to run twice."""

from __future__ import annotations

from celery import shared_task
from django.conf import settings

from . import services


def retry_countdown(retries: int) -> int:
    """Exponential backoff: the base, then doubling (60s, 2m, 4m, 8m...), at most a day."""
    return min(settings.REFERRALS_RETRY_BASE_SECONDS * 2**retries, 24 * 60 * 60)


@shared_task(bind=True, acks_late=True, max_retries=None)
def deliver_referral(self, referral_id: int) -> str:
    """Deliver one referral. After REFERRALS_MAX_RETRIES retries it goes back to the officer."""
    try:
        return services.referral_deliver(referral_id=referral_id)
    except services.DeliveryFailed as exc:
        if self.request.retries >= settings.REFERRALS_MAX_RETRIES:
            services.referral_delivery_failed(referral_id=referral_id)
            return "undelivered"
        raise self.retry(
            exc=exc,
            countdown=retry_countdown(self.request.retries),
            max_retries=settings.REFERRALS_MAX_RETRIES,
        ) from exc


@shared_task(bind=True, acks_late=True, max_retries=0)
def purge_snapshots(self) -> int:
    """Daily (beat): delete snapshots past their retention date. Safe to run twice."""
    return services.snapshots_past_retention_remove()


@shared_task(bind=True, acks_late=True, max_retries=0)
def requeue_stalled(self) -> int:
    """Hourly (beat): queue again referrals left `sending` with no delivery try."""
    return services.referrals_stalled_requeue()
