"""The ingestion engine: one validated, set-based upsert per element type.

A batch is a list of records in the source system's terms: elements are named by their
``external_id``, units by ``Unit.code``, officers by ``Officer.badge_no`` and venues by
``Venue.code``. The engine works in two steps so that the file import previews with the
very code the REST API commits with:

``prepare`` checks every record, resolves every reference with one query per referenced
table, and compares each record with what is stored (create / update / unchanged /
older). It writes nothing. ``apply`` writes a clean plan: bulk inserts, one set-based
UPDATE per chunk of changed rows, one audit event per changed record with each field's
before and after, and the derived ``Case.last_activity_at``.

A record is the element's whole current state in the source: a field left out takes
its default (empty, no, none), exactly as a new record would.

The specs are derived from the models, so a field added to a model is ingestible (and
appears in the file templates and the API schema) without touching this module.
"""

from __future__ import annotations

import datetime
import decimal
import enum
import re
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db import connection, models
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from supervision.models import Officer, Unit
from supervision.querysets import scope_path

from . import models as m
from .choices import INVESTIGATIVE_EVENT_KINDS

MAX_BATCH = getattr(settings, "INGEST_MAX_BATCH", 10_000)
# Errors kept on an ingestion (and returned by the API); all of them are counted.
MAX_ERRORS_KEPT = 2_000
_TZ = datetime.timezone(datetime.timedelta(hours=8))  # Asia/Shanghai has no DST


class Invalid(Exception):
    """A value that cannot be taken; the message is shown to the person who sent it."""


# --------------------------------------------------------------------------------------
# Specs


@dataclass(frozen=True)
class Ref:
    """How a reference names its target in the source system."""

    model: type[models.Model]
    key: str
    is_element: bool  # elements must be visible to the sender; units and officers are checked apart


@dataclass
class FieldSpec:
    name: str  # the key in a record, e.g. "unit", "accepted_at"
    attname: str  # the model attribute, e.g. "unit_id"
    model_field: models.Field | None
    kind: str  # str, choice, bool, int, decimal, datetime, date, ref, officers
    required: bool
    default: Any = None
    ref: Ref | None = None
    accepted: dict[str, str] | None = None  # for choices: accepted input (code or label) → code
    convert: Callable[[Any], Any] | None = None

    @property
    def label(self) -> str:
        if self.kind == "officers":
            return _("handling officers")
        return str(self.model_field.verbose_name)

    @property
    def hint(self) -> str:
        """How to write a value, for templates and documentation."""
        if self.ref is not None:
            if self.ref.model is Unit:
                return _("unit code")
            if self.ref.model is m.Venue:
                return _("venue code")
            if self.ref.model is Officer:
                return _("badge number")
            return _("source id")
        return {
            "officers": _("badge numbers separated by commas; the first is the lead"),
            "datetime": _("date and time, e.g. 2026-03-01 10:00"),
            "date": _("date, e.g. 2026-03-01"),
            "bool": _("yes or no (是/否)"),
            "int": _("whole number"),
            "decimal": pgettext("data type", "number"),
            "choice": _("one of the listed values"),
        }.get(self.kind, "")


@dataclass
class ElementSpec:
    code: str  # stored on Ingestion.element_type
    slug: str  # in URLs: /api/v1/ingest/<slug>/
    model: type[models.Model]
    key: str
    fields: list[FieldSpec]
    one_of: tuple[str, ...] = ()
    example: dict = field(default_factory=dict)
    repr_field: str = "external_id"
    derive: Callable[[dict], None] | None = None
    check: Callable[[dict, dict], list[tuple[str, str]]] | None = None  # (raw, values) → [(field, message)]

    def __post_init__(self):
        self.by_name = {f.name: f for f in self.fields}
        self.by_attname = {f.attname: f for f in self.fields}
        self.names = frozenset(self.by_name)
        self.versioned = issubclass(self.model, m.Element)
        self.compare = [f.attname for f in self.fields if f.kind != "officers" and f.name != self.key]
        self.has_officers = "officers" in self.by_name

    @property
    def label(self) -> str:
        return str(self.model._meta.verbose_name_plural)


def _choices_accepted(choices) -> dict[str, str]:
    """Codes, plus the Chinese and English labels (people type labels into files)."""
    accepted: dict[str, str] = {}
    for language in ("en", "zh-hans"):
        with translation.override(language):
            for code, label in choices:
                accepted.setdefault(str(label).strip(), code)
    for code, _label in choices:
        accepted[code] = code
    return accepted


