"""Demo check: after ``seed_demo`` (small) every reports page that a demo persona can reach
from the sidebar renders — the city's legal-affairs officer (fazhi), a branch legal officer
(fzy_gulou), a station chief (suozhang_dongjie) and a leader (lingdao).

The walk starts from the overview page and follows every link into /reports/ that it
finds (at most a few pages per URL name, so it stays quick), with the Django test client."""

from __future__ import annotations

import re
from collections import Counter, deque
from html import unescape
from urllib.parse import urlsplit

import pytest
from django.core.management import call_command
from django.urls import Resolver404, resolve

from supervision.models import User

pytestmark = [pytest.mark.django_db, pytest.mark.needs_postgres]

PERSONAS = ("fazhi", "fzy_gulou", "suozhang_dongjie", "lingdao")
PER_URL_NAME = 3
# Documents take a second or so each; one of each kind per persona proves they render.
DOCUMENTS = {"bulletin_pdf", "quarterly_pdf", "bulletin_xlsx", "quarterly_xlsx", "assessment_export"}
# What each persona must have reached (beyond the sidebar's five sections).
MUST_REACH = {
    "bulletins",
    "bulletin",
    "bulletin_pdf",
    "bulletin_xlsx",
    "quarterly",
    "quarterly_pdf",
    "quarterly_xlsx",
    "quarterly_items",
    "reviews",
    "assessment",
    "assessment_detail",
    "assessment_score",
    "assessment_drill",
    "assessment_export",
    "scheme",
    "wall",
    "dashboard_items",
}
EXTRA = {
    "fazhi": {"scheme_edit", "review_new", "selection_new", "selection"},
    "fzy_gulou": {"review_new", "selection_new"},
}


def _links(html: str) -> list[str]:
    return [unescape(h) for h in re.findall(r'href="(/reports/[^"#]*)', html)]


def _walk(client) -> tuple[dict[str, int], Counter]:
    statuses: dict[str, int] = {}
    seen_names: Counter = Counter()
    queue = deque(["/"])
    while queue:
        url = queue.popleft()
        if url in statuses:
            continue
        path = urlsplit(url).path
        name = "overview"
        if path.startswith("/reports/"):
            try:
                name = resolve(path).url_name
            except Resolver404:
                statuses[url] = 404
                continue
            limit = 1 if name in DOCUMENTS else PER_URL_NAME
            if seen_names[name] >= limit:
                continue
            seen_names[name] += 1
        response = client.get(url)
        statuses[url] = response.status_code
        if response.status_code == 200 and response["Content-Type"].startswith("text/html"):
            queue.extend(_links(response.content.decode()))
    return statuses, seen_names


@pytest.fixture(scope="module")
def demo_city(django_db_setup, django_db_blocker):
    """The small demo city, seeded once for the module and removed afterwards."""
    with django_db_blocker.unblock():
        call_command("seed_demo", scale="small", stdout=open("/dev/null", "w"))  # noqa: SIM115
        yield
        call_command("flush", interactive=False, verbosity=0)


@pytest.mark.parametrize("username", PERSONAS)
def test_every_reports_page_renders_for_the_demo_personas(demo_city, client, username):
    client.force_login(
        User.objects.get(username=username), backend="django.contrib.auth.backends.ModelBackend"
    )
    statuses, reached = _walk(client)
    broken = {url: status for url, status in statuses.items() if status != 200}
    assert not broken, broken
    missing = (MUST_REACH | EXTRA.get(username, set())) - set(reached)
    assert not missing, (username, sorted(missing), sorted(reached))
