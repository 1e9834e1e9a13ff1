"""The monthly review pack (月度研判): exact figures on a seeded month, the change on the
month before, per station, the key disputes with progress and next steps; as a page
and as a printable PDF; scoped to the reader."""

import datetime

import pypdfium2
import pytest
from django.utils import timezone

from disputes import selectors, services
from disputes.choices import RiskColour
from disputes.models import Dispute

from .conftest import assess, make_incident

pytestmark = pytest.mark.django_db


def months():
    first = timezone.localdate().replace(day=1)
    month = (first - datetime.timedelta(days=40)).replace(day=1)  # two months back
    previous = (month - datetime.timedelta(days=1)).replace(day=1)
    return month, previous


def at_day(month: datetime.date, day: int) -> datetime.datetime:
    return datetime.datetime.combine(
        month.replace(day=day), datetime.time(9), tzinfo=timezone.get_current_timezone()
    )


@pytest.fixture
def seeded(world):
    m, p = months()
    officer = world.officer_s1
    spec = {
        # previous month
        "d1": (world.s1, at_day(p, 3), "邻居噪音纠纷", {}),
        "d2": (world.s1, at_day(p, 10), "夫妻离婚纠纷，男方扬言同归于尽", {}),
        "d3": (world.s2, at_day(p, 12), "工人讨薪纠纷", {}),
        # the month
        "d4": (world.s1, at_day(m, 2), "楼上漏水邻里纠纷", {}),
        "d5": (world.s1, at_day(m, 5), "家庭赡养纠纷", {}),
        "d6": (world.s2, at_day(m, 8), "讨债纠纷，持刀", {"weapons": True}),
        "d7": (world.s2, at_day(m, 20), "宅基地纠纷", {}),
        "d8": (world.s3, at_day(m, 9), "邻里纠纷", {}),  # another branch
        # the month after
        "d9": (world.s1, at_day(m + datetime.timedelta(days=32), 1), "邻里纠纷", {}),
    }
    incidents = {
        key: make_incident(unit, received_at=when, summary=text, **kw)
        for key, (unit, when, text, kw) in spec.items()
    }
    services.dispute_intake()
    d = {key: Dispute.objects.get(incident=incident) for key, incident in incidents.items()}
    assess(officer, d["d1"])
    assess(officer, d["d2"], dispute_type="marriage", answers={"r-threat-to-kill": "yes"})
    assess(officer, d["d4"])
    assess(officer, d["d5"], dispute_type="family", colour=RiskColour.YELLOW, reason="老人情绪激动")
    assess(world.officer_s2, d["d6"], dispute_type="debts", answers={"r-weapons": "yes"})
    assess(world.officer_s2, d["d7"], dispute_type="land")
    assess(world.chief_s3, d["d8"])
    services.dispute_resolve(
        actor=officer,
        dispute=d["d1"],
        resolved_on=p.replace(day=20),
        method="police_mediation",
        outcome="调解成功",
        township="东街街道",
    )
    services.dispute_township_confirm(
        actor=officer,
        dispute=d["d1"],
        confirmed=True,
        confirmed_by="街道 王主任",
        confirmed_on=p.replace(day=25),
    )
    services.dispute_resolve(
        actor=officer,
        dispute=d["d4"],
        resolved_on=m.replace(day=15),
        method="self_settled",
        outcome="已修好水管",
        township="东街街道",
    )
    services.dispute_visit_record(
        actor=officer,
        dispute=d["d5"],
        visited_on=m.replace(day=6),
        method="home",
        situation="easing",
        outcome="子女同意分担赡养费",
        next_steps="会同村委会签订赡养协议",
    )
    for day in (9, 10):
        services.dispute_visit_record(
            actor=world.officer_s2,
            dispute=d["d6"],
            visited_on=m.replace(day=day),
            method="phone",
            situation="unchanged",
            outcome=f"{day}日电话回访，债务双方仍对峙",
            next_steps="约双方到所调解",
        )
    return d


