"""Ingestion throughput at 100,000 records, through the whole REST stack.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/sv_bench python bench/ingest.py [--records 100000]

For incidents and for cases (which reference incidents and carry two officers each), the
script posts the records in batches of 5,000 to ``/api/v1/ingest/<type>/`` as an API
client would (token auth, JSON parsing, validation, upsert, audit, response), then:

1. first run — everything is created: records per second;
2. the identical batches again — nothing changes: the number of INSERT/UPDATE/DELETE
   statements on element tables (must be 0) and on the bookkeeping tables;
3. the same batches with 10 % of records in a newer version — those are updated and
   audited with their before/after.

It prints what it measured in this one run and the machine it ran on (no assertions).
"""

from __future__ import annotations

import argparse
import json
import re
import time
from collections import Counter

from _setup import django_setup, machine, scratch_database, world

BATCH = 5_000
ELEMENT_TABLES = re.compile(r'^(INSERT INTO|UPDATE|DELETE FROM) "(cases_(?!ingestion)\w+)"')
ANY_WRITE = re.compile(r'^(INSERT INTO|UPDATE|DELETE FROM) "(\w+)"')


def incident_records(n: int, stations, officers) -> list[dict]:
    by_unit = {}
    for officer in officers:
        by_unit.setdefault(officer.unit_id, []).append(officer.badge_no)
    records = []
    for i in range(n):
        unit = stations[i % len(stations)]
        day = 1 + i % 28
        records.append(
            {
                "external_id": f"JQ{i:09d}",
                "unit": unit.code,
                "number": f"J{unit.code}2026{i:09d}",
                "received_at": f"2026-03-{day:02d} {i % 24:02d}:{i % 60:02d}",
                "source": "call_110" if i % 3 else "walk_in",
                "category": ("dispute", "criminal", "administrative", "assistance")[i % 4],
                "is_dispute": i % 4 == 0,
                "is_emergency": i % 5 == 0,
                "location": f"江州市鼓楼区东街{i % 500}号",
                "location_key": f"鼓楼区东街{i % 500}号",
                "caller_name": "林秀英",
                "caller_phone": f"139{i:08d}",
                "summary": "群众报警称有人在楼道内争吵。",
                "officer": by_unit[unit.pk][i % 20],
                "dispatched_at": f"2026-03-{day:02d} {i % 24:02d}:{i % 60:02d}",
                "disposal": "mediated",
                "source_updated_at": "2026-03-28T12:00:00+08:00",
            }
        )
    return records


def case_records(n: int, stations, officers) -> list[dict]:
    by_unit = {}
    for officer in officers:
        by_unit.setdefault(officer.unit_id, []).append(officer.badge_no)
    records = []
    for i in range(n):
        unit = stations[i % len(stations)]
        badges = by_unit[unit.pk]
        records.append(
            {
                "external_id": f"AJ{i:09d}",
                "unit": unit.code,
                "officers": [badges[i % 20], badges[(i + 1) % 20]],
                "number": f"A{unit.code}2026{i:09d}",
                "kind": "criminal" if i % 2 else "administrative",
                "cause": ("盗窃", "诈骗", "故意伤害", "殴打他人")[i % 4],
                "incident": f"JQ{i:09d}",
                "status": "accepted",
                "accepted_at": f"2026-03-{1 + i % 28:02d} 10:00",
                "source_updated_at": "2026-03-28T12:00:00+08:00",
            }
        )
    return records


def post_all(api, slug: str, bodies: list[bytes]) -> tuple[float, Counter]:
    totals: Counter = Counter()
    started = time.perf_counter()
    for body in bodies:
        response = api.post(f"/api/v1/ingest/{slug}/", data=body, content_type="application/json")
        if response.status_code != 200:
            raise SystemExit(f"{slug}: HTTP {response.status_code}: {response.content[:500]!r}")
        totals.update({k: v for k, v in response.json().items() if isinstance(v, int)})
    return time.perf_counter() - started, totals


def encode(records: list[dict]) -> list[bytes]:
    return [
        json.dumps(records[i : i + BATCH], ensure_ascii=False).encode() for i in range(0, len(records), BATCH)
    ]


def run_type(api, slug: str, records: list[dict]) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    n = len(records)
    first = encode(records)
    seconds, totals = post_all(api, slug, first)
    print(f"\n{slug}: {n:,} records in {len(first)} requests of {BATCH:,}")
    print(
        f"  1st run (all new):        {seconds:6.1f} s  {n / seconds:8,.0f} records/s   "
        f"created={totals['created']:,} updated={totals['updated']:,} unchanged={totals['unchanged']:,}"
    )

    with CaptureQueriesContext(connection) as queries:
        seconds, totals = post_all(api, slug, first)
    element_writes = Counter()
    bookkeeping = Counter()
    for query in queries.captured_queries:
        sql = query["sql"]
        if match := ELEMENT_TABLES.match(sql):
            element_writes[match.group(2)] += 1
        elif match := ANY_WRITE.match(sql):
            bookkeeping[match.group(2)] += 1
    print(
        f"  2nd run (identical):      {seconds:6.1f} s  {n / seconds:8,.0f} records/s   "
        f"created={totals['created']:,} updated={totals['updated']:,} unchanged={totals['unchanged']:,}"
    )
    total = len(queries.captured_queries)
    print(
        f"    queries: {total} in all ({total / len(first):.0f} per request); writes to element tables: "
        f"{sum(element_writes.values())} {dict(element_writes)}; bookkeeping writes: {dict(bookkeeping)}"
    )

    newer = []
    for i, record in enumerate(records):
        if i % 10 == 0:
            record = {**record, "source_updated_at": "2026-03-29T12:00:00+08:00"}
            if slug == "cases":
                record["status"] = "filed"
                record["filed_at"] = "2026-03-29 09:00"
            else:
                record["disposal"] = "resolved_on_scene"
                record["result_recorded_at"] = "2026-03-29 09:00"
        newer.append(record)
    seconds, totals = post_all(api, slug, encode(newer))
    print(
        f"  3rd run (10 % newer):     {seconds:6.1f} s  {n / seconds:8,.0f} records/s   "
        f"created={totals['created']:,} updated={totals['updated']:,} unchanged={totals['unchanged']:,}"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--records", type=int, default=100_000)
    args = parser.parse_args()
    django_setup()
    from django.conf import settings
    from rest_framework.test import APIClient

    settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]["client"] = "100000/min"
    with scratch_database():
        print(machine())
        _city, stations, officers, _client, token = world()
        api = APIClient()
        api.credentials(HTTP_AUTHORIZATION=f"Token {token}")
        run_type(api, "incidents", incident_records(args.records, stations, officers))
        run_type(api, "cases", case_records(args.records, stations, officers))
        from supervision.models import AuditEvent

        print(
            f"\naudit events written: {AuditEvent.objects.count():,} (one per batch + one per updated record)"
        )


if __name__ == "__main__":
    main()
