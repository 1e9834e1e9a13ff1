"""Per-case reviews (一案一评) with the month's best and worst case and the worst unit's
analysis; the quarterly analysis (季分析) figures; scoping of both."""

from __future__ import annotations

import datetime
import re

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from reports import reviews
from reports.models import CaseReviewSelection, ReviewChecklistItem
from reports.quarterly import quarterly_analysis
from tests.alerts.factories import make_case

from .bulletin_data import at, make_item
from .test_bulletin_pages import pdf_text_and_image

pytestmark = pytest.mark.django_db

MONTH = datetime.date(2026, 9, 1)


def full_scores(fraction=1.0):
    return {i.pk: round(i.max_score * fraction) for i in ReviewChecklistItem.objects.filter(is_active=True)}


@pytest.fixture
def reviewed(world):
    good = make_case(world.s1, number="A2026090001", name="张某盗窃案")
    bad = make_case(world.s2, number="A2026090002", name="李某殴打他人案")
    mid = make_case(world.s1, number="A2026090003")
    other = make_case(world.s3, number="A2026090004")
    return {
        "good": reviews.case_review_record(
            actor=world.branch_legal, case=good, period=MONTH, scores=full_scores()
        ),
        "bad": reviews.case_review_record(
            actor=world.branch_legal, case=bad, period=MONTH, scores=full_scores(0.4), comment="取证不充分"
        ),
        "mid": reviews.case_review_record(
            actor=world.branch_legal, case=mid, period=MONTH, scores=full_scores(0.8)
        ),
        "other": reviews.case_review_record(
            actor=world.city_legal, case=other, period=MONTH, scores=full_scores(0.2)
        ),
    }


def test_a_review_scores_every_checklist_item(world, reviewed):
    good = reviewed["good"]
    assert good.total == good.max_total == 100
    assert len(good.answers) == ReviewChecklistItem.objects.count() == 8
    case = make_case(world.s1)
    with pytest.raises(ValidationError) as err:
        reviews.case_review_record(actor=world.branch_legal, case=case, period=MONTH, scores={})
    assert err.value.error_dict  # one message per missing item
    too_many = full_scores()
    first = next(iter(too_many))
    too_many[first] = 999
    with pytest.raises(ValidationError):
        reviews.case_review_record(actor=world.branch_legal, case=case, period=MONTH, scores=too_many)
    with pytest.raises(ValidationError):  # once per case and month
        reviews.case_review_record(
            actor=world.branch_legal, case=good.case, period=MONTH, scores=full_scores()
        )
    with pytest.raises(PermissionDenied):  # B2's case is out of the branch's scope
        reviews.case_review_record(
            actor=world.branch_legal,
            case=reviewed["other"].case,
            period=MONTH + datetime.timedelta(days=40),
            scores=full_scores(),
        )
    with pytest.raises(PermissionDenied):  # no capability
        reviews.case_review_record(actor=world.chief_s1, case=case, period=MONTH, scores=full_scores())


def test_best_and_worst_chosen_from_the_reviews_and_the_worst_unit_analyses(world, reviewed, client_as):
    client = client_as(world.branch_legal)
    form_page = client.get("/reports/reviews/choose/?month=2026-09")
    form = form_page.context["form"]
    # Suggested: the highest and lowest score in scope (B3's lower one is not B1's to choose).
    assert form.initial["best"] == reviewed["good"] and form.initial["worst"] == reviewed["bad"]
    response = client.post(
        "/reports/reviews/choose/",
        {"month": "2026-09", "best": reviewed["good"].pk, "worst": reviewed["other"].pk},
    )
    assert response.status_code == 400  # not a review in scope
    response = client.post(
        "/reports/reviews/choose/",
        {"month": "2026-09", "best": reviewed["good"].pk, "worst": reviewed["bad"].pk},
    )
    assert response.status_code == 302
    selection = CaseReviewSelection.objects.get()
    assert (selection.publisher, selection.best, selection.worst) == (
        world.b1,
        reviewed["good"],
        reviewed["bad"],
    )
    with pytest.raises(ValidationError):
        reviews.selection_choose(
            actor=world.branch_legal, period=MONTH, best=reviewed["mid"], worst=reviewed["bad"]
        )
    # S2 (the worst case's unit) sees it and attaches its analysis; S1's officer could read it
    # (their case is the best) but S3 sees nothing.
    s2 = client_as(world.officer_s2)
    assert s2.get(f"/reports/reviews/choices/{selection.pk}/").status_code == 200
    response = s2.post(
        f"/reports/reviews/choices/{selection.pk}/",
        {"analysis": "一、问题：取证不充分。二、原因：……三、整改措施：……"},
    )
    assert response.status_code == 302
    selection.refresh_from_db()
    assert selection.analysis.startswith("一、问题") and selection.analysis_by == world.officer_s2
    assert client_as(world.chief_s3).get(f"/reports/reviews/choices/{selection.pk}/").status_code == 404
    s1 = client_as(world.officer_s1)
    assert s1.post(f"/reports/reviews/choices/{selection.pk}/", {"analysis": "x"}).status_code == 403
    # The review list is scoped too.
    listed = {
        r.case.number
        for r in client_as(world.officer_s2).get("/reports/reviews/?month=2026-09").context["object_list"]
    }
    assert listed == {"A2026090002"}


