"""The rectification workflow: every transition and rejection path, the patrol hook
(reminder/problem, auto-resolve, regression), escalation with time travel, exemptions,
notifications and e-mail."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from alerts import exemptions, workflow
from alerts.choices import ItemKind, Level, WarningSource, WorkflowAction, WorkflowState
from alerts.models import Notification, SummonsNotice, Warning, WorkflowEvent
from alerts.services import patrol_run
from alerts.sweep import sweep_items, sweep_run
from alerts.workflow import TransitionError
from supervision.models import AuditEvent

from .factories import at, make_case

S = WorkflowState
# Items recorded now are due to the sweep at once; the sweep travels from an hour on.
T0 = timezone.now().replace(microsecond=0) + datetime.timedelta(hours=1)


def problem(world, **kwargs):
    return workflow.open_problem(
        unit=world.s1, source=WarningSource.MANUAL, title="卷宗缺少告知书", officer=world.off_s1b, **kwargs
    )


def sweep(moment):
    return sweep_items(as_of=moment)


def actions(warning):
    return list(warning.workflow_events.values_list("action", flat=True))


def test_a_problem_walks_from_new_to_closed_out(world, django_capture_on_commit_callbacks):
    world.chief_s1.email = "chief@s1.test"
    world.chief_s1.save()
    with django_capture_on_commit_callbacks(execute=True):
        item = problem(world, level=Level.RED)
    assert (item.kind, item.workflow_state, item.next_action_at is not None) == (
        ItemKind.PROBLEM,
        S.NEW,
        True,
    )
    with django_capture_on_commit_callbacks(execute=True):
        counts = sweep(T0)
    assert counts == {"notified": 1}
    item.refresh_from_db()
    assert item.workflow_state == S.NOTIFIED and item.rectify_due_at == T0 + datetime.timedelta(days=3)
    recipients = set(Notification.objects.filter(warning=item).values_list("recipient__username", flat=True))
    assert recipients == {"chief_s1", "officer_s1"}
    assert [m.to for m in mail.outbox] == [["chief@s1.test"]]

    before = item.updated_at
    workflow.acknowledge(item, by=world.chief_s1)
    assert item.workflow_state == S.ACKNOWLEDGED and item.updated_at > before
    scan = SimpleUploadedFile("整改.pdf", b"%PDF-1.4 test", content_type="application/pdf")
    workflow.submit_rectification(item, by=world.officer_s1, text="已补充告知书", files=[scan])
    assert item.workflow_state == S.SUBMITTED and item.next_action_at is None
    assert item.attachments.get().name == "整改.pdf"
    assert Notification.objects.filter(warning=item, recipient=world.branch_legal, kind="submitted").exists()
    workflow.verify(item, by=world.branch_legal, note="核实")
    workflow.close_out(item, by=world.branch_legal)
    item.refresh_from_db()
    assert item.workflow_state == S.CLOSED and item.closed_by == world.branch_legal and item.closed_at
    assert item.cleared_at is not None  # a finding by people is cleared by its close-out
    assert actions(item) == ["opened", "notified", "acknowledged", "submitted", "verified", "closed"]
    audited = AuditEvent.objects.filter(target_type="alerts.warning", target_id=str(item.pk))
    assert set(audited.values_list("action", flat=True)) >= {
        "warning.acknowledged",
        "warning.submitted",
        "warning.verified",
        "warning.closed",
    }


def test_reject_sends_the_rectification_back_with_the_reason(world):
    item = problem(world)
    sweep(T0)
    workflow.acknowledge(item, by=world.chief_s1)
    workflow.submit_rectification(item, by=world.chief_s1, text="已整改")
    with pytest.raises(TransitionError):
        workflow.reject(item, by=world.branch_legal, reason="  ")
    workflow.reject(item, by=world.branch_legal, reason="缺少签字")
    item.refresh_from_db()
    assert item.workflow_state == S.ACKNOWLEDGED and item.next_action_at is not None
    event = item.workflow_events.last()
    assert (event.action, event.from_state, event.to_state, event.note) == (
        "rejected",
        S.SUBMITTED,
        S.ACKNOWLEDGED,
        "缺少签字",
    )
    assert Notification.objects.filter(warning=item, kind="rejected", text__contains="缺少签字").exists()
    workflow.submit_rectification(item, by=world.chief_s1, text="已补签")
    assert item.workflow_state == S.SUBMITTED


@pytest.mark.parametrize(
    "move",
    [
        lambda w, item: workflow.verify(item, by=w.branch_legal),
        lambda w, item: workflow.reject(item, by=w.branch_legal, reason="x"),
        lambda w, item: workflow.close_out(item, by=w.branch_legal),
        lambda w, item: workflow.submit_rectification(item, by=w.chief_s1, text="x"),
        lambda w, item: workflow.notify(item),
    ],
)
def test_illegal_moves_from_notified_raise_and_write_nothing(world, move):
    item = problem(world)
    sweep(T0)
    item.refresh_from_db()
    events = WorkflowEvent.objects.count()
    with pytest.raises(TransitionError) as raised:
        move(world, item)
    assert raised.value.message
    assert WorkflowEvent.objects.count() == events
    assert Warning.objects.get(pk=item.pk).workflow_state == S.NOTIFIED


def test_closed_items_accept_nothing_more(world):
    item = problem(world)
    sweep(T0)
    workflow.acknowledge(item, by=world.chief_s1)
    workflow.submit_rectification(item, by=world.chief_s1, text="x")
    workflow.verify(item, by=world.branch_legal)
    workflow.close_out(item, by=world.branch_legal)
    for move in (
        lambda: workflow.acknowledge(item, by=world.chief_s1),
        lambda: workflow.remind(item, by=world.branch_legal),
        lambda: workflow.assign(item, by=world.chief_s1, to_user=world.officer_s1),
        lambda: workflow.close_out(item, by=world.branch_legal),
    ):
        with pytest.raises(TransitionError):
            move()


def test_roles_without_the_capability_are_refused(world):
    item = problem(world)
    sweep(T0)
    with pytest.raises(PermissionDenied):
        workflow.acknowledge(item, by=world.auditor)
    workflow.acknowledge(item, by=world.officer_s1)
    workflow.submit_rectification(item, by=world.officer_s1, text="x")
    with pytest.raises(PermissionDenied):
        workflow.verify(item, by=world.officer_s1)
    with pytest.raises(PermissionDenied):
        workflow.remind(item, by=world.chief_s1)


def test_assign_only_to_someone_who_sees_the_unit(world):
    item = problem(world)
    with pytest.raises(TransitionError):
        workflow.assign(item, by=world.chief_s1, to_user=world.officer_s2)
    workflow.assign(item, by=world.chief_s1, to_user=world.officer_s1)
    assert item.assignee == world.officer_s1
    assert Notification.objects.filter(recipient=world.officer_s1, kind="assigned").exists()


def test_a_reminder_is_acknowledged_and_closed_without_rectification(world):
    item = problem(world)
    Warning.objects.filter(pk=item.pk).update(kind=ItemKind.REMINDER)
    sweep(T0)
    item.refresh_from_db()
    assert item.rectify_due_at is None and item.next_action_at == T0 + datetime.timedelta(hours=24)
    workflow.acknowledge(item, by=world.chief_s1)
    assert item.next_action_at is None
    with pytest.raises(TransitionError):
        workflow.submit_rectification(item, by=world.chief_s1, text="x")
    workflow.close_out(item, by=world.branch_legal)
    assert item.workflow_state == S.CLOSED


@pytest.mark.parametrize(
    "upload",
    [
        SimpleUploadedFile("a.exe", b"MZ", content_type="application/octet-stream"),
        SimpleUploadedFile("a.pdf", b"x", content_type="text/html"),
        SimpleUploadedFile("a.pdf", b"", content_type="application/pdf"),
        SimpleUploadedFile(
            "big.pdf", b"x" * (workflow.MAX_ATTACHMENT_BYTES + 1), content_type="application/pdf"
        ),
    ],
)
def test_bad_attachments_are_refused_before_anything_is_written(world, upload):
    item = problem(world)
    sweep(T0)
    workflow.acknowledge(item, by=world.chief_s1)
    with pytest.raises(TransitionError):
        workflow.submit_rectification(item, by=world.chief_s1, text="x", files=[upload])
    item.refresh_from_db()
    assert item.workflow_state == S.ACKNOWLEDGED and not item.attachments.exists()


def test_escalation_steps_with_time_travel(world):
    item = problem(world, level=Level.RED)
    sweep(T0)
    item.refresh_from_db()
    due = item.rectify_due_at
    assert due == T0 + datetime.timedelta(days=3)
    workflow.acknowledge(item, by=world.chief_s1)
    # Acknowledged without a rectification: reminded at the interval.
    assert sweep(T0 + datetime.timedelta(hours=25)) == {"reminded": 1}
    assert sweep(T0 + datetime.timedelta(hours=26)) == {}  # nothing due again yet
    assert sweep(due + datetime.timedelta(minutes=1)) == {"escalated": 1}
    item.refresh_from_db()
    assert item.escalation_step == 1
    assert sweep(due + datetime.timedelta(days=1, minutes=2)) == {"reminded": 1}
    assert sweep(due + datetime.timedelta(days=3, minutes=1)) == {"escalated": 1}
    item.refresh_from_db()
    assert item.escalation_step == 2
    assert Notification.objects.filter(warning=item, recipient=world.branch_legal, kind="escalated").exists()
    assert sweep(due + datetime.timedelta(days=7, minutes=1)) == {"escalated": 1}
    item.refresh_from_db()
    assert item.escalation_step == 3
    notice = SummonsNotice.objects.get(warning=item)
    assert notice.unit == world.s1 and world.s1.name in notice.text
    assert Notification.objects.filter(warning=item, recipient=world.leader, kind="escalated").exists()
    # After the last step, reminders continue.
    assert sweep(due + datetime.timedelta(days=8, minutes=2)) == {"reminded": 1}
    steps = list(item.workflow_events.filter(action="escalated").values_list("escalation_step", flat=True))
    assert steps == [1, 2, 3]


def test_a_submitted_item_is_not_escalated(world):
    item = problem(world, level=Level.RED)
    sweep(T0)
    workflow.acknowledge(item, by=world.chief_s1)
    workflow.submit_rectification(item, by=world.chief_s1, text="x")
    assert sweep(T0 + datetime.timedelta(days=30)) == {}


def test_policy_edit_is_audited_and_sets_new_deadlines(world):
    workflow.policy_update(actor=world.city_legal, red_days=1)
    assert AuditEvent.objects.filter(action="rectification_policy.update").exists()
    with pytest.raises(PermissionDenied):
        workflow.policy_update(actor=world.branch_legal, red_days=2)
    item = problem(world, level=Level.RED)
    sweep(T0)
    item.refresh_from_db()
    assert item.rectify_due_at == T0 + datetime.timedelta(days=1)


# --------------------------------------------------------------------------------------
# The patrol hook


def patrol(as_of: str):
    moment = at(as_of)
    return patrol_run(business_date=moment.date(), as_of=moment, inline=True, rerun=True)


def filing(case):
    return Warning.objects.filter(case=case, risk_point__code="filing_review_overdue")


def sweep_now():
    """Patrol items are due to the sweep from the wall-clock moment they were written."""
    moment = timezone.now() + datetime.timedelta(minutes=1)
    return moment, sweep(moment)


def test_patrol_items_reminder_then_problem_then_auto_resolved(world):
    case = make_case(world.s1, world.off_s1a, accepted_at=at("2026-11-18 10:00"))
    patrol("2026-11-22 02:00")
    item = filing(case).get()
    assert (item.level, item.kind, item.workflow_state) == (Level.BLUE, ItemKind.REMINDER, S.NEW)
    assert item.next_action_at is not None
    sweep_now()
    item.refresh_from_db()
    assert item.workflow_state == S.NOTIFIED and item.rectify_due_at is None
    patrol("2026-11-24 02:00")
    item.refresh_from_db()
    assert (item.level, item.kind) == (Level.RED, ItemKind.PROBLEM)
    assert actions(item)[-1] == WorkflowAction.BECAME_PROBLEM
    moment, _counts = sweep_now()
    item.refresh_from_db()
    assert item.rectify_due_at == moment + datetime.timedelta(days=3)
    assert Notification.objects.filter(warning=item, kind="became_problem").exists()
    case.filed_at = at("2026-11-24 09:00")
    case.save()
    patrol("2026-11-25 02:00")
    item.refresh_from_db()
    assert item.workflow_state == S.AUTO_RESOLVED and item.next_action_at is None and item.cleared_at
    assert actions(item)[-1] == WorkflowAction.AUTO_RESOLVED


def test_a_condition_back_after_close_out_is_a_regression(world):
    case = make_case(world.s1, world.off_s1a, accepted_at=at("2026-11-18 10:00"))
    patrol("2026-11-24 02:00")
    first = filing(case).get()
    assert first.kind == ItemKind.PROBLEM
    sweep_now()
    workflow.acknowledge(first, by=world.chief_s1)
    workflow.submit_rectification(first, by=world.chief_s1, text="已立案")
    workflow.verify(first, by=world.branch_legal)
    workflow.close_out(first, by=world.branch_legal)
    case.filed_at = at("2026-11-24 09:00")
    case.save()
    patrol("2026-11-25 02:00")
    first.refresh_from_db()
    assert first.workflow_state == S.CLOSED and first.cleared_at  # closed stays closed
    case.filed_at = None
    case.save()
    patrol("2026-11-26 02:00")
    second = filing(case).exclude(pk=first.pk).get()
    assert second.regression_of == first and second.workflow_state == S.NEW
    assert list(first.regressions.all()) == [second]


# --------------------------------------------------------------------------------------
# Exemptions


def test_exemption_silences_matching_items_until_it_ends(world, django_capture_on_commit_callbacks):
    case = make_case(world.s1, world.off_s1a, accepted_at=at("2026-11-18 10:00"))
    other = make_case(world.s2, world.off_s2a, accepted_at=at("2026-11-18 10:00"))
    patrol("2026-11-24 02:00")
    item = filing(case).get()
    exemption = exemptions.exemption_request(
        actor=world.city_legal,
        unit=world.s1,
        risk_point=item.risk_point,
        reason="系统迁移期间数据不全",
        ends_on=datetime.date(2099, 1, 1),
    )
    with pytest.raises(TransitionError):  # not by the one who asked
        exemptions.exemption_decide(actor=world.city_legal, exemption=exemption, approve=True)
    for refused in (world.chief_s1, world.branch_legal):
        with pytest.raises(PermissionDenied):
            exemptions.exemption_decide(actor=refused, exemption=exemption, approve=True)
    exemptions.exemption_decide(actor=world.leader, exemption=exemption, approve=True)
    item.refresh_from_db()
    assert item.exempted and item.next_action_at is None
    assert not filing(other).get().exempted  # another station is not covered
    with django_capture_on_commit_callbacks(execute=True):
        sweep_now()
    assert filing(other).get().workflow_state == S.NOTIFIED  # another station's item is sent
    assert not Notification.objects.filter(warning=item).exists() and not mail.outbox
    # A new item of the same rule at the station is exempted by the patrol itself.
    fresh = make_case(world.s1, world.off_s1a, accepted_at=at("2026-11-18 10:00"))
    patrol("2026-11-24 04:00")
    assert filing(fresh).get().exempted
    exemptions.exemption_end(actor=world.city_legal, exemption=exemption)
    item.refresh_from_db()
    assert not item.exempted and item.next_action_at is not None
    assert actions(item)[-2:] == ["exempted", "unexempted"]


def test_an_until_clears_exemption_ends_when_the_warning_clears(world):
    case = make_case(world.s1, world.off_s1a, accepted_at=at("2026-11-18 10:00"))
    patrol("2026-11-24 02:00")
    item = filing(case).get()
    exemption = exemptions.exemption_request(
        actor=world.branch_legal,
        unit=world.s1,
        element_type="case",
        element_id=case.pk,
        warning=item,
        reason="上级批准延期",
        until_clears=True,
    )
    exemptions.exemption_decide(actor=world.leader, exemption=exemption, approve=True)
    sweep_now()
    exemption.refresh_from_db()
    assert exemption.status == "approved"
    case.filed_at = at("2026-11-24 09:00")
    case.save()
    patrol("2026-11-25 02:00")
    sweep_now()
    exemption.refresh_from_db()
    assert exemption.status == "ended" and exemption.ended_at


def test_exemption_needs_an_end_and_a_target(world):
    with pytest.raises(TransitionError):
        exemptions.exemption_request(actor=world.branch_legal, unit=world.s1, reason="x", until_clears=True)
    with pytest.raises(TransitionError):
        exemptions.exemption_request(
            actor=world.branch_legal, unit=world.s1, element_type="case", element_id=1, reason="x"
        )
    with pytest.raises(TransitionError):  # S3 is outside branch B1's scope
        exemptions.exemption_request(
            actor=world.branch_legal,
            unit=world.s3,
            element_type="case",
            element_id=1,
            reason="x",
            until_clears=True,
        )


def test_sweep_run_records_a_job_run(world):
    problem(world)
    run = sweep_run(as_of=T0)
    assert run.kind == "sweep" and run.status == "succeeded" and run.counts == {"notified": 1}
    assert sweep_run(as_of=T0) is None  # the same minute again: nothing
