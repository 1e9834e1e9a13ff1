"""Writes of the alerts app. The patrol fills in as the risk-point issue lands."""

from __future__ import annotations

import datetime

from supervision.choices import AuditSource, JobKind
from supervision.models import JobRun
from supervision.services import job_run_execute


def patrol_run(
    *, business_date: datetime.date, triggered_by: str = AuditSource.JOB, rerun: bool = False
) -> JobRun | None:
    """Run the daily patrol for ``business_date`` (idempotent per date)."""

    def work(run: JobRun) -> dict:
        return {"rules": 0}

    return job_run_execute(
        kind=JobKind.PATROL,
        period=business_date.isoformat(),
        work=work,
        triggered_by=triggered_by,
        rerun=rerun,
    )
