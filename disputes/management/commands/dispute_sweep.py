import datetime

from django.core.management.base import BaseCommand

from supervision.audit import audit_context
from supervision.choices import AuditSource

from ...services import dispute_sweep_run


class Command(BaseCommand):
    help = "Sweep overdue dispute follow-up visits into warnings (the same code as the scheduled job)."

    def add_arguments(self, parser):
        parser.add_argument("--date", type=datetime.date.fromisoformat, default=None)
        parser.add_argument("--rerun", action="store_true")

    def handle(self, *args, date, rerun, **options):
        from django.utils import timezone

        with audit_context(source=AuditSource.JOB):
            run = dispute_sweep_run(business_date=date or timezone.localdate(), rerun=rerun)
        self.stdout.write(f"{run.period}: {run.counts}" if run else "already done for this date")
