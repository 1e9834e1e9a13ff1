"""Writes of the monthly assessment (月考评): scheme versions, generation, publication.

Generation freezes the period's inputs (``reports.indicators``) and scores them with the
current scheme (``reports.scheme``), storing the scheme snapshot, the inputs and every
deduction with the scores. A published assessment is never recomputed: neither a later
run of the job nor a new scheme version touches it.
"""

from __future__ import annotations

from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from supervision.models import JobRun, User
from supervision.services import audit_record

from . import indicators
from .indicators import Period
from .models import (
    Assessment,
    AssessmentScheme,
    AssessmentScore,
    AssessmentStatus,
    SubjectKind,
)
from .scheme import Scored, default_definition, score, validate


class AssessmentError(ValueError):
    """An action the assessment cannot take; the message is for the user."""


# --------------------------------------------------------------------------------------
# Schemes


def scheme_current() -> AssessmentScheme:
    """The scheme new assessments are scored with; version 1 (the default) on first use."""
    current = AssessmentScheme.objects.filter(is_current=True).first()
    if current is not None:
        return current
    with transaction.atomic():
        current = AssessmentScheme.objects.select_for_update().filter(is_current=True).first()
        if current is None:
            current, _created = AssessmentScheme.objects.get_or_create(
                version=1,
                defaults={
                    "name": "执法质量月考评",
                    "definition": default_definition(),
                    "is_current": True,
                    "note": "default (practice.md §8.4)",
                },
            )
    return current


@transaction.atomic
def scheme_save(*, actor: User, definition: dict, name: str = "", note: str = "") -> AssessmentScheme:
    """Create the next version from ``definition`` and make it current (audited).

    Assessments already generated keep the snapshot they were scored with.
    """
    validate(definition)
    previous = scheme_current()
    AssessmentScheme.objects.select_for_update().filter(pk=previous.pk).update(is_current=False)
    latest = AssessmentScheme.objects.order_by("-version").values_list("version", flat=True).first() or 0
    scheme = AssessmentScheme.objects.create(
        version=latest + 1,
        name=name or previous.name,
        definition=definition,
        is_current=True,
        note=note,
        created_by=actor,
    )
    audit_record(
        actor=actor,
        action="assessment_scheme.create",
        target=scheme,
        changes={
            "version": [previous.version, scheme.version],
            "definition": [previous.definition, definition],
        },
        note=note,
    )
    return scheme


# --------------------------------------------------------------------------------------
# Generation


def _rank(rows: list[dict]) -> None:
    """Competition ranking (1, 2, 2, 4) by score within each (kind, level) group."""
    groups: dict[tuple, list[dict]] = {}
    for row in rows:
        groups.setdefault((row["subject_kind"], row["level"]), []).append(row)
    for members in groups.values():
        members.sort(key=lambda r: -r["scored"].score)
        previous_score, previous_rank = None, 0
        for index, row in enumerate(members, start=1):
            if row["scored"].score != previous_score:
                previous_rank, previous_score = index, row["scored"].score
            row["rank"], row["rank_of"] = previous_rank, len(members)


def _scores_of(period: Period) -> dict[tuple, Decimal]:
    rows = AssessmentScore.objects.filter(assessment__period=period.key).values_list(
        "subject_kind", "unit_id", "officer_id", "score"
    )
    return {(kind, officer_id or unit_id): value for kind, unit_id, officer_id, value in rows}


