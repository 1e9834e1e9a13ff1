"""People's findings — the three checks (三个监督检查) besides the online patrol — and the
routing of items between the three departments that act on them.

* Offline spot-checks (网下抽查): ``spot_check_draw`` draws a reproducible random sample of
  a unit's cases accepted in a period; a reviewer records findings per sampled case against
  the checklist (``finding_record``).
* Petition back-checks (信访倒查): ``petition_record`` records a petition and links its
  case; what the back-check finds is recorded the same way and the petition concluded.
* Every finding opens one problem in the warning table (source ``spot_check`` or
  ``petition``) per contract rule 2, so the sweep notifies it and sets its rectification
  deadline like any other item.
* ``warning_route`` hands an item to legal affairs, discipline inspection or petitions.

Writes are keyword-only, atomic and audited; reads start from ``visible_to(user)``.
"""

from __future__ import annotations

import datetime
import secrets

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import CharField, Count, Prefetch, Q, QuerySet, Value
from django.db.models.functions import MD5, Cast, Concat
from django.utils import timezone
from django.utils.translation import gettext as _

from cases.models import Case, CaseOfficer
from supervision.models import Officer, Unit, User
from supervision.services import audit_record

from .choices import Department, Level, WarningSource
from .models import (
    ChecklistItem,
    Finding,
    Petition,
    SpotCheck,
    SpotCheckCase,
    Warning,
    WarningRoute,
)

MAX_SAMPLE = 200

# The default checklist of an offline spot-check: what a reviewer reads a case file for
# (practice.md §8.3 逐案 review, §8.5 item 5: 签名, 回执, 告知书, 证据上传, 电子签章; and the
# typical problems of §8.5 item 4). The legal-affairs unit may edit the list.
DEFAULT_CHECKLIST = [
    (1, "受案、立案是否及时，有无受案不立案、立而不侦"),
    (2, "法律文书是否齐全，签名、捺印、日期、电子签章是否完整"),
    (3, "告知书、回执是否依法送达并附卷"),
    (4, "证据收集是否合法，证据材料是否上传电子卷宗"),
    (5, "强制措施的适用、变更、期限是否合法"),
    (6, "涉案财物是否及时入库、登记、处置"),
    (7, "办案区使用登记、同步录音录像是否规范"),
    (8, "案件办理是否超期，结案、归档是否及时"),
]


def checklist_seed() -> int:
    """The default checklist, once (an edited list is never overwritten)."""
    if ChecklistItem.objects.exists():
        return 0
    ChecklistItem.objects.bulk_create(
        [ChecklistItem(number=number, title=title) for number, title in DEFAULT_CHECKLIST]
    )
    return len(DEFAULT_CHECKLIST)


def _require_in_scope(actor: User, unit: Unit) -> None:
    # Out of scope looks the same as missing everywhere else; a service called with a unit
    # the actor cannot see refuses rather than writes.
    if not Unit.objects.visible_to(actor).filter(pk=unit.pk).exists():
        raise PermissionDenied(_("This unit is outside your scope."))


# ---------------------------------------------------------------------------------------
# Problems from findings


def _create_problem(
    *,
    unit: Unit,
    source: str,
    title: str,
    fingerprint: str,
    case: Case | None = None,
    officer: Officer | None = None,
    department: str = Department.LEGAL,
    detail: dict | None = None,
    by=None,
) -> Warning:
    """The finding's problem, opened through the workflow (history, exemptions, sweep).

    A finding is a breach already established by a person, so its level is red (the
    shortest rectification deadline); the sweep picks it up at once, notifies it and sets
    the deadline.
    """
    from .workflow import open_problem

    element = {"element_type": "case", "element_id": case.pk, "element_label": case.number} if case else {}
    return open_problem(
        unit=unit,
        source=source,
        title=title,
        case=case,
        officer=officer,
        department=department,
        detail=detail,
        level=Level.RED,
        fingerprint=fingerprint,
        by=by,
        **element,
    )


def _lead_officer(case: Case | None) -> Officer | None:
    if case is None:
        return None
    row = CaseOfficer.objects.filter(case=case).select_related("officer").order_by("-is_lead", "pk").first()
    return row.officer if row else None


# ---------------------------------------------------------------------------------------
# Offline spot-checks


def spot_check_population(*, unit: Unit, period_start: datetime.date, period_end: datetime.date) -> QuerySet:
    """Cases of ``unit`` and below accepted in the period (local dates, inclusive)."""
    return Case.objects.in_unit_subtree(unit).filter(
        accepted_at__date__gte=period_start, accepted_at__date__lte=period_end
    )


