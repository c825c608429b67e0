"""The queue's priority score, with its parts in words. Pure: no ORM, no Django.

Each part is a number of points and a sentence an officer can read ("4.5 weeks of rent
owed: 45 points"). An item's age adds AGE_POINTS_PER_DAY points a day; rather than rewrite
every item daily, the stored rank is the other points in seconds less the creation time, so
ordering by rank is ordering by the whole score at any moment.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

POINTS_PER_WEEK_OWED = 10
WEEKS_OWED_CAP = 26  # beyond half a year of rent, more weeks add nothing
VULNERABLE_POINTS = 50
BREATHING_SPACE_POINTS = 30
AGE_POINTS_PER_DAY = 5
SECONDS_PER_AGE_POINT = 86400 // AGE_POINTS_PER_DAY


@dataclass(frozen=True)
class PriorityPart:
    label: str
    points: int


def priority_parts(
    *, weeks_owed: Decimal | None, vulnerable: bool, breathing_space: bool
) -> list[PriorityPart]:
    """The parts that do not change with time. Age is added by `score_at`."""
    parts = []
    if weeks_owed and weeks_owed > 0:
        capped = min(weeks_owed, Decimal(WEEKS_OWED_CAP))
        points = int(capped * POINTS_PER_WEEK_OWED)
        parts.append(PriorityPart(f"{weeks_owed:.1f} weeks of rent owed", points))
    if vulnerable:
        parts.append(PriorityPart("Flagged as needing extra care", VULNERABLE_POINTS))
    if breathing_space:
        parts.append(
            PriorityPart(
                "In Breathing Space: no enforcement or breach letters", BREATHING_SPACE_POINTS
            )
        )
    return parts


def rank_for(*, points: int, created_at: dt.datetime) -> int:
    """Orders items by points + age points without storing the age."""
    return points * SECONDS_PER_AGE_POINT - int(created_at.timestamp())


def age_points(*, created_at: dt.datetime, now: dt.datetime) -> int:
    return max(0, int((now - created_at).total_seconds()) // SECONDS_PER_AGE_POINT)


def age_part(*, created_at: dt.datetime, now: dt.datetime) -> PriorityPart:
    days = max(0, (now - created_at).days)
    label = "Opened today" if days == 0 else f"Waiting {days} day{'s' if days != 1 else ''}"
    return PriorityPart(label, age_points(created_at=created_at, now=now))
