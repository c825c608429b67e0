"""The tenant's questions, one page each. Error messages say what to do, in plain words."""

from __future__ import annotations

import re

from django import forms
from django.utils.translation import gettext_lazy as _

from .consent import statements
from .models import Referral

PHONE_CHARACTERS = re.compile(r"^[0-9 +()\-]+$")


class TelInput(forms.TextInput):
    input_type = "tel"


class TopicsForm(forms.Form):
    topics = forms.MultipleChoiceField(
        label=_("What do you want help with?"),
        choices=Referral.Topic.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Select what you want help with")},
    )
    topic_details = forms.CharField(
        label=_("Tell us more (optional)"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"max_length": _("Tell us in 500 characters or fewer")},
    )

    def __init__(self, *args, tenancies=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.tenancies = tenancies or []
        if len(self.tenancies) > 1:
            self.fields["tenancy"] = forms.ChoiceField(
                label=_("Which home is this about?"),
                choices=[(t.reference, t.address) for t in self.tenancies],
                widget=forms.RadioSelect,
                error_messages={"required": _("Select which home this is about")},
            )

    def clean(self):
        data = super().clean()
        if "other" in (data.get("topics") or []) and not (data.get("topic_details") or "").strip():
            self.add_error("topic_details", _("Tell us what else you want help with"))
        return data


class ContactForm(forms.Form):
    contact_method = forms.ChoiceField(
        label=_("How should Citizens Advice contact you?"),
        choices=Referral.ContactMethod.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Select how Citizens Advice should contact you")},
    )
    phone = forms.CharField(
        label=_("Phone number"),
        required=False,
        max_length=20,
        widget=TelInput(attrs={"autocomplete": "tel"}),
        error_messages={"max_length": _("Enter a phone number, like 07700 900 982")},
    )
    email = forms.EmailField(
        label=_("Email address"),
        required=False,
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        error_messages={"invalid": _("Enter an email address, like name@example.com")},
    )
    contact_times = forms.MultipleChoiceField(
        label=_("When is a good time?"),
        choices=Referral.ContactTime.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Select when is a good time to contact you")},
    )

    def clean_phone(self):
        phone = self.cleaned_data.get("phone", "").strip()
        if phone:
            digits = re.sub(r"\D", "", phone)
            if not PHONE_CHARACTERS.match(phone) or not 10 <= len(digits) <= 13:
                raise forms.ValidationError(_("Enter a phone number, like 07700 900 982"))
        return phone

    def clean(self):
        data = super().clean()
        method = data.get("contact_method")
        if method == "phone" and not data.get("phone") and "phone" not in self.errors:
            self.add_error("phone", _("Enter a phone number so Citizens Advice can call you"))
        if method == "email" and not data.get("email") and "email" not in self.errors:
            self.add_error("email", _("Enter an email address so Citizens Advice can email you"))
        if "any" in (data.get("contact_times") or []):
            data["contact_times"] = ["any"]
        return data


class NeedsForm(forms.Form):
    interpreter = forms.ChoiceField(
        label=_("Do you need an interpreter?"),
        choices=[("no", _("No")), ("yes", _("Yes"))],
        widget=forms.RadioSelect,
        error_messages={"required": _("Select yes if you need an interpreter")},
    )
    interpreter_language = forms.CharField(
        label=_("Which language?"),
        required=False,
        max_length=60,
        error_messages={"max_length": _("Enter the language in 60 characters or fewer")},
    )
    health_needs = forms.CharField(
        label=_(
            "Is there anything about your health or a disability that the adviser should know? "
            "(optional)"
        ),
        help_text=_(
            "For example, if you are deaf and need a text relay call, or find phone calls "
            "hard. This is health information: we only keep and send it if you agree on the "
            "next page."
        ),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"max_length": _("Tell us in 1,000 characters or fewer")},
    )

    def clean(self):
        data = super().clean()
        if (
            data.get("interpreter") == "yes"
            and not (data.get("interpreter_language") or "").strip()
        ):
            self.add_error("interpreter_language", _("Enter the language you need"))
        if data.get("interpreter") == "no":
            data["interpreter_language"] = ""
        return data


class ConsentForm(forms.Form):
    """Three separate statements, three tick boxes. Only the first is needed to refer."""

    core = forms.BooleanField(required=False)
    finances = forms.BooleanField(required=False)
    health = forms.BooleanField(required=False)

    def __init__(self, *args, version=None, **kwargs):
        super().__init__(*args, **kwargs)
        texts = statements(version) if version else statements()
        for name in ("core", "finances", "health"):
            self.fields[name].label = texts[name]

    def clean(self):
        data = super().clean()
        if not data.get("core"):
            self.add_error(
                "core",
                _(
                    "Tick the first box to agree to share your details. Citizens Advice needs "
                    "them to contact you and to see what you owe, so we cannot refer you "
                    "without them"
                ),
            )
        return data

    def categories(self) -> list[str]:
        return [name for name in ("core", "finances", "health") if self.cleaned_data.get(name)]


class NoteForm(forms.Form):
    note = forms.CharField(
        label=_("Note to send with the referral (optional)"),
        help_text=_("Only what the adviser needs. The tenant can see this note."),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"max_length": _("Write the note in 2,000 characters or fewer")},
    )


class OutcomeForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("What happened?"),
        choices=[
            (Referral.Status.ACCEPTED, _("Citizens Advice accepted the referral")),
            (Referral.Status.TENANT_CONTACTED, _("Citizens Advice has contacted the tenant")),
            (Referral.Status.CLOSED, _("Closed")),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": _("Select what happened")},
    )
