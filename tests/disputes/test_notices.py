"""Written notices (抄告) to the political-legal committee: drafted after assessment for a
major risk, approved only by a leader, generated as a PDF from the record, delivered;
every step audited."""

import datetime

import pypdfium2
import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from disputes import services
from disputes.choices import NoticeReason, NoticeStatus, RiskColour
from disputes.models import Dispute
from supervision.models import AuditEvent

from .conftest import assess, make_incident

pytestmark = pytest.mark.django_db


def pdf_text(data: bytes) -> str:
    pdf = pypdfium2.PdfDocument(data)
    try:
        # Table cells and paragraphs wrap: compare without the line breaks.
        return "".join(page.get_textpage().get_text_range() for page in pdf).replace("\r\n", "")
    finally:
        pdf.close()


@pytest.fixture
def red_dispute(world):
    make_incident(
        world.s1,
        summary="男子因离婚财产分割与前妻争吵，扬言要同归于尽",
        persons=[{"name": "陈某某", "id_number": "330102198001011111"}],
    )
    services.dispute_intake()
    dispute = Dispute.objects.get()
    assess(world.officer_s1, dispute, dispute_type="marriage", answers={"r-threat-to-kill": "yes"})
    services.dispute_assign(actor=world.officer_s1, dispute=dispute, township="东街街道")
    dispute.refresh_from_db()
    assert dispute.colour == RiskColour.RED
    return dispute


def draft(world, dispute, actor=None):
    return services.notice_draft(
        actor=actor or world.chief_s1,
        dispute=dispute,
        reason=NoticeReason.CRIMINAL_TO_HOMICIDE,
        recipient="中共一分局辖区区委政法委员会",
        assessment="当事人情绪极不稳定，多次扬言同归于尽，存在刑转命风险。",
        suggestions="建议政法委牵头组织东街街道和民政、司法等职能部门研究会商，合力做好稳控化解。",
    )


def test_only_a_major_risk_can_be_notified(world):
    make_incident(world.s1, summary="邻里噪音纠纷")
    services.dispute_intake()
    blue = Dispute.objects.get()
    assess(world.officer_s1, blue)
    with pytest.raises(ValidationError):
        services.notice_draft(
            actor=world.chief_s1,
            dispute=blue,
            reason=NoticeReason.CIVIL_TO_CRIMINAL,
            recipient="x",
            assessment="x",
            suggestions="x",
        )
    assert services.notice_eligible_reasons(blue) == []


def test_an_officer_may_not_draft_and_only_a_leader_approves(world, red_dispute):
    with pytest.raises(PermissionDenied):
        draft(world, red_dispute, actor=world.officer_s1)
    notice = draft(world, red_dispute)
    services.notice_submit(actor=world.chief_s1, notice=notice)
    for not_a_leader in (world.chief_s1, world.branch_legal, world.city_legal):
        with pytest.raises(PermissionDenied):
            services.notice_decide(actor=not_a_leader, notice=notice, approve=True)
    notice.refresh_from_db()
    assert notice.status == NoticeStatus.SUBMITTED and not notice.document


def test_approval_generates_the_document_from_the_record(world, red_dispute):
    notice = draft(world, red_dispute)
    services.notice_submit(actor=world.chief_s1, notice=notice)
    notice = services.notice_decide(actor=world.leader, notice=notice, approve=True, note="同意抄告")
    assert notice.status == NoticeStatus.APPROVED
    assert (notice.year, notice.sequence) == (timezone.localdate().year, 1)
    assert notice.number == f"一分局抄告〔{notice.year}〕1号"
    data = notice.document.read()
    assert data[:4] == b"%PDF"
    text = pdf_text(data)
    for expected in (
        "一分局",
        "政法委",
        "同归于尽",
        "红色",
        "陈某某",
        "东街街道",
        notice.number,
        red_dispute.number,
    ):
        assert expected in text, expected
    import hashlib

    assert hashlib.sha256(data).hexdigest() == notice.document_sha256
    event = AuditEvent.objects.get(action="notice.approve")
    assert event.actor == world.leader
    assert event.changes["number"] == notice.number
    assert event.changes["document_sha256"] == notice.document_sha256


def test_returned_notice_is_revised_and_resubmitted_then_delivered(world, red_dispute):
    notice = draft(world, red_dispute)
    services.notice_submit(actor=world.chief_s1, notice=notice)
    with pytest.raises(ValidationError):
        services.notice_decide(actor=world.leader, notice=notice, approve=False)  # a return needs a note
    services.notice_decide(actor=world.leader, notice=notice, approve=False, note="请补充走访情况")
    notice.refresh_from_db()
    assert notice.status == NoticeStatus.REJECTED
    services.notice_update(actor=world.chief_s1, notice=notice, assessment="补充：已走访三次，情绪仍不稳定。")
    services.notice_submit(actor=world.chief_s1, notice=notice)
    notice = services.notice_decide(actor=world.leader, notice=notice, approve=True)
    with pytest.raises(ValidationError):
        services.notice_deliver(
            actor=world.chief_s1,
            notice=notice,
            delivered_on=timezone.localdate() + datetime.timedelta(days=1),
            method="by_hand",
            received_by="政法委 李科长",
        )
    services.notice_deliver(
        actor=world.chief_s1,
        notice=notice,
        delivered_on=timezone.localdate(),
        method="by_hand",
        received_by="政法委 李科长",
    )
    notice.refresh_from_db()
    assert notice.status == NoticeStatus.DELIVERED and notice.received_by == "政法委 李科长"
    actions = list(
        AuditEvent.objects.filter(target_type="disputes.disputenotice", target_id=str(notice.pk))
        .order_by("id")
        .values_list("action", flat=True)
    )
    assert actions == [
        "notice.draft",
        "notice.submit",
        "notice.reject",
        "notice.update",
        "notice.submit",
        "notice.approve",
        "notice.deliver",
    ]


def test_notice_pages_leader_approves_through_the_page(world, red_dispute, client_as):
    notice = draft(world, red_dispute)
    services.notice_submit(actor=world.chief_s1, notice=notice)
    chief = client_as(world.chief_s1)
    assert chief.post(f"/disputes/notices/{notice.pk}/decide/", {"approve": "1"}).status_code == 403
    leader = client_as(world.leader)
    page = leader.get(f"/disputes/notices/{notice.pk}/").content.decode()
    assert 'data-testid="decide-form"' in page
    response = leader.post(f"/disputes/notices/{notice.pk}/decide/", {"approve": "1", "note": "同意"})
    assert response.status_code == 302
    notice.refresh_from_db()
    assert notice.status == NoticeStatus.APPROVED
    pdf = leader.get(f"/disputes/notices/{notice.pk}/pdf/")
    assert pdf.status_code == 200 and b"".join(pdf.streaming_content)[:4] == b"%PDF"
    # The sibling station's officer does not even find it.
    assert client_as(world.officer_s2).get(f"/disputes/notices/{notice.pk}/").status_code == 404
    assert client_as(world.officer_s2).get(f"/disputes/notices/{notice.pk}/pdf/").status_code == 404
