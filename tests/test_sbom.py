"""The SBOM `make sbom` and `make audit` write (scripts/sbom.py, docs/supply-chain.md)."""

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
# Read independently of scripts/sbom.py, so a pin the script skipped would still be expected.
PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)(?:\[[^\]]*\])?==([^\s;#]+)")


def _canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _pins() -> dict[str, str]:
    lines = (ROOT / "requirements.txt").read_text().splitlines()
    return {_canonical(m[1]): m[2] for line in lines if (m := PIN.match(line.strip()))}


def _run_sbom(output: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(  # noqa: S603 (our interpreter and script, fixed arguments)
        [sys.executable, str(ROOT / "scripts" / "sbom.py"), str(output), *args],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def _missing_pins(bom: dict, pins: dict[str, str]) -> list[str]:
    listed = {(_canonical(c["name"]), c["version"]) for c in bom["components"]}
    missing = [(name, version) for name, version in pins.items() if (name, version) not in listed]
    return sorted(f"{name}=={version}" for name, version in missing)


@pytest.fixture(scope="module")
def bom(tmp_path_factory) -> dict:
    output = tmp_path_factory.mktemp("sbom") / "sbom.cdx.json"
    result = _run_sbom(output)
    assert result.returncode == 0, result.stderr
    assert str(output) in result.stdout
    return json.loads(output.read_text())


def test_sbom_is_cyclonedx_json_for_this_project(bom):
    assert bom["bomFormat"] == "CycloneDX"
    assert bom["specVersion"] == "1.6"
    assert bom["metadata"]["component"]["name"] == "tenant-portal"


def test_sbom_lists_every_pin_of_requirements_txt_at_its_exact_version(bom):
    pins = _pins()
    assert len(pins) >= 17
    assert _missing_pins(bom, pins) == []


def test_the_pin_check_notices_a_missing_or_different_pin(bom):
    pins = _pins()
    without_django = dict(bom, components=[c for c in bom["components"] if c["name"] != "Django"])
    assert _missing_pins(without_django, pins) == [f"django=={pins['django']}"]
    assert _missing_pins(bom, {**pins, "wagtail": "0.1"}) == ["wagtail==0.1"]


def test_sbom_graph_starts_at_the_pins_and_includes_what_they_pull_in(bom):
    refs = {c["bom-ref"]: c for c in bom["components"]}
    graph = {entry["ref"]: entry.get("dependsOn", []) for entry in bom["dependencies"]}
    root = graph[bom["metadata"]["component"]["bom-ref"]]
    frontend = (ROOT / "static" / "govuk" / "VERSION").read_text().strip()
    assert sorted(_canonical(refs[ref]["name"]) for ref in root) == sorted(
        [*_pins(), "govuk-frontend"]
    )
    assert f"pkg:npm/govuk-frontend@{frontend}" in root
    assert all(ref in refs for children in graph.values() for ref in children)
    django = next(ref for ref in root if refs[ref]["name"] == "Django")
    assert {refs[ref]["name"] for ref in graph[django]} >= {"asgiref", "sqlparse"}
    # Runtime only: development tools are not shipped.
    assert not {"pytest", "ruff", "bandit", "cyclonedx-bom"} & {
        _canonical(c["name"]) for c in bom["components"]
    }


@pytest.mark.parametrize(
    ("requirements", "message"),
    [
        ("Django>=5.2\n", "not pinned with ==: Django>=5.2"),
        ("Django==1.0.0\n", "Django is pinned at 1.0.0 but"),
        ("no-such-package-here==1.0\n", "no-such-package-here==1.0 is not installed"),
    ],
)
def test_sbom_refuses_requirements_it_cannot_describe_truthfully(tmp_path, requirements, message):
    requirements_file = tmp_path / "requirements.txt"
    requirements_file.write_text(requirements)
    output = tmp_path / "sbom.cdx.json"
    result = _run_sbom(output, "--requirements", str(requirements_file))
    assert result.returncode == 1
    assert message in result.stderr
    assert not output.exists()