def _conv_str(max_length: int | None):
    def convert(value):
        if isinstance(value, float) and value.is_integer():
            value = int(value)  # a number typed into a spreadsheet text column
        if isinstance(value, datetime.datetime | datetime.date):
            raise Invalid(_("Expected text, got a date."))
        if isinstance(value, bool | dict | list):
            raise Invalid(_("Expected text."))
        text = str(value).strip()
        if max_length is not None and len(text) > max_length:
            raise Invalid(
                _("At most %(max)s characters (this one has %(length)s).")
                % {"max": max_length, "length": len(text)}
            )
        return text

    return convert


def _conv_choice(accepted: dict[str, str], choices: list[tuple[str, Any]]):
    def allowed() -> str:
        # In the reader's language, with the code the API uses: 刑事（criminal）、行政（administrative）…
        return "、".join(f"{label}（{code}）" for code, label in choices)

    def convert(value):
        if not isinstance(value, str):
            raise Invalid(_("Expected one of: %(values)s.") % {"values": allowed()})
        code = accepted.get(value.strip())
        if code is None:
            raise Invalid(_("“%(value)s” is not one of: %(values)s.") % {"value": value, "values": allowed()})
        return code

    return convert


_TRUE = frozenset({"true", "1", "yes", "y", "是", "有", "√", "✓", "t"})
_FALSE = frozenset({"false", "0", "no", "n", "否", "无", "×", "f"})


def _conv_bool(value):
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float) and value in (0, 1):
        return bool(value)
    if isinstance(value, str):
        text = value.strip().lower()
        if text in _TRUE:
            return True
        if text in _FALSE:
            return False
    raise Invalid(_("Expected yes or no (true/false, 1/0, 是/否)."))


def _conv_int(value):
    if isinstance(value, bool):
        raise Invalid(_("Expected a whole number of at least 0."))
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, str) and value.strip().isdigit():
        value = int(value.strip())
    if not isinstance(value, int) or value < 0 or value > 2_147_483_647:
        raise Invalid(_("Expected a whole number of at least 0."))
    return value


def _conv_decimal(max_digits: int, places: int):
    quantum = decimal.Decimal(1).scaleb(-places)

    def convert(value):
        if isinstance(value, bool):
            raise Invalid(_("Expected a number."))
        try:
            number = decimal.Decimal(str(value).strip().replace(",", ""))
        except decimal.InvalidOperation:
            raise Invalid(_("Expected a number.")) from None
        if not number.is_finite():
            raise Invalid(_("Expected a number."))
        number = number.quantize(quantum, rounding=decimal.ROUND_HALF_UP)
        if len(number.as_tuple().digits) > max_digits:
            raise Invalid(
                _("At most %(digits)s digits, %(places)s of them after the point.")
                % {"digits": max_digits, "places": places}
            )
        return number

    return convert


def _aware(value: datetime.datetime) -> datetime.datetime:
    # The source system writes local (Asia/Shanghai) times when it gives no offset.
    return value.replace(tzinfo=_TZ) if value.tzinfo is None else value


def _conv_datetime(value):
    if isinstance(value, datetime.datetime):
        return _aware(value)
    if isinstance(value, datetime.date):
        return datetime.datetime(value.year, value.month, value.day, tzinfo=_TZ)
    if isinstance(value, str):
        text = value.strip().replace("/", "-")
        if text.endswith(("Z", "z")):
            text = text[:-1] + "+00:00"
        try:
            return _aware(datetime.datetime.fromisoformat(text))
        except ValueError:
            pass
    raise Invalid(_("Expected a date and time such as 2026-03-01 10:00 or 2026-03-01T10:00:00+08:00."))


def _conv_date(value):
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, str):
        text = value.strip().replace("/", "-")
        try:
            return datetime.date.fromisoformat(text[:10]) if len(text) >= 10 else None
        except ValueError:
            pass
    raise Invalid(_("Expected a date such as 2026-03-01."))


_SPLIT = re.compile(r"[,，、;；\s]+")


def _conv_officers(value):
    if isinstance(value, str):
        badges = [b for b in _SPLIT.split(value.strip()) if b]
    elif isinstance(value, list | tuple) and all(isinstance(b, str | int) for b in value):
        badges = [str(b).strip() for b in value if str(b).strip()]
    else:
        raise Invalid(_("Expected a list of badge numbers."))
    if len(set(badges)) != len(badges):
        raise Invalid(_("An officer is listed twice."))
    if len(badges) < 2:
        raise Invalid(_("A case needs at least two handling officers."))
    return badges