def spot_check_sample_ids(
    *, unit: Unit, period_start: datetime.date, period_end: datetime.date, size: int, seed: str
) -> list[int]:
    """The sample, deterministic from the seed: the population ordered by ``md5(seed || id)``.

    Set-based (one query, no rows pulled into Python but the sample), independent of insert
    order and of the database's physical layout, and re-drawable by anyone with the seed.
    """
    key = MD5(Concat(Value(seed), Value(":"), Cast("id", output_field=CharField())))
    qs = spot_check_population(unit=unit, period_start=period_start, period_end=period_end)
    return list(qs.annotate(draw_key=key).order_by("draw_key", "id").values_list("id", flat=True)[:size])


@transaction.atomic
def spot_check_draw(
    *,
    actor: User,
    unit: Unit,
    period_start: datetime.date,
    period_end: datetime.date,
    sample_size: int,
    seed: str = "",
) -> SpotCheck:
    """Draw the sample of a new spot-check. Without a seed a random one is chosen and kept."""
    errors = {}
    if period_end < period_start:
        errors["period_end"] = _("The period ends before it starts.")
    if not 1 <= sample_size <= MAX_SAMPLE:
        errors["sample_size"] = _("Draw between 1 and %(max)s cases.") % {"max": MAX_SAMPLE}
    if errors:
        raise ValidationError(errors)
    _require_in_scope(actor, unit)
    seed = (seed or "").strip() or secrets.token_hex(8)
    population = spot_check_population(unit=unit, period_start=period_start, period_end=period_end).count()
    ids = spot_check_sample_ids(
        unit=unit, period_start=period_start, period_end=period_end, size=sample_size, seed=seed
    )
    check = SpotCheck.objects.create(
        unit=unit,
        period_start=period_start,
        period_end=period_end,
        sample_size=sample_size,
        seed=seed,
        population=population,
        drawn_by=actor,
    )
    SpotCheckCase.objects.bulk_create(
        [SpotCheckCase(spot_check=check, case_id=case_id, position=i) for i, case_id in enumerate(ids, 1)]
    )
    audit_record(
        actor=actor,
        action="spot_check.draw",
        target=check,
        changes={
            "period": [None, f"{period_start}/{period_end}"],
            "seed": [None, seed],
            "sample": [None, ids],
            "population": [None, population],
        },
    )
    return check


@transaction.atomic
def sampled_case_review(*, actor: User, sampled: SpotCheckCase) -> SpotCheckCase:
    """Mark a sampled case as read (with or without findings); completes the spot-check
    when it was the last one."""
    now = timezone.now()
    sampled.reviewed_at, sampled.reviewed_by = now, actor
    sampled.save(update_fields=["reviewed_at", "reviewed_by"])
    check = sampled.spot_check
    if not check.sample.filter(reviewed_at__isnull=True).exists() and check.completed_at is None:
        check.completed_at = now
        check.save(update_fields=["completed_at"])
    audit_record(
        actor=actor, action="spot_check.review", target=check, changes={"case": [None, sampled.case_id]}
    )
    return sampled


# ---------------------------------------------------------------------------------------
# Petitions


@transaction.atomic
def petition_record(
    *,
    actor: User,
    unit: Unit,
    received_on: datetime.date,
    petitioner: str,
    channel: str,
    content: str,
    case: Case | None = None,
) -> Petition:
    """Record a petition or complaint; linking its case makes the back-check possible."""
    if received_on > timezone.localdate():
        raise ValidationError({"received_on": _("The date lies in the future.")})
    _require_in_scope(actor, unit)
    if case is not None and not Case.objects.in_unit_subtree(unit).filter(pk=case.pk).exists():
        raise ValidationError({"case": _("The case does not belong to this unit.")})
    petition = Petition.objects.create(
        unit=unit,
        received_on=received_on,
        petitioner=petitioner.strip(),
        channel=channel,
        content=content.strip(),
        case=case,
        recorded_by=actor,
    )
    audit_record(
        actor=actor, action="petition.record", target=petition, changes={"case": [None, case and case.pk]}
    )
    return petition


@transaction.atomic
def petition_conclude(*, actor: User, petition: Petition, conclusion: str) -> Petition:
    """Close the back-check with its conclusion (findings are recorded separately)."""
    conclusion = conclusion.strip()
    if not conclusion:
        raise ValidationError({"conclusion": _("Write what the back-check found.")})
    before = petition.conclusion
    petition.conclusion, petition.back_checked_at = conclusion, timezone.now()
    petition.save(update_fields=["conclusion", "back_checked_at"])
    audit_record(
        actor=actor, action="petition.conclude", target=petition, changes={"conclusion": [before, conclusion]}
    )
    return petition


# ---------------------------------------------------------------------------------------
# Findings → problems


