"""Who each of casework's routes is for, for the URL walk in tests/test_url_access.py."""

from tests.audiences import OFFICER

AUDIENCES = {
    "casework:home": OFFICER,
    "casework:imports": OFFICER,
    "casework:take_next": OFFICER,
    "casework:item_assign": OFFICER,
    "casework:item_release": OFFICER,
    "casework:item_done": OFFICER,
    "casework:case": OFFICER,
    "casework:case_note_add": OFFICER,
    "casework:breathing_space_record": OFFICER,
    "casework:breathing_space_end": OFFICER,
    "casework:vulnerability_set": OFFICER,
    "casework:vulnerability_clear": OFFICER,
}