def _ref_for(model_field: models.ForeignKey) -> Ref:
    target = model_field.related_model
    if target is Unit:
        return Ref(Unit, "code", is_element=False)
    if target is Officer:
        return Ref(Officer, "badge_no", is_element=False)
    if target is m.Venue:
        return Ref(m.Venue, "code", is_element=False)
    return Ref(target, "external_id", is_element=True)


_SKIP = frozenset({"id", "created_at", "updated_at"})


def _field_specs(model, *, exclude: Iterable[str] = (), officers: bool = False) -> list[FieldSpec]:
    specs = []
    for f in model._meta.concrete_fields:
        if f.name in _SKIP or f.name in exclude:
            continue
        required = not f.null and not f.blank and not f.has_default()
        default = f.get_default() if f.has_default() else (None if f.null else "")
        if isinstance(default, enum.Enum):
            default = default.value  # plain values: they go straight to the database driver
        if f.is_relation:
            spec = FieldSpec(f.name, f.attname, f, "ref", required, None, ref=_ref_for(f))
        elif f.choices:
            accepted = _choices_accepted(f.choices)
            spec = FieldSpec(f.name, f.attname, f, "choice", required, default, accepted=accepted)
            spec.convert = _conv_choice(accepted, [(c, label) for c, label in f.choices if c])
        elif isinstance(f, models.BooleanField):
            spec = FieldSpec(f.name, f.attname, f, "bool", required, default, convert=_conv_bool)
        elif isinstance(f, models.DateTimeField):
            spec = FieldSpec(f.name, f.attname, f, "datetime", required, default, convert=_conv_datetime)
        elif isinstance(f, models.DateField):
            spec = FieldSpec(f.name, f.attname, f, "date", required, default, convert=_conv_date)
        elif isinstance(f, models.DecimalField):
            spec = FieldSpec(
                f.name,
                f.attname,
                f,
                "decimal",
                required,
                default,
                convert=_conv_decimal(f.max_digits, f.decimal_places),
            )
        elif isinstance(f, models.IntegerField):
            spec = FieldSpec(f.name, f.attname, f, "int", required, default, convert=_conv_int)
        else:
            spec = FieldSpec(f.name, f.attname, f, "str", required, default, convert=_conv_str(f.max_length))
        specs.append(spec)
    if officers:
        # Right after the unit: a case's handling officers, by badge number, lead first.
        position = next(i for i, s in enumerate(specs) if s.name == "unit") + 1
        specs.insert(
            position,
            FieldSpec("officers", "officers", None, "officers", True, None, convert=_conv_officers),
        )
    return specs


# --- per-type rules the models cannot say -----------------------------------------------

_ID_NUMBER = re.compile(r"^(\d{17}[\dX]|\d{15})$")


def _normalise_person(values: dict) -> None:
    if values.get("id_number"):
        values["id_number"] = values["id_number"].upper()


def _check_person(raw: dict, values: dict) -> list[tuple[str, str]]:
    number = values.get("id_number")
    if number and not values.get("is_foreign") and not _ID_NUMBER.match(number):
        return [("id_number", _("Not a valid ID number: 18 digits (the last may be X) or 15 digits."))]
    return []


def _derive_property(values: dict) -> None:
    # "Finally disposed" is the first time the item left police hands; when the source
    # gives only the return, confiscation or destruction date, that date is it.
    if values.get("disposed_at") is None:
        dates = [values.get(n) for n in ("returned_at", "confiscated_at", "destroyed_at")]
        dates = [d for d in dates if d is not None]
        values["disposed_at"] = min(dates) if dates else None


def _build_specs() -> dict[str, ElementSpec]:
    from .examples import EXAMPLES as examples

    table = [
        ("incident", "incidents", m.Incident, {"repr_field": "number"}),
        (
            "case",
            "cases",
            m.Case,
            {"repr_field": "number", "exclude": ("last_activity_at",), "officers": True},
        ),
        ("case_event", "case-events", m.CaseEvent, {}),
        (
            "person",
            "persons",
            m.Person,
            # Neither case nor incident is allowed: key-person registers (刑释、吸毒、精神障碍)
            # send people the dispute checks match parties against.
            {"repr_field": "name", "derive": _normalise_person, "check": _check_person},
        ),
        ("measure", "measures", m.CoerciveMeasure, {}),
        ("limit_change", "limit-changes", m.LimitChange, {"one_of": ("case", "measure", "property")}),
        ("property", "property", m.Property, {"repr_field": "name", "derive": _derive_property}),
        ("property_move", "property-movements", m.PropertyMovement, {}),
        ("venue", "venues", m.Venue, {"key": "code", "repr_field": "name"}),
        ("venue_visit", "venue-visits", m.VenueVisit, {}),
        ("venue_move", "venue-movements", m.VenueMovement, {}),
        ("session", "sessions", m.QuestioningSession, {}),
        ("case_file", "case-files", m.CaseFile, {}),
        (
            "document",
            "documents",
            m.LegalDocument,
            {
                "repr_field": "number",
                "one_of": ("case", "incident", "person", "measure", "property", "session"),
            },
        ),
    ]
    specs = {}
    for code, slug, model, options in table:
        fields = _field_specs(
            model, exclude=options.get("exclude", ()), officers=options.get("officers", False)
        )
        specs[slug] = ElementSpec(
            code=code,
            slug=slug,
            model=model,
            key=options.get("key", "external_id"),
            fields=fields,
            one_of=options.get("one_of", ()),
            example=examples[slug],
            repr_field=options.get("repr_field", "external_id"),
            derive=options.get("derive"),
            check=options.get("check"),
        )
    return specs


