"""The demo opens with items in every workflow state, one escalated to the summons talk,
a regression, an exemption and a webhook subscription."""

import pytest
from django.apps import apps

from alerts.models import Exemption, SummonsNotice, Warning, WebhookSubscription

pytestmark = pytest.mark.django_db


def test_demo_has_the_whole_workflow():
    from supervision.demo import seed as seed_city

    seed_city(scale="small")
    counts = apps.get_app_config("alerts").seed_demo(scale="small", stdout=None)
    assert counts["workflow_items"] >= 8
    states = set(Warning.objects.values_list("workflow_state", flat=True))
    assert {"new", "notified", "acknowledged", "submitted", "verified", "closed"} <= states
    assert Warning.objects.filter(escalation_step=3).exists() and SummonsNotice.objects.exists()
    assert Warning.objects.filter(regression_of__isnull=False).exists()
    assert Exemption.objects.filter(status="approved").exists() and WebhookSubscription.objects.exists()
