"""Who each of the security routes is for, for the URL walk in tests/test_url_access.py."""

from tests.audiences import TENANT

AUDIENCES = {
    # "Stay signed in": anyone signed in (tenants and staff); anonymous visitors go to sign in.
    "portal:session_extend": TENANT,
}
