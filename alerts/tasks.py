from celery import shared_task
from django.utils import timezone

from supervision.audit import audit_context
from supervision.choices import AuditSource

from . import services


@shared_task(name="alerts.patrol")
def patrol(business_date: str | None = None) -> int | None:
    """Daily patrol (日巡查) for a business date, today by default (Asia/Shanghai)."""
    import datetime

    day = datetime.date.fromisoformat(business_date) if business_date else timezone.localdate()
    with audit_context(source=AuditSource.JOB):
        run = services.patrol_run(business_date=day)
    return run.pk if run else None
