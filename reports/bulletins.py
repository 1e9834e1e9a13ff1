"""Writes of the weekly bulletin (周通报): generate (numbered, frozen), edit the commentary,
publish (deliver to every station chief in scope), acknowledge.

Numbering: 第 N 期 counts per publisher and calendar year of the week's Monday (a new
series every January, as paper bulletins do), from 1, with no gaps and no reuse.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from supervision.choices import Role, UnitKind, UnitLevel
from supervision.models import JobRun, Unit, User
from supervision.roles import has_capability
from supervision.services import audit_record

from .bulletin_figures import compute_in_chinese
from .models import Bulletin, BulletinCounter, BulletinDelivery, BulletinStatus

PUBLISHER_KINDS = (UnitKind.CITY_BUREAU, UnitKind.BRANCH_BUREAU, UnitKind.COUNTY_BUREAU)


def bulletin_publishers() -> list[Unit]:
    """The city bureau and every branch/county bureau: each publishes its own bulletin."""
    return list(
        Unit.objects.filter(
            is_active=True, level__in=[UnitLevel.CITY, UnitLevel.BRANCH], kind__in=PUBLISHER_KINDS
        ).order_by("path")
    )


def _next_number(publisher: Unit, year: int) -> int:
    """Take the next issue number of ``publisher`` in ``year``. Call inside the transaction
    that creates the bulletin: the row lock is held until it commits or rolls back."""
    try:
        with transaction.atomic():
            BulletinCounter.objects.get_or_create(publisher=publisher, year=year)
    except IntegrityError:  # two first bulletins of the year at once: the other one created it
        pass
    counter = BulletinCounter.objects.select_for_update().get(publisher=publisher, year=year)
    counter.last_number += 1
    counter.save(update_fields=["last_number"])
    return counter.last_number


def bulletin_generate(
    *, publisher: Unit, monday: datetime.date, run: JobRun | None = None, actor: User | None = None
) -> tuple[Bulletin, bool]:
    """The bulletin of ``publisher`` for the week starting ``monday``: created (figures
    frozen now, numbered) or, when it exists, returned unchanged. Returns (bulletin, created)."""
    if monday.weekday() != 0:
        raise ValueError("a bulletin week starts on a Monday")
    existing = Bulletin.objects.filter(publisher=publisher, period_start=monday).first()
    if existing is not None:
        return existing, False
    # The figures are computed before the number is taken, so the counter's lock is held
    # only for the few statements that create the row.
    figures = compute_in_chinese(publisher, monday)
    try:
        with transaction.atomic():
            year = monday.year
            number = _next_number(publisher, year)
            # Re-check under the lock: a concurrent generator of the same week that got the
            # lock first has committed its bulletin by now (READ COMMITTED sees it).
            existing = Bulletin.objects.filter(publisher=publisher, period_start=monday).first()
            if existing is not None:
                transaction.set_rollback(True)
                return existing, False
            bulletin = Bulletin.objects.create(
                publisher=publisher,
                year=year,
                number=number,
                period_start=monday,
                period_end=monday + datetime.timedelta(days=6),
                cutoff_at=datetime.datetime.fromisoformat(figures["cutoff_at"]),
                figures=figures,
                job_run=run,
            )
            audit_record(
                actor=actor,
                action="bulletin.generate",
                target=bulletin,
                unit=publisher,
                changes={"number": number, "period_start": monday.isoformat()},
            )
    except IntegrityError:
        # The unique (publisher, week) constraint caught a race the re-check could not see.
        return Bulletin.objects.get(publisher=publisher, period_start=monday), False
    return bulletin, True


def bulletins_generate_week(*, monday: datetime.date, run: JobRun | None = None) -> dict:
    created = existing = 0
    for publisher in bulletin_publishers():
        _bulletin, was_created = bulletin_generate(publisher=publisher, monday=monday, run=run)
        created += was_created
        existing += not was_created
    return {"created": created, "existing": existing}


def _check_editable(actor: User, bulletin: Bulletin) -> None:
    if not has_capability(actor, "publish_bulletins"):
        raise PermissionDenied
    if not Bulletin.objects.managed_by(actor).filter(pk=bulletin.pk).exists():
        raise PermissionDenied
    if bulletin.status != BulletinStatus.DRAFT:
        raise ValidationError(_("This bulletin is published and can no longer be changed."))


def bulletin_update_commentary(*, actor: User, bulletin: Bulletin, commentary: str) -> Bulletin:
    with transaction.atomic():
        bulletin = Bulletin.objects.select_for_update().get(pk=bulletin.pk)
        _check_editable(actor, bulletin)
        before = bulletin.commentary
        bulletin.commentary = commentary.strip()
        bulletin.updated_at = timezone.now()
        bulletin.save(update_fields=["commentary", "updated_at"])
        audit_record(
            actor=actor,
            action="bulletin.edit",
            target=bulletin,
            unit=bulletin.publisher,
            changes={"commentary": [before, bulletin.commentary]},
        )
    return bulletin


def bulletin_recipients(bulletin: Bulletin):
    """Every active station chief in the publisher's subtree."""
    unit_ids = Unit.objects.in_unit_subtree(bulletin.publisher).values("pk")
    return User.objects.filter(role=Role.STATION_CHIEF, is_active=True, unit_id__in=unit_ids).order_by("pk")


def bulletin_publish(*, actor: User, bulletin: Bulletin) -> Bulletin:
    """Publish: read-only from now on, and delivered once to each station chief in scope."""
    with transaction.atomic():
        bulletin = Bulletin.objects.select_for_update().get(pk=bulletin.pk)
        _check_editable(actor, bulletin)
        now = timezone.now()
        bulletin.status = BulletinStatus.PUBLISHED
        bulletin.published_at = now
        bulletin.published_by = actor
        bulletin.updated_at = now
        bulletin.save(update_fields=["status", "published_at", "published_by", "updated_at"])
        deliveries = [
            BulletinDelivery(bulletin=bulletin, recipient=user, unit_id=user.unit_id, delivered_at=now)
            for user in bulletin_recipients(bulletin)
        ]
        # ignore_conflicts: the unique (bulletin, recipient) constraint keeps one delivery each.
        BulletinDelivery.objects.bulk_create(deliveries, ignore_conflicts=True)
        audit_record(
            actor=actor,
            action="bulletin.publish",
            target=bulletin,
            unit=bulletin.publisher,
            changes={
                "status": [BulletinStatus.DRAFT, BulletinStatus.PUBLISHED],
                "deliveries": len(deliveries),
            },
        )
    return bulletin


def bulletin_acknowledge(*, actor: User, bulletin: Bulletin) -> BulletinDelivery:
    """The recipient confirms having read the bulletin; a second confirmation changes nothing."""
    if not has_capability(actor, "acknowledge_bulletins"):
        raise PermissionDenied
    delivery = BulletinDelivery.objects.filter(bulletin=bulletin, recipient=actor).first()
    if delivery is None:
        raise ValidationError(_("This bulletin was not delivered to you."))
    with transaction.atomic():
        updated = BulletinDelivery.objects.filter(pk=delivery.pk, acknowledged_at__isnull=True).update(
            acknowledged_at=timezone.now()
        )
        delivery.refresh_from_db()
        if updated:
            audit_record(actor=actor, action="bulletin.acknowledge", target=bulletin, unit=delivery.unit)
    return delivery
