"""What each role may do. Visibility follows the unit (``visible_to``); capabilities
follow the role. One table, read by views, viewsets, templates and services.
"""

from __future__ import annotations

from .choices import Role

ALL_HUMAN = frozenset(
    {Role.OFFICER, Role.LEGAL_OFFICER, Role.STATION_CHIEF, Role.LEGAL_AFFAIRS, Role.LEADER, Role.AUDITOR}
)
SUPERVISORS = frozenset({Role.LEGAL_OFFICER, Role.LEGAL_AFFAIRS})

CAPABILITIES: dict[str, frozenset[str]] = {
    # Reading
    "view_elements": ALL_HUMAN | {Role.API_CLIENT},
    "view_warnings": ALL_HUMAN | {Role.API_CLIENT},
    "view_reports": ALL_HUMAN,
    "view_audit": SUPERVISORS | {Role.AUDITOR},
    "view_jobs": SUPERVISORS | {Role.AUDITOR, Role.LEADER},
    # Personal ID numbers in full: those who handle or check the case, not readers of figures.
    "view_full_id_number": frozenset({Role.OFFICER, Role.LEGAL_OFFICER, Role.LEGAL_AFFAIRS}),
    # Writing
    "ingest_elements": SUPERVISORS | {Role.API_CLIENT},
    "answer_warnings": frozenset({Role.OFFICER, Role.STATION_CHIEF, Role.LEGAL_OFFICER, Role.LEGAL_AFFAIRS}),
    "verify_rectification": SUPERVISORS,
    "configure_rules": frozenset({Role.LEGAL_AFFAIRS}),
    "run_jobs": SUPERVISORS,
    "manage_exemptions": SUPERVISORS,
    "approve_exemptions": frozenset({Role.LEGAL_AFFAIRS, Role.LEADER}),
    "record_findings": SUPERVISORS,
    "manage_negative_list": frozenset({Role.LEGAL_AFFAIRS}),
    "publish_bulletins": frozenset({Role.LEGAL_AFFAIRS}),
    "acknowledge_bulletins": frozenset({Role.STATION_CHIEF, Role.LEADER}),
    "manage_assessment": frozenset({Role.LEGAL_AFFAIRS}),
    "review_cases": SUPERVISORS,
    "view_disputes": ALL_HUMAN | {Role.API_CLIENT},
    "handle_disputes": frozenset({Role.OFFICER, Role.LEGAL_OFFICER, Role.STATION_CHIEF, Role.LEGAL_AFFAIRS}),
    # Disputes: the legal-affairs unit keeps the checklists and the scoring model; a station
    # chief or the branch's legal office drafts a written notice (抄告), a leader approves it.
    "configure_disputes": frozenset({Role.LEGAL_AFFAIRS}),
    "draft_dispute_notices": frozenset({Role.STATION_CHIEF, Role.LEGAL_OFFICER, Role.LEGAL_AFFAIRS}),
    "approve_notices": frozenset({Role.LEADER}),
    "feed_warnings": frozenset({Role.API_CLIENT, Role.LEGAL_AFFAIRS, Role.LEGAL_OFFICER}),
    # Published bulletins and assessments through the REST API: other systems pull them
    # with a machine account; people may read the same JSON as the pages show.
    "pull_reports": ALL_HUMAN | {Role.API_CLIENT},
}


def has_capability(user, capability: str) -> bool:
    if capability not in CAPABILITIES:
        raise KeyError(f"unknown capability {capability!r}")
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    return user.role in CAPABILITIES[capability]


def capabilities_of(user) -> frozenset[str]:
    return frozenset(name for name in CAPABILITIES if has_capability(user, name))
