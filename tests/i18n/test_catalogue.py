"""The Welsh catalogue: complete for the tenant-facing pages, and its compiled .mo never drifts
from the .po (GNU gettext is not needed: polib reads, Python's gettext loads the .mo)."""

from __future__ import annotations

import gettext

import polib
import pytest

from tests.i18n.extract import ROOT, TENANT_FACING, messages_in, python_messages, template_messages

CATALOGUES = [
    ROOT / "locale" / "cy" / "LC_MESSAGES" / "django.po",
    ROOT / "locale" / "third_party" / "cy" / "LC_MESSAGES" / "django.po",
]
OURS = CATALOGUES[0]


def _key(context: str | None, msgid: str) -> str:
    return f"{context}\x04{msgid}" if context else msgid


def translated(entry: polib.POEntry) -> bool:
    if entry.obsolete or entry.fuzzy:
        return False
    if entry.msgid_plural:
        return bool(entry.msgstr_plural) and all(entry.msgstr_plural.values())
    return bool(entry.msgstr)


@pytest.mark.parametrize("path", TENANT_FACING)
def test_every_string_on_the_tenant_facing_pages_has_welsh(path):
    """Add a string to one of these pages and this fails until locale/cy has its Welsh
    (run makemessages, translate, compile: docs/content.md)."""
    catalogue = {(e.msgctxt, e.msgid): e for e in polib.pofile(str(OURS)) if not e.obsolete}
    found = messages_in(path)
    assert found or path.endswith(".html"), f"{path} has no translatable strings at all"
    missing = sorted(msgid for key in found if key not in catalogue for msgid in [key[1]])
    assert not missing, f"{path}: not in locale/cy yet (run makemessages): {missing}"
    untranslated = sorted(key[1] for key in found if not translated(catalogue[key]))
    assert not untranslated, f"{path}: no Welsh (or fuzzy) for: {untranslated}"


@pytest.mark.parametrize("po_path", CATALOGUES, ids=["ours", "third_party"])
def test_the_compiled_catalogue_matches_its_po_file(po_path):
    """The committed .mo is what Django loads; it must hold exactly the .po's translations.
    Recompile with `python manage.py compilemessages` (or polib: docs/content.md)."""
    po = polib.pofile(str(po_path))
    expected: dict[str, str] = {}
    for entry in po:
        if not translated(entry):
            continue
        if entry.msgid_plural:
            for index, text in entry.msgstr_plural.items():
                expected[(_key(entry.msgctxt, entry.msgid), int(index))] = text
        else:
            expected[_key(entry.msgctxt, entry.msgid)] = entry.msgstr
    with open(po_path.with_suffix(".mo"), "rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    catalog = {key: value for key, value in compiled._catalog.items() if key != ""}
    assert catalog == expected
    assert compiled.plural(2) == 1 and compiled.plural(1) == 0  # Welsh plural forms, as Django's


def test_the_catalogues_say_a_welsh_speaker_must_review_them():
    for po_path in CATALOGUES:
        po = polib.pofile(str(po_path))
        assert "a welsh speaker must review" in po.header.lower()
        assert po.metadata["Language"] == "cy"
        assert not po.metadata_is_fuzzy


def test_placeholders_survive_translation():
    """A Welsh string must use exactly the English one's %(name)s placeholders, or the page
    breaks (KeyError) or drops the amount."""
    import re

    placeholder = re.compile(r"%\(\w+\)[sd]")
    for po_path in CATALOGUES:
        for entry in polib.pofile(str(po_path)):
            if not translated(entry):
                continue
            wanted = sorted(placeholder.findall(entry.msgid))
            texts = entry.msgstr_plural.values() if entry.msgid_plural else [entry.msgstr]
            for text in texts:
                assert sorted(placeholder.findall(text)) == wanted, entry.msgid


def test_the_extractor_finds_what_makemessages_finds():
    """The extractor the completeness test relies on sees translate, blocktranslate (with
    plurals) and gettext_lazy, and nothing that is not marked."""
    template = (
        '{% load i18n %}{% translate "One" %} Not marked '
        "{% blocktranslate with n=x %}Two {{ n }}{% endblocktranslate %}"
        "{% blocktranslate count c=x %}{{ c }} thing{% plural %}"
        "{{ c }} things{% endblocktranslate %}"
        '{% translate "Menu" context "navigation" %}'
    )
    assert template_messages(template) == {
        (None, "One"),
        (None, "Two %(n)s"),
        (None, "%(c)s thing"),
        ("navigation", "Menu"),
    }
    assert python_messages('x = _("Three")\ny = "not marked"\nz = gettext_noop("Four")') == {
        (None, "Three"),
        (None, "Four"),
    }
