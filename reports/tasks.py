from celery import shared_task
from django.utils import timezone

from supervision.audit import audit_context
from supervision.choices import AuditSource

from . import services


@shared_task(name="reports.weekly_bulletin")
def weekly_bulletin() -> int | None:
    """Weekly bulletin (周通报) for the week before today."""
    with audit_context(source=AuditSource.JOB):
        run = services.weekly_bulletin_run(today=timezone.localdate())
    return run.pk if run else None


@shared_task(name="reports.monthly_assessment")
def monthly_assessment() -> int | None:
    """Monthly assessment (月考评) for the month before today."""
    with audit_context(source=AuditSource.JOB):
        run = services.monthly_assessment_run(today=timezone.localdate())
    return run.pk if run else None
