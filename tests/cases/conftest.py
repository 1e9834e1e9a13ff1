"""Fixtures for the execution elements: a full set of elements (every type, linked as the
source system links them) at stations S1, S2 and S3 of the shared personas' city."""

from __future__ import annotations

import copy

import pytest

from cases.examples import EXAMPLES
from cases.ingest import specs
from cases.services import elements_ingest
from supervision.models import Officer

# One of each element type, in the order references need them.
ORDER = list(specs())


def record(slug: str, suffix: str, unit: str, officers: tuple[str, str], **overrides) -> dict:
    """The example record of ``slug`` with source ids (and references) made unique by
    ``suffix``, owned by ``unit`` and handled by ``officers``."""
    rec = copy.deepcopy(EXAMPLES[slug])
    for key in ("external_id", "case", "incident", "person", "measure", "property", "visit"):
        if isinstance(rec.get(key), str):
            rec[key] = f"{rec[key]}-{suffix}"
    if slug == "venues":
        rec["code"] = f"{rec['code']}-{suffix}"
    if "venue" in rec:
        rec["venue"] = f"{rec['venue']}-{suffix}"
    if "unit" in rec:
        rec["unit"] = unit
    if "officers" in rec:
        rec["officers"] = list(officers)
    for key in ("officer", "seized_by", "checked_by"):
        if key in rec:
            rec[key] = officers[0]
    if "number" in rec and slug in ("incidents", "cases"):
        rec["number"] = f"{rec['number']}{suffix}"
    rec.update(overrides)
    return rec


def element_set(suffix: str, unit: str, officers: tuple[str, str]) -> dict[str, list[dict]]:
    return {slug: [record(slug, suffix, unit, officers)] for slug in ORDER}


def ingest_set(actor, batches: dict[str, list[dict]]) -> None:
    for slug in ORDER:
        if batches.get(slug):
            ingestion = elements_ingest(actor=actor, element_type=slug, records=batches[slug])
            assert ingestion.status == "committed", (slug, ingestion.errors)


@pytest.fixture
def officers(world):
    """A second officer at S2 and S3 (a case needs two)."""
    Officer.objects.create(badge_no="S2002", name="周杰", unit=world.s2)
    Officer.objects.create(badge_no="S3002", name="吴刚", unit=world.s3)
    return {
        "S1": ("S1001", "S1002"),
        "S2": ("S2001", "S2002"),
        "S3": ("S3001", "S3002"),
    }


@pytest.fixture
def elements(world, officers):
    """Every element type once at S1, S2 and S3 (ingested by the city's legal unit)."""
    batches = {
        slug: [record(slug, unit.lower(), unit, officers[unit]) for unit in ("S1", "S2", "S3")]
        for slug in ORDER
    }
    ingest_set(world.city_legal, batches)
    return world
