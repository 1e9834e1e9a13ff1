"""Pages and API of the alerts app: scoping (a sibling station gets 404), capabilities,
the configuration editor with its dry run and audit, the calendar import with preview,
the patrol pages, the element panel, and no N+1 on the list."""

import datetime

import pytest
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from alerts.models import CalendarYear, RiskPoint, Warning
from alerts.services import patrol_run
from cases.panels import panels_for
from supervision.models import AuditEvent

from .factories import at, make_case

ANNOUNCEMENT_2027 = """国务院办公厅关于2027年部分节假日安排的通知
一、元旦：1月1日（周五）至3日（周日）放假，共3天。
二、春节：2月6日（周六）至13日（周六）放假调休，共8天。2月14日（周日）、2月20日（周六）上班。
三、清明节：4月5日（周一）放假，与周末连休。
四、劳动节：5月1日（周六）至5日（周三）放假调休，共5天。4月25日（周日）、5月8日（周六）上班。
五、端午节：6月9日（周三）放假，共1天。
六、中秋节：9月15日（周三）放假，共1天。
七、国庆节：10月1日（周五）至7日（周四）放假调休，共7天。9月26日（周日）、10月9日（周六）上班。
"""


@pytest.fixture
def warnings(world):
    make_case(world.s1, world.off_s1a, accepted_at=at("2026-11-18 10:00"))
    make_case(world.s2, world.off_s2a, accepted_at=at("2026-11-18 10:00"))
    patrol_run(business_date=datetime.date(2026, 11, 22), as_of=at("2026-11-22 02:00"), inline=True)
    return {
        "s1": Warning.objects.get(unit=world.s1, risk_point__code="filing_review_overdue"),
        "s2": Warning.objects.get(unit=world.s2, risk_point__code="filing_review_overdue"),
    }


def test_warning_list_and_detail_are_scoped(world, warnings, client_as):
    client = client_as(world.officer_s1)
    page = client.get("/warnings/").content.decode()
    assert f'data-warning="{warnings["s1"].pk}"' in page and f'data-warning="{warnings["s2"].pk}"' not in page
    assert client.get(f"/warnings/{warnings['s1'].pk}/").status_code == 200
    assert client.get(f"/warnings/{warnings['s2'].pk}/").status_code == 404  # sibling station: not found
    branch = client_as(world.branch_legal).get("/warnings/").content.decode()
    assert f'data-warning="{warnings["s2"].pk}"' in branch
    assert client_as(world.chief_s3).get(f"/warnings/{warnings['s1'].pk}/").status_code == 404


def test_warning_detail_shows_the_arithmetic_and_history(world, warnings, client_as):
    page = client_as(world.officer_s1).get(f"/warnings/{warnings['s1'].pk}/").content.decode()
    assert "受案 2026-11-18 10:00" in page and "末日 2026-11-21" in page and "顺延至 2026-11-23" in page
    assert "期满 2026-11-23 24:00" in page and "公安部关于改革完善受案立案制度的意见" in page
    assert 'data-testid="history"' in page and "发出" in page


def test_api_is_scoped_and_filterable(world, warnings, api_as):
    api = api_as(world.api_client)  # a machine account of S1
    body = api.get("/api/v1/warnings/").json()
    ids = {row["id"] for row in body["results"]}
    assert warnings["s1"].pk in ids and warnings["s2"].pk not in ids
    assert api.get(f"/api/v1/warnings/{warnings['s2'].pk}/").status_code == 404
    row = api.get(f"/api/v1/warnings/{warnings['s1'].pk}/").json()
    assert (
        row["risk_point"] == "filing_review_overdue"
        and row["level"] == "blue"
        and "2026-11-23" in row["arithmetic"]
    )
    city = (
        api_as(world.city_legal)
        .get("/api/v1/warnings/", {"rule": "filing_review_overdue", "level": "blue"})
        .json()
    )
    assert len(city["results"]) == 2 and not city["has_more"]


def test_list_filters_sorts_and_has_no_n_plus_one(world, client_as):
    client = client_as(world.city_legal)
    make_case(world.s1, world.off_s1a, accepted_at=at("2026-11-18 10:00"))
    patrol_run(business_date=datetime.date(2026, 11, 22), as_of=at("2026-11-22 02:00"), inline=True)
    query = f"/warnings/?sort=due&unit={world.b1.pk}"
    with CaptureQueriesContext(connection) as few:
        assert client.get(query).status_code == 200
    for _ in range(15):
        make_case(world.s2, world.off_s2a, accepted_at=at("2026-11-18 10:00"))
    patrol_run(
        business_date=datetime.date(2026, 11, 22), as_of=at("2026-11-22 03:00"), inline=True, rerun=True
    )
    with CaptureQueriesContext(connection) as many:
        response = client.get(query)
    assert response.status_code == 200 and len(many.captured_queries) == len(few.captured_queries)
    filtered = client.get("/warnings/?level=red&rule=filing_review_overdue").content.decode()
    assert "data-warning=" not in filtered


