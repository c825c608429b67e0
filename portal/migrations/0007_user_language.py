from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("portal", "0006_ledger_entry_payment_ref"),
    ]

    operations = [
        migrations.AddField(
            model_name="user",
            name="language",
            field=models.CharField(
                blank=True,
                choices=[("en-gb", "English"), ("cy", "Cymraeg")],
                max_length=10,
            ),
        ),
    ]
