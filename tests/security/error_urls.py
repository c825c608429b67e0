"""The site's URLs plus one view that fails, to see the generic 500 page."""

from django.urls import path

from config.urls import urlpatterns as site_urlpatterns


class CanaryFailure(Exception):
    pass


def boom(request):
    raise CanaryFailure("SECRET-CANARY-sql SELECT * FROM portal_user")


urlpatterns = [path("boom/", boom), *site_urlpatterns]