def test_catalogue_and_risk_point_pages(world, warnings, client_as):
    client = client_as(world.officer_s2)
    catalogue = client.get("/warnings/risk-points/").content.decode()
    assert "AJ01" in catalogue and "受而不立" in catalogue and "JQ13" in catalogue
    detail = client.get("/warnings/risk-points/filing_review_overdue/").content.decode()
    assert 'data-testid="basis"' in detail and 'data-testid="config-form"' not in detail  # no capability
    assert client.post("/warnings/risk-points/filing_review_overdue/", {"enabled": "on"}).status_code == 403


def test_configuration_change_is_previewed_then_saved_and_audited(world, warnings, client_as):
    client = client_as(world.city_legal)
    url = "/warnings/risk-points/filing_review_overdue/"
    form = {
        "enabled": "on",
        "t:*:blue": "4d",
        "t:*:yellow": "1d",
        "t:*:red": "0",
        "t:7d:blue": "3d",
        "t:7d:yellow": "1d",
        "t:7d:red": "0",
        "t:30d:blue": "8d",
        "t:30d:yellow": "4d",
        "t:30d:red": "0",
    }
    preview = client.post(url, {**form, "dry_run": "1"}, HTTP_HX_REQUEST="true").content.decode()
    assert 'data-testid="dry-run-result"' in preview and "尚未保存" in preview
    assert RiskPoint.objects.get(code="filing_review_overdue").thresholds == {}
    switched_off = client.post(
        url, {**form, "enabled": "", "dry_run": "1"}, HTTP_HX_REQUEST="true"
    ).content.decode()
    assert "消除2条" in switched_off
    response = client.post(url, form)
    assert response.status_code == 302
    config = RiskPoint.objects.get(code="filing_review_overdue")
    assert (
        config.thresholds["*"] == {"blue": 4 * 1440, "yellow": 1440, "red": 0}
        and config.updated_by == world.city_legal
    )
    event = AuditEvent.objects.get(action="risk_point.update")
    assert event.actor == world.city_legal and "thresholds" in event.changes
    bad = client.post(url, {**form, "t:*:blue": "soon"})
    assert bad.status_code == 200 and "请填写时长" in bad.content.decode()


def test_calendar_import_previews_then_saves(world, client_as):
    assert client_as(world.officer_s1).get("/warnings/calendar/import/").status_code == 403
    client = client_as(world.city_legal)
    assert "2027" in client.get("/warnings/calendar/").content.decode()  # listed as missing
    preview = client.post("/warnings/calendar/import/", {"year": 2027, "announcement": ANNOUNCEMENT_2027})
    page = preview.content.decode()
    assert (
        'data-testid="preview"' in page
        and "2027-02-14" in page
        and not CalendarYear.objects.filter(year=2027).exists()
    )
    saved = client.post(
        "/warnings/calendar/import/", {"year": 2027, "announcement": ANNOUNCEMENT_2027, "confirm": "1"}
    )
    assert saved.status_code == 302
    year = CalendarYear.objects.get(year=2027)
    assert (year.holiday_count, year.workday_count, year.imported_by) == (26, 6, world.city_legal)
    assert AuditEvent.objects.filter(action="calendar.import", actor=world.city_legal).exists()
    assert client.get("/warnings/calendar/2027/").status_code == 200
    garbage = client.post("/warnings/calendar/import/", {"year": 2027, "announcement": "无关文字"})
    assert "无法识别" in garbage.content.decode() or "未识别出" in garbage.content.decode()


def test_patrol_pages_need_view_jobs_and_poll_while_running(world, warnings, client_as):
    from supervision.models import JobRun

    run = JobRun.objects.get(kind="patrol")
    assert client_as(world.officer_s1).get("/warnings/patrols/").status_code == 403
    client = client_as(world.branch_legal)
    assert run.period in client.get("/warnings/patrols/").content.decode()
    page = client.get(f"/warnings/patrols/{run.pk}/").content.decode()
    assert "AJ01" in page and 'data-status="succeeded"' in page and "hx-trigger" not in page
    JobRun.objects.filter(pk=run.pk).update(status="running")
    partial = client.get(f"/warnings/patrols/{run.pk}/", HTTP_HX_REQUEST="true").content.decode()
    assert partial.startswith('<div id="patrol-progress"') and 'hx-trigger="every 2s"' in partial


def test_starting_a_patrol_from_the_page(world, client_as):
    make_case(world.s1, world.off_s1a, accepted_at=at("2026-11-18 10:00"))
    assert client_as(world.officer_s1).post("/warnings/patrols/").status_code == 403
    client = client_as(world.branch_legal)
    response = client.post("/warnings/patrols/")
    assert response.status_code == 302
    again = client.post("/warnings/patrols/", follow=True).content.decode()
    assert "今日巡查已完成或正在进行" in again


def test_warnings_panel_on_the_case_page(world, warnings):
    request = RequestFactory().get("/")
    request.user = world.officer_s1
    panels = panels_for("case", request, warnings["s1"].case)
    assert [p["key"] for p in panels] == ["warnings"]
    shown = list(panels[0]["context"]["warnings"])
    assert warnings["s1"] in shown and {w.case_id for w in shown} == {warnings["s1"].case_id}
    request.user = world.officer_s2
    assert list(panels_for("case", request, warnings["s1"].case)[0]["context"]["warnings"]) == []
