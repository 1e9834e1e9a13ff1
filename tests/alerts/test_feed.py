"""The REST warning feed: filters, keyset pages, error bodies, scoping, and completeness
while writers commit out of order."""

from __future__ import annotations

import datetime
import itertools
import random
import threading
import time

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from rest_framework.test import APIClient

from alerts.choices import Department, ItemKind, Level, WarningSource, WorkflowState
from alerts.models import RiskPoint, Warning
from supervision.api.pagination import ChangeFeedPagination

pytestmark = pytest.mark.needs_postgres

_seq = itertools.count(1)
T0 = timezone.now() - datetime.timedelta(hours=2)


def make_warning(unit, **fields) -> Warning:
    n = next(_seq)
    stamp = fields.pop("updated_at", T0 + datetime.timedelta(seconds=n))
    defaults = {
        "fingerprint": f"test:{n}",
        "unit": unit,
        "level": Level.BLUE,
        "peak_level": Level.BLUE,
        "element_type": "case",
        "element_id": n,
        "element_label": f"A{n:06d}",
        "created_at": stamp,
        "updated_at": stamp,
    }
    return Warning.objects.create(**{**defaults, **fields})


def walk(api, params=None, page_size=3, limit=1000) -> tuple[list[dict], str | None]:
    """Every row of the feed by following ``next`` until ``has_more`` is false."""
    rows, url, query = [], "/api/v1/warnings/", {**(params or {}), "page_size": page_size}
    for _ in range(limit):
        response = api.get(url, query)
        assert response.status_code == 200, response.content
        body = response.json()
        rows += body["results"]
        url, query = body["next"], None
        if not body["has_more"]:
            return rows, url
    raise AssertionError("the feed did not end")


def test_pages_cover_every_row_once_in_change_order_with_ties(world, api_as):
    same = T0 + datetime.timedelta(minutes=5)
    made = [make_warning(world.s1) for _ in range(7)]
    made += [make_warning(world.s1, updated_at=same) for _ in range(5)]  # ties across page ends
    made += [make_warning(world.s1) for _ in range(4)]
    rows, next_url = walk(api_as(world.api_client), page_size=3)
    expected = sorted(made, key=lambda w: (w.updated_at, w.pk))
    assert [row["id"] for row in rows] == [w.pk for w in expected]
    # Polling the last ``next`` again gives nothing new, and then exactly the new change.
    api = api_as(world.api_client)
    assert api.get(next_url).json() == {"next": next_url, "has_more": False, "results": []}
    Warning.objects.filter(pk=made[0].pk).update(updated_at=timezone.now() - datetime.timedelta(seconds=1))
    body = api.get(next_url).json()
    assert [row["id"] for row in body["results"]] == [made[0].pk]


def test_deep_page_returns_the_same_as_walking(world, api_as):
    made = [make_warning(world.s1) for _ in range(40)]
    api = api_as(world.api_client)
    rows, _ = walk(api, page_size=4)
    # Jump straight to the cursor of row 30: the rest is exactly the tail of the walk.
    pivot = sorted(made, key=lambda w: (w.updated_at, w.pk))[29]
    cursor = ChangeFeedPagination.encode_cursor(pivot.updated_at, pivot.pk)
    body = api.get("/api/v1/warnings/", {"cursor": cursor, "page_size": 100}).json()
    assert [r["id"] for r in body["results"]] == [r["id"] for r in rows[30:]]


def test_feed_filters(world, api_as):
    rule = RiskPoint.objects.get(code="filing_review_overdue")
    red = make_warning(world.s1, level=Level.RED, risk_point=rule)
    problem = make_warning(
        world.s1,
        kind=ItemKind.PROBLEM,
        source=WarningSource.SPOT_CHECK,
        workflow_state=WorkflowState.NOTIFIED,
        department=Department.DISCIPLINE,
        element_type="",
        element_id=None,
    )
    cleared = make_warning(world.s2, cleared_at=T0, element_type="measure")
    fresh = make_warning(
        world.s3, created_at=T0 + datetime.timedelta(hours=1), updated_at=T0 + datetime.timedelta(hours=1)
    )
    api = api_as(world.city_legal)

    def ids(**params):
        response = api.get("/api/v1/warnings/", params)
        assert response.status_code == 200, response.content
        return {row["id"] for row in response.json()["results"]}

    assert ids() == {red.pk, problem.pk, cleared.pk, fresh.pk}  # the feed includes cleared rows
    assert ids(state="open") == {red.pk, problem.pk, fresh.pk}
    assert ids(level="red") == {red.pk}
    assert ids(rule="filing_review_overdue") == {red.pk}
    assert ids(kind="problem") == {problem.pk}
    assert ids(workflow_state="notified") == {problem.pk}
    assert ids(source="spot_check") == {problem.pk}
    assert ids(department="discipline") == {problem.pk}
    assert ids(element_type="measure") == {cleared.pk}
    assert ids(unit=world.b1.pk) == {red.pk, problem.pk, cleared.pk}
    assert ids(unit=world.s2.pk) == {cleared.pk}
    since = (T0 + datetime.timedelta(minutes=30)).isoformat()
    assert ids(created_since=since) == {fresh.pk}
    assert ids(updated_since=since) == {fresh.pk}


@pytest.mark.parametrize(
    "params",
    [
        {"cursor": "not-a-cursor"},
        {"cursor": "MjAyNi0xMS0yMnw0Mg"},  # "2026-11-22|42": a naive time
        {"page_size": "many"},
        {"page_size": "0"},
        {"level": "purple"},
        {"unit": "999999"},
        {"updated_since": "yesterday"},
        {"rule": "no_such_rule"},
    ],
)
def test_bad_input_is_a_400_with_the_one_error_body(world, api_as, params):
    response = api_as(world.api_client).get("/api/v1/warnings/", params)
    assert response.status_code == 400
    body = response.json()
    assert body["status"] == 400 and body["code"] == "invalid" and body["message"] and body["errors"]


