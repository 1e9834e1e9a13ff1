"""The REST warning feed at size: page 1 vs a deep page, and throughput vs a trivial view.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/sv_bench python bench/feed.py [--rows 200000]
        [--page-size 100] [--deep-page 5000] [--seconds 5] [--clients 8] [--workers 2]

Into a throw-away database it writes ``--rows`` warnings in one ``INSERT … SELECT
generate_series`` (default 200k; the issue's figure is 1M: ``--rows 1000000``), spread over
four stations, with ties on ``updated_at`` so the id tie-break is exercised. Then:

1. **Depth.** Times fetching page 1 and page ``--deep-page`` (or the deepest page the rows
   allow) of ``GET /api/v1/warnings/`` by cursor, in process, as the city's API client
   (median of repeated requests), and prints both and their ratio (≈ 1 means depth is free).
2. **Throughput.** Serves the project with gunicorn on 127.0.0.1 and drives it with a
   thread pool of HTTP clients for ``--seconds`` each: the feed (page 1 and deep cursors,
   100 rows a page) and ``GET /api/v1/me/`` — a trivial authenticated JSON view through the
   same stack (auth, throttling, error handling). Prints requests per second of both and
   the ratio feed / trivial (goal ≥ 0.4).

Everything runs on this machine against loopback; runs are bounded in count and time.
"""

from __future__ import annotations

import argparse
import http.client
import os
import socket
import statistics
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor

from _setup import ROOT, django_setup, machine, scratch_database, world


def insert_warnings(rows: int, stations: list) -> float:
    from django.db import connection

    unit_ids = ",".join(str(s.pk) for s in stations)
    started = time.perf_counter()
    with connection.cursor() as cursor:
        # Every NOT NULL column of alerts_warning; updated_at advances 1 ms every 3 rows (ties).
        cursor.execute(
            f"""
            INSERT INTO alerts_warning (
                source, fingerprint, element_type, element_id, element_label, unit_id, level, peak_level,
                calendar_missing, explanation, detail, raised_at, level_changed_at, clear_reason, kind,
                workflow_state, department, escalation_step, exempted, created_at, updated_at, due_at
            )
            SELECT 'patrol', 'bench:' || g, 'case', g, 'A' || lpad(g::text, 10, '0'),
                   (ARRAY[{unit_ids}])[1 + g %% 4],
                   (ARRAY['blue','yellow','red'])[1 + g %% 3], 'red', false, '[]'::jsonb, '{{}}'::jsonb,
                   t, t, '', (ARRAY['reminder','problem'])[1 + g %% 2],
                   (ARRAY['new','notified','acknowledged','closed'])[1 + g %% 4], 'legal', 0, false,
                   t, t, t + interval '3 days'
            FROM generate_series(1, %s) AS g,
                 LATERAL (SELECT now() - interval '40 days' + (g / 3) * interval '1 millisecond' AS t) AS s
            """,
            [rows],
        )
        cursor.execute("ANALYZE alerts_warning")
    return time.perf_counter() - started


def cursor_at(position: int) -> str | None:
    """The cursor that starts the page after ``position`` rows (found once, not timed)."""
    from django.db import connection

    from supervision.api.pagination import ChangeFeedPagination

    if position <= 0:
        return None
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT updated_at, id FROM alerts_warning ORDER BY updated_at, id OFFSET %s LIMIT 1",
            [position - 1],
        )
        updated_at, pk = cursor.fetchone()
    return ChangeFeedPagination.encode_cursor(updated_at, pk)


def time_page(api, cursor: str | None, page_size: int, repeat: int) -> tuple[float, int]:
    params = {"page_size": page_size, **({"cursor": cursor} if cursor else {})}
    timings, count = [], 0
    for _ in range(repeat):
        started = time.perf_counter()
        response = api.get("/api/v1/warnings/", params)
        timings.append(time.perf_counter() - started)
        assert response.status_code == 200, response.content[:300]
        count = len(response.json()["results"])
    return statistics.median(timings), count


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def serve(port: int, workers: int, database_name: str):
    from django.conf import settings

    db = settings.DATABASES["default"]
    auth = db["USER"] + (f":{db['PASSWORD']}" if db.get("PASSWORD") else "")
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.base",
        "DATABASE_URL": f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{database_name}",
        "CONN_MAX_AGE": "60",
        # The load generator is one client: the per-client budget would answer 429s.
        "API_THROTTLE_RATE": "100000000/min",
        "API_FEED_THROTTLE_RATE": "100000000/min",
    }
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "config.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return process
        except OSError:
            time.sleep(0.2)
    process.kill()
    raise RuntimeError("gunicorn did not start")


