"""Demo content for `make run`: the home page's tools, the advice section and its pages, and the
site settings. Safe to run again: it only adds what is missing and never overwrites edits."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from cms.demo_content import seed_content


class Command(BaseCommand):
    help = (
        "Create the demo home page content, advice pages and site settings (never in production)."
    )

    def handle(self, *args, **options):
        if settings.SETTINGS_MODULE.endswith("production"):
            raise CommandError("seed_content refuses to run with production settings.")
        try:
            created = seed_content()
        except ValueError as error:
            raise CommandError(str(error)) from error
        if not any(created.values()):
            self.stdout.write("Advice content was already there: nothing changed.")
            return
        self.stdout.write(
            self.style.SUCCESS(
                f"Created {created['advice']} advice pages"
                + (", the advice section" if created["index"] else "")
                + (", the home page's tools" if created["home"] else "")
                + (", the Welsh home page" if created.get("welsh_home") else "")
                + (" and the site settings" if created["settings"] else "")
                + "."
            )
        )
