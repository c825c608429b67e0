from django.conf import settings
from django.utils.functional import SimpleLazyObject

from .access import is_officer


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
        # Lazy: only pages that show the officers' menu item ask the database.
        "user_is_officer": SimpleLazyObject(lambda: is_officer(request.user)),
    }
