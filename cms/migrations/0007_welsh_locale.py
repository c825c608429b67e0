"""The Welsh locale (cy), beside the English one (en-gb), so editors can translate pages.

Wagtail made the first locale from LANGUAGE_CODE (en-gb). Reversing leaves the locale: pages
may already use it.
"""

from django.db import migrations


def add_welsh(apps, schema_editor):
    Locale = apps.get_model("wagtailcore", "Locale")
    Locale.objects.get_or_create(language_code="cy")


class Migration(migrations.Migration):
    dependencies = [
        ("cms", "0006_advice_review_workflow"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(add_welsh, migrations.RunPython.noop)]
