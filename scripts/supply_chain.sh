#!/usr/bin/env bash
# Supply-chain checks (`make audit`): a CycloneDX SBOM of the runtime dependencies, known
# vulnerabilities in the pinned dependencies (pip-audit), how fresh the pins are against the
# package index, ruff's security rules (S, flake8-bandit) and bandit's high-severity findings.
# See docs/supply-chain.md.
#
#   bash scripts/supply_chain.sh
#   REPORT_DIR=build/supply-chain bash scripts/supply_chain.sh   # keep the SBOM and reports
#   PIP_AUDIT_SERVICES="osv" bash scripts/supply_chain.sh   # try another vulnerability service
#
# Exit codes: 0 clean; 1 the SBOM could not be written, a known vulnerability or a pin behind
# the newest patch release of its own minor line (neither a listed exception), a ruff S finding
# or a high-severity bandit finding; 2 a check could not be done (no vulnerability service
# answered for every dependency, or the index did not answer for a pin). A dependency that
# could not be looked up is never counted as clean.
set -uo pipefail

cd "$(dirname "$0")/.."
VENV="${VENV:-.venv}"
PY="$VENV/bin/python"
SERVICES="${PIP_AUDIT_SERVICES:-pypi osv}"
REPORT_DIR="${REPORT_DIR:-$(mktemp -d)}"

# Dated exceptions: a vulnerability ID we have looked at and accept for now, with the reason
# and a review date, mirrored in docs/supply-chain.md. None today.
IGNORE_VULNS=(
  # "GHSA-xxxx-xxxx-xxxx"  # 2026-11-22: why it does not apply; review by 2027-01-31
)

# Dated exceptions to the freshness check: a pin we keep although a newer patch release of its
# minor line exists. One line each: "name==version  accepted YYYY-MM-DD  review-by YYYY-MM-DD
# reason", mirrored in docs/supply-chain.md. Past its review date an exception no longer
# counts. None today.
PIN_EXCEPTIONS=(
  # "example==1.2.3  accepted 2026-11-22  review-by 2027-01-31  1.2.4 breaks X; waiting for Y"
)

status=0
mkdir -p "$REPORT_DIR"

echo "== SBOM: CycloneDX JSON of requirements.txt and everything it pulls in, as installed"
# Offline; written on every run so each build keeps the list of what it ships.
if ! "$PY" scripts/sbom.py "$REPORT_DIR/sbom.cdx.json" | sed 's/^/   /'; then
  echo "   SBOM NOT WRITTEN"
  status=1
fi

echo "== pip-audit: requirements.txt and requirements-dev.txt"
audited=0
for service in $SERVICES; do
  out="$REPORT_DIR/pip-audit-$service.json"
  args=(-r requirements.txt -r requirements-dev.txt --vulnerability-service "$service"
        --progress-spinner off --format json --output "$out")
  for id in "${IGNORE_VULNS[@]}"; do args+=(--ignore-vuln "$id"); done
  echo "-- vulnerability service: $service"
  "$VENV/bin/pip-audit" "${args[@]}" 2>"$REPORT_DIR/pip-audit-$service.err"
  rc=$?
  if [[ ! -s "$out" ]]; then
    echo "   no answer from $service (exit $rc): $(tail -n 1 "$REPORT_DIR/pip-audit-$service.err")"
    continue
  fi
  # Count what was really looked up; a skipped dependency is unknown, not clean.
  "$PY" - "$out" <<'PYEOF'
import json
import sys

report = json.load(open(sys.argv[1]))
deps = report["dependencies"]
skipped = [d for d in deps if d.get("skip_reason")]
vulnerable = [d for d in deps if d.get("vulns")]
print(f"   {len(deps)} dependencies: {len(deps) - len(skipped)} audited, {len(skipped)} not")
for dep in skipped[:5]:
    print(f"   not audited: {dep['skip_reason']}")
if len(skipped) > 5:
    print(f"   ... and {len(skipped) - 5} more not audited")
for dep in vulnerable:
    for vuln in dep["vulns"]:
        fixed = ", ".join(vuln.get("fix_versions") or []) or "no fixed version"
        print(f"   VULNERABLE {dep['name']}=={dep['version']}: {vuln['id']} (fixed in {fixed})")
sys.exit(1 if vulnerable else (2 if skipped else 0))
PYEOF
  verdict=$?
  if [[ $verdict -eq 2 ]]; then
    echo "   $service could not look up every dependency: trying the next service"
    continue
  fi
  audited=1
  if [[ $verdict -eq 1 ]]; then
    status=1
  else
    echo "   no known vulnerabilities ($service)"
  fi
  break
done
if [[ $audited -eq 0 ]]; then
  echo "pip-audit: NOT AUDITED. No vulnerability service ($SERVICES) answered for every"
  echo "dependency from this machine. This is not a clean result. Reports: $REPORT_DIR"
  [[ $status -eq 0 ]] && status=2
fi

