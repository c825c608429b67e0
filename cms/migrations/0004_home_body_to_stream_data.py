"""The home page's body becomes a StreamField (next migration): first turn its rich text into
the stream's JSON, in a migration of its own, so the column's type change runs in a separate
transaction (PostgreSQL refuses to ALTER a table with pending trigger events from updates)."""

import json
import uuid

from django.db import migrations


def rich_text_body_to_stream(apps, schema_editor):
    """The home page's body was rich text: keep it, as one "rich_text" block of the new stream.

    Runs while the column is still text, writing JSON, so the type change that follows (to
    jsonb on PostgreSQL) can cast every row. Revisions get the same treatment.
    """
    ContentType = apps.get_model("contenttypes.ContentType")
    HomePage = apps.get_model("cms", "HomePage")
    Revision = apps.get_model("wagtailcore", "Revision")

    def as_stream(html):
        if not html or not str(html).strip():
            return "[]"
        if str(html).lstrip().startswith("["):
            return html  # already a stream
        return json.dumps([{"type": "rich_text", "value": html, "id": str(uuid.uuid4())}])

    for page in HomePage.objects.all():
        HomePage.objects.filter(pk=page.pk).update(body=as_stream(page.body))
    home_type = ContentType.objects.filter(app_label="cms", model="homepage").first()
    if home_type is None:
        return
    for revision in Revision.objects.filter(content_type=home_type):
        if isinstance(revision.content, dict) and isinstance(revision.content.get("body"), str):
            revision.content["body"] = as_stream(revision.content["body"])
            revision.save(update_fields=["content"])


def stream_body_to_rich_text(apps, schema_editor):
    HomePage = apps.get_model("cms", "HomePage")
    for page in HomePage.objects.all():
        blocks = page.body if isinstance(page.body, list) else json.loads(page.body or "[]")
        html = "".join(b["value"] for b in blocks if b.get("type") == "rich_text")
        HomePage.objects.filter(pk=page.pk).update(body=html)



class Migration(migrations.Migration):
    dependencies = [
        ("cms", "0003_editor_permissions"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(rich_text_body_to_stream, stream_body_to_rich_text)]
