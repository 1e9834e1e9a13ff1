"""The file import in production shape: a real Celery worker (real Redis, real PostgreSQL)
checks the uploaded file, then writes it once committed."""

from __future__ import annotations

import csv
import io

import pytest
from django.conf import settings

from cases import models as m
from cases import services
from cases.ingest import specs
from cases.tabular import header_of
from config.celery import app
from tests.supervision.test_celery_worker import celery_worker_process, wait_for  # noqa: F401

pytestmark = [pytest.mark.needs_postgres, pytest.mark.needs_redis]


@pytest.fixture
def shared_media(monkeypatch):
    """The worker reads the uploaded file from the same media directory as this process."""
    monkeypatch.setenv("MEDIA_ROOT", str(settings.MEDIA_ROOT))


@pytest.fixture
def worker_queue(shared_media, celery_worker_process):  # noqa: F811
    """Tasks enqueued by the services go to the test's own worker."""
    default = app.conf.task_default_queue
    app.conf.task_default_queue = celery_worker_process
    yield celery_worker_process
    app.conf.task_default_queue = default


def incidents_csv(n: int) -> bytes:
    spec = specs()["incidents"]
    fields = [
        spec.by_name[name] for name in ("external_id", "unit", "number", "received_at", "source", "category")
    ]
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([header_of(f) for f in fields])
    for i in range(n):
        writer.writerow([f"JQ-W-{i}", "S1", f"J{i:06d}", "2026-03-01 09:00", "110报警", "纠纷"])
    return buffer.getvalue().encode("utf-8")


def test_a_worker_checks_and_commits_an_uploaded_file(transactional_world, worker_queue):
    actor = transactional_world.branch_legal
    ingestion = services.ingestion_upload(
        actor=actor, element_type="incidents", file_name="w.csv", data=incidents_csv(3000)
    )
    checked = wait_for(
        lambda: m.Ingestion.objects.filter(pk=ingestion.pk, status="previewed").first(), timeout=60
    )
    assert (checked.received, checked.progress_done, checked.created) == (3000, 3000, 3000)
    assert m.Incident.objects.count() == 0
    services.ingestion_commit(actor=actor, ingestion=checked)
    done = wait_for(
        lambda: m.Ingestion.objects.filter(pk=ingestion.pk, status="committed").first(), timeout=60
    )
    assert done.created == 3000
    assert m.Incident.objects.filter(unit=transactional_world.s1).count() == 3000
