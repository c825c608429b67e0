"""For the error pages, which must render with no context at all (Django renders 500.html with
an empty Context, and the database may be the thing that failed): the landlord's details
straight from settings, never from the database."""

from django import template
from django.conf import settings

register = template.Library()


@register.simple_tag
def landlord_from_settings() -> dict[str, str]:
    return {
        "name": settings.LANDLORD_NAME,
        "phone": settings.LANDLORD_PHONE,
        "email": settings.LANDLORD_EMAIL,
        "opening_hours": settings.LANDLORD_OPENING_HOURS,
        "service_name": settings.SERVICE_NAME,
    }
