"""Factories for the officers' side."""

import datetime as dt

import factory
from django.utils import timezone

from casework import priority
from casework.models import WorkItem
from tests.factories import TenancyFactory


class WorkItemFactory(factory.django.DjangoModelFactory):
    """An open work item with a fixed score (no arrears lookup), ranked as the service would."""

    class Meta:
        model = WorkItem

    kind = WorkItem.Kind.PLAN_DECISION
    tenancy = factory.SubFactory(TenancyFactory)
    subject_type = "tests.subject"
    subject_id = factory.Sequence(lambda n: str(n))
    summary = "Plan of £25.00 a week to decide"
    link = ""
    status = WorkItem.Status.OPEN
    created_at = factory.LazyFunction(timezone.now)
    due_at = factory.LazyAttribute(lambda item: item.created_at + dt.timedelta(days=2))
    priority_points = 0
    priority_parts = factory.LazyAttribute(
        lambda item: (
            [{"label": "2.0 weeks of rent owed", "points": item.priority_points}]
            if item.priority_points
            else []
        )
    )
    rank = factory.LazyAttribute(
        lambda item: priority.rank_for(points=item.priority_points, created_at=item.created_at)
    )