_SPECS: dict[str, ElementSpec] | None = None


def specs() -> dict[str, ElementSpec]:
    """Every ingestible element type by URL slug, in dependency order (build lazily:
    the labels need the translation machinery)."""
    global _SPECS
    if _SPECS is None:
        _SPECS = _build_specs()
    return _SPECS


def spec_for(slug_or_code: str) -> ElementSpec | None:
    all_specs = specs()
    if slug_or_code in all_specs:
        return all_specs[slug_or_code]
    return next((s for s in all_specs.values() if s.code == slug_or_code), None)


# --------------------------------------------------------------------------------------
# Prepare: check and classify, write nothing


@dataclass
class Update:
    pk: int
    key: str
    values: dict
    changes: dict  # attname → [before, after]
    unit_id: int | None


@dataclass
class Plan:
    spec: ElementSpec
    received: int = 0
    errors: list[dict] = field(default_factory=list)
    error_count: int = 0
    bad_records: set[int] = field(default_factory=set)
    creates: list[dict] = field(default_factory=list)
    updates: list[Update] = field(default_factory=list)
    unchanged: int = 0
    older: int = 0
    officer_sets: dict[str, list[int]] = field(default_factory=dict)  # key → officer ids, lead first
    labels: dict[tuple[str, int], str] = field(default_factory=dict)  # (ref field, pk) → source key
    touched_cases: set[int] = field(default_factory=set)

    @property
    def ok(self) -> bool:
        return self.error_count == 0

    def error(self, index: int | None, external_id: str, field_name: str, message: str) -> None:
        self.error_count += 1
        if index is not None:
            self.bad_records.add(index)
        if len(self.errors) < MAX_ERRORS_KEPT:
            self.errors.append(
                {"index": index, "external_id": external_id or "", "field": field_name, "message": message}
            )

    def counts(self) -> dict:
        return {
            "received": self.received,
            "created": len(self.creates),
            "updated": len(self.updates),
            "unchanged": self.unchanged,
            "older": self.older,
            "rejected": len(self.bad_records),
        }


def _in_chunks(items: list, size: int | None = None):
    size = size or (900 if connection.vendor == "sqlite" else 10_000)
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _visible_unit_ids(actor) -> set[int] | None:
    """None = every unit (the city scope, superusers and the system itself)."""
    if actor is None:
        return None
    path = scope_path(actor)
    if path == "":
        return None
    if path is None:
        return set()
    return set(Unit.objects.filter(path__startswith=path).values_list("pk", flat=True))


def _resolve(ref: Ref, keys: set[str]) -> dict[str, tuple[int, int | None]]:
    """Source key → (pk, owning unit id), one query per chunk of keys."""
    found: dict[str, tuple[int, int | None]] = {}
    unit_field = None if ref.model in (Unit,) else "unit_id"
    columns = [ref.key, "pk"] + ([unit_field] if unit_field else [])
    for chunk in _in_chunks(sorted(keys)):
        for row in ref.model._default_manager.filter(**{f"{ref.key}__in": chunk}).values_list(*columns):
            found[row[0]] = (row[1], row[2] if unit_field else row[1])
    return found


