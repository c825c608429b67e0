"""Write a CycloneDX JSON SBOM of the runtime dependencies, as installed: `make sbom`.

    .venv/bin/python scripts/sbom.py OUTPUT.cdx.json [--requirements requirements.txt]

Run it with the virtualenv's Python: the SBOM describes what that environment really holds.
It lists every pin of requirements.txt (which must all be `name==version`, installed at exactly
that version) and every package they pull in, at the version installed, with the dependency
graph (the root component depends on the pins), plus the vendored GOV.UK Frontend
(static/govuk/VERSION). requirements.txt pins only our direct dependencies, so the installed
versions of the rest are what this build records.

Offline: cyclonedx-py's `requirements` mode builds the components from `name==version` lines
without asking the index. Exits 0 when the SBOM is written, 1 with a message otherwise.
See docs/supply-chain.md.
"""

import argparse
import json
import re
import subprocess
import sys
from importlib import metadata
from pathlib import Path

from packaging.requirements import InvalidRequirement, Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parent.parent


class SbomError(Exception):
    pass


def read_pins(path: Path) -> list[Requirement]:
    """The requirements of a pinned requirements file; anything not `name==version` is refused."""
    pins = []
    for number, raw in enumerate(path.read_text().splitlines(), start=1):
        line = raw.split(" #", 1)[0].strip()
        if not line or line.startswith("#"):
            continue
        try:
            requirement = Requirement(line)
        except InvalidRequirement as error:
            raise SbomError(f"{path.name}:{number}: not a requirement ({error}): {line}") from None
        specifiers = list(requirement.specifier)
        if len(specifiers) != 1 or specifiers[0].operator != "==" or "*" in specifiers[0].version:
            raise SbomError(f"{path.name}:{number}: not pinned with ==: {line}")
        pins.append(requirement)
    if not pins:
        raise SbomError(f"{path.name}: no pins")
    return pins


def installed() -> dict[str, metadata.Distribution]:
    found = {}
    for dist in metadata.distributions():
        name = dist.metadata["Name"]
        if name:
            found.setdefault(canonicalize_name(name), dist)
    return found


def runtime_closure(pins: list[Requirement]) -> tuple[list[str], dict[str, set[str]], dict]:
    """(pinned names, dependency graph by name, distributions) of the pins and all they need.

    Follows Requires-Dist with environment markers evaluated here and extras carried through
    (`celery[redis]` brings `kombu[redis]`, which brings `redis`)."""
    dists = installed()
    direct = []
    for pin in pins:
        name = canonicalize_name(pin.name)
        dist = dists.get(name)
        pinned = next(iter(pin.specifier)).version
        if dist is None:
            raise SbomError(f"{pin.name}=={pinned} is not installed: run `make install`")
        if dist.version != pinned:
            raise SbomError(
                f"{pin.name} is pinned at {pinned} but {dist.version} is installed: "
                "run `make install`"
            )
        direct.append(name)

    graph: dict[str, set[str]] = {}
    expanded: dict[str, set[str]] = {}  # name -> extras whose requirements were followed
    queue = [(canonicalize_name(pin.name), set(pin.extras)) for pin in pins]
    while queue:
        name, extras = queue.pop()
        wanted = extras | {""}
        done = expanded.setdefault(name, set())
        if wanted <= done:
            continue
        new = wanted - done
        done |= new
        edges = graph.setdefault(name, set())
        for text in dists[name].requires or []:
            requirement = Requirement(text)
            if requirement.marker and not any(
                requirement.marker.evaluate({"extra": extra}) for extra in new
            ):
                continue
            child = canonicalize_name(requirement.name)
            if child not in dists:
                raise SbomError(
                    f"{dists[name].metadata['Name']} needs {requirement}, which is not "
                    "installed: run `make install`"
                )
            edges.add(child)
            queue.append((child, set(requirement.extras)))
    return direct, graph, dists


