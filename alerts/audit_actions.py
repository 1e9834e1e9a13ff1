"""Labels of the audit actions of the warnings app: patrol, workflow, findings, exemptions."""

from __future__ import annotations

from django.utils.text import capfirst
from django.utils.translation import pgettext_lazy

from supervision.audit import entity_action_label


def actions() -> dict:
    from .choices import WorkflowAction
    from .models import Warning

    labels = {
        "patrol.start": pgettext_lazy("audit action", "Patrol started by hand"),
        "warning.patrol": pgettext_lazy("audit action", "Warnings raised or updated by the patrol"),
        "warning.sync": pgettext_lazy("audit action", "Warnings brought in line with the patrol"),
        "warning.route": pgettext_lazy("audit action", "Finding routed to a department"),
        "risk_point.update": pgettext_lazy("audit action", "Risk point settings changed"),
        "rectification_policy.update": pgettext_lazy("audit action", "Rectification deadlines changed"),
        "calendar.seed": pgettext_lazy("audit action", "Holiday calendar loaded"),
        "calendar.import": pgettext_lazy("audit action", "Holiday calendar imported"),
        "finding.record": pgettext_lazy("audit action", "Finding recorded"),
        "spot_check.draw": pgettext_lazy("audit action", "Spot-check sample drawn"),
        "spot_check.review": pgettext_lazy("audit action", "Spot-checked case reviewed"),
        "petition.record": pgettext_lazy("audit action", "Petition back-check recorded"),
        "petition.conclude": pgettext_lazy("audit action", "Petition back-check concluded"),
        "exemption.request": pgettext_lazy("audit action", "Exemption requested"),
        "exemption.approve": pgettext_lazy("audit action", "Exemption approved"),
        "exemption.refuse": pgettext_lazy("audit action", "Exemption refused"),
        "exemption.end": pgettext_lazy("audit action", "Exemption ended"),
        "negative_list.item_create": pgettext_lazy("audit action", "Negative-list item added"),
        "negative_list.item_change": pgettext_lazy("audit action", "Negative-list item changed"),
        "negative_list.hit_record": pgettext_lazy("audit action", "Negative-list hit recorded"),
        "summons.sign": pgettext_lazy("audit action", "Summons talk or written notice signed"),
        "webhook.disable": pgettext_lazy("audit action", "Webhook switched off"),
        "webhook.create": pgettext_lazy("audit action", "Webhook subscription created"),
        "webhook.update": pgettext_lazy("audit action", "Webhook subscription changed"),
        "webhook.enable": pgettext_lazy("audit action", "Webhook switched back on"),
        "webhook.ping": pgettext_lazy("audit action", "Webhook test ping sent"),
    }
    # The workflow writes ``warning.<move>`` for every move (alerts.workflow.record).
    entity = capfirst(Warning._meta.verbose_name)
    for move in WorkflowAction:
        labels[f"warning.{move.value}"] = entity_action_label(entity, move.label)
    return labels
