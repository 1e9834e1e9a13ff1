"""Every audit action code written anywhere in the code base has a label people can read,
and the audit list shows that label (with the code as a tooltip) and filters by it."""

from __future__ import annotations

import ast
import itertools
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib import admin
from django.utils import translation

from supervision.admin import AuditedScopedAdmin
from supervision.audit import action_choices, action_label, registered_actions
from supervision.services import audit_record

ROOT = Path(settings.BASE_DIR)
SKIP_DIRS = {".venv", "tests", "migrations", "node_modules", "bench", "static", "scripts"}
WRITERS = {"audit_record", "audit_record_many"}
ANY = object()  # a part of an f-string whose value the scanner cannot know


def _source_files():
    for path in sorted(ROOT.rglob("*.py")):
        if not SKIP_DIRS.intersection(path.relative_to(ROOT).parts):
            yield path


def _alternatives(node: ast.AST, assigned: dict[str, list[ast.AST]]) -> list[list]:
    """The possible values of an ``action=`` expression, each as a list of parts
    (strings, or ``ANY`` for a part computed at run time)."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [[node.value]]
    if isinstance(node, ast.IfExp):
        return _alternatives(node.body, assigned) + _alternatives(node.orelse, assigned)
    if isinstance(node, ast.Name) and node.id in assigned:
        return [alt for value in assigned[node.id] for alt in _alternatives(value, assigned)]
    if isinstance(node, ast.JoinedStr):
        per_part = []
        for part in node.values:
            if isinstance(part, ast.FormattedValue):
                inner = _alternatives(part.value, assigned)
                per_part.append(inner if all(ANY not in alt for alt in inner) else [[ANY]])
            else:
                per_part.append(_alternatives(part, assigned))
        return [list(itertools.chain.from_iterable(combo)) for combo in itertools.product(*per_part)]
    return [[ANY]]


def _function_assignments(func: ast.AST) -> dict[str, list[ast.AST]]:
    assigned: dict[str, list[ast.AST]] = {}
    for node in ast.walk(func):
        if isinstance(node, ast.Assign):
            for target in node.targets:
                if isinstance(target, ast.Name):
                    assigned.setdefault(target.id, []).append(node.value)
    return assigned


def used_action_codes() -> dict[str, list[str]]:
    """``{code or pattern: [file:line, ...]}`` for every audit write in the code base; a
    pattern (a regular expression) stands for a code built at run time, e.g. ``warning\\..+``."""
    found: dict[str, list[str]] = {}
    for path in _source_files():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        functions = [n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef)]
        for func in functions:
            assigned = _function_assignments(func)
            for call in ast.walk(func):
                if not isinstance(call, ast.Call):
                    continue
                name = getattr(call.func, "id", None) or getattr(call.func, "attr", None)
                if name not in WRITERS:
                    continue
                action = next((kw.value for kw in call.keywords if kw.arg == "action"), None)
                if action is None:  # the writers' own definitions pass ``action`` through
                    continue
                where = f"{path.relative_to(ROOT)}:{call.lineno}"
                for alt in _alternatives(action, assigned):
                    if ANY in alt:
                        key = "".join(".+" if p is ANY else re.escape(p) for p in alt)
                        key = "^" + key + "$"
                    else:
                        key = "".join(alt)
                    found.setdefault(key, []).append(where)
    return found


def test_the_scanner_sees_the_audit_writes():
    """Guards the guard: the scan must find the writes we know of, or it checks nothing."""
    used = used_action_codes()
    for code in ("bulletin.acknowledge", "warning.patrol", "finding.record", "exemption.refuse"):
        assert code in used
    assert "user.change" in used and "user.create" in used  # f-string with a conditional
    assert r"^warning\..+$" in used  # the workflow's moves


def test_every_action_code_used_in_the_code_is_registered():
    registered = registered_actions()
    missing = []
    for key, places in used_action_codes().items():
        if key.startswith("^"):
            pattern = re.compile(key)
            if not any(pattern.match(code) for code in registered):
                missing.append(f"{key} (no registered code matches) at {', '.join(places)}")
        elif key not in registered:
            missing.append(f"{key} at {', '.join(places)}")
    assert not missing, "Audit action codes without a label:\n" + "\n".join(missing)


def test_codes_built_at_run_time_are_all_registered():
    """The families behind the f-string patterns: workflow moves, admin edits, imports, exports."""
    from alerts.choices import WorkflowAction
    from cases import ingest

    registered = registered_actions()
    expected = {f"warning.{value}" for value in WorkflowAction.values}
    for model, model_admin in admin.site._registry.items():
        if isinstance(model_admin, AuditedScopedAdmin):
            expected |= {f"{model._meta.model_name}.{verb}" for verb in ("create", "change", "delete")}
    for spec in ingest.specs().values():
        name = spec.model._meta.model_name
        expected |= {f"{name}.update", f"{name}.export"}
    expected |= {f"ingestion.{verb}" for verb in ("upload", "preview", "commit", "reject")}
    assert sorted(expected - registered.keys()) == []


def test_every_label_is_translated():
    labels = registered_actions()
    with translation.override("en"):
        english = {code: str(label) for code, label in labels.items()}
    with translation.override("zh-hans"):
        untranslated = [code for code, label in labels.items() if str(label) == english[code]]
    assert untranslated == []


def test_unknown_codes_fall_back_to_the_code():
    assert action_label("nobody.registered_this") == "nobody.registered_this"
    with translation.override("zh-hans"):
        assert action_label("bulletin.acknowledge") == "签收通报"


def test_choices_are_sorted_by_label():
    labels = [label for _code, label in action_choices()]
    assert labels == sorted(labels)


@pytest.mark.django_db
def test_audit_list_shows_label_with_code_as_tooltip_and_filters_by_action(world, client_as):
    audit_record(actor=world.chief_s1, action="bulletin.acknowledge", target=world.s1)
    audit_record(actor=world.chief_s1, action="warning.acknowledged", target=world.s1)
    audit_record(actor=world.chief_s1, action="nobody.registered_this", target=world.s1)
    client = client_as(world.city_legal)

    with translation.override("zh-hans"):
        page = client.get("/audit/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert 'title="bulletin.acknowledge"' in page and "签收通报" in page
    assert "nobody.registered_this" in page  # unknown codes stay visible
    # The filter offers the labels, and nothing is chosen until the user chooses.
    assert '<option value="bulletin.acknowledge">签收通报</option>' in page
    assert '<option value="" selected>---------</option>' in page

    page = client.get("/audit/?action=bulletin.acknowledge").content.decode()
    assert 'title="bulletin.acknowledge"' in page
    assert 'title="warning.acknowledged"' not in page

    # A code nobody registered is still accepted (a link from elsewhere), never a 500.
    response = client.get("/audit/?action=nobody.registered_this")
    assert response.status_code == 200
    assert 'title="nobody.registered_this"' in response.content.decode()
    assert 'title="bulletin.acknowledge"' not in response.content.decode()


@pytest.mark.django_db
def test_audit_api_carries_the_label(world, api_as):
    audit_record(actor=world.chief_s1, action="bulletin.acknowledge", target=world.s1)
    rows = api_as(world.city_legal).get("/api/v1/audit-events/?action=bulletin.acknowledge").json()["results"]
    assert rows and all(row["action"] == "bulletin.acknowledge" and row["action_label"] for row in rows)
