"""Fixtures of the alerts tests: real Celery worker processes on a private queue against the
test database (the pattern of ``tests/supervision/test_celery_worker.py``)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import uuid

import pytest
from django.conf import settings
from django.db import connection

from config.celery import app


def database_url() -> str:
    db = connection.settings_dict
    auth = db["USER"] or "postgres"
    if db.get("PASSWORD"):
        auth += f":{db['PASSWORD']}"
    return f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def wait_for(predicate, timeout: float = 60, interval: float = 0.2):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = predicate()
        if result:
            return result
        time.sleep(interval)
    raise AssertionError("condition not met in time")


class Workers:
    """Start real ``celery worker`` processes (solo pool: the task runs in the process we
    may kill) consuming one private queue; stop them all at the end."""

    def __init__(self, queue: str):
        self.queue = queue
        self.processes: dict[str, subprocess.Popen] = {}

    def start(self, name: str, **env) -> str:
        node = f"{self.queue}-{name}@localhost"
        environment = {
            **os.environ,
            "DATABASE_URL": database_url(),
            "REDIS_URL": settings.REDIS_URL,
            "CELERY_QUEUE": self.queue,
            "DJANGO_SETTINGS_MODULE": "config.settings.base",
            "CELERY_TASK_ALWAYS_EAGER": "false",
            **{key: str(value) for key, value in env.items()},
        }
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "config",
                "worker",
                "-Q",
                self.queue,
                "-n",
                node,
                "-P",
                "solo",
                "--without-gossip",
                "--without-mingle",
                "-l",
                "warning",
            ],
            env=environment,
            cwd=settings.BASE_DIR,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        self.processes[name] = process
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if process.poll() is not None:
                raise RuntimeError(f"worker {name} exited with {process.returncode}")
            if app.control.ping(destination=[node], timeout=1):
                return node
        raise TimeoutError(f"worker {name} did not come up")

    def kill(self, name: str) -> None:
        """SIGKILL: no cleanup, no acknowledgement — a worker dying mid-task."""
        process = self.processes.pop(name)
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=20)

    def send(self, task: str, **kwargs) -> None:
        app.send_task(task, kwargs=kwargs, queue=self.queue)

    def stop_all(self) -> None:
        for process in self.processes.values():
            process.terminate()
        for process in self.processes.values():
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
        self.processes.clear()


@pytest.fixture
def workers(transactional_db):
    queue = f"test-alerts-{uuid.uuid4().hex[:8]}"
    pool = Workers(queue)
    eager = app.conf.task_always_eager
    app.conf.task_always_eager = False
    try:
        yield pool
    finally:
        app.conf.task_always_eager = eager
        pool.stop_all()
