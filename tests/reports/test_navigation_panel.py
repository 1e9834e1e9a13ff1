"""The reports are reachable from the sidebar (per capability, in Chinese), and the
overview page tells a station chief which bulletins await their acknowledgement and a
publisher which published bulletins some chief has not acknowledged yet."""

from __future__ import annotations

import pytest

from reports.bulletins import bulletin_acknowledge, bulletin_generate, bulletin_publish
from supervision.choices import Role

from ..conftest import make_user
from .bulletin_data import MONDAY

pytestmark = pytest.mark.django_db

NAV = {
    "nav-bulletins": ("/reports/bulletins/", "周通报"),
    "nav-quarterly": ("/reports/quarterly/", "季分析"),
    "nav-reviews": ("/reports/reviews/", "一案一评"),
    "nav-assessment": ("/reports/assessment/", "月考评"),
    "nav-wall": ("/reports/dashboard/wall/", "大屏模式"),
}


def _nav(html: str) -> str:
    start = html.index('data-testid="main-nav"')
    return html[start : html.index("</ul>", start)]


@pytest.mark.parametrize("persona", ["chief_s1", "officer_s1", "city_legal", "leader", "auditor"])
def test_every_report_is_in_the_sidebar_in_chinese(world, client_as, persona):
    client = client_as(getattr(world, persona))
    nav = _nav(client.get("/").content.decode())
    for testid, (url, label) in NAV.items():
        assert f'data-testid="{testid}"' in nav, testid
        assert f'href="{url}"' in nav and label in nav, (testid, label)
        # And the link leads somewhere this persona may go.
        assert client.get(url).status_code == 200, url


def test_reports_nav_follows_capabilities(world, client_as):
    # An API client has no report pages: the sidebar offers none of them.
    nav = _nav(client_as(world.api_client).get("/").content.decode())
    for testid in ("nav-bulletins", "nav-quarterly", "nav-reviews", "nav-assessment"):
        assert testid not in nav
    assert client_as(world.api_client).get("/reports/quarterly/").status_code == 403


def test_the_section_is_active_on_its_subpages(world, client_as):
    html = client_as(world.city_legal).get("/reports/assessment/scheme/").content.decode()
    nav = _nav(html)
    item = nav[nav.index('data-testid="nav-assessment"') - 200 : nav.index('data-testid="nav-assessment"')]
    assert "active" in item


@pytest.fixture
def published(world, week_data):
    city, _ = bulletin_generate(publisher=world.city, monday=MONDAY)
    b1, _ = bulletin_generate(publisher=world.b1, monday=MONDAY)
    b2, _ = bulletin_generate(publisher=world.b2, monday=MONDAY)
    for b in (city, b1, b2):
        bulletin_publish(actor=world.city_legal, bulletin=b)
    return city, b1, b2


def _panel(response) -> dict:
    return next(p["context"] for p in response.context["panels"] if p["key"] == "bulletins")


def test_station_chief_sees_what_awaits_acknowledgement(world, published, client_as):
    city, b1, b2 = published
    client = client_as(world.chief_s1)
    response = client.get("/")
    html = response.content.decode()
    assert 'data-testid="bulletin-panel"' in html and "待您签阅的通报" in html
    awaiting = _panel(response)["awaiting"]
    # The city's and their own branch's bulletins, never another branch's.
    assert {b.pk for b in awaiting["rows"]} == {city.pk, b1.pk} and awaiting["total"] == 2
    assert f'href="/reports/bulletins/{b1.pk}/"' in html
    assert f'href="/reports/bulletins/{b2.pk}/"' not in html
    # A chief publishes nothing: no publisher's list.
    assert _panel(response)["pending"] is None

    bulletin_acknowledge(actor=world.chief_s1, bulletin=b1)
    awaiting = _panel(client.get("/"))["awaiting"]
    assert [b.pk for b in awaiting["rows"]] == [city.pk] and awaiting["total"] == 1


def test_publisher_sees_bulletins_not_fully_acknowledged(world, published, client_as):
    city, b1, b2 = published
    chief_s2 = make_user("chief_s2", Role.STATION_CHIEF, world.s2)
    # chief_s2 did not exist when b1 was published: b1 went to chief_s1 only.
    assert b1.deliveries.count() == 1
    response = client_as(world.city_legal).get("/")
    pending = _panel(response)["pending"]
    assert {b.pk for b in pending["rows"]} == {city.pk, b1.pk, b2.pk}
    assert response.context["panels"]  # rendered
    html = response.content.decode()
    assert "1 人中 1 人未签阅" in html  # b1: its one chief has not acknowledged

    bulletin_acknowledge(actor=world.chief_s1, bulletin=b1)
    bulletin_acknowledge(actor=world.chief_s1, bulletin=city)
    pending = _panel(client_as(world.city_legal).get("/"))["pending"]
    # b1 is fully acknowledged now and leaves the list; the city's still waits for chief_s3.
    assert {b.pk for b in pending["rows"]} == {city.pk, b2.pk}
    city_row = next(b for b in pending["rows"] if b.pk == city.pk)
    assert (city_row.n_waiting, city_row.n_deliveries) == (1, 2)
    assert chief_s2.pk


def test_branch_publisher_follows_only_its_own_subtree(world, published, client_as):
    _city, b1, _b2 = published
    b1_affairs = make_user("b1_affairs", Role.LEGAL_AFFAIRS, world.b1_legal_unit)
    pending = _panel(client_as(b1_affairs).get("/"))["pending"]
    assert [b.pk for b in pending["rows"]] == [b1.pk]


def test_panel_stays_away_from_those_it_does_not_concern(world, published, client_as):
    response = client_as(world.officer_s1).get("/")
    assert _panel(response) == {"awaiting": None, "pending": None}
    assert 'data-testid="bulletin-panel"' not in response.content.decode()


def test_panel_queries_do_not_grow_with_bulletins(world, published, client_as):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from reports.selectors import bulletin_panel

    with CaptureQueriesContext(connection) as few:
        bulletin_panel(fetched_by=world.city_legal)
        bulletin_panel(fetched_by=world.chief_s1)
    for day in (24, 17, 10, 3):
        monday = MONDAY.replace(day=day)
        for publisher in (world.city, world.b1):
            bulletin, _ = bulletin_generate(publisher=publisher, monday=monday)
            bulletin_publish(actor=world.city_legal, bulletin=bulletin)
    with CaptureQueriesContext(connection) as more:
        pending = bulletin_panel(fetched_by=world.city_legal)["pending"]
        awaiting = bulletin_panel(fetched_by=world.chief_s1)["awaiting"]
    # More than fit in the panel: the first five and the total, in the same few queries.
    assert len(pending["rows"]) == 5 and pending["total"] == 11
    assert len(awaiting["rows"]) == 5 and awaiting["total"] == 10
    assert len(more) <= len(few) + 2  # the two totals, counted once there are more than five