def test_review_pages(world, reviewed, client_as):
    client = client_as(world.branch_legal)
    case = make_case(world.s1, number="A2026099999")
    data = {"case_number": "A2026099999", "month": "2026-09", "comment": "规范"}
    data.update({f"item_{pk}": score for pk, score in full_scores(0.5).items()})
    assert client.post("/reports/reviews/new/", data).status_code == 302
    # A case number outside the scope is refused with a message, not a 500.
    data["case_number"] = "A2026090004"
    response = client.post("/reports/reviews/new/", data)
    assert response.status_code == 400
    assert case.pk


def test_quarterly_analysis_trends_repeats_and_movers(world, client_as):
    q3 = datetime.date(2026, 7, 1)
    q2 = datetime.date(2026, 4, 1)
    for _ in range(3):
        make_item(world.s1, created=at(q2 + datetime.timedelta(days=10)))
    first = make_item(world.s1, created=at(q3 + datetime.timedelta(days=5)))
    make_item(world.s1, created=at(q3 + datetime.timedelta(days=40)), regression_of=first)
    for _ in range(4):
        make_item(world.s2, created=at(q3 + datetime.timedelta(days=70)), kind="reminder", level="blue")
    make_item(world.s3, created=at(q3 + datetime.timedelta(days=70)))
    a = quarterly_analysis(fetched_by=world.branch_legal, year=2026, quarter=3)
    assert a["total"] == {"this": 6, "prev": 3, "diff": 3, "percent": 100.0}
    assert [m["total"] for m in a["by_month"]] == [1, 1, 4]
    assert [m["problems"] for m in a["by_month"]] == [1, 1, 0]
    units = {u["unit"]: u for u in a["units"]}
    assert set(units) == {"一分局东街派出所", "一分局南门派出所"}  # S3 is B2's
    assert units["一分局东街派出所"]["diff"] == -1 and units["一分局东街派出所"]["repeats"] == 1
    assert [u["unit"] for u in a["improving"]] == ["一分局东街派出所"]
    assert [u["unit"] for u in a["worsening"]] == ["一分局南门派出所"]
    assert a["recurring"][0]["repeats"] == 1 and a["recurring"][0]["unit"] == "一分局东街派出所"
    client = client_as(world.branch_legal)
    page = client.get("/reports/quarterly/?year=2026&quarter=3")
    assert page.status_code == 200 and len(page.context["a"]["units"]) == 2
    assert client.get("/reports/quarterly/?year=x").status_code == 404
    assert client.get("/reports/quarterly/?year=2026&quarter=9").status_code == 404
    pdf = client.get("/reports/quarterly/pdf/?year=2026&quarter=3")
    text, _image, _pages = pdf_text_and_image(pdf.content)
    assert "季" in text and "一分局南门派出所" in text
    assert len(re.findall(r"[\u4e00-\u9fff]", text)) > 50
    # A station sees only itself.
    s2 = quarterly_analysis(fetched_by=world.officer_s2, year=2026, quarter=3)
    assert [u["unit"] for u in s2["units"]] == ["一分局南门派出所"]