def prepare(
    spec: ElementSpec,
    records: list,
    *,
    actor=None,
    progress: Callable[[int], None] | None = None,
) -> Plan:
    """Check ``records`` and compare them with what is stored. Writes nothing."""
    plan = Plan(spec=spec, received=len(records))
    key_name = spec.key
    rows: list[tuple[int, str, dict]] = []  # index, key, values
    first_seen: dict[str, int] = {}

    for index, record in enumerate(records):
        if progress is not None and index and index % 2000 == 0:
            progress(index)
        if not isinstance(record, dict):
            plan.error(index, "", "", _("Each record must be an object of field names and values."))
            continue
        raw_key = record.get(key_name)
        key = str(raw_key).strip() if raw_key not in (None, "") else ""
        for unknown in sorted(record.keys() - spec.names, key=str):
            plan.error(index, key, str(unknown), _("Unknown field: not part of this element type."))
        values: dict = {}
        for f in spec.fields:
            raw = record.get(f.name)
            if raw is None or (isinstance(raw, str) and not raw.strip()) or raw == []:
                if f.required:
                    plan.error(index, key, f.name, _("Required, but empty or missing."))
                values[f.attname] = None if f.kind in ("ref", "officers") else f.default
                continue
            if f.kind == "ref":
                if isinstance(raw, float) and raw.is_integer():
                    raw = int(raw)  # a numeric code typed into a spreadsheet
                if not isinstance(raw, str | int) or isinstance(raw, bool):
                    plan.error(
                        index, key, f.name, _("Expected the referenced element's %(key)s.") % {"key": f.hint}
                    )
                    values[f.attname] = None
                else:
                    values[f.attname] = str(raw).strip()
                continue
            try:
                values[f.attname] = f.convert(raw)
            except Invalid as exc:
                plan.error(index, key, f.name, str(exc))
                values[f.attname] = None
        if spec.one_of and all(values.get(spec.by_name[n].attname) is None for n in spec.one_of):
            names = ", ".join(spec.one_of)
            plan.error(index, key, spec.one_of[0], _("Give at least one of: %(fields)s.") % {"fields": names})
        if spec.derive is not None:
            spec.derive(values)
        if spec.check is not None:
            for field_name, message in spec.check(record, values):
                plan.error(index, key, field_name, message)
        if key:
            if key in first_seen:
                plan.error(
                    index,
                    key,
                    key_name,
                    _("The same source id appears twice in this batch (first as record %(index)s).")
                    % {"index": first_seen[key]},
                )
                continue
            first_seen[key] = index
            rows.append((index, key, values))

    _resolve_references(plan, rows, actor)
    if progress is not None:
        progress(len(records))
    if plan.ok:
        _classify(plan, rows, actor)
    return plan


def _resolve_references(plan: Plan, rows: list[tuple[int, str, dict]], actor) -> None:
    spec = plan.spec
    visible = _visible_unit_ids(actor)
    for f in spec.fields:
        if f.kind == "ref":
            keys = {values[f.attname] for _i, _k, values in rows if values[f.attname] is not None}
            if not keys:
                continue
            found = _resolve(f.ref, keys)
            for index, key, values in rows:
                wanted = values[f.attname]
                if wanted is None:
                    continue
                hit = found.get(wanted)
                if f.ref.model is Unit:
                    if hit is None:
                        plan.error(
                            index, key, f.name, _("Unknown unit code “%(value)s”.") % {"value": wanted}
                        )
                    elif visible is not None and hit[0] not in visible:
                        plan.error(
                            index,
                            key,
                            f.name,
                            _("Unit “%(value)s” is outside your scope: you may only send your units' data.")
                            % {"value": wanted},
                        )
                        hit = None
                elif hit is None or (f.ref.is_element and visible is not None and hit[1] not in visible):
                    plan.error(
                        index,
                        key,
                        f.name,
                        _("Unknown %(what)s “%(value)s” (not in the platform, or outside your scope).")
                        % {"what": f.label, "value": wanted},
                    )
                    hit = None
                values[f.attname] = hit[0] if hit else None
                if hit:
                    plan.labels[(f.name, hit[0])] = wanted
        elif f.kind == "officers":
            badges = {b for _i, _k, values in rows for b in (values["officers"] or ())}
            found = _resolve(Ref(Officer, "badge_no", False), badges) if badges else {}
            for index, key, values in rows:
                resolved = []
                for badge in values["officers"] or ():
                    if badge not in found:
                        plan.error(
                            index,
                            key,
                            "officers",
                            _("Unknown officer badge number “%(value)s”.") % {"value": badge},
                        )
                    else:
                        resolved.append(found[badge][0])
                        plan.labels[("officers", found[badge][0])] = badge
                values["officers"] = resolved


