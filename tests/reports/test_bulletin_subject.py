"""The bulletin's red-item and overdue tables say what each item is about: the risk point
(ref and name) for a patrol item, the source and the finding's title for a person's finding."""

from __future__ import annotations

import datetime

import pytest

from alerts.choices import WarningSource
from alerts.models import RiskPoint, Warning
from reports.bulletin_figures import compute_in_chinese
from reports.bulletins import bulletin_generate

from .bulletin_data import MONDAY, at, make_item

pytestmark = pytest.mark.django_db


@pytest.fixture
def items(world):
    d = MONDAY
    due = at(d + datetime.timedelta(2))
    patrol = make_item(world.s1, created=at(d), rectify_due=due, label="巡查问题")
    rule = RiskPoint.objects.get(code="filing_review_overdue")
    Warning.objects.filter(pk=patrol.pk).update(source=WarningSource.PATROL, risk_point=rule)
    finding = make_item(world.s1, created=at(d), rectify_due=due, label="A0001")
    Warning.objects.filter(pk=finding.pk).update(
        source=WarningSource.SPOT_CHECK, detail={"title": "询问笔录未签名", "finding": "第3页无签名"}
    )
    untitled = make_item(world.s1, created=at(d), rectify_due=due, label="A0002")
    return {"patrol": patrol, "finding": finding, "untitled": untitled}


def test_figures_name_the_risk_point_or_the_finding(world, items):
    f = compute_in_chinese(world.b1, MONDAY)
    for table in ("red_items", "overdue"):
        by_element = {row["element"]: row for row in f[table]}
        assert by_element["巡查问题"]["rule"] == "AJ01 受而不立（立案审查超期）"
        assert by_element["巡查问题"]["source"] == ""
        assert by_element["A0001"]["rule"] == "网下抽查：询问笔录未签名"
        assert (by_element["A0001"]["source"], by_element["A0001"]["title"]) == ("网下抽查", "询问笔录未签名")
        # No title recorded: the source alone, as before.
        assert by_element["A0002"]["rule"] == "人工录入"


def test_page_shows_the_source_as_a_label_beside_the_title(world, items, client_as):
    bulletin, _created = bulletin_generate(publisher=world.b1, monday=MONDAY)
    page = client_as(world.branch_legal).get(f"/reports/bulletins/{bulletin.pk}/").content.decode()
    assert "风险点或发现问题" in page
    assert 'data-testid="item-source">网下抽查</span> 询问笔录未签名' in page
    assert "AJ01 受而不立（立案审查超期）" in page
