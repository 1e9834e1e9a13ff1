import datetime

from django.core.management.base import BaseCommand

from supervision.audit import audit_context
from supervision.choices import AuditSource

from ...services import dispute_intake_run


class Command(BaseCommand):
    help = "Daily dispute intake and triage (the same code as the scheduled job)."

    def add_arguments(self, parser):
        parser.add_argument("--date", type=datetime.date.fromisoformat, default=None)
        parser.add_argument("--rerun", action="store_true")

    def handle(self, *args, date, rerun, **options):
        from django.utils import timezone

        with audit_context(source=AuditSource.JOB):
            run = dispute_intake_run(business_date=date or timezone.localdate(), rerun=rerun)
        self.stdout.write(f"{run.period}: {run.counts}" if run else "already done for this date")