def _classify(plan: Plan, rows: list[tuple[int, str, dict]], actor) -> None:
    spec = plan.spec
    model = spec.model
    visible = _visible_unit_ids(actor)
    existing: dict[str, dict] = {}
    columns = ["pk", spec.key, "unit_id", *[c for c in spec.compare if c != "unit_id"]]
    keys = [key for _i, key, _v in rows]
    for chunk in _in_chunks(keys):
        for row in model._default_manager.filter(**{f"{spec.key}__in": chunk}).values(*columns):
            existing[row[spec.key]] = row
    officers_before: dict[int, list[int]] = {}
    if spec.has_officers and existing:
        pks = [row["pk"] for row in existing.values()]
        for chunk in _in_chunks(pks):
            links = (
                m.CaseOfficer.objects.filter(case_id__in=chunk)
                .order_by("case_id", "-is_lead", "pk")
                .values_list("case_id", "officer_id")
            )
            for case_id, officer_id in links:
                officers_before.setdefault(case_id, []).append(officer_id)

    one_to_one = [f for f in spec.fields if isinstance(f.model_field, models.OneToOneField)]
    for f in one_to_one:
        _check_one_to_one(plan, f, rows, existing)
    if not plan.ok:
        return

    for index, key, values in rows:
        officers = values.pop("officers", None)
        old = existing.get(key)
        if old is None:
            plan.creates.append({spec.key: key, **values})
            if officers is not None:
                plan.officer_sets[key] = officers
            continue
        if visible is not None and old["unit_id"] not in visible:
            plan.error(
                index,
                key,
                spec.key,
                _("This source id is already held for a unit outside your scope."),
            )
            continue
        if spec.versioned:
            new_version, old_version = values.get("source_updated_at"), old.get("source_updated_at")
            if new_version is not None and old_version is not None and new_version < old_version:
                plan.older += 1
                continue
        changes = {name: [old[name], values[name]] for name in spec.compare if old[name] != values[name]}
        if officers is not None:
            before = officers_before.get(old["pk"], [])
            if before[:1] != officers[:1] or set(before) != set(officers):
                changes["officers"] = [before, officers]
                plan.officer_sets[key] = officers
        if changes:
            plan.updates.append(
                Update(old["pk"], key, values, changes, values.get("unit_id") or old["unit_id"])
            )
        else:
            plan.unchanged += 1


def _check_one_to_one(plan: Plan, f: FieldSpec, rows, existing) -> None:
    """A one-to-one reference (a case has one file): no two records, and no stored
    element under another source id, may claim the same target."""
    claimed: dict[int, str] = {}
    for index, key, values in rows:
        target = values.get(f.attname)
        if target is None:
            continue
        if target in claimed:
            plan.error(
                index,
                key,
                f.name,
                _("Another record in this batch (%(other)s) is already for this %(what)s.")
                % {"other": claimed[target], "what": f.label},
            )
        claimed[target] = key
    if not claimed:
        return
    holders = {}
    for chunk in _in_chunks(list(claimed)):
        holders.update(
            plan.spec.model._default_manager.filter(**{f"{f.attname}__in": chunk}).values_list(
                f.attname, plan.spec.key
            )
        )
    for index, key, values in rows:
        holder = holders.get(values.get(f.attname))
        if holder is not None and holder != key:
            plan.error(
                index,
                key,
                f.name,
                _("This %(what)s already has one, with source id %(other)s.")
                % {"what": f.label, "other": holder},
            )


# --------------------------------------------------------------------------------------
# Apply: write a clean plan


class AuditTarget:
    """What the audit trail needs of an element, without loading it (and its
    ``__str__``'s related rows) for each of thousands of records."""

    def __init__(self, model, pk: int, unit_id: int | None, text: str):
        self._meta = model._meta
        self.pk = pk
        self.unit_id = unit_id
        self._text = text

    def __str__(self) -> str:
        return self._text


