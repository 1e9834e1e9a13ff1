"""Job runs in words: the counts dictionary as a labelled key/value table, unknown keys kept."""

from __future__ import annotations

import pytest
from django.utils import translation

from supervision.choices import JobKind, JobStatus
from supervision.job_counts import count_rows
from supervision.models import JobRun


def test_rows_are_labelled_and_unknown_keys_stay_visible():
    counts = {
        "new": 3,
        "mystery": 7,
        "by_rule": {"filing_review_overdue": {"new": 1, "open": 2}},
        "errors": ["x"],
    }
    with translation.override("zh-hans"):
        rows = count_rows(JobKind.PATROL, counts)
    by_key = {row.key: row for row in rows}
    assert [row.key for row in rows] == ["new", "mystery", "by_rule", "errors"]  # the job's order
    assert by_key["new"].label == "新增预警" and by_key["new"].value == 3
    assert by_key["mystery"].label == "mystery" and by_key["mystery"].value == 7
    (rule,) = by_key["by_rule"].rows
    assert rule.label == "filing_review_overdue" and rule.value == "新增预警 1 · 运行后未清除 2"
    assert by_key["errors"].value == "x"


def test_the_same_key_means_different_things_per_job_kind():
    with translation.override("zh-hans"):
        assert count_rows(JobKind.WEEKLY_BULLETIN, {"created": 2})[0].label == "新生成通报"
        assert count_rows(JobKind.DISPUTE_INTAKE, {"created": 2})[0].label == "新建纠纷档案"
        assert count_rows("somebody_elses_job", {"created": 2})[0].label == "created"
        assert count_rows(JobKind.MONTHLY_ASSESSMENT, {"created": True})[0].value == "是"


@pytest.mark.django_db
def test_job_list_shows_the_counts_table(world, client_as):
    JobRun.objects.create(
        kind=JobKind.SWEEP,
        period="2026-11-20T09:00",
        status=JobStatus.SUCCEEDED,
        triggered_by="job",
        counts={"notified": 4, "surprise_key": 9},
    )
    page = client_as(world.city_legal).get("/jobs/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert 'data-testid="job-counts"' in page
    assert 'title="notified">已通知</th><td class="py-0 text-end">4</td>' in page
    assert 'title="surprise_key">surprise_key</th><td class="py-0 text-end">9</td>' in page
    assert "notified=4" not in page
