"""Weekly bulletins: one per (publisher, week) whatever reruns, numbered 第 N 期 per
publisher and year with no gap and no reuse — also under concurrent generators on real
PostgreSQL — and figures frozen at the cut-off."""

from __future__ import annotations

import datetime
import threading

import pytest
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from alerts.choices import Sanction
from alerts.models import NegativeListHit, NegativeListItem, Warning
from reports import services
from reports.bulletins import bulletin_generate, bulletin_publishers
from reports.models import Bulletin, BulletinCounter
from supervision.models import JobRun

from .bulletin_data import MONDAY, at, make_item

pytestmark = pytest.mark.django_db


def test_publishers_are_the_city_and_each_branch(world):
    assert [u.code for u in bulletin_publishers()] == ["C0", "B1", "B2"]


def test_the_weekly_job_drafts_one_bulletin_per_publisher_and_a_rerun_changes_nothing(world, week_data):
    today = MONDAY + datetime.timedelta(days=7)
    run = services.weekly_bulletin_run(today=today)
    assert run.counts == {"created": 3, "existing": 0}
    assert run.period == "2026-W36"
    assert Bulletin.objects.count() == 3
    snapshot = list(Bulletin.objects.order_by("pk").values("pk", "number", "figures"))
    # The job again (same period: the JobRun says done), and the period forced again.
    assert services.weekly_bulletin_run(today=today) is None
    JobRun.objects.all().delete()
    run = services.weekly_bulletin_run(today=today)
    assert run.counts == {"created": 0, "existing": 3}
    assert list(Bulletin.objects.order_by("pk").values("pk", "number", "figures")) == snapshot


def test_numbers_run_per_publisher_and_year(world):
    numbers = []
    for weeks in range(3):
        bulletin, created = bulletin_generate(
            publisher=world.b1, monday=MONDAY + datetime.timedelta(weeks=weeks)
        )
        assert created
        numbers.append(bulletin.number)
    city, _ = bulletin_generate(publisher=world.city, monday=MONDAY)
    assert numbers == [1, 2, 3]
    assert city.number == 1
    # A new year starts a new series.
    january, _ = bulletin_generate(publisher=world.b1, monday=datetime.date(2027, 1, 4))
    assert (january.year, january.number) == (2027, 1)
    assert str(january) == "一分局 2027年第1期"


def test_management_command_with_a_date(world, capsys):
    call_command("weekly_bulletin", "--date", "2026-09-03")
    assert set(Bulletin.objects.values_list("period_start", flat=True)) == {MONDAY}
    assert "2026-W36" in capsys.readouterr().out


def test_figures_follow_the_contract(world, week_data):
    item, _ = NegativeListItem.objects.update_or_create(
        number=3, defaults={"title": "违规使用强制措施", "weight": 5}
    )
    hit = NegativeListHit.objects.create(
        item=item,
        unit=world.s1,
        chief=world.off_s1a,
        sanction=Sanction.ADMONISHMENT,
        decided_on=MONDAY + datetime.timedelta(days=2),
        description="超期羁押",
    )
    hit.officers.set([world.off_s1b])
    bulletin, _ = bulletin_generate(publisher=world.b1, monday=MONDAY)
    f = bulletin.figures
    assert bulletin.cutoff_at == at(MONDAY + datetime.timedelta(days=7), 0)
    rows = {r["unit"]: r for r in f["units"]}
    assert set(rows) == {"一分局东街派出所", "一分局南门派出所"}  # B2's station is not B1's business
    s1, s2 = rows["一分局东街派出所"], rows["一分局南门派出所"]
    assert (s1["found"], s1["rectified"], s1["on_time"], s1["overdue"], s1["repeat"]) == (3, 1, 1, 1, 1)
    assert (s2["found"], s2["rectified"], s2["on_time"], s2["overdue"]) == (0, 1, 0, 0)
    assert s1["negative_hits"] == 1
    assert s1["points"] == 3 * 1 + 1 * 2 + 1 * 2 + 5
    assert f["problems"]["this"]["found"] == 3
    assert f["problems"]["this"]["reminders"] == 1
    assert f["problems"]["on_time_rate"] == 50.0
    # Red list: best, none overdue; black list: worst with any points (S2 has none this week).
    assert f["red_list"] == [world.s2.pk]
    assert f["black_list"] == [world.s1.pk]
    assert [o["element"] for o in f["overdue"]] == ["东街超期问题"]
    assert f["overdue"][0]["officer"] == "李娜"
    [listed] = f["negative_hits"]
    assert (
        listed["officers"] == ["李娜"] and listed["chief"] == "张伟" and listed["sanction"] == "admonishment"
    )
    aspects = {a["key"]: a for a in f["aspects"]}
    # Red this week in B1: two at S1 (the repeat is yellow; S2's item was raised the week before).
    assert aspects["red_warnings"] == {"key": "red_warnings", "value": 2, "previous": 1}
    assert len(f["aspects"]) == 13


def test_the_stored_figures_do_not_change_when_data_changes_after_the_cutoff(world, week_data):
    bulletin, _ = bulletin_generate(publisher=world.b1, monday=MONDAY)
    before = bulletin.figures
    overdue = week_data["overdue"]
    Warning.objects.filter(pk=overdue.pk).update(closed_at=timezone.now(), workflow_state="closed")
    make_item(world.s2, created=at(MONDAY + datetime.timedelta(days=3)))
    again, created = bulletin_generate(publisher=world.b1, monday=MONDAY)
    assert not created
    again.refresh_from_db()
    assert again.figures == before
    # …while a fresh computation would see the change: the freeze is what keeps it.
    from reports.bulletin_figures import compute_bulletin_figures

    assert compute_bulletin_figures(world.b1, MONDAY)["problems"]["this"]["found"] == 4


def _generate_in_thread(publisher_pk, monday, results, errors, barrier):
    from supervision.models import Unit

    try:
        barrier.wait()
        bulletin, created = bulletin_generate(publisher=Unit.objects.get(pk=publisher_pk), monday=monday)
        results.append((monday, bulletin.number, created))
    except Exception as exc:  # pragma: no cover - reported by the assertion below
        errors.append(exc)
    finally:
        connection.close()


@pytest.mark.needs_postgres
@pytest.mark.django_db(transaction=True)
def test_numbering_under_concurrency_never_skips_or_reuses(transactional_world):
    world = transactional_world
    weeks = [MONDAY + datetime.timedelta(weeks=i) for i in range(6)]
    # Each week twice: twelve threads racing for six bulletins of one publisher.
    targets = weeks + weeks
    results, errors = [], []
    barrier = threading.Barrier(len(targets))
    threads = [
        threading.Thread(target=_generate_in_thread, args=(world.b1.pk, w, results, errors, barrier))
        for w in targets
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert errors == []
    assert sum(created for _m, _n, created in results) == 6
    numbers = sorted(Bulletin.objects.filter(publisher=world.b1).values_list("number", flat=True))
    assert numbers == [1, 2, 3, 4, 5, 6]
    # Both racers of a week got the same bulletin.
    by_week = {}
    for monday, number, _created in results:
        by_week.setdefault(monday, set()).add(number)
    assert all(len(n) == 1 for n in by_week.values())
    assert BulletinCounter.objects.get(publisher=world.b1, year=2026).last_number == 6
