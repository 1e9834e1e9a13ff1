"""Demo: run the patrol on whatever the demo city holds, so the warning pages open full.

The execution elements are the ``cases`` demo's (seeded before this, in INSTALLED_APPS
order), with their irregularities. Until that demo exists — or when it holds no case at
all — a small set of irregular elements is added at the demo stations so that warnings of
all three colours are there right after ``make demo``; it is skipped as soon as the
``cases`` demo provides cases of its own.
"""

from __future__ import annotations

import datetime
import random

from django.db import transaction
from django.utils import timezone

from cases.choices import (
    AdminCaseType,
    AreaType,
    CaseKind,
    CaseSource,
    CaseStatus,
    DocumentKind,
    IncidentCategory,
    IncidentDisposal,
    IncidentSource,
    MeasureKind,
    PersonRole,
    PropertyKind,
    PropertyStatus,
    SeizureKind,
    VenueKind,
)
from cases.models import (
    Case,
    CaseOfficer,
    CoerciveMeasure,
    Incident,
    LegalDocument,
    Person,
    Property,
    Venue,
    VenueVisit,
)
from supervision.audit import audit_context
from supervision.choices import AuditSource
from supervision.models import Officer, Unit

from .choices import WarningSource
from .models import Warning
from .rules.base import parse_period_key

DEMO_STATIONS = ("350102510000", "350102520000", "350103510000")  # 东街, 南门 (鼓楼), 江滨 (江南)
PREFIX = "DEMO-ALERTS"


def seed(*, scale: str, stdout=None) -> dict:
    from .services import calendar_seed, patrol_run, risk_point_sync

    with audit_context(source=AuditSource.SYSTEM):
        calendar_seed()
        risk_point_sync()
        seeded = 0
        if not Case.objects.exists():
            seeded = _seed_irregular_elements()
        patrol_started = timezone.now()
        run = patrol_run(
            business_date=timezone.localdate(), triggered_by=AuditSource.SYSTEM, rerun=True, inline=True
        )
        backdated = backdate_to_level_reached(since=patrol_started, now=timezone.now())
        from . import finding_demo

        found = finding_demo.seed()
    counts = {k: v for k, v in (run.counts if run else {}).items() if k != "by_rule"}
    if stdout is not None:
        stdout.write(f"  findings and negative list: {found}")
    if stdout is not None:
        stdout.write(f"  irregular demo elements: {seeded}; patrol {run.status if run else '—'}: {counts}")
        stdout.write(f"  patrol warnings dated to when their level was reached: {backdated}")
    from .flow_demo import seed as seed_workflow

    with audit_context(source=AuditSource.SYSTEM):
        counts.update(seed_workflow(stdout))
    return counts


def level_reached_at(warning: Warning, thresholds: dict, *, now: datetime.datetime):
    """(first raised, current level reached) for a patrol warning, from its due time and the
    risk point's thresholds: blue and yellow start their lead time before the due time, red
    its grace after it. Never before the period started, never after ``now``."""
    if warning.due_at is None:
        return None
    config = thresholds.get("*", {"red": 0})
    limit = ((warning.detail or {}).get("limit_value"), (warning.detail or {}).get("limit_unit"))
    for key, band in thresholds.items():
        if parse_period_key(key) == limit:
            config = band
            break
    due = warning.due_at
    moments = {"red": due + datetime.timedelta(minutes=config.get("red") or 0)}
    for level in ("yellow", "blue"):
        if config.get(level) is not None:
            moments[level] = due - datetime.timedelta(minutes=config[level])
    floor = warning.start_at or min(moments.values())

    def clamp(moment):
        return min(max(moment, floor), now)

    reached = moments.get(warning.level, moments["red"])
    return clamp(min(moments.values())), clamp(reached)


def backdate_to_level_reached(*, since: datetime.datetime, now: datetime.datetime) -> int:
    """Date the patrol warnings raised since ``since`` (this seeding's patrol) to the moment
    their condition first reached a level, instead of the seeding day.

    The demo has no patrol history: every warning would otherwise be "raised today" and the
    dashboard's twelve-week trend would be one bar. The warnings are not invented — only
    their dates are set to when a daily patrol would have raised them.
    """
    from .rules import registry

    rows = list(
        Warning.objects.filter(source=WarningSource.PATROL, created_at__gte=since, risk_point__isnull=False)
        .select_related("risk_point")
        .only(
            "pk",
            "level",
            "start_at",
            "due_at",
            "detail",
            "risk_point__code",
            "risk_point__thresholds",
            "risk_point__params",
        )
    )
    thresholds_of = {}
    changed = []
    for warning in rows:
        point = warning.risk_point
        if point.code not in thresholds_of:
            rule = registry.get(point.code)
            thresholds_of[point.code] = rule.config(point.thresholds, point.params)[0] if rule else {}
        moments = level_reached_at(warning, thresholds_of[point.code], now=now)
        if moments is None:
            continue
        warning.raised_at = warning.created_at = moments[0]
        warning.level_changed_at = moments[1]
        changed.append(warning)
    Warning.objects.bulk_update(changed, ["raised_at", "created_at", "level_changed_at"], batch_size=2000)
    return len(changed)


