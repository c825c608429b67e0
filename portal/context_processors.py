"""Context for every template: the landlord's details and whether to show the officers' menu.

Whether a login is an income officer is cached per login (one cache round trip, no query), and
every cached answer is dropped whenever a login's groups change or a group is saved or deleted
(`connect()`, run when this module is imported; PortalConfig.ready() imports it), so the menu
is right on the next request. The officers' pages never rely on this:
`portal.access.officer_required` asks the database.
"""

import uuid

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils.functional import SimpleLazyObject

from .access import is_officer
from .cache import cache_degraded

# An upper bound, should a change be made where the signals do not reach (raw SQL).
OFFICER_FLAG_SECONDS = 10 * 60
GROUPS_VERSION_KEY = "portal:groups-version"


def _officer_key(user) -> str:
    # date_joined tells apart two logins that had the same id (a test database rolled back).
    joined = user.date_joined.timestamp() if user.date_joined else 0
    return f"portal:is-officer:{user.pk}:{joined}"


def user_is_officer(user) -> bool:
    """`portal.access.is_officer`, cached per login: one cache round trip (the groups version
    and the answer stored with the version it was worked out under)."""
    if not user.is_authenticated:
        return False
    key = _officer_key(user)
    found = cache.get_many([GROUPS_VERSION_KEY, key])
    version = found.get(GROUPS_VERSION_KEY)
    if version is None:  # first use, or the cache lost it: nothing cached before counts
        cache.add(GROUPS_VERSION_KEY, uuid.uuid4().hex, timeout=None)
        version = cache.get(GROUPS_VERSION_KEY) or "unknown"
    stored = found.get(key)
    if stored is not None and stored[0] == version:
        return stored[1]
    answer = is_officer(user)
    cache.set(key, (version, answer), OFFICER_FLAG_SECONDS)
    return answer


def _groups_changed(**kwargs) -> None:
    """Some login's groups, or a group, changed: every cached answer is out of date."""
    cache.set(GROUPS_VERSION_KEY, uuid.uuid4().hex, timeout=None)


def connect() -> None:
    through = get_user_model().groups.through
    m2m_changed.connect(_groups_changed, sender=through, dispatch_uid="portal-officer-flag")
    for signal in (post_save, post_delete):
        signal.connect(_groups_changed, sender=Group, dispatch_uid=f"portal-officer-{id(signal)}")


connect()


def landlord(request):
    """The landlord's name and contact details, for the header, footer and help text."""
    return {
        "landlord": {
            "name": settings.LANDLORD_NAME,
            "phone": settings.LANDLORD_PHONE,
            "email": settings.LANDLORD_EMAIL,
            "opening_hours": settings.LANDLORD_OPENING_HOURS,
        },
        "service_name": settings.SERVICE_NAME,
        # Lazy, and cached per login: no query on a tenant's page once the answer is known.
        "user_is_officer": SimpleLazyObject(lambda: user_is_officer(request.user)),
        # A callable, so the template asks after the page's own cache reads have been tried.
        "service_degraded": cache_degraded,
    }