def _score_rows(period: Period, definition: dict) -> list[dict]:
    veto = definition.get("veto") or []
    units = {u.pk: u for u in indicators.assessed_units()}
    unit_figures = indicators.unit_inputs(period, veto)
    leader_figures = indicators.leader_inputs(period, unit_figures, veto)
    leaders = {o.pk: o for o in indicators.leaders()}
    rows = []
    for unit_id, inputs in unit_figures.items():
        unit = units[unit_id]
        rows.append(
            {
                "subject_kind": SubjectKind.UNIT,
                "unit": unit,
                "officer": None,
                "level": unit.level,
                "inputs": inputs,
                "scored": score(inputs, definition),
            }
        )
    for officer_id, inputs in leader_figures.items():
        officer = leaders[officer_id]
        rows.append(
            {
                "subject_kind": SubjectKind.LEADER,
                "unit": officer.unit,
                "officer": officer,
                "level": SubjectKind.LEADER,
                "inputs": inputs,
                "scored": score(inputs, definition),
            }
        )
    _rank(rows)
    last_month = _scores_of(period.previous())
    last_year = _scores_of(period.same_month_last_year())
    for row in rows:
        key = (row["subject_kind"], row["officer"].pk if row["officer"] else row["unit"].pk)
        value = row["scored"].score
        row["change_month"] = value - last_month[key] if key in last_month else None
        row["change_year"] = value - last_year[key] if key in last_year else None
    return rows


@transaction.atomic
def assessment_generate(
    *, period: Period, actor: User | None = None, run: JobRun | None = None, regenerate: bool = False
) -> tuple[Assessment, bool]:
    """The assessment of ``period``: created and scored once; returns ``(assessment, created)``.

    Idempotent per period: an existing assessment is returned untouched, unless it is a
    draft and ``regenerate`` asks to score it again (with the current scheme, on the
    current data). A published one is never rescored.
    """
    existing = Assessment.objects.select_for_update().filter(period=period.key).first()
    if existing is not None and (not regenerate or existing.is_published):
        if regenerate:
            raise AssessmentError(_("A published assessment cannot be generated again."))
        return existing, False
    scheme = scheme_current()
    definition = scheme.definition
    rows = _score_rows(period, definition)
    if existing is None:
        assessment = Assessment.objects.create(
            period=period.key,
            period_start=period.first_day,
            period_end=period.last_day,
            cutoff_at=period.cutoff,
            scheme=scheme,
            scheme_version=scheme.version,
            scheme_snapshot=definition,
            run=run,
        )
    else:
        assessment = existing
        assessment.scores.all().delete()
        assessment.scheme, assessment.scheme_version = scheme, scheme.version
        assessment.scheme_snapshot, assessment.generated_at, assessment.run = definition, timezone.now(), run
        assessment.save()
    AssessmentScore.objects.bulk_create(
        [
            AssessmentScore(
                assessment=assessment,
                subject_kind=row["subject_kind"],
                unit=row["unit"],
                officer=row["officer"],
                level=row["level"],
                inputs=row["inputs"],
                deductions=row["scored"].deductions,
                total_deduction=row["scored"].total_deduction,
                score=row["scored"].score,
                vetoed_by=row["scored"].vetoed_by,
                grade=row["scored"].grade,
                rank=row["rank"],
                rank_of=row["rank_of"],
                change_month=row["change_month"],
                change_year=row["change_year"],
            )
            for row in rows
        ],
        batch_size=500,
    )
    audit_record(
        actor=actor,
        action="assessment.regenerate" if existing else "assessment.generate",
        target=assessment,
        changes={"scheme_version": scheme.version, "scores": len(rows)},
    )
    return assessment, True


def assessment_recompute(assessment: Assessment) -> dict[int, Scored]:
    """Scores recomputed from nothing but what the assessment stored (inputs + snapshot)."""
    return {
        row.pk: score(row.inputs, assessment.scheme_snapshot)
        for row in assessment.scores.only("pk", "inputs")
    }


@transaction.atomic
def assessment_publish(*, actor: User, assessment: Assessment) -> Assessment:
    """Publish a draft: from now on it is read-only and its scores final."""
    assessment = Assessment.objects.select_for_update().get(pk=assessment.pk)
    if assessment.is_published:
        raise AssessmentError(_("This assessment is already published."))
    assessment.status = AssessmentStatus.PUBLISHED
    assessment.published_at = timezone.now()
    assessment.published_by = actor
    assessment.save(update_fields=["status", "published_at", "published_by"])
    audit_record(
        actor=actor,
        action="assessment.publish",
        target=assessment,
        changes={"status": [AssessmentStatus.DRAFT, AssessmentStatus.PUBLISHED]},
    )
    return assessment