def test_scoped_list_and_detail(world, api_as):
    mine = make_warning(world.s1)
    sibling = make_warning(world.s2)
    other_branch = make_warning(world.s3)
    api = api_as(world.api_client)  # machine account of S1
    assert {row["id"] for row in walk(api)[0]} == {mine.pk}
    assert api.get(f"/api/v1/warnings/{sibling.pk}/").status_code == 404
    assert api.get(f"/api/v1/warnings/{mine.pk}/").status_code == 200
    # A unit filter outside the scope is refused, not widened.
    assert api.get("/api/v1/warnings/", {"unit": world.s2.pk}).status_code == 400
    branch = api_as(world.branch_legal)
    assert {row["id"] for row in walk(branch)[0]} == {mine.pk, sibling.pk}
    assert branch.get(f"/api/v1/warnings/{other_branch.pk}/").status_code == 404
    assert APIClient().get("/api/v1/warnings/").status_code in (401, 403)


def test_detail_has_history_and_routing(world, api_as):
    from alerts.findings import warning_route

    warning = make_warning(world.s1, kind=ItemKind.PROBLEM, detail={"title": "文书不全"})
    warning_route(actor=world.city_legal, warning=warning, to_department=Department.DISCIPLINE, note="移交")
    body = api_as(world.api_client).get(f"/api/v1/warnings/{warning.pk}/").json()
    assert body["department"] == "discipline" and body["title"] == "文书不全"
    assert body["routes"][0]["from_department"] == "legal" and body["routes"][0]["note"] == "移交"


def test_list_costs_the_same_few_queries_whatever_the_page(world, api_as):
    for _ in range(30):
        make_warning(world.s1, officer=world.off_s1a)
    api = api_as(world.api_client)
    with CaptureQueriesContext(connection) as small:
        api.get("/api/v1/warnings/", {"page_size": 2})
    with CaptureQueriesContext(connection) as large:
        api.get("/api/v1/warnings/", {"page_size": 30})
    assert len(small) == len(large) <= 5  # auth, horizon, page, labels


def test_feed_never_misses_a_change_when_writers_commit_out_of_order(transactional_world, settings):
    """Writers stamp ``updated_at`` and then hold their transaction open for a random while,
    so commits land out of stamp order; a poller pages the feed all along. Every committed
    change must reach the poller (its id with that stamp or a later one), none twice."""
    settings.WARNING_FEED_LAG_SECONDS = 0.01
    world = transactional_world
    pool = [make_warning(world.s1) for _ in range(30)]
    committed: list[tuple[int, datetime.datetime]] = []
    seen: list[tuple[int, str]] = []
    lock = threading.Lock()
    writing = threading.Event()
    writing.set()
    errors: list[BaseException] = []

    def writer(seed: int) -> None:
        rng = random.Random(seed)
        try:
            for _ in range(25):
                warning = rng.choice(pool)
                with transaction.atomic():
                    stamp = timezone.now()
                    Warning.objects.filter(pk=warning.pk).update(updated_at=stamp, escalation_step=seed)
                    time.sleep(rng.uniform(0, 0.1))  # commit later than writers that stamped after us
                with lock:
                    committed.append((warning.pk, stamp))
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            connection.close()

    def poller() -> None:
        client = APIClient()
        client.force_authenticate(world.api_client)
        url, quiet_after_writers = "/api/v1/warnings/?page_size=7", 0
        try:
            while quiet_after_writers < 3:
                body = client.get(url).json()
                with lock:
                    seen.extend((row["id"], row["updated_at"]) for row in body["results"])
                url = body["next"]
                if not body["has_more"]:
                    if not writing.is_set():
                        quiet_after_writers += 1
                    time.sleep(0.02)
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=writer, args=(i,)) for i in range(1, 4)]
    reader = threading.Thread(target=poller)
    reader.start()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    time.sleep(0.2)
    writing.clear()
    reader.join(timeout=60)
    assert not errors, errors
    assert len(seen) == len(set(seen)), "a change was served twice"
    latest_seen: dict[int, datetime.datetime] = {}
    for pk, stamp in seen:
        value = datetime.datetime.fromisoformat(stamp.replace("Z", "+00:00"))
        latest_seen[pk] = max(latest_seen.get(pk, value), value)
    missed = [(pk, stamp) for pk, stamp in committed if latest_seen.get(pk, T0) < stamp]
    assert not missed, f"{len(missed)} committed changes never reached the poller"
    assert len(committed) == 75


@pytest.mark.needs_redis
def test_throttling_is_per_client_with_the_one_error_body(world, api_as, monkeypatch):
    from django.core.cache import cache

    from supervision.api.throttling import FeedRateThrottle

    cache.clear()  # this run's own Redis database: earlier runs' counters must not count
    monkeypatch.setattr(FeedRateThrottle, "rate", "3/min", raising=False)
    api = api_as(world.api_client)
    assert [api.get("/api/v1/warnings/").status_code for _ in range(3)] == [200, 200, 200]
    response = api.get("/api/v1/warnings/")
    assert response.status_code == 429 and response.json()["code"] == "throttled"
    assert response.json()["status"] == 429 and "Retry-After" in response
    # Another client has its own budget, and the same client's other endpoints theirs.
    assert api_as(world.branch_legal).get("/api/v1/warnings/").status_code == 200
    assert api.get("/api/v1/me/").status_code == 200
