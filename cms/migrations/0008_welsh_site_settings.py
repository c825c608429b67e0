"""Welsh beside the English in the site settings: the landlord's name, opening hours and phase
banner, and a Welsh field in each item of the lists (phone numbers, ways to pay, advice lines,
footer links). All optional: empty means Welsh readers see today's English.
"""

import django.core.validators
import wagtail.fields
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('cms', '0007_welsh_locale'),
    ]

    operations = [
        migrations.AddField(
            model_name='portalsettings',
            name='landlord_name_cy',
            field=models.CharField(blank=True, help_text='Only if you have a Welsh name. Optional. Welsh readers see the English when this is empty.', max_length=100, verbose_name='landlord name in Welsh'),
        ),
        migrations.AddField(
            model_name='portalsettings',
            name='opening_hours_cy',
            field=models.CharField(blank=True, help_text="e.g. 'Dydd Llun i ddydd Gwener, 8am i 6pm'. Optional. Welsh readers see the English when this is empty.", max_length=120, verbose_name='opening hours in Welsh'),
        ),
        migrations.AddField(
            model_name='portalsettings',
            name='phase_tag_cy',
            field=models.CharField(blank=True, help_text='Optional. Welsh readers see the English when this is empty.', max_length=20, verbose_name='phase tag in Welsh'),
        ),
        migrations.AddField(
            model_name='portalsettings',
            name='phase_text_cy',
            field=models.CharField(blank=True, help_text='Optional. Welsh readers see the English when this is empty.', max_length=200, verbose_name='phase text in Welsh'),
        ),
        migrations.AlterField(
            model_name='portalsettings',
            name='advice_lines',
            field=wagtail.fields.StreamField([('line', 8)], blank=True, block_lookup={0: ('wagtail.blocks.CharBlock', (), {'max_length': 80}), 1: ('wagtail.blocks.CharBlock', (), {'help_text': "Only if they have a Welsh name, e.g. 'Cyngor ar Bopeth'.", 'label': 'Name in Welsh', 'max_length': 80, 'required': False}), 2: ('wagtail.blocks.CharBlock', (), {'max_length': 30}), 3: ('wagtail.blocks.CharBlock', (), {'max_length': 120, 'required': False}), 4: ('wagtail.blocks.CharBlock', (), {'help_text': 'Optional. Welsh readers see the English when this is empty.', 'label': 'Opening hours in Welsh', 'max_length': 120, 'required': False}), 5: ('wagtail.blocks.URLBlock', (), {'required': False}), 6: ('wagtail.blocks.CharBlock', (), {'help_text': 'One line: what they do.', 'max_length': 250, 'required': False}), 7: ('wagtail.blocks.CharBlock', (), {'help_text': 'Optional. Welsh readers see the English when this is empty.', 'label': 'What they do, in Welsh', 'max_length': 250, 'required': False}), 8: ('wagtail.blocks.StructBlock', [[('name', 0), ('name_cy', 1), ('phone', 2), ('opening_hours', 3), ('opening_hours_cy', 4), ('website', 5), ('text', 6), ('text_cy', 7)]], {})}, help_text='Free, independent debt advice. Leave empty to show the national lines.'),
        ),
        migrations.AlterField(
            model_name='portalsettings',
            name='footer_links',
            field=wagtail.fields.StreamField([('link', 3)], blank=True, block_lookup={0: ('wagtail.blocks.CharBlock', (), {'max_length': 60}), 1: ('wagtail.blocks.CharBlock', (), {'help_text': 'Optional. Welsh readers see the English when this is empty.', 'label': 'Text in Welsh', 'max_length': 60, 'required': False}), 2: ('wagtail.blocks.CharBlock', (), {'help_text': '/a-path/ or https://...', 'validators': [django.core.validators.RegexValidator('^(/|https://|mailto:|tel:)', 'Enter a path on this site starting with /, or a full address starting with https://')]}), 3: ('wagtail.blocks.StructBlock', [[('text', 0), ('text_cy', 1), ('url', 2)]], {})}),
        ),
        migrations.AlterField(
            model_name='portalsettings',
            name='other_phone_numbers',
            field=wagtail.fields.StreamField([('number', 5)], blank=True, block_lookup={0: ('wagtail.blocks.CharBlock', (), {'help_text': "What it is for, e.g. 'Repairs'.", 'max_length': 60}), 1: ('wagtail.blocks.CharBlock', (), {'help_text': 'Optional. Welsh readers see the English when this is empty.', 'label': 'What it is for, in Welsh', 'max_length': 60, 'required': False}), 2: ('wagtail.blocks.CharBlock', (), {'max_length': 30}), 3: ('wagtail.blocks.CharBlock', (), {'max_length': 120, 'required': False}), 4: ('wagtail.blocks.CharBlock', (), {'help_text': 'Optional. Welsh readers see the English when this is empty.', 'label': 'Opening hours in Welsh', 'max_length': 120, 'required': False}), 5: ('wagtail.blocks.StructBlock', [[('label', 0), ('label_cy', 1), ('number', 2), ('opening_hours', 3), ('opening_hours_cy', 4)]], {})}, help_text='Repairs, out of hours and so on.'),
        ),
        migrations.AlterField(
            model_name='portalsettings',
            name='other_ways_to_pay',
            field=wagtail.fields.StreamField([('way', 4)], blank=True, block_lookup={0: ('wagtail.blocks.CharBlock', (), {'help_text': "e.g. 'At a Post Office'.", 'max_length': 80}), 1: ('wagtail.blocks.CharBlock', (), {'help_text': 'Optional. Welsh readers see the English when this is empty.', 'label': 'Heading in Welsh', 'max_length': 80, 'required': False}), 2: ('wagtail.blocks.TextBlock', (), {'max_length': 400}), 3: ('wagtail.blocks.TextBlock', (), {'help_text': 'Optional. Welsh readers see the English when this is empty.', 'label': 'Text in Welsh', 'max_length': 400, 'required': False}), 4: ('wagtail.blocks.StructBlock', [[('heading', 0), ('heading_cy', 1), ('text', 2), ('text_cy', 3)]], {})}, help_text="Shown on the payment pages. Leave empty to use the server's list."),
        ),
    ]
