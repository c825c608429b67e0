"""Draft, review, publish: the "Advice review" workflow, and who may do what.

- The workflow has one task, "Check the advice", approved by the "Moderators" group (Wagtail's
  own group, which can publish and lock pages). It is assigned to every home page, so it
  applies to the home page and to every advice page under it.
- Editors keep adding and changing pages, but no longer publish them directly: they submit
  them for review. Moderators (who are also editors, to get into the admin) approve, which
  publishes. 0003 gave editors "publish"; this takes it back.
- Moderators may add, change and publish under each home page (Wagtail gives them this at the
  tree root already; this makes it explicit for the site).
- Editors and moderators may change the site settings (landlord details, advice lines...).
"""

from django.db import migrations

WORKFLOW_NAME = "Advice review"
TASK_NAME = "Check the advice"


def _permission(apps, app_label, model, codename, name):
    ContentType = apps.get_model("contenttypes.ContentType")
    Permission = apps.get_model("auth.Permission")
    content_type, _ = ContentType.objects.get_or_create(app_label=app_label, model=model)
    permission, _ = Permission.objects.get_or_create(
        content_type=content_type, codename=codename, defaults={"name": name}
    )
    return permission


def forwards(apps, schema_editor):
    ContentType = apps.get_model("contenttypes.ContentType")
    Group = apps.get_model("auth.Group")
    GroupPagePermission = apps.get_model("wagtailcore.GroupPagePermission")
    GroupApprovalTask = apps.get_model("wagtailcore.GroupApprovalTask")
    Workflow = apps.get_model("wagtailcore.Workflow")
    WorkflowTask = apps.get_model("wagtailcore.WorkflowTask")
    WorkflowPage = apps.get_model("wagtailcore.WorkflowPage")
    HomePage = apps.get_model("cms", "HomePage")

    editors, _ = Group.objects.get_or_create(name="Editors")
    moderators, _ = Group.objects.get_or_create(name="Moderators")
    access_admin = _permission(
        apps, "wagtailadmin", "admin", "access_admin", "Can access Wagtail admin"
    )
    change_settings = _permission(
        apps, "cms", "portalsettings", "change_portalsettings", "Can change portal settings"
    )
    for group in (editors, moderators):
        group.permissions.add(access_admin, change_settings)

    task_type, _ = ContentType.objects.get_or_create(
        app_label="wagtailcore", model="groupapprovaltask"
    )
    task, _ = GroupApprovalTask.objects.get_or_create(
        name=TASK_NAME, defaults={"content_type": task_type, "active": True}
    )
    task.groups.add(moderators)
    workflow, _ = Workflow.objects.get_or_create(name=WORKFLOW_NAME, defaults={"active": True})
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})

    publish = _permission(apps, "wagtailcore", "page", "publish_page", "Can publish page")
    moderator_permissions = [
        _permission(apps, "wagtailcore", "page", "add_page", "Can add page"),
        _permission(apps, "wagtailcore", "page", "change_page", "Can change page"),
        publish,
    ]
    for home in HomePage.objects.all():
        WorkflowPage.objects.update_or_create(page_id=home.pk, defaults={"workflow": workflow})
        GroupPagePermission.objects.filter(
            group=editors, page_id=home.pk, permission=publish
        ).delete()
        for permission in moderator_permissions:
            GroupPagePermission.objects.get_or_create(
                group=moderators, page_id=home.pk, permission=permission
            )


def backwards(apps, schema_editor):
    Group = apps.get_model("auth.Group")
    GroupPagePermission = apps.get_model("wagtailcore.GroupPagePermission")
    Workflow = apps.get_model("wagtailcore.Workflow")
    WorkflowPage = apps.get_model("wagtailcore.WorkflowPage")
    HomePage = apps.get_model("cms", "HomePage")

    WorkflowPage.objects.filter(workflow__name=WORKFLOW_NAME).delete()
    Workflow.objects.filter(name=WORKFLOW_NAME).update(active=False)
    editors = Group.objects.filter(name="Editors").first()
    if editors is None:
        return
    publish = _permission(apps, "wagtailcore", "page", "publish_page", "Can publish page")
    for home in HomePage.objects.all():
        GroupPagePermission.objects.get_or_create(group=editors, page_id=home.pk, permission=publish)


class Migration(migrations.Migration):
    dependencies = [
        ("cms", "0005_advice_pages_and_settings"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