def apply(plan: Plan, *, actor=None, note: str = "") -> dict:
    """Write ``plan`` (which must be clean). Call inside a transaction."""
    from supervision.services import audit_record_many

    assert plan.ok, "apply() needs a plan without errors"
    spec = plan.spec
    model = spec.model
    now = timezone.now()
    stamp = {"created_at": now, "updated_at": now} if spec.versioned else {}

    value_columns = [spec.key, *spec.compare]
    stamp_values = list(stamp.values())
    created_pks = _insert_rows(
        model,
        spec.key,
        value_columns + list(stamp),
        [[values[c] for c in value_columns] + stamp_values for values in plan.creates],
    )

    columns = list(spec.compare) + (["updated_at"] if spec.versioned else [])
    tail = [now] if spec.versioned else []
    _update_rows(model, columns, [(u.pk, [u.values[c] for c in spec.compare] + tail) for u in plan.updates])

    if spec.has_officers and plan.officer_sets:
        pk_of = {**created_pks, **{u.key: u.pk for u in plan.updates}}
        case_ids = [pk_of[key] for key in plan.officer_sets]
        for chunk in _in_chunks(case_ids):
            m.CaseOfficer.objects.filter(case_id__in=chunk).delete()
        _insert_rows(
            m.CaseOfficer,
            None,
            ["case_id", "officer_id", "is_lead"],
            [
                [pk_of[key], officer_id, position == 0]
                for key, officers in plan.officer_sets.items()
                for position, officer_id in enumerate(officers)
            ],
        )

    if plan.updates:
        _label_changes(plan)
        audit_record_many(
            actor=actor,
            action=f"{model._meta.model_name}.update",
            items=(
                (AuditTarget(model, u.pk, u.unit_id, _repr(spec, u.values)), _jsonable_changes(u.changes))
                for u in plan.updates
            ),
            note=note,
        )

    if spec.code in ("case_event", "session", "measure"):
        case_ids = {v.get("case_id") for v in plan.creates} | {u.values.get("case_id") for u in plan.updates}
        case_ids |= {u.changes["case_id"][0] for u in plan.updates if "case_id" in u.changes}
        case_ids.discard(None)
        plan.touched_cases = case_ids
        case_last_activity_refresh(case_ids, now=now)
    return plan.counts()


def _repr(spec: ElementSpec, values: dict) -> str:
    text = values.get(spec.repr_field) or values.get(spec.key) or ""
    return f"{spec.model._meta.verbose_name} {text}".strip()


def _label_changes(plan: Plan) -> None:
    """Name fields as the API does and references by their source keys (not internal
    ids) in the audit trail: one query per referenced table for keys not yet known."""
    spec = plan.spec
    missing: dict[str, set[int]] = defaultdict(set)
    for update in plan.updates:
        for attname, (before, after) in update.changes.items():
            f = spec.by_attname[attname]
            if f.kind == "officers":
                values = [*before, *after]
            elif f.kind == "ref":
                values = [before, after]
            else:
                continue
            missing[f.name].update(v for v in values if v is not None and (f.name, v) not in plan.labels)
    for name, pks in missing.items():
        if not pks:
            continue
        ref = spec.by_name[name].ref or Ref(Officer, "badge_no", False)
        for pk, key in ref.model._default_manager.filter(pk__in=pks).values_list("pk", ref.key):
            plan.labels[(name, pk)] = key

    def label(name, value):
        return plan.labels.get((name, value), value)

    for update in plan.updates:
        renamed = {}
        for attname, (before, after) in update.changes.items():
            f = spec.by_attname[attname]
            if f.kind == "officers":
                renamed[f.name] = [[label(f.name, v) for v in before], [label(f.name, v) for v in after]]
            elif f.kind == "ref":
                renamed[f.name] = [label(f.name, before), label(f.name, after)]
            else:
                renamed[f.name] = [before, after]
        update.changes = renamed


def _jsonable_changes(changes: dict) -> dict:
    def convert(value):
        if isinstance(value, datetime.datetime):
            return timezone.localtime(value).isoformat()
        if isinstance(value, datetime.date):
            return value.isoformat()
        if isinstance(value, decimal.Decimal):
            return str(value)
        if isinstance(value, list):
            return [convert(v) for v in value]
        return value

    return {name: [convert(before), convert(after)] for name, (before, after) in changes.items()}


_PG_ARRAY_TYPES = {
    "CharField": "text",
    "TextField": "text",
    "BooleanField": "boolean",
    "DateTimeField": "timestamptz",
    "DateField": "date",
    "DecimalField": "numeric",
    "PositiveIntegerField": "integer",
    "IntegerField": "integer",
    "BigIntegerField": "bigint",
    "ForeignKey": "bigint",
    "OneToOneField": "bigint",
}


