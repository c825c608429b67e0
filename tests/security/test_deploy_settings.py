"""Check 20(a): the production settings pass Django's deployment checklist, refuse to start
without their secrets or with a per-process cache, and set the HTTPS-only values."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

# Safe dummy values: a long random-looking key (Django's check wants >= 50 characters and
# 5 different ones), a host, a database and Redis that are never contacted by `check`.
PRODUCTION_ENV = {
    "DJANGO_SETTINGS_MODULE": "config.settings.production",
    "SECRET_KEY": "dummy-production-key-" + "x7Q2mP9vL4kR8sT1wZ5nB3cF6hJ0yD" * 2,
    "ALLOWED_HOSTS": "rent.example.org",
    "DATABASE_URL": "postgres://portal@127.0.0.1:5432/portal_security",
    "CACHE_URL": "redis://127.0.0.1:6379/5",
}


def run_python(code: str, **overrides: str | None) -> subprocess.CompletedProcess:
    # Not the test run's own settings, nor the browser tests' async opt-out (a deploy error).
    dropped = ("DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE", "DEBUG")
    env = {k: v for k, v in os.environ.items() if k not in dropped}
    env.update(PRODUCTION_ENV)
    for name, value in overrides.items():
        if value is None:
            env.pop(name, None)
        else:
            env[name] = value
    return subprocess.run(  # noqa: S603 - our own interpreter, fixed arguments
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def production_settings() -> dict:
    code = (
        "import json, django; django.setup(); from django.conf import settings as s;"
        "names = ['DEBUG','SECURE_HSTS_SECONDS','SECURE_HSTS_INCLUDE_SUBDOMAINS',"
        "'SECURE_HSTS_PRELOAD','SECURE_SSL_REDIRECT','SECURE_PROXY_SSL_HEADER',"
        "'SECURE_CONTENT_TYPE_NOSNIFF','SECURE_REFERRER_POLICY','SESSION_COOKIE_SECURE',"
        "'SESSION_COOKIE_HTTPONLY','SESSION_COOKIE_SAMESITE','SESSION_COOKIE_NAME',"
        "'CSRF_COOKIE_SECURE','CSRF_COOKIE_SAMESITE','CSRF_COOKIE_NAME','X_FRAME_OPTIONS',"
        "'SILENCED_SYSTEM_CHECKS','SESSION_COOKIE_AGE','SESSION_IDLE_TIMEOUT_SECONDS',"
        "'SESSION_ABSOLUTE_TIMEOUT_SECONDS','CONTENT_SECURITY_POLICY','ACCOUNT_RATE_LIMITS',"
        "'ALLAUTH_TRUSTED_PROXY_COUNT'];"
        "d = {n: getattr(s, n) for n in names};"
        "d['CACHE_BACKEND'] = s.CACHES['default']['BACKEND'];"
        "print(json.dumps(d, default=list))"
    )
    result = run_python(code)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


@pytest.fixture(scope="module")
def prod():
    return production_settings()


def test_check_deploy_passes_at_warning_level_with_production_settings():
    result = run_python(
        "import sys; from django.core.management import execute_from_command_line;"
        "execute_from_command_line(['manage.py', 'check', '--deploy', '--fail-level', 'WARNING'])"
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues (0 silenced)" in result.stdout


@pytest.mark.parametrize("missing", ["SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL", "CACHE_URL"])
def test_production_refuses_to_start_without_each_secret(missing):
    result = run_python("import django; django.setup()", **{missing: None})
    assert result.returncode != 0
    assert f"{missing} must be set in production" in result.stderr


@pytest.mark.parametrize("cache_url", ["locmemcache://", "dummycache://", "filecache:///tmp/x"])
def test_production_refuses_a_cache_that_web_processes_do_not_share(cache_url):
    result = run_python("import django; django.setup()", CACHE_URL=cache_url)
    assert result.returncode != 0
    assert "CACHE_URL must name a cache every web process shares" in result.stderr


def test_production_uses_redis_for_the_shared_cache(prod):
    assert "Redis" in prod["CACHE_BACKEND"]
    assert "LocMem" not in prod["CACHE_BACKEND"]


def test_production_is_https_only_with_a_years_hsts(prod):
    assert prod["DEBUG"] is False
    assert prod["SECURE_HSTS_SECONDS"] >= 31536000
    assert prod["SECURE_HSTS_INCLUDE_SUBDOMAINS"] is True
    assert prod["SECURE_SSL_REDIRECT"] is True
    assert prod["SECURE_PROXY_SSL_HEADER"] == ["HTTP_X_FORWARDED_PROTO", "https"]


def test_production_cookies_are_secure_httponly_samesite_and_host_prefixed(prod):
    assert prod["SESSION_COOKIE_SECURE"] is True
    assert prod["SESSION_COOKIE_HTTPONLY"] is True
    assert prod["SESSION_COOKIE_SAMESITE"] in ("Lax", "Strict")
    assert prod["SESSION_COOKIE_NAME"].startswith("__Host-")
    assert prod["CSRF_COOKIE_SECURE"] is True
    assert prod["CSRF_COOKIE_SAMESITE"] in ("Lax", "Strict")
    assert prod["CSRF_COOKIE_NAME"].startswith("__Host-")


def test_production_headers_and_no_silenced_checks(prod):
    assert prod["SECURE_CONTENT_TYPE_NOSNIFF"] is True
    assert prod["SECURE_REFERRER_POLICY"] in ("strict-origin-when-cross-origin", "same-origin")
    assert prod["X_FRAME_OPTIONS"] == "DENY"
    assert prod["SILENCED_SYSTEM_CHECKS"] == []
    directives = prod["CONTENT_SECURITY_POLICY"]["DIRECTIVES"]
    assert directives["upgrade-insecure-requests"] is True
    assert "'unsafe-inline'" not in directives["script-src"]


def test_production_sessions_time_out_and_sign_in_is_rate_limited(prod):
    assert prod["SESSION_IDLE_TIMEOUT_SECONDS"] <= 30 * 60
    assert prod["SESSION_ABSOLUTE_TIMEOUT_SECONDS"] <= 12 * 60 * 60
    assert prod["SESSION_COOKIE_AGE"] <= 12 * 60 * 60
    assert "5/5m/key" in prod["ACCOUNT_RATE_LIMITS"]["login_failed"]
    assert prod["ALLAUTH_TRUSTED_PROXY_COUNT"] >= 0
