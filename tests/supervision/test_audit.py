import pytest
from django.db import connection, transaction
from django.db.utils import DatabaseError

from supervision.audit import audit_context, diff, snapshot
from supervision.choices import AuditSource
from supervision.models import AuditEvent
from supervision.services import audit_record


def test_audit_record_captures_who_what_changes_and_where(world):
    before = snapshot(world.s1)
    world.s1.short_name = "东街所"
    with audit_context(source=AuditSource.UI, remote_addr="10.1.2.3"):
        event = audit_record(
            actor=world.city_legal,
            action="unit.change",
            target=world.s1,
            changes=diff(before, snapshot(world.s1)),
        )
    event.refresh_from_db()
    assert event.actor == world.city_legal
    assert event.actor_name == "city_legal"
    assert event.source == "ui"
    assert event.remote_addr == "10.1.2.3"
    assert event.unit_id == world.s1.pk
    assert event.target_type == "supervision.unit"
    assert event.changes == {"short_name": ["", "东街所"]}


def test_model_refuses_to_change_or_delete_an_event(world):
    event = audit_record(actor=world.chief_s1, action="x.y", target=world.s1)
    event.note = "tampered"
    with pytest.raises(TypeError):
        event.save()
    with pytest.raises(TypeError):
        event.delete()
    with pytest.raises(TypeError):
        AuditEvent.objects.filter(pk=event.pk).update(note="tampered")


@pytest.mark.needs_postgres
def test_database_rejects_update_and_delete(world):
    """Append-only is enforced by PostgreSQL itself, not only by the ORM."""
    event = audit_record(actor=world.chief_s1, action="x.y", target=world.s1)
    for statement in (
        "UPDATE supervision_auditevent SET note = 'tampered' WHERE id = %s",
        "DELETE FROM supervision_auditevent WHERE id = %s",
    ):
        with (
            pytest.raises(DatabaseError, match="append-only"),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute(statement, [event.pk])
    assert AuditEvent.objects.get(pk=event.pk).note == ""


def test_admin_changes_are_audited(world, client, django_user_model):
    admin = django_user_model.objects.create_superuser("root", password="x" * 12, unit=world.city)
    client.force_login(admin, backend="django.contrib.auth.backends.ModelBackend")
    response = client.post(
        f"/admin/supervision/officer/{world.off_s1b.pk}/change/",
        {"badge_no": "S1002", "name": "李娜娜", "unit": world.s1.pk, "is_active": "on"},
    )
    assert response.status_code == 302
    event = AuditEvent.objects.get(action="officer.change")
    assert event.source == "admin"
    assert event.changes["name"] == ["李娜", "李娜娜"]
    assert event.actor == admin
