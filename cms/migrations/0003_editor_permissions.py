"""Editors may use the Wagtail admin and add, change and publish pages under the home page."""

from django.db import migrations


def grant(apps, schema_editor):
    Group = apps.get_model("auth.Group")
    Permission = apps.get_model("auth.Permission")
    ContentType = apps.get_model("contenttypes.ContentType")
    Page = apps.get_model("wagtailcore.Page")
    GroupPagePermission = apps.get_model("wagtailcore.GroupPagePermission")

    editors, _ = Group.objects.get_or_create(name="Editors")
    admin_type, _ = ContentType.objects.get_or_create(app_label="wagtailadmin", model="admin")
    access_admin, _ = Permission.objects.get_or_create(
        content_type=admin_type, codename="access_admin", defaults={"name": "Can access Wagtail admin"}
    )
    editors.permissions.add(access_admin)

    page_type, _ = ContentType.objects.get_or_create(app_label="wagtailcore", model="page")
    home = Page.objects.filter(depth=2).order_by("path").first()
    if home is None:
        return
    for codename, name in (
        ("add_page", "Can add page"),
        ("change_page", "Can change page"),
        ("publish_page", "Can publish page"),
    ):
        permission, _ = Permission.objects.get_or_create(
            content_type=page_type, codename=codename, defaults={"name": name}
        )
        GroupPagePermission.objects.get_or_create(group=editors, page=home, permission=permission)


class Migration(migrations.Migration):
    dependencies = [
        ("cms", "0002_create_homepage"),
        ("portal", "0002_staff_groups"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
