from django.db import migrations


def create_row(apps, schema_editor):
    PolicySettings = apps.get_model("arrangements", "PolicySettings")
    PolicySettings.objects.get_or_create(pk=1)


class Migration(migrations.Migration):
    dependencies = [("arrangements", "0001_initial")]

    operations = [migrations.RunPython(create_row, migrations.RunPython.noop)]
