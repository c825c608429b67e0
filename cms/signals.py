"""Start a new content generation (see cms/caching.py) whenever published content changes, and
give a new translation of the home page (the Welsh home) the review workflow of the English one."""

from django.db.models.signals import post_delete, post_save
from wagtail.images import get_image_model
from wagtail.models import Page, Site, WorkflowPage
from wagtail.signals import page_published, page_slug_changed, page_unpublished, post_page_move

from .caching import new_content_generation


def connect() -> None:
    for signal in (page_published, page_unpublished, post_page_move, page_slug_changed):
        signal.connect(new_content_generation, dispatch_uid=f"cms-generation-{id(signal)}")
    post_delete.connect(new_content_generation, sender=Page, dispatch_uid="cms-generation-page")

    from .models import HomePage, PortalSettings

    post_save.connect(
        home_translation_workflow, sender=HomePage, dispatch_uid="cms-home-translation-workflow"
    )

    for model in (PortalSettings, Site, get_image_model()):
        post_save.connect(
            new_content_generation, sender=model, dispatch_uid=f"cms-generation-{model.__name__}"
        )
        post_delete.connect(
            new_content_generation,
            sender=model,
            dispatch_uid=f"cms-generation-delete-{model.__name__}",
        )


def home_translation_workflow(sender, instance, created, raw=False, **kwargs) -> None:
    """Migration 0006 put the "Advice review" workflow on the home page, which covers the pages
    under it; a translated home page (a sibling under the root) gets the same one."""
    if not created or raw:
        return
    source = (
        WorkflowPage.objects.filter(page__translation_key=instance.translation_key)
        .exclude(page_id=instance.pk)
        .first()
    )
    if source is not None:
        WorkflowPage.objects.get_or_create(
            page_id=instance.pk, defaults={"workflow": source.workflow}
        )