echo "== pin freshness: every pin against the newest release on the package index"
# No vulnerability service is needed, only the index pip installs from. A pin behind the newest
# patch release of its own minor line misses that line's fixes (security fixes among them) and
# fails the check; a newer major or minor line is reported but does not fail it.
printf '%s\n' "${PIN_EXCEPTIONS[@]}" >"$REPORT_DIR/pin-exceptions.txt"
"$PY" - "$VENV/bin/pip" "$REPORT_DIR/pin-exceptions.txt" requirements.txt requirements-dev.txt <<'PYEOF'
import datetime as dt
import json
import re
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor

from packaging.version import InvalidVersion, Version

pip, exceptions_file, *requirement_files = sys.argv[1:]
PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)(\[[^\]]*\])?==([^\s;#]+)")

pins = {}
for path in requirement_files:
    for line in open(path):
        match = PIN.match(line.strip())
        if match:
            pins[match.group(1).lower()] = Version(match.group(3))

today = dt.date.today()
exceptions = {}
for line in open(exceptions_file):
    parts = line.split(maxsplit=5)
    if not parts:
        continue
    try:
        assert len(parts) == 6 and parts[1] == "accepted" and parts[3] == "review-by"
        name, version = parts[0].lower().split("==")
        dt.date.fromisoformat(parts[2])
        exceptions[(name, Version(version))] = (dt.date.fromisoformat(parts[4]), parts[5].strip())
    except (AssertionError, ValueError, InvalidVersion):
        sys.exit(f"   malformed PIN_EXCEPTIONS entry: {line.strip()!r}")


def index_versions(name):
    result = subprocess.run(  # our venv's pip, fixed arguments
        [pip, "index", "versions", "--json", "--disable-pip-version-check", name],
        capture_output=True, text=True, timeout=120,
    )
    if result.returncode != 0:
        return None
    versions = []
    for text in json.loads(result.stdout)["versions"]:
        try:
            version = Version(text)
        except InvalidVersion:
            continue
        if not version.is_prerelease:
            versions.append(version)
    return versions


def line_of(version):
    release = version.release + (0,)
    return release[:2]  # (major, minor): "4.0" and "4.0.0" are one line


with ThreadPoolExecutor(max_workers=4) as pool:
    found = dict(zip(pins, pool.map(index_versions, pins)))

behind, excused, newer_lines, unknown = [], [], [], []
for name, pinned in sorted(pins.items()):
    versions = found[name]
    if not versions:
        unknown.append(name)
        continue
    same_line = [v for v in versions if line_of(v) == line_of(pinned) and v > pinned]
    newest = max(versions)
    if same_line:
        exception = exceptions.get((name, pinned))
        row = f"{name}=={pinned} -> {max(same_line)}"
        if exception and exception[0] >= today:
            excused.append(f"{row} (exception until {exception[0]}: {exception[1]})")
        else:
            expired = f" (exception expired {exception[0]})" if exception else ""
            behind.append(row + expired)
    if line_of(newest) > line_of(pinned):
        newer_lines.append(f"{name}=={pinned}: newest {newest}")

print(f"   {len(pins)} pins, {len(pins) - len(unknown)} looked up on the index")
for row in behind:
    print(f"   BEHIND ON PATCH RELEASES {row}")
for row in excused:
    print(f"   behind, listed exception: {row}")
for row in newer_lines:
    print(f"   newer major/minor line (not a failure): {row}")
for name in unknown:
    print(f"   NOT CHECKED {name}: the index did not answer")
if not behind and not unknown:
    but = " apart from the listed exceptions" if excused else ""
    print(f"   every pin is the newest patch release of its minor line{but}")
sys.exit(1 if behind else (2 if unknown else 0))
PYEOF
case $? in
  0) ;;
  2) [[ $status -eq 0 ]] && status=2 ;;
  *) status=1 ;;
esac

echo "== ruff: security rules (S)"
if ! grep -Eq '^select = \[.*"S"' pyproject.toml; then
  echo "pyproject.toml does not select ruff's S rules"
  status=1
fi
if ! "$VENV/bin/ruff" check --select S --quiet .; then
  status=1
else
  echo "   clean"
fi
echo "-- S findings silenced in code (each needs a reason; listed in docs/supply-chain.md):"
grep -rnE --include='*.py' 'noqa: ?S[0-9]' --exclude-dir="$VENV" --exclude-dir=node_modules . \
  | sed 's/^\.\///' | sed -E 's/^([^:]+:[0-9]+):.*(noqa: ?S.*)$/   \1  \2/'

echo "== bandit: high-severity findings (-lll) in our code (not tests, bench or .venv)"
# ruff's S rules cover most of bandit's; bandit adds its own severity ranking. Medium and low
# findings are ruff S findings already silenced with a reason (docs/supply-chain.md).
if "$VENV/bin/bandit" -r . -lll --quiet --format txt --output "$REPORT_DIR/bandit.txt" \
    -x "./$VENV,./tests,./bench,./node_modules,./static,./staticfiles"; then
  echo "   no high-severity findings"
else
  cat "$REPORT_DIR/bandit.txt"
  status=1
fi

echo "Reports and SBOM: $REPORT_DIR"
exit $status
