"""List the msgids whose zh-hans wording clashes between catalogues, and where each is used.

    .venv/bin/python scripts/i18n_clashes.py            # clashes, with the files that use them
    .venv/bin/python scripts/i18n_clashes.py --brief    # one line per clash

Django merges every catalogue into one dictionary and the first app in INSTALLED_APPS that has
a (msgctxt, msgid) wins. So when two of our apps translate the same entry differently, one app
shows the other's wording; and a django.contrib app listed before ours wins over all of them.
Fix a clash by unifying the wording (same meaning) or by giving each meaning its own context
(pgettext / ``{% translate "X" context "..." %}``), then re-extract and fill.
tests/supervision/test_i18n_catalogues.py fails while any clash is left.
A developer tool; it changes nothing.
"""

from __future__ import annotations

import collections
import os
import sys
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")

import django  # noqa: E402

django.setup()

from django.apps import apps  # noqa: E402
from django.conf import settings  # noqa: E402

from supervision.management.commands.messages import LOCAL_APPS, catalogue_path  # noqa: E402

Key = tuple[str | None, str]


def our_catalogues() -> dict[str, polib.POFile]:
    found = {}
    for app in LOCAL_APPS:
        path = catalogue_path(app, Path(settings.BASE_DIR))
        if path.exists():
            found[app] = polib.pofile(str(path))
    return found


def preceding_catalogues(language: str = "zh_Hans") -> dict[str, polib.POFile]:
    """Catalogues of the installed apps listed before our first app: theirs win over ours."""
    found = {}
    for config in apps.get_app_configs():
        if config.label in LOCAL_APPS or config.name in LOCAL_APPS:
            break
        path = Path(config.path) / "locale" / language / "LC_MESSAGES" / "django.po"
        if path.exists():
            found[config.name] = polib.pofile(str(path))
    return found


def wording(entry: polib.POEntry) -> str:
    if entry.msgid_plural:
        return " | ".join(entry.msgstr_plural[k] for k in sorted(entry.msgstr_plural))
    return entry.msgstr


def entries_by_key(catalogue: polib.POFile) -> dict[Key, polib.POEntry]:
    return {(e.msgctxt, e.msgid): e for e in catalogue if not e.obsolete}


def clashes() -> tuple[list, list]:
    """(between our apps, with a preceding third-party catalogue)."""
    ours = {app: entries_by_key(cat) for app, cat in our_catalogues().items()}
    by_key: dict[Key, dict[str, polib.POEntry]] = collections.defaultdict(dict)
    for app, entries in ours.items():
        for key, entry in entries.items():
            by_key[key][app] = entry
    internal = [
        (key, uses)
        for key, uses in by_key.items()
        if len({wording(e) for e in uses.values() if wording(e)}) > 1
    ]
    external = []
    for name, catalogue in preceding_catalogues().items():
        for key, theirs in entries_by_key(catalogue).items():
            if key in by_key and wording(theirs):
                differing = {app: e for app, e in by_key[key].items() if wording(e) != wording(theirs)}
                if differing:
                    external.append((key, name, theirs, differing))
    return internal, external


def source_path(app: str, occurrence: str) -> str:
    """Map an occurrence as extracted (code/…, templates0/…, base.html) back to the repository."""
    head, _, rest = occurrence.partition("/")
    if not rest:
        return f"templates/{occurrence}"
    if head == "code":
        return f"{app}/{rest}"
    if head.startswith("templates"):
        from supervision.management.commands.messages import template_dirs_of

        directory = template_dirs_of(app, Path(settings.BASE_DIR))[int(head.removeprefix("templates"))]
        return f"{directory.relative_to(settings.BASE_DIR)}/{rest}"
    return occurrence


def where(app: str, entry: polib.POEntry) -> str:
    return " ".join(source_path(app, f) for f, _ in entry.occurrences)


def label(key: Key) -> str:
    ctx, msgid = key
    return f"{msgid!r}" + (f" [context {ctx!r}]" if ctx else "")


def main(argv: list[str]) -> int:
    brief = "--brief" in argv
    internal, external = clashes()
    for key, uses in internal:
        print(label(key) + "  " + ", ".join(f"{app}: {wording(e)}" for app, e in uses.items()))
        if not brief:
            for app, e in uses.items():
                print(f"    {app}: {wording(e)}  <- {where(app, e)}")
    for key, name, theirs, differing in external:
        print(
            f"{label(key)}  {name}: {wording(theirs)} wins over "
            + ", ".join(f"{app}: {wording(e)}" for app, e in differing.items())
        )
        if not brief:
            for app, e in differing.items():
                print(f"    {app}: {wording(e)}  <- {where(app, e)}")
    print(
        f"{len(internal)} clashes between our apps, {len(external)} with preceding catalogues",
        file=sys.stderr,
    )
    return 1 if internal or external else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
