"""Keeps tenants out of the admin areas and makes staff use MFA there.

Wagtail and Django admin each have their own permission checks, but both answer a signed-in
tenant with a login form, and neither asks for a second factor. This guard sits in front of both:
people who are not staff or editors get a 404, and staff without MFA are sent to set it up.
"""

from django.contrib.auth.views import redirect_to_login
from django.http import Http404

from .access import has_mfa, is_editor, redirect_to_mfa_setup

CMS_ADMIN_PREFIX = "/cms-admin/"
DJANGO_ADMIN_PREFIX = "/django-admin/"


def _may_use_cms_admin(user) -> bool:
    return user.is_superuser or is_editor(user)


class AdminAreaGuardMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        path = request.path_info
        if path.startswith(CMS_ADMIN_PREFIX):
            allowed = _may_use_cms_admin
        elif path.startswith(DJANGO_ADMIN_PREFIX):
            allowed = lambda user: user.is_staff  # noqa: E731
        else:
            return self.get_response(request)

        user = request.user
        if not user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not allowed(user):
            raise Http404
        if not has_mfa(user):
            return redirect_to_mfa_setup(request)
        return self.get_response(request)
