"""axe-core through Playwright, shared by the browser tests: no serious or critical violations,
no sideways scrolling (reflow at 320px), and one page heading."""

from axe_playwright_python.sync_playwright import Axe

WIDTHS = (320, 1280)
BLOCKING = {"serious", "critical"}
AXE = Axe()


def assert_accessible(page, label, *, one_h1: bool = True):
    results = AXE.run(page)
    blocking = [
        (violation["id"], violation["impact"], [node["target"] for node in violation["nodes"]])
        for violation in results.response["violations"]
        if violation["impact"] in BLOCKING
    ]
    assert not blocking, f"{label}: {blocking}"
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0, f"{label}: scrolls sideways by {overflow}px"
    if one_h1:
        assert page.locator("h1").count() == 1, label
