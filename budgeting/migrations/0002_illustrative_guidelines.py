"""Load a set of ILLUSTRATIVE spending guidelines, so the comparison can be seen working.

These are made-up round numbers, NOT the Standard Financial Statement's figures (those are
licensed to SFS members). A landlord that is an SFS member loads the real figures in the
Django admin and takes this set out of use; one that is not can delete it, and the budget
works with no guidelines at all.
"""

import datetime as dt

from django.db import migrations

NAME = "Illustrative, not SFS figures"
# category: (1 adult, 2 adults, each child), in pence a month.
FIGURES = {
    "communications_leisure": (8500, 11000, 2000),
    "food_housekeeping": (29000, 48000, 12000),
    "personal": (5000, 9000, 3500),
}
MAX_CHILDREN = 4


def load(apps, schema_editor):
    GuidelineSet = apps.get_model("budgeting", "GuidelineSet")
    GuidelineFigure = apps.get_model("budgeting", "GuidelineFigure")
    if GuidelineSet.objects.filter(name=NAME).exists():
        return
    guideline_set = GuidelineSet.objects.create(
        name=NAME,
        illustrative=True,
        in_use=True,
        valid_from=dt.date(2026, 4, 6),
        notes="Made-up figures for trying the service. They are not SFS spending guidelines. "
        "Replace them with your organisation's licensed SFS figures, or take them out of use.",
    )
    rows = []
    for category, (one_adult, two_adults, per_child) in FIGURES.items():
        for adults, base in ((1, one_adult), (2, two_adults)):
            for children in range(MAX_CHILDREN + 1):
                rows.append(
                    GuidelineFigure(
                        guideline_set=guideline_set,
                        category=category,
                        adults=adults,
                        children=children,
                        monthly_pence=base + per_child * children,
                    )
                )
    GuidelineFigure.objects.bulk_create(rows)


def unload(apps, schema_editor):
    apps.get_model("budgeting", "GuidelineSet").objects.filter(name=NAME).delete()


class Migration(migrations.Migration):
    dependencies = [("budgeting", "0001_initial")]

    operations = [migrations.RunPython(load, unload)]
