"""Who each of arrangements's routes is for, for the URL walk in tests/test_url_access.py."""

from tests.audiences import TENANT

AUDIENCES = {
    "arrangements:start": TENANT,
}
