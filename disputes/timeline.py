"""How each audited step of a dispute reads on its timeline (全流程留痕)."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from supervision.models import AuditEvent

from .choices import Answer, NoticeReason, ResolutionMethod, RiskColour, VisitSituation

ACTION_TITLES = {
    "dispute.intake": gettext_lazy("Dispute record created from the incident"),
    "dispute.open": gettext_lazy("Dispute record opened by hand"),
    "dispute.classify": gettext_lazy("Classification recorded"),
    "dispute.checklist": gettext_lazy("Checklists answered"),
    "dispute.assess": gettext_lazy("Risk colour confirmed"),
    "dispute.assign": gettext_lazy("Responsibility recorded"),
    "dispute.party_add": gettext_lazy("Party added"),
    "dispute.visit": gettext_lazy("Follow-up visit recorded"),
    "dispute.resolve": gettext_lazy("Resolved"),
    "dispute.township_confirm": gettext_lazy("Township confirmed: loop closed"),
    "dispute.township_reject": gettext_lazy("Township did not confirm: back to resolving"),
    "dispute.warning_raised": gettext_lazy("Overdue follow-up warning raised"),
    "dispute.warning_cleared": gettext_lazy("Overdue follow-up warning cleared"),
    "notice.draft": gettext_lazy("Written notice drafted"),
    "notice.update": gettext_lazy("Written notice revised"),
    "notice.submit": gettext_lazy("Written notice submitted for approval"),
    "notice.approve": gettext_lazy("Written notice approved"),
    "notice.reject": gettext_lazy("Written notice returned"),
    "notice.deliver": gettext_lazy("Written notice delivered"),
}


def _label(choices, value) -> str:
    try:
        return str(choices(value).label)
    except ValueError:
        return str(value or "")


def describe_event(event: AuditEvent) -> tuple[str, str, str]:
    """(title, detail, colour) for one audit event of a dispute or its notice."""
    title = str(ACTION_TITLES.get(event.action, event.action))
    changes = event.changes or {}
    colour = ""
    detail = ""
    if event.action == "dispute.assess":
        colour = changes.get("colour", "")
        proposed = changes.get("proposed_colour", "")
        detail = _("Proposed %(proposed)s (score %(score)s), confirmed %(colour)s.") % {
            "proposed": _label(RiskColour, proposed),
            "score": changes.get("score", "—"),
            "colour": _label(RiskColour, colour),
        }
        if changes.get("override_reason"):
            detail += " " + _("Reason: %(reason)s") % {"reason": changes["override_reason"]}
    elif event.action == "dispute.visit":
        detail = _("%(situation)s. Next visit due %(due)s.") % {
            "situation": _label(VisitSituation, changes.get("situation")),
            "due": changes.get("next_due") or "—",
        }
    elif event.action == "dispute.resolve":
        detail = f"{_label(ResolutionMethod, changes.get('method'))}: {changes.get('outcome', '')}"
    elif event.action == "dispute.checklist":
        answers = changes.get("answers", {})
        counts = {value: sum(1 for a in answers.values() if a == value) for value in Answer.values}
        detail = _("%(yes)s yes, %(no)s no, %(unknown)s not known") % counts
    elif event.action in ("dispute.township_confirm", "dispute.township_reject"):
        detail = changes.get("confirmed_by", "") + (" · " + event.note if event.note else "")
    elif event.action.startswith("notice."):
        reason = changes.get("reason")
        if reason:
            detail = _label(NoticeReason, reason)
        if changes.get("number"):
            detail = (detail + " · " if detail else "") + changes["number"]
    if not detail and event.note:
        detail = event.note
    return title, detail, colour