@transaction.atomic
def _seed_irregular_elements() -> int:
    """A few elements per demo station whose hour-based limits are approaching, imminent or
    breached *now*, so the colours do not depend on weekends and holidays."""
    rng = random.Random(4)
    now = timezone.now()
    hours = datetime.timedelta(hours=1)
    created = 0
    for index, code in enumerate(DEMO_STATIONS):
        unit = Unit.objects.filter(code=code).first()
        officers = list(Officer.objects.filter(unit=unit).order_by("badge_no")) if unit else []
        if unit is None or not officers:
            continue
        officer = officers[min(2, len(officers) - 1)]
        venue, _ = Venue.objects.get_or_create(
            code=f"{PREFIX}-V{index}",
            defaults={"name": f"{unit.display_name}办案区", "kind": VenueKind.HANDLING_AREA, "unit": unit},
        )

        def ext(kind: str, n: int, code: str = code) -> str:
            return f"{PREFIX}-{code}-{kind}-{n}"

        # 涉案财物 taken 13 h / 21 h / 30 h ago and not stored: blue / yellow / red (CW01).
        for n, ago in enumerate((13, 21, 30)):
            case = _case(unit, officer, ext("CWC", n), now - (ago + 2) * hours, filed=True)
            Property.objects.create(
                external_id=ext("PR", n),
                unit=unit,
                case=case,
                name=rng.choice(["手机", "笔记本电脑", "现金", "电动车"]),
                kind=PropertyKind.OTHER,
                seizure_kind=SeizureKind.SEIZURE,
                status=PropertyStatus.SEIZED,
                seized_at=now - ago * hours,
                seized_by=officer,
                receipt_issued=True,
            )
            created += 2
        # 办案区 entered 17 h / 21 h / 26 h ago and still there: blue / yellow / red (CS03).
        for n, ago in enumerate((17, 21, 26)):
            person = Person.objects.create(
                external_id=ext("VP", n), unit=unit, role=PersonRole.SUSPECT, name=_name(rng)
            )
            VenueVisit.objects.create(
                external_id=ext("VV", n),
                unit=unit,
                venue=venue,
                person=person,
                entered_at=now - ago * hours,
                checked_by=officer,
                check_identity=True,
                check_body=True,
            )
            created += 2
        # 处警结果 resolved on the scene 13 h / 21 h / 30 h ago with no result entered (JQ02).
        for n, ago in enumerate((13, 21, 30)):
            Incident.objects.create(
                external_id=ext("JQ", n),
                unit=unit,
                number=f"J{code[-6:]}{n:03d}",
                received_at=now - (ago + 1) * hours,
                source=IncidentSource.CALL_110,
                category=IncidentCategory.ASSISTANCE,
                area_type=AreaType.URBAN,
                officer=officer,
                disposal=IncidentDisposal.RESOLVED_ON_SCENE,
                disposed_at=now - ago * hours,
                summary="群众求助，现场处置完毕",
            )
            created += 1
        # 刑事拘留 five days ago, no arrest request (RY12, custody: red).
        case = _case(unit, officer, ext("RYC", 0), now - 6 * 24 * hours, filed=True)
        suspect = Person.objects.create(
            external_id=ext("RYP", 0), unit=unit, case=case, role=PersonRole.SUSPECT, name=_name(rng)
        )
        CoerciveMeasure.objects.create(
            external_id=ext("RYM", 0),
            unit=unit,
            person=suspect,
            case=case,
            kind=MeasureKind.CRIMINAL_DETENTION,
            started_at=now - 5 * 24 * hours,
            family_notified_at=now - 5 * 24 * hours + 3 * hours,
        )
        # 治安案件 accepted 40 days ago, no decision (AJ23: red), and a record without signatures (JZ01).
        zhian = _case(unit, officer, ext("AJC", 0), now - 40 * 24 * hours, kind=CaseKind.ADMINISTRATIVE)
        LegalDocument.objects.create(
            external_id=ext("JZ", 0),
            unit=unit,
            case=zhian,
            kind=DocumentKind.INQUIRY_RECORD,
            number=f"询问笔录-{code[-6:]}",
            issued_at=now - 39 * 24 * hours,
            signed_by_officers=True,
        )
        created += 5
    return created


def _case(unit, officer, external_id, accepted_at, *, kind=CaseKind.CRIMINAL, filed=False) -> Case:
    case = Case.objects.create(
        external_id=external_id,
        unit=unit,
        number=f"A{external_id[-12:]}",
        kind=kind,
        admin_type=AdminCaseType.PUBLIC_ORDER if kind == CaseKind.ADMINISTRATIVE else "",
        cause="盗窃" if kind == CaseKind.CRIMINAL else "殴打他人",
        source=CaseSource.REPORT,
        status=CaseStatus.FILED if filed else CaseStatus.ACCEPTED,
        accepted_at=accepted_at,
        filed_at=accepted_at + datetime.timedelta(hours=20) if filed else None,
        receipt_waiver_reason="",
    )
    LegalDocument.objects.create(
        external_id=f"{external_id}-R",
        unit=unit,
        case=case,
        kind=DocumentKind.ACCEPTANCE_RECEIPT,
        number=f"回执-{external_id[-8:]}",
        issued_at=accepted_at,
    )
    CaseOfficer.objects.create(case=case, officer=officer, is_lead=True)
    return case


def _name(rng: random.Random) -> str:
    from supervision.demo import random_name

    return random_name(rng)
