import datetime

from django.core.management.base import BaseCommand

from supervision.audit import audit_context
from supervision.choices import AuditSource

from ...services import dispute_intake, dispute_intake_run


class Command(BaseCommand):
    help = "Daily dispute intake and triage (the same code as the scheduled job)."

    def add_arguments(self, parser):
        parser.add_argument("--date", type=datetime.date.fromisoformat, default=None)
        parser.add_argument("--rerun", action="store_true")
        parser.add_argument(
            "--history-before",
            type=datetime.date.fromisoformat,
            default=None,
            help="going live: dispute incidents received before this date and already disposed of become "
            "closed historical records (kept for repeat calls), not disputes to triage",
        )

    def handle(self, *args, date, rerun, history_before, **options):
        from django.utils import timezone

        with audit_context(source=AuditSource.JOB):
            if history_before:
                result = dispute_intake(historical_before=history_before)
                self.stdout.write(f"history before {history_before}: {result.as_counts()}")
            run = dispute_intake_run(business_date=date or timezone.localdate(), rerun=rerun)
        self.stdout.write(f"{run.period}: {run.counts}" if run else "already done for this date")
