import os

import pytest
from django.conf import settings

from tests.factories import UserFactory, add_to_group

IN_CI = os.environ.get("CI") == "true"


def pytest_collection_modifyitems(config, items):
    """Tests marked `postgres` need PostgreSQL. Locally they skip on SQLite; in CI they must run."""
    from django.db import connection

    if connection.vendor == "postgresql":
        return
    for item in items:
        if "postgres" in item.keywords:
            if IN_CI:
                raise pytest.UsageError(
                    "CI=true but the database is not PostgreSQL: set DATABASE_URL"
                )
            item.add_marker(pytest.mark.skip(reason="needs PostgreSQL (set DATABASE_URL)"))


def give_totp(user):
    """Turn MFA on for a user, as if they had enrolled an authenticator app."""
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    return secret


@pytest.fixture
def tenant(db):
    return UserFactory()


@pytest.fixture
def officer(db):
    user = add_to_group(UserFactory(), settings.INCOME_OFFICER_GROUP)
    give_totp(user)
    return user


@pytest.fixture
def officer_without_mfa(db):
    return add_to_group(UserFactory(), settings.INCOME_OFFICER_GROUP)


@pytest.fixture
def editor(db):
    user = add_to_group(UserFactory(is_staff=True), settings.EDITOR_GROUP)
    give_totp(user)
    return user
