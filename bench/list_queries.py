"""Query count of every element list page and API list, at two data sizes.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/sv_bench python bench/list_queries.py

Seeds the demo city twice into a throw-away database — first with one incident per
station and no risk examples (a handful of rows per list), then with the small demo's full year (full pages of
50) — and requests every list page and API list as the city's legal-affairs user. A list
whose query count grows with its rows has an N+1; the script prints both counts side by
side (and the rows each request showed), measured in this one run.
"""

from __future__ import annotations

import re
import time

from _setup import django_setup, machine, scratch_database

PAGES = [
    "incidents",
    "cases",
    "persons",
    "measures",
    "property_list",
    "visits",
    "venues",
    "sessions",
    "case_files",
    "documents",
    "ingestions",
]


def measure(client, api, slugs) -> dict[str, tuple[int, int, float]]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    results = {}
    for route in PAGES:
        url = reverse(f"cases:{route}")
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            response = client.get(url)
            elapsed = time.perf_counter() - started
        assert response.status_code == 200, url
        rows = len(re.findall(rb"<tr>", response.content)) - 1
        results[f"page {url}"] = (len(queries.captured_queries), rows, elapsed)
    for slug in slugs:
        url = f"/api/v1/{slug}/"
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            response = api.get(url)
            elapsed = time.perf_counter() - started
        assert response.status_code == 200, url
        results[f"api  {url}"] = (len(queries.captured_queries), len(response.json()["results"]), elapsed)
    return results


def seed(per_station: int) -> None:
    from django.db import connection

    from cases import demo
    from cases import models as m

    tables = [model._meta.db_table for model in demo.ORDER] + [m.Ingestion._meta.db_table]
    with connection.cursor() as cursor:
        cursor.execute(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY CASCADE")
    demo.SCALES["bench"] = per_station
    demo.seed(scale="bench", examples=per_station > 1)


def main() -> None:
    django_setup()
    from django.test import Client
    from rest_framework.test import APIClient

    from cases.api.views import READ_ENDPOINTS
    from supervision import demo as city
    from supervision.models import User

    with scratch_database():
        print(machine())
        city.seed(scale="small")
        user = User.objects.get(username="fazhi")
        client = Client()
        client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
        api = APIClient()
        api.force_authenticate(user)
        slugs = [*READ_ENDPOINTS, "ingestions"]
        seed(1)
        measure(client, api, slugs)  # warm up: sessions, content types, caches
        few = measure(client, api, slugs)
        from cases.models import Incident

        small_total = Incident.objects.count()
        seed(120)
        many = measure(client, api, slugs)
        print(f"\nincidents in the database: {small_total:,} then {Incident.objects.count():,}")
        print(f"\n{'list':<40} {'queries (rows shown)':>24} {'queries (rows shown)':>24}  constant")
        for key in few:
            (q1, r1, _t1), (q2, r2, t2) = few[key], many[key]
            verdict = "yes" if q1 == q2 else ("(empty list: count only)" if r1 == 0 else "NO")
            print(
                f"{key:<40} {q1:>14} ({r1:>3} rows) {q2:>14} ({r2:>3} rows)  {verdict}   {t2 * 1000:5.0f} ms"
            )


if __name__ == "__main__":
    main()
