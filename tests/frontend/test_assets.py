"""The vendored GOV.UK Frontend and the portal's own static files.

The site never needs Node: scripts/update_govuk_frontend.sh compiles GOV.UK Frontend once and
the output is committed. These tests check that output stays free of GOV.UK's brand and works
with Django's static files pipeline.
"""

import re
import shutil
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.staticfiles.storage import ManifestStaticFilesStorage

STATIC = Path(settings.BASE_DIR) / "static"
GOVUK = STATIC / "govuk"


@pytest.fixture(scope="module")
def govuk_css():
    return (GOVUK / "govuk-frontend.min.css").read_text()


def test_compiled_css_has_no_gds_transport_and_no_font_face(govuk_css):
    assert "GDS Transport" not in govuk_css
    assert "@font-face" not in govuk_css


def test_compiled_css_sets_text_in_arial(govuk_css):
    assert "font-family:arial,sans-serif" in govuk_css


def test_vendored_version_is_govuk_frontend_6_and_matches_the_css(govuk_css):
    version = (GOVUK / "VERSION").read_text().strip()
    assert re.fullmatch(r"6\.\d+\.\d+", version)
    assert f'--govuk-frontend-version: "{version}"' in govuk_css


def test_no_crown_crest_or_govuk_icons_are_vendored():
    files = [path.name.lower() for path in GOVUK.rglob("*") if path.is_file()]
    assert not [name for name in files if re.search(r"crown|crest|govuk-icon|favicon|fonts?", name)]
    assert not (GOVUK / "assets" / "fonts").exists()


def test_compiled_css_points_only_at_files_we_ship(govuk_css):
    for url in re.findall(r"url\(([^)]*)\)", govuk_css):
        url = url.strip("\"'")
        if url.startswith("data:"):
            continue
        assert url.startswith(settings.STATIC_URL), url
        assert (STATIC / url.removeprefix(settings.STATIC_URL)).is_file(), url


def test_govuk_javascript_is_a_module_exporting_init_all_without_a_missing_source_map():
    js = (GOVUK / "govuk-frontend.min.js").read_text()
    assert re.search(r"export\{[^}]*\binitAll\b", js)
    assert "sourceMappingURL" not in js


def test_portal_script_imports_govuk_frontend_and_starts_it():
    js = (STATIC / "js" / "portal.js").read_text()
    assert 'import { initAll } from "/static/govuk/govuk-frontend.min.js";' in js
    assert "initAll();" in js


def test_support_class_is_set_by_an_external_script():
    js = (STATIC / "js" / "govuk-frontend-supported.js").read_text()
    assert "govuk-frontend-supported" in js
    assert "noModule" in js


def test_brand_stylesheet_sets_the_govuk_brand_colour_and_stacks_tables():
    css = (STATIC / "css" / "portal.css").read_text()
    assert "--govuk-brand-colour:" in css
    assert ".portal-table--stack" in css
    assert "attr(data-label)" in css
    assert "max-width: 40.0525em" in css


def test_print_stylesheet_hides_screen_only_parts_and_sets_page_margins():
    css = (STATIC / "css" / "print.css").read_text()
    assert "@page" in css
    for selector in (".govuk-footer", ".govuk-pagination", ".govuk-skip-link", "form", "button"):
        assert selector in css


def test_static_files_survive_manifest_hashing(tmp_path):
    """Production uses a manifest storage, which fails on a url() to a missing file."""
    shutil.copytree(STATIC, tmp_path, dirs_exist_ok=True)
    storage = ManifestStaticFilesStorage(location=tmp_path, base_url=settings.STATIC_URL)
    paths = {
        str(path.relative_to(tmp_path)): (storage, str(path.relative_to(tmp_path)))
        for path in tmp_path.rglob("*")
        if path.is_file()
    }
    for name, hashed_name, processed in storage.post_process(paths):
        assert not isinstance(processed, Exception), (name, processed)
        assert hashed_name, name
