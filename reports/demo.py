"""Demo data of the monthly assessment: a year of findings behind the stations, a few
negative-list hits, and published assessments for the thirteen months before this one —
so the ranking shows change against last month *and* the same month last year.

The problems are written here directly (they stand for last year's spot-checks, closed or
not); the rectification issue's workflow owns how new ones are raised.
"""

from __future__ import annotations

import datetime
import random

from django.db import transaction
from django.utils import timezone

from alerts.choices import ItemKind, Level, Sanction, WarningSource, WorkflowState
from alerts.models import NegativeListHit, NegativeListItem, Warning
from cases.choices import ElementType
from supervision.audit import audit_context
from supervision.choices import AuditSource
from supervision.models import Officer, User

from .assessment import assessment_generate, assessment_publish, scheme_current
from .indicators import Period, assessed_units

MONTHS = 13
ELEMENTS = [
    ElementType.CASE,
    ElementType.PERSON,
    ElementType.MEASURE,
    ElementType.PROPERTY,
    ElementType.VENUE_VISIT,
    ElementType.CASE_FILE,
    ElementType.INCIDENT,
    ElementType.DOCUMENT,
]
NEGATIVE_LIST = [
    (1, "超期羁押或变相羁押", "10"),
    (2, "应当立案而不立案、不应立案而立案", "5"),
    (3, "涉案财物未按规定入库、处置", "3"),
    (4, "执法办案场所违规使用", "3"),
    (5, "法律文书制作严重不规范", "1"),
]


def seed(*, scale: str, stdout=None) -> dict:
    with audit_context(source=AuditSource.SYSTEM):
        created = _seed_findings(scale=scale)
        scheme_current()
        published = _assess()
    if stdout is not None:
        stdout.write(f"  assessment demo: {created} past problems; {published} months assessed and published")
    return {"problems": created, "assessments": published}


@transaction.atomic
def _seed_findings(*, scale: str) -> int:
    if Warning.objects.filter(fingerprint__startswith="demo-assess:").exists():
        return 0
    rng = random.Random(7)
    items = [
        NegativeListItem.objects.get_or_create(number=n, defaults={"title": title, "weight": weight})[0]
        for n, title, weight in NEGATIVE_LIST
    ]
    stations = [u for u in assessed_units() if u.level == "station"]
    officers: dict[int, list[Officer]] = {}
    for officer in Officer.objects.filter(unit__in=stations, is_active=True).order_by("badge_no"):
        officers.setdefault(officer.unit_id, []).append(officer)
    # One mid-level leader per station (the first officer) if the data names none.
    if not Officer.objects.filter(is_mid_level_leader=True).exists():
        Officer.objects.filter(pk__in=[people[0].pk for people in officers.values() if people]).update(
            is_mid_level_leader=True
        )
    now = timezone.now()
    this_month = Period(now.year, now.month)
    per_station = 6 if scale == "small" else 25
    warnings, hits = [], []
    for unit in stations:
        # Each station has its own habits, so the ranking has a shape and moves month to month.
        care = rng.uniform(0.55, 0.95)
        period = this_month
        for _month in range(MONTHS):
            period = period.previous()
            days = (period.last_day - period.first_day).days + 1
            for n in range(rng.randint(per_station // 2, per_station)):
                raised = period.start + datetime.timedelta(days=rng.uniform(0, days - 1))
                due = raised + datetime.timedelta(days=7)
                closed = None
                if rng.random() < care:
                    closed = due - datetime.timedelta(hours=rng.uniform(1, 100))
                elif rng.random() < 0.6:
                    closed = due + datetime.timedelta(days=rng.uniform(1, 20))
                if closed and closed > now:
                    closed = None
                people = officers.get(unit.pk) or [None]
                warnings.append(
                    Warning(
                        source=rng.choice(
                            [WarningSource.SPOT_CHECK, WarningSource.MANUAL, WarningSource.PETITION]
                        ),
                        fingerprint=f"demo-assess:{unit.pk}:{period.key}:{n}",
                        kind=ItemKind.PROBLEM,
                        element_type=rng.choice(ELEMENTS),
                        element_label=f"{period.key} 抽查问题 {n + 1}",
                        unit=unit,
                        officer=rng.choice(people),
                        level=Level.RED,
                        peak_level=Level.RED,
                        raised_at=raised,
                        created_at=raised,
                        updated_at=closed or raised,
                        rectify_due_at=due,
                        workflow_state=WorkflowState.CLOSED if closed else WorkflowState.NOTIFIED,
                        closed_at=closed,
                        cleared_at=closed,
                    )
                )
            if rng.random() < 0.35 - 0.2 * care:
                people = officers.get(unit.pk) or []
                hits.append(
                    (
                        NegativeListHit(
                            item=rng.choice(items),
                            unit=unit,
                            chief=people[0] if people else None,
                            sanction=rng.choice(list(Sanction.values)),
                            decided_on=period.first_day + datetime.timedelta(days=rng.randint(0, 25)),
                            description="演示：月度检查发现",
                        ),
                        people[1:2],
                    )
                )
    Warning.objects.bulk_create(warnings, batch_size=1000)
    NegativeListHit.objects.bulk_create([hit for hit, _people in hits])
    for hit, people in hits:
        if people:
            hit.officers.set(people)
    return len(warnings)


def _assess() -> int:
    publisher = User.objects.filter(role="legal_affairs", is_active=True).order_by("pk").first()
    now = timezone.now()
    period = Period(now.year, now.month)
    periods = []
    for _month in range(MONTHS):
        period = period.previous()
        periods.append(period)
    done = 0
    # Oldest first, so each month's change columns find the months before it.
    for period in reversed(periods):
        assessment, _created = assessment_generate(period=period)
        if publisher is not None and not assessment.is_published:
            assessment_publish(actor=publisher, assessment=assessment)
        done += 1
    return done
