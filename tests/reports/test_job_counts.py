"""Every count key the real jobs write has a label (run the jobs, then read their counts)."""

from __future__ import annotations

import datetime

import pytest
from django.utils import translation

from alerts.services import patrol_run
from alerts.sweep import sweep_run
from disputes.services import dispute_sweep_run
from reports.services import monthly_assessment_run, weekly_bulletin_run
from supervision.job_counts import count_rows
from supervision.models import JobRun
from tests.alerts.factories import at, make_case

pytestmark = pytest.mark.django_db


def test_every_count_key_the_jobs_write_is_labelled(world):
    make_case(world.s1, world.off_s1a, accepted_at=at("2026-09-05 10:00"), filing_review_tier="complex")
    patrol_run(business_date=datetime.date(2026, 10, 6), as_of=at("2026-10-06 09:00"), inline=True)
    sweep_run(as_of=at("2026-10-06 10:00"))
    weekly_bulletin_run(today=datetime.date(2026, 10, 12))
    monthly_assessment_run(month="2026-09")
    dispute_sweep_run(business_date=datetime.date(2026, 10, 6))
    runs = list(JobRun.objects.all())
    assert {run.kind for run in runs} >= {
        "patrol",
        "sweep",
        "weekly_bulletin",
        "monthly_assessment",
        "dispute_sweep",
    }

    unlabelled = []
    with translation.override("zh-hans"):
        for run in runs:
            for row in count_rows(run.kind, run.counts):
                if row.label == row.key:
                    unlabelled.append(f"{run.kind}.{row.key}")
                for sub in row.rows:  # the patrol's per risk point counts: rule codes, then counts
                    if any(word in str(sub.value) for word in ("new", "open", "resolved", "escalated")):
                        unlabelled.append(f"{run.kind}.{row.key}.{sub.key}: {sub.value}")
    assert unlabelled == []