def load(port: int, token: str, paths: list[str], seconds: float, clients: int) -> tuple[float, int, int]:
    """Requests per second over ``seconds`` with ``clients`` threads cycling through ``paths``."""
    stop = time.monotonic() + seconds
    counts, errors = [0] * clients, [0] * clients
    headers = {"Authorization": f"Token {token}", "Accept": "application/json"}

    def run(index: int) -> None:
        i = index
        while time.monotonic() < stop:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            try:
                conn.request("GET", paths[i % len(paths)], headers=headers)
                response = conn.getresponse()
                response.read()
                if response.status == 200:
                    counts[index] += 1
                else:
                    errors[index] += 1
            except OSError:
                errors[index] += 1
            finally:
                conn.close()
            i += 1

    started = time.monotonic()
    with ThreadPoolExecutor(clients) as pool:
        list(pool.map(run, range(clients)))
    elapsed = time.monotonic() - started
    return sum(counts) / elapsed, sum(counts), sum(errors)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=200_000)
    parser.add_argument("--page-size", type=int, default=100)
    parser.add_argument("--deep-page", type=int, default=5000)
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--seconds", type=float, default=5.0)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    if not 1 <= args.rows <= 5_000_000:
        parser.error("--rows between 1 and 5,000,000")

    django_setup()
    from django.conf import settings
    from rest_framework.test import APIClient

    settings.WARNING_FEED_LAG_SECONDS = 2.0
    settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"] = {"client": "100000000/min", "feed": "100000000/min"}
    with scratch_database() as connection:
        print(machine())
        _city, stations, _officers, _client, token = world()
        seconds = insert_warnings(args.rows, stations)
        print(f"warnings: {args.rows:,} inserted in {seconds:.1f} s")
        api = APIClient()
        api.credentials(HTTP_AUTHORIZATION=f"Token {token}")

        deepest = max(1, args.rows // args.page_size)
        deep_page = min(args.deep_page, deepest)
        deep_cursor = cursor_at((deep_page - 1) * args.page_size)
        time_page(api, None, args.page_size, 3)  # warm up
        first, n1 = time_page(api, None, args.page_size, args.repeat)
        deep, n2 = time_page(api, deep_cursor, args.page_size, args.repeat)
        print(f"page 1:        {first * 1000:7.2f} ms ({n1} rows, median of {args.repeat})")
        print(f"page {deep_page:<9,}{deep * 1000:7.2f} ms ({n2} rows, median of {args.repeat})")
        print(f"deep / first:  {deep / first:.2f}")

        port = free_port()
        server = serve(port, args.workers, connection.settings_dict["NAME"])
        try:
            cursors = [
                cursor_at(p * args.page_size) for p in (0, deep_page // 4, deep_page // 2, deep_page - 1)
            ]
            feed_paths = [
                f"/api/v1/warnings/?page_size={args.page_size}" + (f"&cursor={c}" if c else "")
                for c in cursors
            ]
            load(port, token, [*feed_paths, "/api/v1/me/"], 1.0, args.clients)  # warm up the workers
            feed_rps, feed_n, feed_err = load(port, token, feed_paths, args.seconds, args.clients)
            me_rps, me_n, me_err = load(port, token, ["/api/v1/me/"], args.seconds, args.clients)
        finally:
            server.terminate()
            server.wait(timeout=30)
            threading.Event().wait(0.5)  # let the workers' connections close before the drop
        print(
            f"throughput ({args.clients} clients, gunicorn {args.workers} workers, "
            f"{args.seconds:.0f} s each):"
        )
        rows = f"{args.page_size} rows/page"
        print(f"  feed ({rows}): {feed_rps:8.1f} req/s ({feed_n} ok, {feed_err} errors)")
        print(f"  trivial /api/v1/me/:   {me_rps:8.1f} req/s ({me_n} ok, {me_err} errors)")
        print(f"  feed / trivial:        {feed_rps / me_rps:.2f}  (goal >= 0.4)")


if __name__ == "__main__":
    main()
