"""`manage.py import_tenancies FILE.csv`: load tenancies and their people from the HMS."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from portal.imports import BATCH_SIZE, import_run_report, tenancies_import_file
from portal.models import ImportRun


class Command(BaseCommand):
    help = (
        "Import a tenancies CSV file (one row per person) from the housing management system "
        "(see docs/interfaces.md). "
        "Exits 0 when the file was processed, even with bad rows; non-zero when it is refused."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="the CSV file")
        parser.add_argument("--batch-size", type=int, default=BATCH_SIZE, help="rows per batch")

    def handle(self, *args, file, batch_size, **options):
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"{file}: there is no such file")
        if batch_size < 1:
            raise CommandError("--batch-size must be 1 or more")
        run = tenancies_import_file(path=path, batch_size=batch_size)
        if run.status in (ImportRun.Status.REJECTED, ImportRun.Status.FAILED):
            raise CommandError(f"{run.file_name} was not imported: {run.message}")
        self.stdout.write(import_run_report(run=run))