def _insert_rows(model, key: str | None, columns: list[str], rows: list[list]) -> dict[str, int]:
    """Insert rows (values in ``columns`` order) and return source key → new pk: on
    PostgreSQL one ``INSERT … SELECT FROM unnest(…) RETURNING`` per chunk (no model
    instances, no per-value preparation), elsewhere Django's bulk_create."""
    if not rows:
        return {}
    fields = [next(f for f in model._meta.concrete_fields if f.attname == c) for c in columns]
    key_position = columns.index(key) if key else None
    if connection.vendor != "postgresql":
        objects = [model(**dict(zip(columns, row, strict=True))) for row in rows]
        model._default_manager.bulk_create(objects, batch_size=500)
        if key_position is None:
            return {}
        return {row[key_position]: obj.pk for row, obj in zip(rows, objects, strict=True)}
    qn = connection.ops.quote_name
    casts = [_PG_ARRAY_TYPES[f.get_internal_type()] for f in fields]
    unnest = ", ".join(f"%s::{cast}[]" for cast in casts)
    # Identifiers come from the model's own metadata; every value travels as a parameter.
    sql = (
        f"INSERT INTO {qn(model._meta.db_table)} ({', '.join(qn(f.column) for f in fields)}) "  # noqa: S608
        f"SELECT * FROM unnest({unnest})"
    )
    if key_position is not None:
        sql += f" RETURNING id, {qn(fields[key_position].column)}"
    created: dict[str, int] = {}
    with connection.cursor() as cursor:
        for chunk in _in_chunks(rows, 5000):
            cursor.execute(sql, [[row[i] for row in chunk] for i in range(len(fields))])
            if key_position is not None:
                created.update((row_key, pk) for pk, row_key in cursor.fetchall())
    return created


def _update_rows(model, columns: list[str], rows: list[tuple[int, list]]) -> None:
    """Set ``columns`` of each (pk, values) row: on PostgreSQL one
    ``UPDATE … FROM unnest(…)`` per chunk, elsewhere Django's bulk_update.

    Values are already database-ready (the converters produce str, bool, int, Decimal,
    aware datetime, date or None), so they go to the driver without per-value preparation."""
    if not rows:
        return
    fields = [next(f for f in model._meta.concrete_fields if f.attname == c) for c in columns]
    if connection.vendor != "postgresql":
        objects = []
        for pk, values in rows:
            obj = model(pk=pk)
            for f, value in zip(fields, values, strict=True):
                setattr(obj, f.attname, value)
            objects.append(obj)
        model._default_manager.bulk_update(objects, [f.name for f in fields], batch_size=200)
        return
    qn = connection.ops.quote_name
    table = qn(model._meta.db_table)
    casts = ["bigint"] + [_PG_ARRAY_TYPES[f.get_internal_type()] for f in fields]
    names = ["id"] + [f"c{i}" for i in range(len(fields))]
    assignments = ", ".join(f"{qn(f.column)} = v.c{i}" for i, f in enumerate(fields))
    unnest = ", ".join(f"%s::{cast}[]" for cast in casts)
    # Identifiers come from the model's own metadata; every value travels as a parameter.
    sql = (
        f"UPDATE {table} AS t SET {assignments} "  # noqa: S608
        f"FROM unnest({unnest}) AS v({', '.join(names)}) WHERE t.id = v.id"
    )
    with connection.cursor() as cursor:
        for chunk in _in_chunks(rows, 5000):
            arrays = [[pk for pk, _values in chunk]]
            arrays += [[values[i] for _pk, values in chunk] for i in range(len(fields))]
            cursor.execute(sql, arrays)


def case_last_activity_refresh(case_ids: Iterable[int], *, now: datetime.datetime | None = None) -> int:
    """Recompute ``Case.last_activity_at`` — the latest investigative act: an investigative
    event, a questioning session or a coercive measure — for these cases, and bump
    ``updated_at`` where it moved so that incremental patrols see it. Set-based: three
    aggregate queries and one update per chunk of cases."""
    from django.db.models import Max

    case_ids = sorted(set(case_ids))
    if not case_ids:
        return 0
    now = now or timezone.now()
    changed_rows = []
    for chunk in _in_chunks(case_ids):
        latest: dict[int, datetime.datetime] = {}
        sources = [
            m.CaseEvent.objects.filter(case_id__in=chunk, kind__in=list(INVESTIGATIVE_EVENT_KINDS))
            .values("case_id")
            .annotate(t=Max("occurred_at")),
            m.QuestioningSession.objects.filter(case_id__in=chunk)
            .values("case_id")
            .annotate(t=Max("started_at")),
            m.CoerciveMeasure.objects.filter(case_id__in=chunk)
            .values("case_id")
            .annotate(t=Max("started_at")),
        ]
        for source in sources:
            for row in source.order_by():
                if row["t"] is not None and (
                    row["case_id"] not in latest or row["t"] > latest[row["case_id"]]
                ):
                    latest[row["case_id"]] = row["t"]
        for case_id, current in m.Case.objects.filter(pk__in=chunk).values_list("pk", "last_activity_at"):
            wanted = latest.get(case_id)
            if wanted != current:
                changed_rows.append((case_id, [wanted, now]))
    _update_rows(m.Case, ["last_activity_at", "updated_at"], changed_rows)
    return len(changed_rows)
