"""Password hashing: Argon2id at no less than OWASP's minimum in production (and in the settings
the load bench seeds with), and old PBKDF2 hashes still verify and are upgraded at the next
sign-in. The test settings hash with MD5 for speed, so these tests put the real list back."""

from __future__ import annotations

import pytest
from django.contrib.auth.hashers import (
    Argon2PasswordHasher,
    PBKDF2PasswordHasher,
    check_password,
    identify_hasher,
    make_password,
)
from django.urls import reverse

from config.settings import base
from portal.hashers import Argon2idPasswordHasher
from tests.factories import TEST_PASSWORD, UserFactory
from tests.security.test_deploy_settings import run_python

# OWASP Password Storage Cheat Sheet: Argon2id, at least m=19 MiB, t=2, p=1.
OWASP_MIN_MEMORY_KIB = 19 * 1024
OWASP_MIN_TIME_COST = 2
OWASP_MIN_PARALLELISM = 1

ARGON2ID = "portal.hashers.Argon2idPasswordHasher"
PBKDF2 = "django.contrib.auth.hashers.PBKDF2PasswordHasher"


@pytest.fixture
def real_hashers(settings):
    settings.PASSWORD_HASHERS = base.PASSWORD_HASHERS


def argon2_parameters(encoded: str):
    assert encoded.startswith("argon2$argon2id$"), encoded[:20]
    return Argon2idPasswordHasher().decode(encoded)["params"]


def test_argon2id_comes_first_and_pbkdf2_second():
    assert base.PASSWORD_HASHERS[:2] == [ARGON2ID, PBKDF2]


@pytest.mark.usefixtures("real_hashers")
def test_new_hashes_are_argon2id_at_no_less_than_owasps_minimum():
    encoded = make_password(TEST_PASSWORD)
    params = argon2_parameters(encoded)
    assert params.memory_cost >= OWASP_MIN_MEMORY_KIB
    assert params.time_cost >= OWASP_MIN_TIME_COST
    assert params.parallelism >= OWASP_MIN_PARALLELISM
    assert check_password(TEST_PASSWORD, encoded)
    assert not check_password("not-the-password", encoded)


@pytest.mark.parametrize(
    "settings_module",
    ["config.settings.production", "config.settings.dev"],  # dev: what bench/load.py seeds with
)
def test_production_and_the_load_bench_hash_with_argon2id(settings_module):
    result = run_python(
        "import django; django.setup(); from django.conf import settings;"
        "from django.contrib.auth.hashers import make_password;"
        "print(settings.PASSWORD_HASHERS[:2]); print(make_password('x'))",
        DJANGO_SETTINGS_MODULE=settings_module,
    )
    assert result.returncode == 0, result.stderr
    hashers, encoded = result.stdout.strip().splitlines()[-2:]
    assert hashers == str([ARGON2ID, PBKDF2])
    params = argon2_parameters(encoded)
    assert (params.memory_cost, params.time_cost, params.parallelism) == (
        OWASP_MIN_MEMORY_KIB,
        OWASP_MIN_TIME_COST,
        OWASP_MIN_PARALLELISM,
    )


def sign_in(client, user) -> int:
    response = client.post(
        reverse("account_login"), {"login": user.email, "password": TEST_PASSWORD}
    )
    return response.status_code


@pytest.mark.django_db
@pytest.mark.usefixtures("real_hashers")
def test_an_existing_pbkdf2_hash_still_signs_in_and_is_upgraded_to_argon2id(client):
    user = UserFactory()
    pbkdf2 = PBKDF2PasswordHasher()
    user.password = pbkdf2.encode(TEST_PASSWORD, pbkdf2.salt())  # as Django's default made it
    user.save(update_fields=["password"])

    assert sign_in(client, user) == 302
    user.refresh_from_db()
    assert identify_hasher(user.password).algorithm == "argon2"
    argon2_parameters(user.password)

    client.logout()
    assert sign_in(client, user) == 302  # the new hash works


@pytest.mark.django_db
@pytest.mark.usefixtures("real_hashers")
def test_a_wrong_password_leaves_the_old_hash_alone(client):
    user = UserFactory()
    pbkdf2 = PBKDF2PasswordHasher()
    old = pbkdf2.encode(TEST_PASSWORD, pbkdf2.salt())
    user.password = old
    user.save(update_fields=["password"])

    response = client.post(
        reverse("account_login"), {"login": user.email, "password": "not-the-password"}
    )
    assert response.status_code == 200
    user.refresh_from_db()
    assert user.password == old


@pytest.mark.django_db
@pytest.mark.usefixtures("real_hashers")
def test_argon2_hashes_with_other_parameters_are_rehashed_with_ours(client):
    """Django's stock Argon2 parameters (100 MiB, 8 lanes) are re-hashed at sign-in, so a change
    of parameters reaches everyone who signs in."""
    user = UserFactory()
    stock = Argon2PasswordHasher()
    user.password = stock.encode(TEST_PASSWORD, stock.salt())
    user.save(update_fields=["password"])

    assert sign_in(client, user) == 302
    user.refresh_from_db()
    params = argon2_parameters(user.password)
    assert (params.memory_cost, params.parallelism) == (
        Argon2idPasswordHasher.memory_cost,
        Argon2idPasswordHasher.parallelism,
    )
