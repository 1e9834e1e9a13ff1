"""Fixtures for the disputes tests: dispute incidents with their persons, built through
``cases`` models the way ingestion stores them, and a helper that walks a dispute
through assessment with every checklist item answered."""

from __future__ import annotations

import datetime
import itertools

import pytest
from django.utils import timezone

from cases.choices import IncidentCategory, IncidentSource, PersonRole
from cases.models import Incident, Person
from disputes import selectors, services
from disputes.choices import Answer, Cause, Consequence, DisputeType
from disputes.models import Dispute

_seq = itertools.count(1)


def at(days_ago: float = 0, hour: int = 10) -> datetime.datetime:
    """An aware time ``days_ago`` days before today, at ``hour`` (Asia/Shanghai)."""
    day = timezone.localdate() - datetime.timedelta(days=int(days_ago))
    return datetime.datetime.combine(day, datetime.time(hour, 0), tzinfo=timezone.get_current_timezone())


def make_incident(
    unit,
    *,
    received_at=None,
    summary="邻里之间因琐事发生口角",
    location_key="",
    caller_phone="",
    has_threat=False,
    weapons=False,
    crowd=2,
    is_dispute=True,
    officer=None,
    persons=(),
) -> Incident:
    n = next(_seq)
    incident = Incident.objects.create(
        external_id=f"T-JQ-{n}",
        unit=unit,
        number=f"J{n:06d}",
        received_at=received_at or at(0),
        source=IncidentSource.CALL_110,
        category=IncidentCategory.DISPUTE if is_dispute else IncidentCategory.OTHER,
        is_dispute=is_dispute,
        location=location_key,
        location_key=location_key,
        caller_phone=caller_phone,
        summary=summary,
        has_threat=has_threat,
        weapons_involved=weapons,
        crowd_size=crowd,
        officer=officer,
    )
    for person in persons:
        make_person(incident=incident, **person)
    return incident


def make_person(*, incident=None, unit=None, name="张三", id_number="", **flags) -> Person:
    n = next(_seq)
    return Person.objects.create(
        external_id=f"T-RY-{n}",
        unit=unit or incident.unit,
        incident=incident,
        role=PersonRole.PARTY,
        name=name,
        id_number=id_number,
        **flags,
    )


def answer_all(
    dispute: Dispute, *, default: str = Answer.NO, overrides: dict[str, str] | None = None
) -> dict:
    """Answers for every active checklist item: ``{item_id: (answer, note)}``."""
    overrides = overrides or {}
    return {item.pk: (overrides.get(item.code, default), "") for item in selectors.checklist_items()}


def classification(**values) -> dict:
    base = {
        "dispute_type": DisputeType.NEIGHBOURHOOD,
        "consequence": Consequence.NONE,
        "cause": Cause.TRIVIAL,
    }
    base.update(values)
    return base


def assess(actor, dispute, *, colour=None, reason="", answers=None, **classified):
    """Classify, answer everything (with the data's answers where it has them), and confirm."""
    dispute = services.dispute_classify(actor=actor, dispute=dispute, **classification(**classified))
    existing = {a.item_id: a.answer for a in dispute.answers.all()}
    payload = {
        item.pk: ((answers or {}).get(item.code, existing.get(item.pk, Answer.NO)), "")
        for item in selectors.checklist_items()
    }
    services.dispute_checklist_answer(actor=actor, dispute=dispute, answers=payload)
    dispute.refresh_from_db()
    proposal, _ = selectors.dispute_proposal(dispute)
    return services.dispute_assess(
        actor=actor, dispute=dispute, colour=colour or proposal.colour, override_reason=reason
    )


@pytest.fixture
def intake():
    def run():
        return services.dispute_intake()

    return run
