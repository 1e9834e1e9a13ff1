import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from supervision.audit import audit_context
from supervision.choices import AuditSource


class Command(BaseCommand):
    help = "Run the escalation and notification sweep once (optionally as of another time)."

    def add_arguments(self, parser):
        parser.add_argument("--as-of", help="ISO date-time (Asia/Shanghai when naive); default now")

    def handle(self, *args, as_of=None, **options):
        from alerts.sweep import sweep_run

        moment = None
        if as_of:
            try:
                moment = datetime.datetime.fromisoformat(as_of)
            except ValueError as exc:
                raise CommandError(f"--as-of: {exc}") from exc
            if timezone.is_naive(moment):
                moment = timezone.make_aware(moment)
        with audit_context(source=AuditSource.SYSTEM):
            run = sweep_run(as_of=moment, triggered_by=AuditSource.SYSTEM, rerun=True)
        if run is None:
            self.stdout.write("The sweep for this minute is already running elsewhere.")
            return
        self.stdout.write(f"sweep {run.period}: {run.counts}")
