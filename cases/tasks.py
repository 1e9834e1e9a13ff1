"""Thin task adapters for the file import: they take an ingestion id and call a service.

The audit source is the browser, not a scheduled job: a person started the import and
the task only carries it out in the background."""

from celery import shared_task

from supervision.audit import audit_context
from supervision.choices import AuditSource


@shared_task(name="cases.ingestion_check")
def ingestion_check_task(ingestion_id: int) -> None:
    from .services import ingestion_check

    with audit_context(source=AuditSource.UI):
        ingestion_check(ingestion_id=ingestion_id)


@shared_task(name="cases.ingestion_apply")
def ingestion_apply_task(ingestion_id: int) -> None:
    from .services import ingestion_apply

    with audit_context(source=AuditSource.UI):
        ingestion_apply(ingestion_id=ingestion_id)