def test_figures_of_the_month_and_change_on_last_month(world, seeded):
    month, _previous = months()
    pack = selectors.review_pack(fetched_by=world.branch_legal, month=month)
    this, last = pack["this"], pack["last"]
    assert this["new"] == 4 and last["new"] == 3
    assert this["by_colour"] == {"red": 1, "yellow": 1, "blue": 2, "": 0}
    assert last["by_colour"] == {"red": 1, "yellow": 0, "blue": 1, "": 1}
    assert (this["resolved"], last["resolved"]) == (1, 1)
    assert (this["closed"], last["closed"]) == (0, 1)
    assert (this["open_at_end"], last["open_at_end"]) == (5, 2)
    assert (this["visits"], last["visits"]) == (3, 0)
    change = pack["change"]
    assert change["new"] == {"value": 4, "previous": 3, "delta": 1}
    assert change["colour_red"]["delta"] == 0
    assert change["colour_yellow"]["delta"] == 1
    assert change["open_at_end"]["delta"] == 3
    types = {row["code"]: (row["value"], row["previous"]) for row in pack["type_rows"]}
    assert types["neighbourhood"] == (1, 1)
    assert types["family"] == (1, 0) and types["debts"] == (1, 0) and types["land"] == (1, 0)
    assert types["marriage"] == (0, 1) and types["labour"] == (0, 1)
    stations = {row["unit"].code: row for row in pack["stations"]}
    assert set(stations) == {"S1", "S2"}
    assert (
        stations["S1"]["new"],
        stations["S1"]["blue"],
        stations["S1"]["yellow"],
        stations["S1"]["open"],
    ) == (2, 1, 1, 2)
    assert (stations["S2"]["new"], stations["S2"]["red"], stations["S2"]["blue"], stations["S2"]["open"]) == (
        2,
        1,
        1,
        3,
    )
    key = {group["unit"].code: [k["dispute"] for k in group["disputes"]] for group in pack["key_disputes"]}
    assert key == {"S1": [seeded["d2"], seeded["d5"]], "S2": [seeded["d6"]]}
    progress = {k["dispute"].pk: k for group in pack["key_disputes"] for k in group["disputes"]}
    assert progress[seeded["d6"].pk]["last_visit"].outcome.startswith("10日")
    assert progress[seeded["d5"].pk]["dispute"].next_steps == "会同村委会签订赡养协议"


def test_the_pack_is_scoped_and_can_narrow_to_a_station(world, seeded):
    month, _ = months()
    assert selectors.review_pack(fetched_by=world.city_legal, month=month)["this"]["new"] == 5
    assert selectors.review_pack(fetched_by=world.officer_s1, month=month)["this"]["new"] == 2
    assert (
        selectors.review_pack(fetched_by=world.branch_legal, month=month, unit=world.s2)["this"]["new"] == 2
    )


def test_review_page_and_pdf(world, seeded, client_as):
    month, _previous = months()
    client = client_as(world.branch_legal)
    page = client.get(f"/disputes/review/?month={month:%Y-%m}")
    assert page.status_code == 200
    html = page.content.decode()
    assert 'data-key="new"><th>新增纠纷</th><td>4</td><td>3</td><td>+1</td>' in html
    assert "echarts.min.js" in html and 'id="review-charts"' in html
    assert "会同村委会签订赡养协议" in html
    # A unit outside the reader's scope is not a valid choice.
    assert client.get(f"/disputes/review/?month={month:%Y-%m}&unit={world.s3.pk}").status_code == 404
    response = client.get(f"/disputes/review/pdf/?month={month:%Y-%m}")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    pdf = pypdfium2.PdfDocument(response.content)
    text = "".join(page.get_textpage().get_text_range() for page in pdf).replace("\r\n", "")
    pdf.close()
    assert f"{month.year}年{month.month}月矛盾纠纷研判评估" in text
    assert "新增纠纷" in text and "会同村委会签订赡养协议" in text
    assert seeded["d8"].number not in text  # another branch's dispute
