"""Step 3 of escalation: the summons-talk record (约谈提醒) and the written notice (抄告) the
leader signs — a printable page and a PDF (WeasyPrint, the pattern of ``disputes.documents``)."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from supervision.models import User
from supervision.services import audit_record

from . import push
from .models import SummonsNotice, Warning


def summons_text(warning: Warning) -> str:
    with translation.override("zh-hans"):
        due = (
            timezone.localtime(warning.rectify_due_at).strftime("%Y-%m-%d %H:%M")
            if warning.rectify_due_at
            else "—"
        )
        return _(
            "%(unit)s has not rectified “%(item)s” by the deadline %(due)s despite reminders and listing to "
            "the branch. The unit's principal is summoned for a talk and is to report the rectification "
            "in writing."
        ) % {"unit": warning.unit.name, "item": push.item_label(warning), "due": due}


def summons_create(warning: Warning, *, now: datetime.datetime) -> SummonsNotice:
    notice, _created = SummonsNotice.objects.get_or_create(
        warning=warning,
        defaults={
            "unit": warning.unit,
            "number": f"YT{timezone.localtime(now):%Y}-{warning.pk:07d}",
            "text": summons_text(warning),
            "created_at": now,
        },
    )
    return notice


@transaction.atomic
def summons_sign(notice: SummonsNotice, *, by: User, talk_note: str = "") -> SummonsNotice:
    """The leader signs the written notice (and records the talk, when held)."""
    from django.core.exceptions import PermissionDenied

    from supervision.roles import has_capability

    if not has_capability(by, "approve_notices"):
        raise PermissionDenied
    locked = SummonsNotice.objects.select_for_update().get(pk=notice.pk)
    if locked.signed_at is None:
        locked.signed_by, locked.signed_at = by, timezone.now()
    if talk_note.strip():
        locked.talk_note, locked.talk_held_at = talk_note.strip(), timezone.now()
    locked.save()
    audit_record(
        actor=by,
        action="summons.sign",
        target=locked,
        changes={"signed_by": [None, by.pk]},
        note=locked.number,
    )
    return locked


def summons_context(notice: SummonsNotice) -> dict:
    warning = notice.warning
    return {
        "notice": notice,
        "warning": warning,
        "item": push.item_label(warning),
        "issuing_unit": warning.unit.parent or warning.unit,
        "issued_on": timezone.localtime(notice.created_at).date(),
    }


def render_summons_pdf(notice: SummonsNotice) -> bytes:
    from weasyprint import HTML

    with translation.override("zh-hans"):
        html = render_to_string("alerts/pdf/summons.html", {**summons_context(notice), "pdf": True})
    return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf()
