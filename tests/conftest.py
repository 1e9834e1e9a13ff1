"""Shared personas and service checks for the whole suite.

Personas (Healthchecks style): in a city with two branches, station S1 and its sibling
S2 under branch B1, and station S3 under branch B2. ``officer_s1`` works at S1; their
colleague ``chief_s1`` too; ``officer_s2`` is the out-of-scope sibling who must get 404;
``branch_legal`` supervises B1; ``city_legal`` supervises the whole city.

Tests marked ``needs_postgres`` / ``needs_redis`` / ``needs_chromium`` skip when the
service is missing — except under ``CI=true``, where a missing service is a failure.
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass

import pytest
from django.conf import settings
from django.db import connection
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from supervision.choices import Role, UnitKind
from supervision.models import Officer, Unit, User

# Playwright's sync API runs an event loop in the main thread; Django's live server and
# ORM calls made from tests around it are still synchronous.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

IN_CI = os.environ.get("CI", "").lower() == "true"
PASSWORD = "correct-horse-battery"


def _postgres_available() -> tuple[bool, str]:
    if connection.vendor != "postgresql":
        return False, "DATABASE_URL does not point at PostgreSQL"
    return True, ""


def _redis_available() -> tuple[bool, str]:
    if not settings.REDIS_URL:
        return False, "REDIS_URL is not set"
    import redis

    try:
        redis.Redis.from_url(settings.REDIS_URL, socket_connect_timeout=2).ping()
    except redis.RedisError as exc:
        return False, f"Redis unreachable: {exc}"
    return True, ""


def chromium_path() -> str | None:
    return os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or shutil.which("chromium-browser")


def _chromium_available() -> tuple[bool, str]:
    if not chromium_path():
        return False, "Debian's chromium is not installed"
    try:
        import playwright  # noqa: F401
    except ImportError:
        return False, "playwright is not installed"
    return True, ""


def _gettext_available() -> tuple[bool, str]:
    return (True, "") if shutil.which("xgettext") else (False, "GNU gettext (xgettext) is not installed")


SERVICE_CHECKS = {
    "needs_postgres": _postgres_available,
    "needs_redis": _redis_available,
    "needs_chromium": _chromium_available,
    "needs_gettext": _gettext_available,
}


def pytest_configure(config):
    config.addinivalue_line("markers", "needs_gettext: requires GNU gettext for catalogue extraction")


def pytest_runtest_setup(item):
    for marker, check in SERVICE_CHECKS.items():
        if item.get_closest_marker(marker) is None:
            continue
        ok, why = check()
        if not ok:
            if IN_CI:
                pytest.fail(f"CI=true and {marker}: {why}", pytrace=False)
            pytest.skip(why)


# --------------------------------------------------------------------------------------
# Personas


@dataclass
class World:
    city: Unit
    city_legal_unit: Unit
    b1: Unit
    b1_legal_unit: Unit
    s1: Unit
    s2: Unit
    b2: Unit
    s3: Unit
    city_legal: User
    branch_legal: User
    chief_s1: User
    officer_s1: User
    officer_s2: User
    chief_s3: User
    auditor: User
    leader: User
    api_client: User
    api_token: str
    off_s1a: Officer
    off_s1b: Officer
    off_s2a: Officer
    off_s3a: Officer


def make_user(username: str, role: str, unit: Unit, **extra) -> User:
    user = User.objects.create_user(
        username=username,
        password=PASSWORD,
        role=role,
        unit=unit,
        full_name=extra.pop("full_name", username),
        **extra,
    )
    return user


def build_world() -> World:
    city = Unit.objects.create(code="C0", name="测试市公安局", kind=UnitKind.CITY_BUREAU)
    city_legal_unit = Unit.objects.create(
        code="C0-FZ", name="市局法制支队", kind=UnitKind.LEGAL_AFFAIRS, parent=city
    )
    b1 = Unit.objects.create(code="B1", name="一分局", kind=UnitKind.BRANCH_BUREAU, parent=city)
    b1_legal_unit = Unit.objects.create(
        code="B1-FZ", name="一分局法制大队", kind=UnitKind.LEGAL_AFFAIRS, parent=b1
    )
    s1 = Unit.objects.create(code="S1", name="一分局东街派出所", kind=UnitKind.POLICE_STATION, parent=b1)
    s2 = Unit.objects.create(code="S2", name="一分局南门派出所", kind=UnitKind.POLICE_STATION, parent=b1)
    b2 = Unit.objects.create(code="B2", name="二分局", kind=UnitKind.BRANCH_BUREAU, parent=city)
    s3 = Unit.objects.create(code="S3", name="二分局江滨派出所", kind=UnitKind.POLICE_STATION, parent=b2)
    off_s1a = Officer.objects.create(badge_no="S1001", name="张伟", unit=s1, is_mid_level_leader=True)
    off_s1b = Officer.objects.create(badge_no="S1002", name="李娜", unit=s1)
    off_s2a = Officer.objects.create(badge_no="S2001", name="王强", unit=s2)
    off_s3a = Officer.objects.create(badge_no="S3001", name="赵敏", unit=s3)
    api_client = make_user("api_s1", Role.API_CLIENT, s1)
    token = Token.objects.create(user=api_client)
    return World(
        city=city,
        city_legal_unit=city_legal_unit,
        b1=b1,
        b1_legal_unit=b1_legal_unit,
        s1=s1,
        s2=s2,
        b2=b2,
        s3=s3,
        city_legal=make_user("city_legal", Role.LEGAL_AFFAIRS, city_legal_unit),
        branch_legal=make_user("branch_legal", Role.LEGAL_OFFICER, b1_legal_unit),
        chief_s1=make_user("chief_s1", Role.STATION_CHIEF, s1, officer=off_s1a),
        officer_s1=make_user("officer_s1", Role.OFFICER, s1, officer=off_s1b),
        officer_s2=make_user("officer_s2", Role.OFFICER, s2, officer=off_s2a),
        chief_s3=make_user("chief_s3", Role.STATION_CHIEF, s3, officer=off_s3a),
        auditor=make_user("auditor", Role.AUDITOR, city),
        leader=make_user("leader", Role.LEADER, city),
        api_client=api_client,
        api_token=token.key,
        off_s1a=off_s1a,
        off_s1b=off_s1b,
        off_s2a=off_s2a,
        off_s3a=off_s3a,
    )


@pytest.fixture
def api_as():
    """``api_as(user)`` → an APIClient authenticated as that user (token for API clients)."""

    def make(user: User) -> APIClient:
        client = APIClient()
        if user.role == Role.API_CLIENT:
            token, _ = Token.objects.get_or_create(user=user)
            client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
        else:
            client.force_authenticate(user)
        return client

    return make


@pytest.fixture
def client_as(client):
    """``client_as(user)`` → the Django test client signed in as that user."""

    def make(user: User):
        client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
        return client

    return make


@pytest.fixture
def world(db) -> World:
    return build_world()


@pytest.fixture
def transactional_world(transactional_db) -> World:
    """The personas, committed: for a live server, a browser or a Celery worker to see."""
    return build_world()


# --------------------------------------------------------------------------------------
# Browser (real headless Chromium through Playwright; never Playwright's own download)

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


@pytest.fixture(scope="session")
def browser():
    ok, why = _chromium_available()
    if not ok:
        if IN_CI:
            pytest.fail(f"CI=true and a browser test: {why}", pytrace=False)
        pytest.skip(why)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(
            executable_path=chromium_path(), headless=True, args=CHROMIUM_ARGS
        )
        yield instance
        instance.close()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(locale="zh-CN", viewport={"width": 1400, "height": 900})
    context.set_default_timeout(15_000)
    tab = context.new_page()
    tab.base_url = live_server.url
    yield tab
    context.close()


@pytest.fixture
def browser_login(live_server):
    """Sign a Playwright page in as ``user`` by handing it a real session cookie."""
    from django.test import Client

    def login(page, user: User) -> None:
        client = Client()
        client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
        cookie = client.cookies[settings.SESSION_COOKIE_NAME]
        page.context.add_cookies(
            [{"name": settings.SESSION_COOKIE_NAME, "value": cookie.value, "url": live_server.url}]
        )

    return login
