"""Forms for the officers' pages. Every error message says what to do next."""

from __future__ import annotations

import datetime as dt

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Button, Field, Layout, Size
from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.forms import GovDateField

from . import selectors
from .models import BreathingSpace, CaseNote, VulnerabilityFlag, WorkItem

NOTE_MAX = CaseNote._meta.get_field("text").max_length
REFERENCE_MAX = BreathingSpace._meta.get_field("reference").max_length


class QueueFilterForm(forms.Form):
    """The queue's filters, sent by GET so a view of the queue can be bookmarked. Rendered by
    templates/casework/_queue_filters.html (GOV.UK markup written out, for speed)."""

    kind = forms.ChoiceField(
        label=_("Kind of work"),
        required=False,
        choices=[("", _("All kinds"))] + list(WorkItem.Kind.choices),
        error_messages={"invalid_choice": _("Select a kind of work from the list")},
    )
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[
            (selectors.STATUS_ACTIVE, _("Open or in progress")),
            (WorkItem.Status.OPEN, _("Open")),
            (WorkItem.Status.IN_PROGRESS, _("In progress")),
            (WorkItem.Status.DONE, _("Done")),
        ],
        error_messages={"invalid_choice": _("Select a status from the list")},
    )
    who = forms.ChoiceField(
        label=_("Assigned to"),
        required=False,
        choices=[
            ("", _("Anyone or no one")),
            (selectors.WHO_MINE, _("Me")),
            (selectors.WHO_UNASSIGNED, _("No one yet")),
        ],
        error_messages={"invalid_choice": _("Select who the work is assigned to from the list")},
    )
    overdue = forms.BooleanField(label=_("Only overdue items"), required=False)
    sort = forms.ChoiceField(
        label=_("Sort by"),
        required=False,
        choices=[
            (selectors.SORT_PRIORITY, _("Priority, highest first")),
            (selectors.SORT_DUE, _("Due time, soonest first")),
        ],
        error_messages={"invalid_choice": _("Select how to sort the queue from the list")},
    )

    def queue_filter(self) -> selectors.QueueFilter:
        """The filter asked for; a value that was not valid falls back to the default (its
        error is shown beside the field)."""
        if not self.is_bound:
            return selectors.QueueFilter()
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return selectors.QueueFilter(
            kind=data.get("kind") or "",
            status=data.get("status") or selectors.STATUS_ACTIVE,
            who=data.get("who") or "",
            overdue=bool(data.get("overdue")),
            sort=data.get("sort") or selectors.SORT_PRIORITY,
        )


class CaseNoteForm(forms.Form):
    text = forms.CharField(
        label=_("Add a note"),
        help_text=_("Notes are kept on the case for other officers. They cannot be changed."),
        max_length=NOTE_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={
            "required": _("Enter the note"),
            "max_length": _("The note must be %(limit_value)s characters or fewer"),
        },
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("prefix", "note")
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.layout = Layout(Field.textarea("text"), Button("save", _("Add note")))

    def clean_text(self) -> str:
        text = self.cleaned_data["text"].replace("\x00", "").strip()
        if not text:
            raise ValidationError(_("Enter the note"))
        return text


class BreathingSpaceForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Kind of Breathing Space"),
        choices=[
            (BreathingSpace.Kind.STANDARD, _("Standard: lasts 60 days")),
            (
                BreathingSpace.Kind.MENTAL_HEALTH_CRISIS,
                _("Mental health crisis: lasts until 30 days after crisis treatment ends"),
            ),
        ],
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Select the kind of Breathing Space"),
            "invalid_choice": _("Select the kind of Breathing Space"),
        },
    )
    starts_on = GovDateField(
        label=_("Start date"),
        help_text=_("The date on the Insolvency Service's notice, for example 27 3 2027"),
        noun="the start date",
    )
    reference = forms.CharField(
        label=_("Insolvency Service reference (optional)"),
        required=False,
        max_length=REFERENCE_MAX,
        error_messages={
            "max_length": _("The reference must be %(limit_value)s characters or fewer")
        },
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("prefix", "bs")
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.layout = Layout(
            Field.radios("kind", legend_size=Size.SMALL),
            Field("starts_on"),
            Field.text("reference", field_width=20),
            Button("save", _("Record Breathing Space")),
        )

    def clean_reference(self) -> str:
        reference = self.cleaned_data["reference"].strip()
        if reference and not all(ch.isalnum() or ch in "-/ " for ch in reference):
            raise ValidationError(
                _("The reference must only include letters, numbers, spaces, dashes and slashes")
            )
        return reference

    def clean(self):
        cleaned = super().clean()
        starts_on, kind = cleaned.get("starts_on"), cleaned.get("kind")
        today = timezone.localdate()
        if starts_on and starts_on > today:
            self.add_error("starts_on", _("The start date must be today or in the past"))
        elif (
            starts_on
            and kind == BreathingSpace.Kind.STANDARD
            and starts_on + dt.timedelta(days=60) <= today
        ):
            self.add_error(
                "starts_on",
                _("A standard Breathing Space from that date has already ended: check the date"),
            )
        return cleaned


class VulnerabilityFlagForm(forms.Form):
    category = forms.ChoiceField(
        label=_("Why does this tenancy need extra care?"),
        help_text=_("Keep the details in the housing system's support records, not here."),
        choices=VulnerabilityFlag.Category.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Select why this tenancy needs extra care"),
            "invalid_choice": _("Select why this tenancy needs extra care"),
        },
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("prefix", "flag")
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.layout = Layout(
            Field.radios("category", legend_size=Size.SMALL),
            Button("save", _("Flag as needing extra care")),
        )
