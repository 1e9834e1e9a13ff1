"""Query count and render time of the dashboard (overview) and the wall screen, at two data sizes.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/sv_bench python bench/dashboard.py \
        [--warnings 200000] [--branches 8] [--stations 12] [--repeat 5]

Builds a city of ``branches × stations`` units in a throw-away database and fills the
warning table with bulk SQL (``INSERT … SELECT generate_series``): a mix of patrol warnings
over every risk point, open and cleared, three colours, problems with rectification
deadlines (some overdue), spread over the last twenty weeks. It measures the pages first
at a tenth of the size, then at the full size, as the city's legal-affairs user (the
widest scope) and as one station's officer, and prints the query count and the median
render time of each — measured in this one run. The query count must not move with the
data; the time is the figure to quote (the issue asks for "well under a second").
It also times the monthly assessment's generation over the same data.
"""

from __future__ import annotations

import argparse
import statistics
import time

from _setup import django_setup, machine, scratch_database


def build_city(branches: int, stations: int):
    from supervision.choices import Role, UnitKind
    from supervision.models import Officer, Unit, User

    city = Unit.objects.create(code="C0", name="基准市公安局", kind=UnitKind.CITY_BUREAU)
    legal = Unit.objects.create(code="C0-FZ", name="市局法制支队", kind=UnitKind.LEGAL_AFFAIRS, parent=city)
    units = []
    for b in range(branches):
        branch = Unit.objects.create(
            code=f"B{b}", name=f"第{b}分局", kind=UnitKind.BRANCH_BUREAU, parent=city
        )
        for s in range(stations):
            units.append(
                Unit.objects.create(
                    code=f"S{b}-{s}", name=f"第{b}分局{s}所", kind=UnitKind.POLICE_STATION, parent=branch
                )
            )
    Officer.objects.bulk_create(
        [
            Officer(badge_no=f"{u.code}-{i}", name=f"民警{i}", unit=u, is_mid_level_leader=i == 0)
            for u in units
            for i in range(3)
        ]
    )
    city_user = User.objects.create_user(
        username="bench_legal", password="x" * 16, role=Role.LEGAL_AFFAIRS, unit=legal
    )
    station_user = User.objects.create_user(
        username="bench_officer", password="x" * 16, role=Role.OFFICER, unit=units[0]
    )
    return units, city_user, station_user


def fill_warnings(count: int, start_id: int = 0) -> None:
    """``count`` warnings by bulk SQL, deterministic from their number."""
    from django.db import connection

    sql = """
    WITH units AS (SELECT array_agg(id ORDER BY id) AS ids FROM supervision_unit WHERE level = 'station'),
         rules AS (SELECT array_agg(id ORDER BY id) AS ids FROM alerts_riskpoint)
    INSERT INTO alerts_warning (
        source, risk_point_id, fingerprint, element_type, element_label, unit_id, level, peak_level,
        calendar_missing, explanation, detail, raised_at, level_changed_at, cleared_at, clear_reason,
        kind, workflow_state, department, rectify_due_at, escalation_step, exempted, closed_at,
        created_at, updated_at)
    SELECT 'patrol',
           rules.ids[1 + (g * 7) %% array_length(rules.ids, 1)],
           'bench:' || g,
           (ARRAY['case', 'person', 'measure', 'property', 'venue_visit', 'case_file', 'incident',
                  'document'])[1 + g %% 8],
           'bench element ' || g,
           units.ids[1 + (g * 13) %% array_length(units.ids, 1)],
           (ARRAY['blue','yellow','red'])[1 + g %% 3],
           (ARRAY['blue','yellow','red'])[1 + g %% 3],
           false, '[]'::jsonb, '{}'::jsonb,
           now() - ((g %% 140) || ' days')::interval,
           now() - ((g %% 140) || ' days')::interval,
           CASE WHEN g %% 4 = 0 THEN NULL ELSE now() - ((g %% 140) / 2 || ' days')::interval END,
           CASE WHEN g %% 4 = 0 THEN '' ELSE 'condition_cleared' END,
           CASE WHEN g %% 5 = 0 THEN 'problem' ELSE 'reminder' END,
           CASE WHEN g %% 4 = 0 THEN 'notified' ELSE 'closed' END,
           'legal',
           CASE WHEN g %% 5 = 0 THEN now() - ((g %% 140) || ' days')::interval + interval '7 days' END,
           0, false,
           CASE WHEN g %% 4 = 0 THEN NULL ELSE now() - ((g %% 140) / 2 || ' days')::interval END,
           now() - ((g %% 140) || ' days')::interval,
           now() - ((g %% 140) || ' days')::interval
    FROM generate_series(%s, %s) AS g, units, rules
    """
    with connection.cursor() as cursor:
        cursor.execute(sql, [start_id + 1, start_id + count])
        cursor.execute("ANALYZE alerts_warning")


def measure(client, url: str, repeat: int) -> tuple[int, float]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(url)  # warm caches (templates, session)
    times, queries = [], 0
    for _ in range(repeat):
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            response = client.get(url)
            times.append(time.perf_counter() - started)
        assert response.status_code == 200, (url, response.status_code)
        queries = len(captured.captured_queries)
    return queries, statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--warnings", type=int, default=200_000)
    parser.add_argument("--branches", type=int, default=8)
    parser.add_argument("--stations", type=int, default=12, help="stations per branch")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()

    django_setup()
    from django.test import Client
    from django.utils import timezone

    from reports.assessment import assessment_generate
    from reports.indicators import Period

    with scratch_database():
        print(machine())
        units, city_user, station_user = build_city(args.branches, args.stations)
        clients = {}
        for name, user in (("city legal-affairs", city_user), ("one station", station_user)):
            client = Client()
            client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
            clients[name] = client
        small = max(args.warnings // 10, 1)
        rows = []
        loaded = 0
        for size in (small, args.warnings):
            fill_warnings(size - loaded, start_id=loaded)
            loaded = size
            for who, client in clients.items():
                for label, url in (("overview", "/"), ("wall", "/reports/dashboard/wall/")):
                    queries, median = measure(client, url, args.repeat)
                    rows.append((size, who, label, queries, median))
        print(f"{len(units)} stations; warnings seeded by bulk SQL; median of {args.repeat} requests each")
        print(f"{'warnings':>9}  {'as':<20} {'page':<9} {'queries':>7} {'time':>9}")
        for size, who, label, queries, median in rows:
            print(f"{size:>9}  {who:<20} {label:<9} {queries:>7} {median * 1000:>7.1f}ms")
        by_key = {(who, label): [] for _s, who, label, _q, _t in rows}
        for _s, who, label, queries, median in rows:
            by_key[(who, label)].append((queries, median))
        for (who, label), ((q1, t1), (q2, t2)) in by_key.items():
            print(f"{who} {label}: queries {q1} → {q2} at 10× the data; time ratio {t2 / t1:.2f}")

        now = timezone.localdate()
        period = Period(now.year, now.month).previous()
        started = time.perf_counter()
        assessment, _ = assessment_generate(period=period)
        print(
            f"monthly assessment {period.key}: {assessment.scores.count()} scores generated in "
            f"{time.perf_counter() - started:.2f}s over {args.warnings} warnings"
        )


if __name__ == "__main__":
    main()
