"""Start a new content generation (see cms/caching.py) whenever published content changes."""

from django.db.models.signals import post_delete, post_save
from wagtail.images import get_image_model
from wagtail.models import Page, Site
from wagtail.signals import page_published, page_slug_changed, page_unpublished, post_page_move

from .caching import new_content_generation


def connect() -> None:
    for signal in (page_published, page_unpublished, post_page_move, page_slug_changed):
        signal.connect(new_content_generation, dispatch_uid=f"cms-generation-{id(signal)}")
    post_delete.connect(new_content_generation, sender=Page, dispatch_uid="cms-generation-page")

    from .models import PortalSettings

    for model in (PortalSettings, Site, get_image_model()):
        post_save.connect(
            new_content_generation, sender=model, dispatch_uid=f"cms-generation-{model.__name__}"
        )
        post_delete.connect(
            new_content_generation,
            sender=model,
            dispatch_uid=f"cms-generation-delete-{model.__name__}",
        )
