"""The personal-data register (portal/privacy.py) covers every model of ours that holds
personal data, for both subject access and retention; a model added without registering fails.
"""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.apps import apps
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models

from portal.privacy import PersonalData, personal_data_gaps, personal_data_registry
from tests.factories import tenant_with_account
from tests.privacy.factories import populated_tenant

OUR_APPS = (
    "portal",
    "payments",
    "budgeting",
    "benefits_checker",
    "casework",
    "arrangements",
    "referrals",
    "cms",
)

# Models that hold no personal data, each with the reason. Anything else must be registered.
NO_PERSONAL_DATA = {
    "portal.importrun": "One housing-system file: its name, hash and counts. Row errors give "
    "line numbers and the faulty value of non-identifying columns only (never a name or a "
    "date of birth).",
    "budgeting.guidelineset": "The spending guideline tables (SFS figures), not about anyone.",
    "budgeting.guidelinefigure": "One figure of a spending guideline table.",
    "benefits_checker.grantscheme": "The grants catalogue that editors keep.",
    "benefits_checker.counciltaxscheme": "A council's Council Tax Reduction rules.",
    "arrangements.policysettings": "The landlord's payment plan thresholds: one row of numbers.",
    "cms.homepage": "Wagtail content written by editors.",
    "cms.adviceindexpage": "Wagtail content written by editors.",
    "cms.advicepage": "Wagtail content written by editors.",
    "cms.advicepagerelatedpage": "Links between advice pages.",
    "cms.portalsettings": "The landlord's contact details and site settings.",
}


def our_models() -> list[str]:
    labels = []
    for app_label in OUR_APPS:
        try:
            config = apps.get_app_config(app_label)
        except LookupError:
            continue  # an app of ours that is not installed here holds nothing
        labels += [model._meta.label_lower for model in config.get_models()]
    return labels


def test_every_model_of_ours_is_registered_or_declared_to_hold_no_personal_data():
    problems = personal_data_gaps(
        models=our_models(), registry=personal_data_registry(), no_personal_data=NO_PERSONAL_DATA
    )
    assert not problems, "\n".join(problems)


def test_the_allow_list_names_real_models_with_a_reason_each():
    installed = set(our_models())
    assert set(NO_PERSONAL_DATA) <= installed, set(NO_PERSONAL_DATA) - installed
    assert all(len(reason) > 20 for reason in NO_PERSONAL_DATA.values())


def test_every_registered_model_exists():
    for entry in personal_data_registry():
        for label in entry.models:
            apps.get_model(label)  # LookupError if not


# --- The check itself, on a fake register -------------------------------------------------


def _export(*, user):
    return []


def _retain(*, today):
    return 0


def test_a_new_unregistered_model_fails_the_check():
    registry = [PersonalData(model="shop.Order", export=_export, retention_reason="Kept.")]
    problems = personal_data_gaps(
        models=["shop.order", "shop.basket", "shop.product"],
        registry=registry,
        no_personal_data={"shop.product": "A catalogue."},
    )
    assert problems == [
        "shop.basket is neither registered with register_personal_data nor listed as holding "
        "no personal data"
    ]


def test_a_model_included_by_another_entry_counts_as_registered():
    registry = [
        PersonalData(
            model="shop.Order", includes=("shop.Line",), export=_export, retention_reason="x"
        )
    ]
    assert not personal_data_gaps(
        models=["shop.order", "shop.line"], registry=registry, no_personal_data={}
    )


def test_an_entry_must_say_how_long_its_data_is_kept():
    no_policy = PersonalData(model="shop.Order", export=_export)
    period_without_retain = PersonalData(model="shop.Basket", export=_export, retention_days=30)
    problems = personal_data_gaps(
        models=["shop.order", "shop.basket"],
        registry=[no_policy, period_without_retain],
        no_personal_data={},
    )
    assert any("shop.Order needs retention_days" in problem for problem in problems)
    assert any(
        "shop.Basket has a retention period but no retain" in problem for problem in problems
    )
    fine = PersonalData(model="shop.Order", export=_export, retention_days=30, retain=_retain)
    assert not personal_data_gaps(models=["shop.order"], registry=[fine], no_personal_data={})


