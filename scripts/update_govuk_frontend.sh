#!/usr/bin/env bash
# Vendor GOV.UK Frontend 6.x into static/govuk/, compiled for a service that is not GOV.UK.
#
# Run this only to upgrade Frontend: the output is committed, so Node is never needed to run
# or test the site. Needs node and npm on the PATH and access to the npm registry.
#
# What it produces, and why:
#   static/govuk/govuk-frontend.min.css  compiled from the Sass with Arial, no @font-face and
#                                        asset URLs under /static/govuk/assets/. GDS Transport
#                                        is licensed for GOV.UK services only.
#   static/govuk/govuk-frontend.min.js   the ES module with initAll().
#   static/govuk/assets/images/          only images that are not the crown, the crest or a
#                                        GOV.UK favicon/logotype (in 6.x that is none of them).
#   static/govuk/VERSION                 the exact version vendored.
#
# Usage: scripts/update_govuk_frontend.sh [version-range]   (default: 6.x)
set -euo pipefail

range="${1:-6.x}"
repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
dest="$repo_root/static/govuk"
workdir="$(mktemp -d)"
trap 'rm -rf "$workdir"' EXIT

cd "$workdir"
npm init -y >/dev/null
npm install --no-audit --no-fund --silent "govuk-frontend@$range" sass

pkg="$workdir/node_modules/govuk-frontend"
version="$(node -p "require('$pkg/package.json').version")"

# GOV.UK's own images (the crest in the footer's copyright logo) are not shipped. Compile any
# reference to them as `none`, otherwise Django's manifest storage fails at collectstatic on
# a url() whose file does not exist.
cat > _portal-image-url.scss <<'SCSS'
@use "sass:string";

@function portal-image-url($filename) {
  @each $brand in ("crown", "crest", "govuk", "favicon", "logotype") {
    @if string.index($filename, $brand) {
      @return none;
    }
  }
  @return url("/static/govuk/assets/images/" + $filename);
}
SCSS

cat > portal-govuk.scss <<'SCSS'
@use "sass:meta";
@use "portal-image-url";
@use "pkg:govuk-frontend" with (
  $govuk-font-family: (arial, sans-serif),
  $govuk-include-default-font-face: false,
  $govuk-assets-path: "/static/govuk/assets/",
  $govuk-image-url-function: meta.get-function("portal-image-url", $module: "portal-image-url")
);
SCSS

npx --no-install sass --pkg-importer=node --style=compressed --no-source-map \
  portal-govuk.scss govuk-frontend.min.css

# Refuse to vendor anything that would bring the GOV.UK brand font back.
if grep -q -i -E 'GDS Transport|@font-face|url\([^)]*(crown|crest|govuk-|favicon)' govuk-frontend.min.css; then
  echo "Compiled CSS still contains GDS Transport, @font-face or a crown image: not vendoring it." >&2
  exit 1
fi

rm -rf "$dest"
mkdir -p "$dest/assets/images"
cp govuk-frontend.min.css "$dest/govuk-frontend.min.css"
cp "$pkg/dist/govuk/govuk-frontend.min.js" "$dest/govuk-frontend.min.js"
# The minified JS ends with a source map comment whose file we do not ship; Django's manifest
# storage would fail at collectstatic looking for it.
sed -i -e 's|//# sourceMappingURL=.*$||' "$dest/govuk-frontend.min.js"

# Images: copy only those that carry no GOV.UK branding. Everything named after the crown,
# the crest, GOV.UK icons or favicons, or the GOV.UK Open Graph image stays behind.
shopt -s nullglob
for image in "$pkg"/dist/govuk/assets/images/*; do
  name="$(basename "$image")"
  case "$name" in
    *crown* | *crest* | *govuk* | favicon* | *logotype*) continue ;;
  esac
  cp "$image" "$dest/assets/images/$name"
done
# Keep the folder in git even when no image qualifies.
touch "$dest/assets/images/.gitkeep"

printf '%s\n' "$version" > "$dest/VERSION"
echo "Vendored govuk-frontend $version into ${dest#"$repo_root"/}"
