"""Matching the grants catalogue (GrantScheme snippets) against a household. Pure: takes the
schemes as a list, so the rules are tested without a database."""

from __future__ import annotations

from .engine import Household, Result


def _postcode_matches(postcode: str, prefixes: list[str]) -> bool:
    """ "M14 5RQ" is in "M" and "M14", not in "MK" or "M1"."""
    outward = postcode.upper().replace(" ", "")[:-3] if len(postcode.replace(" ", "")) > 3 else ""
    letters = len(outward) - len(outward.lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ"))
    area = outward[:letters]  # "SW1A" -> "SW"
    return any(prefix in (outward, area) for prefix in prefixes)


def match_grants(
    schemes, *, household: Household, result: Result, postcode: str, tenure: str
) -> list:
    """The schemes this household seems to qualify for, in catalogue order."""
    means_tested = (
        result.universal_credit > 0 or result.pension_credit > 0 or (result.housing_benefit > 0)
    )
    pension_age = result.route == "pension_age"
    disabled = any(
        adult.lcwra or adult.health_condition or adult.gets_disability_benefit or adult.blind
        for adult in household.adults
    ) or any(
        child.disabled or child.severely_disabled or child.disability_no_benefit
        for child in household.children
    )
    matched = []
    for scheme in schemes:
        if scheme.requires_universal_credit and result.universal_credit <= 0:
            continue
        if scheme.requires_means_tested_benefit and not means_tested:
            continue
        if scheme.pension_age == "only" and not pension_age:
            continue
        if scheme.pension_age == "working_age" and pension_age:
            continue
        if scheme.requires_disability and not disabled:
            continue
        if scheme.requires_children and not household.children:
            continue
        if scheme.tenure != "any" and scheme.tenure != tenure:
            continue
        prefixes = scheme.area_prefixes
        if prefixes and not _postcode_matches(postcode, prefixes):
            continue
        matched.append(scheme)
    return matched