def write_sbom(output: Path, requirements: Path) -> int:
    """Write the SBOM; return how many components it lists."""
    pins = read_pins(requirements)
    direct, graph, dists = runtime_closure(pins)
    names = direct + sorted(set(graph) - set(direct))
    lines = [f"{dists[name].metadata['Name']}=={dists[name].version}" for name in names]

    # cyclonedx-py from this interpreter's environment, with fixed arguments.
    result = subprocess.run(  # noqa: S603 (our interpreter, fixed arguments)
        [
            sys.executable, "-m", "cyclonedx_py", "requirements",
            "--pyproject", str(ROOT / "pyproject.toml"),
            "--output-reproducible", "--output-format", "JSON", "--no-validate",
            "--output-file", "-", "-",
        ],
        input="\n".join(lines) + "\n", capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip
    if result.returncode != 0:
        raise SbomError(f"cyclonedx-py failed (exit {result.returncode}): {result.stderr.strip()}")
    bom = json.loads(result.stdout)

    # requirements mode names each component after its line of our generated input and knows
    # no dependency graph: use the package URL as the reference instead, drop the line
    # description, and add our graph, so the SBOM says which package brought each one in.
    refs = {}
    for component in bom["components"]:
        component["bom-ref"] = component["purl"]
        component.pop("description", None)
        refs[canonicalize_name(component["name"])] = component["bom-ref"]
    missing = sorted(set(names) - set(refs))
    if missing:
        raise SbomError(f"cyclonedx-py left out: {', '.join(missing)}")
    root = bom["metadata"]["component"]["bom-ref"]
    bom["dependencies"] = [{"ref": root, "dependsOn": sorted(refs[n] for n in direct)}] + [
        {"ref": refs[name], "dependsOn": sorted(refs[child] for child in graph[name])}
        for name in names
    ]
    _add_govuk_frontend(bom)
    _validate(bom)  # once, here: after our changes
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(json.dumps(bom, indent=2, sort_keys=True) + "\n")
    return len(bom["components"])


def _add_govuk_frontend(bom: dict) -> None:
    """GOV.UK Frontend ships too: compiled once into static/govuk/ by
    scripts/update_govuk_frontend.sh, which records the exact npm version it vendored."""
    version_file = ROOT / "static" / "govuk" / "VERSION"
    version = version_file.read_text().strip()
    if not re.fullmatch(r"\d+\.\d+\.\d+", version):
        raise SbomError(f"{version_file.relative_to(ROOT)}: not a version: {version!r}")
    ref = f"pkg:npm/govuk-frontend@{version}"
    bom["components"].append(
        {
            "bom-ref": ref,
            "name": "govuk-frontend",
            "version": version,
            "purl": ref,
            "type": "library",
            "description": "vendored, compiled into static/govuk/ (no GOV.UK font or crown)",
            "licenses": [{"license": {"id": "MIT"}}],
        }
    )
    bom["dependencies"][0]["dependsOn"] = sorted([*bom["dependencies"][0]["dependsOn"], ref])
    bom["dependencies"].append({"ref": ref})


def _validate(bom: dict) -> None:
    """Check the finished document against the CycloneDX JSON schema of its spec version."""
    from cyclonedx.schema import OutputFormat, SchemaVersion
    from cyclonedx.validation import make_schemabased_validator

    version = SchemaVersion.from_version(bom["specVersion"])
    error = make_schemabased_validator(OutputFormat.JSON, version).validate_str(json.dumps(bom))
    if error:
        raise SbomError(f"the SBOM is not valid CycloneDX {bom['specVersion']}: {error}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("output", type=Path, help="where to write the SBOM (JSON)")
    parser.add_argument("--requirements", type=Path, default=ROOT / "requirements.txt")
    args = parser.parse_args(argv)
    try:
        count = write_sbom(args.output, args.requirements)
    except (SbomError, OSError, ValueError) as error:
        sys.stderr.write(f"sbom: {error}\n")
        return 1
    sys.stdout.write(f"SBOM (CycloneDX JSON, {count} components): {args.output}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
