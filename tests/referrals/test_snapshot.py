"""The allow-list: a snapshot holds exactly the allow-listed fields of the consented
categories, whatever the sources hold. Pure: no database."""

import itertools

import pytest

from referrals import consent
from referrals.snapshot import ALLOWLIST, META_KEYS, snapshot_build, snapshot_hash, snapshot_keys

SOURCES = {
    "core": {
        "name": "Ann Example",
        "email": "ann@example.com",
        "phone": "07700 900 982",
        "contact_method": "phone",
        "contact_times": ["morning"],
        "topics": ["debt"],
        "topic_details": "",
        "interpreter_language": "",
        "landlord": "Example Homes",
        "tenancy_reference": "T1",
        "address": "1 Canal Street, M1 3HE",
        "tenancy_start_date": "2020-04-06",
        "weekly_rent_pence": 9500,
        "accounts": [
            {
                "reference": "A1",
                "kind": "rent",
                "balance_pence": 100,
                "weeks_in_arrears": "0.0",
                "secret": "dropped",
            }
        ],
        "total_balance_pence": 100,
        "date_of_birth": "1985-03-27",  # not allow-listed: must never appear
        "ni_number": "QQ123456C",
    },
    "finances": {
        "budget": {"version": 1, "income_monthly_pence": 100000, "notes": "dropped"},
        "benefits_check": None,
        "bank_account": "12345678",
    },
    "health": {
        "health_needs": "Hard of hearing",
        "benefits_check_health": None,
        "diagnosis": "dropped",
    },
}

OPTIONAL = ("finances", "health")


@pytest.mark.parametrize(
    "optional",
    [combo for n in range(3) for combo in itertools.combinations(OPTIONAL, n)],
)
def test_the_snapshot_keys_equal_the_allow_list_of_the_consented_categories(optional):
    categories = ["core", *optional]
    snapshot = snapshot_build(categories=categories, sources=SOURCES)
    assert set(snapshot) == set(META_KEYS) | set(categories)
    assert snapshot_keys(snapshot) == {c: set(ALLOWLIST[c]) for c in categories}
    assert snapshot["categories"] == categories


def test_nothing_from_the_health_category_without_its_tick():
    snapshot = snapshot_build(categories=["core", "finances"], sources=SOURCES)
    assert "health" not in snapshot
    assert "Hard of hearing" not in repr(snapshot)


def test_fields_outside_the_allow_list_never_reach_the_snapshot():
    snapshot = snapshot_build(categories=list(consent.CATEGORIES), sources=SOURCES)
    text = repr(snapshot)
    for value in ("1985-03-27", "QQ123456C", "12345678", "dropped"):
        assert value not in text
    assert set(snapshot["core"]["accounts"][0]) == {
        "reference",
        "kind",
        "balance_pence",
        "weeks_in_arrears",
    }
    assert "notes" not in snapshot["finances"]["budget"]


def test_a_snapshot_without_the_core_consent_cannot_be_built():
    with pytest.raises(ValueError):
        snapshot_build(categories=["finances", "health"], sources=SOURCES)


def test_the_snapshot_is_a_copy_not_a_view_of_the_sources():
    snapshot = snapshot_build(categories=["core"], sources=SOURCES)
    snapshot["core"]["accounts"][0]["balance_pence"] = 1
    assert SOURCES["core"]["accounts"][0]["balance_pence"] == 100
    assert snapshot_hash(snapshot) != snapshot_hash(
        snapshot_build(categories=["core"], sources=SOURCES)
    )


def test_consent_versions_have_three_separate_statements_and_a_stable_hash():
    for version, texts in consent.CONSENT_VERSIONS.items():
        assert set(texts) == set(consent.CATEGORIES)
        assert len(set(texts.values())) == 3
        assert consent.text_hash(version) == consent.text_hash(version)
    assert "health" in consent.statements()["health"].lower()  # names the special category
    assert consent.CURRENT_VERSION in consent.CONSENT_VERSIONS