def test_a_model_both_registered_and_allow_listed_is_a_mistake():
    registry = [PersonalData(model="shop.Order", export=_export, retention_reason="Kept.")]
    problems = personal_data_gaps(
        models=["shop.order"], registry=registry, no_personal_data={"shop.order": "none"}
    )
    assert problems == ["shop.order is registered but also listed as holding no personal data"]


# --- Every model that points at a person is accounted for -----------------------------------


PERSON_MODELS = {"portal.user", "portal.tenancy", "portal.tenancymember", "portal.account"}
# Links to a login that only ever name a member of staff, never a tenant: allowed on models
# with no tenant's personal data (staff's own access is a matter for the landlord's HR process).
STAFF_ONLY_FIELDS = {
    "cms.advicepage.reviewer": "The editor who last reviewed an advice page.",
}


def _points_at_a_person(model) -> bool:
    # Our own fields only: Wagtail's page models inherit an editor's `owner` and `locked_by`.
    for field in model._meta.get_fields(include_parents=False):
        if (
            isinstance(field, models.ForeignKey | models.OneToOneField)
            and field.related_model._meta.label_lower in PERSON_MODELS
            and f"{model._meta.label_lower}.{field.name}" not in STAFF_ONLY_FIELDS
        ):
            return True
    return False


def test_no_model_with_a_path_to_a_tenant_is_on_the_no_personal_data_list():
    """Check 25(a): a model with a foreign key to a login, tenancy, member or account holds
    data about a person; it may not be declared to hold none."""
    for label in NO_PERSONAL_DATA:
        assert not _points_at_a_person(apps.get_model(label)), label


# --- The exporters ---------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_fully_populated_tenant_gets_every_registered_category_and_nobody_elses():
    """Check 25(c): every registered category exports records for a tenant who has them, the
    records are plain JSON-able values, and another tenant's data never appears."""
    mine = populated_tenant()
    theirs = populated_tenant()
    empty_handed = {
        # Categories populated by apps whose factories live elsewhere; covered in their tests.
        "referrals.Referral",
        "referrals.ConsentRecord",
        "referrals.DeliveryAttempt",
    }
    for entry in personal_data_registry():
        records = entry.export(user=mine.user)
        assert isinstance(records, list), entry.model
        assert all(isinstance(record, dict) for record in records), entry.model
        text = json.dumps(records, cls=DjangoJSONEncoder)
        assert theirs.marker not in text, entry.model
        if entry.model not in empty_handed and not entry.model.startswith("arrangements."):
            assert records, f"{entry.model} exported nothing for a tenant who has some"


@pytest.mark.django_db
def test_a_tenant_with_nothing_gets_empty_sections_not_errors():
    user, _ = tenant_with_account()
    for entry in personal_data_registry():
        records = entry.export(user=user)
        json.dumps(records, cls=DjangoJSONEncoder)


def test_retention_periods_are_the_documented_defaults(settings):
    assert settings.PRIVACY_RETENTION_DAYS_BUDGET == 730
    assert settings.PRIVACY_RETENTION_DAYS_BENEFITS_CHECK == 365
    assert settings.PRIVACY_RETENTION_DAYS_LINK_ATTEMPT == 90
    assert settings.PRIVACY_RETENTION_DAYS_STRIPE_EVENT_PAYLOAD == 400
    assert settings.PRIVACY_RETENTION_DAYS_VULNERABILITY_FLAG_CLEARED == 365
    assert settings.CELERY_BEAT_SCHEDULE["personal-data-retain"]["task"] == (
        "portal.tasks.personal_data_retain"
    )
    assert dt.timedelta(days=settings.PRIVACY_RETENTION_DAYS_LINK_ATTEMPT) > dt.timedelta(hours=1)
