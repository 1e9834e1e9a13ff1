"""Every periodic job, declared in one place (times are Asia/Shanghai).

``ensure_schedules`` runs after migrations and creates any schedule that is missing;
it never overwrites one, because staff edit them in the admin (django-celery-beat).
Each entry expires well before its next run, so a backed-up beat never runs a job twice
for nothing — and the job itself is idempotent per period anyway (``JobRun``).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from django.utils.translation import gettext_noop


@dataclass(frozen=True)
class Schedule:
    name: str
    task: str
    minute: str = "0"
    hour: str = "*"
    day_of_week: str = "*"
    day_of_month: str = "*"
    expires_seconds: int = 3600
    description: str = ""
    kwargs: dict = field(default_factory=dict)


SCHEDULES: list[Schedule] = [
    Schedule(
        name=gettext_noop("Daily patrol"),
        task="alerts.patrol",
        minute="0",
        hour="2",
        expires_seconds=6 * 3600,
        description="日巡查: evaluate every risk point for the business date.",
    ),
    Schedule(
        name=gettext_noop("Weekly bulletin"),
        task="reports.weekly_bulletin",
        minute="0",
        hour="8",
        day_of_week="1",
        expires_seconds=12 * 3600,
        description="周通报: draft last week's bulletins.",
    ),
    Schedule(
        name=gettext_noop("Monthly assessment"),
        task="reports.monthly_assessment",
        minute="0",
        hour="8",
        day_of_month="1",
        expires_seconds=24 * 3600,
        description="月考评: score last month.",
    ),
]


def register(schedule: Schedule) -> None:
    """Later apps add their periodic jobs here (from their AppConfig.ready)."""
    if all(s.name != schedule.name for s in SCHEDULES):
        SCHEDULES.append(schedule)


def ensure_schedules(**kwargs) -> None:
    from django_celery_beat.models import CrontabSchedule, PeriodicTask

    for schedule in SCHEDULES:
        if PeriodicTask.objects.filter(name=schedule.name).exists():
            continue
        crontab, _ = CrontabSchedule.objects.get_or_create(
            minute=schedule.minute,
            hour=schedule.hour,
            day_of_week=schedule.day_of_week,
            day_of_month=schedule.day_of_month,
            month_of_year="*",
            timezone="Asia/Shanghai",
        )
        PeriodicTask.objects.create(
            name=schedule.name,
            task=schedule.task,
            crontab=crontab,
            description=schedule.description,
            expire_seconds=schedule.expires_seconds,
            kwargs=json.dumps(schedule.kwargs),
        )
