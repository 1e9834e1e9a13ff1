"""The demo city has disputes of every colour in every state, and notices in every state."""

import pytest

from disputes.choices import DisputeStatus, NoticeStatus, RiskColour
from disputes.models import Dispute, DisputeLink, DisputeNotice, DisputeParty

pytestmark = pytest.mark.django_db


def test_demo_seed_covers_every_colour_in_every_state():
    from django.apps import apps

    from supervision.demo import seed as seed_city

    seed_city(scale="small")
    apps.get_app_config("disputes").seed_demo(scale="small", stdout=None)
    live = Dispute.objects.filter(historical=False)
    for status in (DisputeStatus.IN_PROGRESS, DisputeStatus.RESOLVED, DisputeStatus.CLOSED):
        colours = set(live.filter(status=status).values_list("colour", flat=True))
        assert colours == set(RiskColour.values), status
    # New disputes carry only a proposal until they are assessed.
    assert set(live.filter(status=DisputeStatus.NEW).values_list("proposed_colour", flat=True)) == set(
        RiskColour.values
    )
    assert set(DisputeNotice.objects.values_list("status", flat=True)) == set(NoticeStatus.values)
    assert DisputeParty.objects.filter(is_released_prisoner=True).exists()
    assert DisputeLink.objects.exists()
    # The demo officer's station has today's calls to assess.
    assert live.filter(status=DisputeStatus.NEW, unit__code="350102510000").count() >= 3
