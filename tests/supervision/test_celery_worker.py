"""The plumbing is real: a Celery worker process consumes from the real Redis and writes
to the real PostgreSQL test database."""

import os
import subprocess
import sys
import time
import uuid

import pytest
from django.conf import settings
from django.db import connection

from config.celery import app
from supervision.models import JobRun

pytestmark = [pytest.mark.needs_postgres, pytest.mark.needs_redis]


def database_url() -> str:
    db = connection.settings_dict
    auth = db["USER"] or "postgres"
    if db.get("PASSWORD"):
        auth += f":{db['PASSWORD']}"
    return f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


@pytest.fixture
def celery_worker_process(transactional_db):
    """A real worker in its own process, on a queue of its own, against the test database."""
    queue = f"test-{uuid.uuid4().hex[:8]}"
    env = {
        **os.environ,
        "DATABASE_URL": database_url(),
        "REDIS_URL": settings.REDIS_URL,
        "CELERY_QUEUE": queue,
        "DJANGO_SETTINGS_MODULE": "config.settings.base",
        "CELERY_TASK_ALWAYS_EAGER": "false",
    }
    name = f"{queue}@localhost"
    worker = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "config",
            "worker",
            "-Q",
            queue,
            "-n",
            name,
            "-c",
            "1",
            "--without-gossip",
            "--without-mingle",
            "-l",
            "warning",
        ],
        env=env,
        cwd=settings.BASE_DIR,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    eager = app.conf.task_always_eager
    app.conf.task_always_eager = False
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if worker.poll() is not None:
                raise RuntimeError(worker.stdout.read().decode())
            if app.control.ping(destination=[name], timeout=1):
                break
        else:
            raise TimeoutError("worker did not come up")
        yield queue
    finally:
        app.conf.task_always_eager = eager
        worker.terminate()
        try:
            worker.wait(timeout=20)
        except subprocess.TimeoutExpired:
            worker.kill()


def wait_for(predicate, timeout=30):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = predicate()
        if result:
            return result
        time.sleep(0.2)
    raise AssertionError("condition not met in time")


def test_worker_runs_the_patrol_task(celery_worker_process):
    app.send_task("alerts.patrol", kwargs={"business_date": "2026-11-23"}, queue=celery_worker_process)
    run = wait_for(
        lambda: JobRun.objects.filter(kind="patrol", period="2026-11-23", status="succeeded").first()
    )
    assert run.triggered_by == "job"
    # A second delivery for the same period (a retry, a second beat) finds the row and does nothing.
    app.send_task("alerts.patrol", kwargs={"business_date": "2026-11-23"}, queue=celery_worker_process)
    app.send_task("reports.weekly_bulletin", queue=celery_worker_process)
    wait_for(lambda: JobRun.objects.filter(kind="weekly_bulletin").exists())
    assert JobRun.objects.filter(kind="patrol").count() == 1
