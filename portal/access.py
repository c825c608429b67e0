"""Who may do what: the roles, and the one guard every officer page sits behind.

Officer pages need two things: membership of the income officers' group and a second factor
(allauth.mfa TOTP). An officer who has not set MFA up yet is sent to set it up first.
"""

from functools import wraps

from allauth.mfa.utils import is_mfa_enabled
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect


def is_officer(user) -> bool:
    return user.is_authenticated and user.groups.filter(name=settings.INCOME_OFFICER_GROUP).exists()


def is_editor(user) -> bool:
    return user.is_authenticated and user.groups.filter(name=settings.EDITOR_GROUP).exists()


def has_mfa(user) -> bool:
    return is_mfa_enabled(user)


def redirect_to_mfa_setup(request):
    messages.warning(
        request, "Set up a second way to sign in (an authenticator app) before you continue."
    )
    return redirect("mfa_activate_totp")


def officer_required(view_func):
    """The guard for every officer view: signed in, an income officer, MFA on."""

    @wraps(view_func)
    def wrapped(request, *args, **kwargs):
        user = request.user
        if not user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not is_officer(user):
            raise PermissionDenied
        if not has_mfa(user):
            return redirect_to_mfa_setup(request)
        return view_func(request, *args, **kwargs)

    return wrapped
