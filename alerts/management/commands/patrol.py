import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from supervision.audit import audit_context
from supervision.choices import AuditSource
from supervision.models import Unit

from ... import services
from ...rules import registry


def _moment(value: str) -> datetime.datetime:
    moment = parse_datetime(value) or (
        datetime.datetime.combine(datetime.date.fromisoformat(value), datetime.time(0))
        if len(value) == 10
        else None
    )
    if moment is None:
        raise ValueError(value)
    return timezone.make_aware(moment) if timezone.is_naive(moment) else moment


class Command(BaseCommand):
    help = (
        "Run the daily patrol (日巡查) in-process — the same code the scheduled job runs. "
        "--rule, --unit and --since narrow it to an ad-hoc run."
    )

    def add_arguments(self, parser):
        parser.add_argument("--date", type=datetime.date.fromisoformat, help="business date (default: today)")
        parser.add_argument(
            "--rerun", action="store_true", help="run again even if the date already succeeded"
        )
        parser.add_argument("--rule", action="append", help="risk point code or number (repeatable)")
        parser.add_argument("--unit", help="unit code: only that unit and the units below it")
        parser.add_argument("--since", type=_moment, help="only elements changed since this time")
        parser.add_argument("--as-of", type=_moment, help="evaluate as of this instant (default: now)")

    def handle(self, *args, **options):
        day = options["date"] or timezone.localdate()
        rules = options["rule"] or None
        for code in rules or []:
            if registry.resolve(code) is None:
                raise CommandError(f"unknown risk point {code!r}")
        unit = None
        if options["unit"]:
            unit = Unit.objects.filter(code=options["unit"]).first()
            if unit is None:
                raise CommandError(f"unknown unit {options['unit']!r}")
        with audit_context(source=AuditSource.SYSTEM):
            run = services.patrol_run(
                business_date=day,
                triggered_by=AuditSource.SYSTEM,
                rerun=options["rerun"],
                rules=rules,
                unit=unit,
                since=options["since"],
                as_of=options["as_of"],
                inline=True,
            )
        if run is None:
            self.stdout.write(f"patrol {day}: already done (use --rerun to run again)")
            return
        counts = {k: v for k, v in run.counts.items() if k != "by_rule"}
        style = self.style.SUCCESS if run.status == "succeeded" else self.style.ERROR
        self.stdout.write(style(f"patrol {run.period}: {run.status} {counts}"))
        for error in run.errors:
            self.stdout.write(self.style.ERROR(f"  {error}"))
