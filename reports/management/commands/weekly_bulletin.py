import datetime

from django.core.management.base import BaseCommand
from django.utils import timezone

from supervision.audit import audit_context
from supervision.choices import AuditSource

from ... import services


class Command(BaseCommand):
    help = "Run the weekly bulletin job in-process — the same code the scheduled job runs."

    def add_arguments(self, parser):
        parser.add_argument("--today", type=datetime.date.fromisoformat, help="pretend today is this date")
        parser.add_argument(
            "--date",
            type=datetime.date.fromisoformat,
            help="draft the bulletins of the week (Monday to Sunday) containing this date",
        )

    def handle(self, *args, **options):
        today = options["today"] or timezone.localdate()
        if options["date"]:
            # The job reports the week before "today": pretend today is the next Monday.
            day = options["date"]
            today = day - datetime.timedelta(days=day.weekday()) + datetime.timedelta(days=7)
        with audit_context(source=AuditSource.JOB):
            run = services.weekly_bulletin_run(today=today, triggered_by=AuditSource.SYSTEM)
        if run is None:
            self.stdout.write("weekly_bulletin: period already done")
        else:
            self.stdout.write(self.style.SUCCESS(f"weekly_bulletin {run.period}: {run.status} {run.counts}"))
