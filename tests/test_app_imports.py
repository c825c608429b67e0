"""The apps import one way, down to `portal` (docs/architecture.md). This reads every module of
every app and fails on an import the table does not allow, so a shortcut across the house is
caught when it is written, not when it tangles."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

MAY_IMPORT = {
    "portal": set(),
    "payments": {"portal"},
    "budgeting": {"portal"},
    "casework": {"portal"},
    "benefits_checker": {"portal", "budgeting"},
    "arrangements": {"portal", "payments", "budgeting", "casework"},
    "referrals": {"portal", "budgeting", "benefits_checker", "casework"},
    "cms": set(),
}
OUR_APPS = set(MAY_IMPORT)


def imported_apps(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
        else:
            continue
        found.update(name.split(".")[0] for name in names)
    return found & OUR_APPS


@pytest.mark.parametrize("app", sorted(MAY_IMPORT))
def test_app_imports_only_the_apps_below_it(app):
    wrong = []
    for path in sorted((ROOT / app).rglob("*.py")):
        for other in imported_apps(path) - MAY_IMPORT[app] - {app}:
            wrong.append(f"{path.relative_to(ROOT)} imports {other}")
    assert not wrong, "imports against docs/architecture.md:\n" + "\n".join(wrong)


def test_the_checker_sees_a_forbidden_import(tmp_path):
    module = tmp_path / "bad.py"
    module.write_text("from casework.services import work_item_open\nimport referrals.models\n")
    assert imported_apps(module) == {"casework", "referrals"}
