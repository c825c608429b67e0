"""allauth's forms with error messages written for people, in the GOV.UK style."""

from allauth.account import forms as allauth_forms
from django.utils.translation import gettext_lazy as _

EMAIL_FORMAT = _("Enter an email address in the correct format, like name@example.com")


def _reword(form, messages: dict[str, dict[str, str]]) -> None:
    for field_name, field_messages in messages.items():
        if field_name in form.fields:
            form.fields[field_name].error_messages.update(field_messages)


class LoginForm(allauth_forms.LoginForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _reword(
            self,
            {
                "login": {"required": _("Enter your email address"), "invalid": EMAIL_FORMAT},
                "password": {"required": _("Enter your password")},
            },
        )


class SignupForm(allauth_forms.SignupForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _reword(
            self,
            {
                "email": {"required": _("Enter your email address"), "invalid": EMAIL_FORMAT},
                "password1": {"required": _("Create a password")},
                "password2": {"required": _("Enter the password again")},
            },
        )


class ResetPasswordForm(allauth_forms.ResetPasswordForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _reword(
            self,
            {"email": {"required": _("Enter your email address"), "invalid": EMAIL_FORMAT}},
        )
