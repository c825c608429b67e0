"""Who each of the cms app's routes is for, for the URL walk in tests/test_url_access.py."""

from tests.audiences import ADMIN, PUBLIC

AUDIENCES = {
    "cms:search": PUBLIC,
    "switch_language": PUBLIC,  # /language/<code>/: sets the language cookie, goes back
    "cms_review_due": ADMIN,  # the "Advice due for review" report in the Wagtail admin
    "cms_review_due_results": ADMIN,
}
