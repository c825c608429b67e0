"""Who each of casework's routes is for, for the URL walk in tests/test_url_access.py."""

from tests.audiences import OFFICER

AUDIENCES = {
    "casework:home": OFFICER,
}
