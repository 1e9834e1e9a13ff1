"""Shared set-up for the benchmarks: Django against a throw-away database on the server
``DATABASE_URL`` points at (created fresh, migrated, dropped afterwards)."""

from __future__ import annotations

import os
import platform
import sys
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")


def django_setup() -> None:
    import django
    from django.test.utils import setup_test_environment

    django.setup()
    setup_test_environment()  # the test client's host, locmem e-mail


@contextmanager
def scratch_database():
    """A fresh database for one benchmark run (like the test runner's)."""
    from django.db import connection

    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    try:
        yield connection
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


def machine() -> str:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT version()") if connection.vendor == "postgresql" else cursor.execute(
            "SELECT 1"
        )
        version = cursor.fetchone()[0]
    cpus = os.cpu_count()
    memory = ""
    try:
        with open("/proc/meminfo") as handle:
            memory = f", {int(handle.readline().split()[1]) // 1024 // 1024} GB RAM"
    except OSError:
        pass
    return (
        f"machine: {platform.processor() or platform.machine()}, {cpus} CPUs{memory}; "
        f"Python {platform.python_version()}; database: {connection.vendor} "
        f"{str(version).split(' on ')[0]}"
    )


def world():
    """A city with two branches and four stations, officers and an API client per scope."""
    from rest_framework.authtoken.models import Token

    from supervision.choices import Role, UnitKind
    from supervision.models import Officer, Unit, User

    city = Unit.objects.create(code="C0", name="基准市公安局", kind=UnitKind.CITY_BUREAU)
    stations = []
    for b in range(2):
        branch = Unit.objects.create(
            code=f"B{b}", name=f"第{b}分局", kind=UnitKind.BRANCH_BUREAU, parent=city
        )
        for s in range(2):
            stations.append(
                Unit.objects.create(
                    code=f"S{b}{s}", name=f"第{b}分局{s}派出所", kind=UnitKind.POLICE_STATION, parent=branch
                )
            )
    officers = Officer.objects.bulk_create(
        [Officer(badge_no=f"{u.code}-{i:03d}", name=f"民警{i}", unit=u) for u in stations for i in range(20)]
    )
    client = User.objects.create_user(
        username="bench_api", password="x" * 16, role=Role.API_CLIENT, unit=city
    )
    token = Token.objects.create(user=client)
    return city, stations, officers, client, token.key
