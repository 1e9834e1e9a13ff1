import datetime

from django.core.management.base import BaseCommand
from django.utils import timezone

from supervision.audit import audit_context
from supervision.choices import AuditSource

from ... import services


class Command(BaseCommand):
    help = "Run the daily patrol (日巡查) in-process — the same code the scheduled job runs."

    def add_arguments(self, parser):
        parser.add_argument("--date", type=datetime.date.fromisoformat, help="business date (default: today)")
        parser.add_argument(
            "--rerun", action="store_true", help="run again even if the date already succeeded"
        )

    def handle(self, *args, **options):
        day = options["date"] or timezone.localdate()
        with audit_context(source=AuditSource.JOB):
            run = services.patrol_run(
                business_date=day, triggered_by=AuditSource.SYSTEM, rerun=options["rerun"]
            )
        if run is None:
            self.stdout.write(f"patrol {day}: already done (use --rerun to run again)")
        else:
            self.stdout.write(self.style.SUCCESS(f"patrol {day}: {run.status} {run.counts}"))