@transaction.atomic
def finding_record(
    *,
    actor: User,
    text: str,
    sampled: SpotCheckCase | None = None,
    petition: Petition | None = None,
    checklist_item: ChecklistItem | None = None,
    officer: Officer | None = None,
    department: str = Department.LEGAL,
) -> Finding:
    """Record one finding of a spot-check (per sampled case) or of a petition back-check,
    and open its problem."""
    text = (text or "").strip()
    if (sampled is None) == (petition is None):
        raise ValidationError(_("A finding belongs to one sampled case or to one petition."))
    if not text:
        raise ValidationError({"text": _("Describe what was found.")})
    if department not in Department.values:
        raise ValidationError({"department": _("Unknown department.")})
    if sampled is not None:
        unit, case, source = sampled.case.unit, sampled.case, WarningSource.SPOT_CHECK
        _require_in_scope(actor, sampled.spot_check.unit)
    else:
        unit, case, source = petition.unit, petition.case, WarningSource.PETITION
        _require_in_scope(actor, petition.unit)
    if officer is not None and not Officer.objects.in_unit_subtree(unit).filter(pk=officer.pk).exists():
        raise ValidationError({"officer": _("The officer does not belong to this unit.")})
    officer = officer or _lead_officer(case)
    finding = Finding.objects.create(
        unit=unit,
        sampled_case=sampled,
        petition=petition,
        checklist_item=checklist_item,
        case=case,
        officer=officer,
        text=text,
        recorded_by=actor,
    )
    title = checklist_item.title if checklist_item else text[:80]
    detail = {"finding": text, "finding_id": finding.pk}
    if checklist_item:
        detail["checklist_item"] = checklist_item.number
    if sampled is not None:
        detail["spot_check_id"] = sampled.spot_check_id
    else:
        detail["petition_id"] = petition.pk
    finding.warning = _create_problem(
        unit=unit,
        source=source,
        title=title,
        fingerprint=f"{source}:finding:{finding.pk}",
        case=case,
        officer=officer,
        department=department,
        detail=detail,
        by=actor,
    )
    finding.save(update_fields=["warning"])
    audit_record(
        actor=actor,
        action="finding.record",
        target=finding,
        changes={"text": [None, text], "problem": [None, finding.warning_id], "source": [None, source]},
    )
    return finding


# ---------------------------------------------------------------------------------------
# Routing between legal affairs, discipline inspection and petitions


@transaction.atomic
def warning_route(*, actor: User, warning: Warning, to_department: str, note: str = "") -> WarningRoute:
    """Hand an item to another department; the department holding it shows on every list."""
    if to_department not in Department.values:
        raise ValidationError({"to_department": _("Unknown department.")})
    locked = Warning.objects.select_for_update().get(pk=warning.pk)
    if locked.department == to_department:
        raise ValidationError({"to_department": _("The item is already held by this department.")})
    route = WarningRoute.objects.create(
        warning=locked,
        from_department=locked.department,
        to_department=to_department,
        note=(note or "").strip()[:200],
        routed_by=actor,
    )
    # Contract rule 1: every change a person makes to a warning moves it in the feed.
    Warning.objects.filter(pk=locked.pk).update(department=to_department, updated_at=timezone.now())
    audit_record(
        actor=actor,
        action="warning.route",
        target=locked,
        changes={"department": [locked.department, to_department]},
        note=route.note,
    )
    warning.department = to_department
    return route


# ---------------------------------------------------------------------------------------
# Reads


def spot_check_list(*, fetched_by: User) -> QuerySet[SpotCheck]:
    return (
        SpotCheck.objects.visible_to(fetched_by)
        .select_related("unit", "drawn_by")
        .annotate(
            sampled=Count("sample", distinct=True),
            reviewed=Count("sample", filter=Q(sample__reviewed_at__isnull=False), distinct=True),
            findings=Count("sample__findings", distinct=True),
        )
        .order_by("-drawn_at", "-id")
    )


def spot_check_sample(*, spot_check: SpotCheck) -> QuerySet[SpotCheckCase]:
    return (
        spot_check.sample.select_related("case", "case__unit", "reviewed_by")
        .prefetch_related(
            Prefetch(
                "findings", queryset=Finding.objects.select_related("checklist_item", "warning", "officer")
            )
        )
        .order_by("position")
    )


def petition_list(*, fetched_by: User) -> QuerySet[Petition]:
    return (
        Petition.objects.visible_to(fetched_by)
        .select_related("unit", "case")
        .annotate(finding_count=Count("findings"))
        .order_by("-received_on", "-id")
    )


def finding_list(*, fetched_by: User) -> QuerySet[Finding]:
    return Finding.objects.visible_to(fetched_by).select_related(
        "unit", "case", "officer", "checklist_item", "warning"
    )


def warning_routes(*, warning: Warning) -> QuerySet[WarningRoute]:
    return warning.routes.select_related("routed_by").order_by("routed_at", "id")
