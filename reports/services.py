"""Writes of the reports app. Bulletins and assessment fill in as their issue lands."""

from __future__ import annotations

import datetime

from supervision.choices import AuditSource, JobKind
from supervision.models import JobRun
from supervision.services import job_run_execute


def previous_week(day: datetime.date) -> tuple[datetime.date, datetime.date]:
    """Monday and Sunday of the ISO week before ``day``."""
    this_monday = day - datetime.timedelta(days=day.weekday())
    monday = this_monday - datetime.timedelta(days=7)
    return monday, monday + datetime.timedelta(days=6)


def previous_month(day: datetime.date) -> tuple[int, int]:
    first = day.replace(day=1) - datetime.timedelta(days=1)
    return first.year, first.month


def weekly_bulletin_run(*, today: datetime.date, triggered_by: str = AuditSource.JOB) -> JobRun | None:
    """Draft last week's bulletin of the city and of every branch (one ``JobRun`` per week;
    each bulletin is unique per publisher and week, so a rerun changes nothing)."""
    from .bulletins import bulletins_generate_week

    monday, _sunday = previous_week(today)
    year, week, _ = monday.isocalendar()
    return job_run_execute(
        kind=JobKind.WEEKLY_BULLETIN,
        period=f"{year}-W{week:02d}",
        work=lambda run: bulletins_generate_week(monday=monday, run=run),
        triggered_by=triggered_by,
    )


def monthly_assessment_run(
    *,
    today: datetime.date | None = None,
    month: str | None = None,
    triggered_by: str = AuditSource.JOB,
    rerun: bool = False,
) -> JobRun | None:
    """Generate the monthly assessment (月考评) of ``month`` (``YYYY-MM``), by default the
    month before ``today``. One job run and one assessment per month, whatever the
    scheduler does; ``rerun`` rescores a draft (never a published one)."""
    from .assessment import assessment_generate
    from .indicators import Period

    period = Period.parse(month) if month is not None else Period(*previous_month(today))

    def work(run: JobRun) -> dict:
        assessment, created = assessment_generate(period=period, run=run, regenerate=rerun)
        return {"assessment": assessment.pk, "created": created, "scores": assessment.scores.count()}

    return job_run_execute(
        kind=JobKind.MONTHLY_ASSESSMENT,
        period=period.key,
        work=work,
        triggered_by=triggered_by,
        rerun=rerun,
    )
