import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from supervision.audit import audit_context
from supervision.choices import AuditSource

from ... import services
from ...assessment import AssessmentError
from ...indicators import Period


def _month(value: str) -> str:
    Period.parse(value)  # raises ValueError → argparse reports it
    return value


class Command(BaseCommand):
    help = "Run the monthly assessment job in-process — the same code the scheduled job runs."

    def add_arguments(self, parser):
        parser.add_argument("--today", type=datetime.date.fromisoformat, help="pretend today is this date")
        parser.add_argument("--month", type=_month, help="assess this month (YYYY-MM) instead of last month")
        parser.add_argument(
            "--rerun", action="store_true", help="score a draft again with the current scheme and data"
        )

    def handle(self, *args, **options):
        today = options["today"] or timezone.localdate()
        try:
            with audit_context(source=AuditSource.JOB):
                run = services.monthly_assessment_run(
                    today=today,
                    month=options["month"],
                    triggered_by=AuditSource.SYSTEM,
                    rerun=options["rerun"],
                )
        except AssessmentError as exc:
            raise CommandError(str(exc)) from exc
        if run is None:
            self.stdout.write("monthly_assessment: period already done")
        else:
            self.stdout.write(
                self.style.SUCCESS(f"monthly_assessment {run.period}: {run.status} {run.counts}")
            )
