"""One wording per message: no catalogue may silently show another's translation.

Django merges every app's catalogue into one dictionary and the first app in INSTALLED_APPS
that has a (msgctxt, msgid) wins. Two of our apps translating the same entry differently
means one of them shows the other's wording (the bulletin list read 发布时间 for the status
"Published"); a django.contrib catalogue listed before ours wins over all of them (the
filter button read 过滤器). Same meaning → one wording in every catalogue; different
meanings → a context (pgettext / ``{% translate "X" context "..." %}``).
``scripts/i18n_clashes.py`` lists the clashes with the files that use them.
"""

from __future__ import annotations

import collections
import re
from pathlib import Path

import polib
import pytest
from django.apps import apps
from django.conf import settings
from django.utils import translation

from supervision.management.commands.messages import LOCAL_APPS, catalogue_path


def wording(entry: polib.POEntry) -> str:
    if entry.msgid_plural:
        return " | ".join(entry.msgstr_plural[k] for k in sorted(entry.msgstr_plural))
    return entry.msgstr


def label(key) -> str:
    context, msgid = key
    return f"{msgid!r}" + (f" [context {context!r}]" if context else "")


def our_entries() -> dict[tuple, dict[str, polib.POEntry]]:
    """(msgctxt, msgid) → {app: entry} over our apps' zh-hans catalogues."""
    by_key: dict[tuple, dict[str, polib.POEntry]] = collections.defaultdict(dict)
    for app in LOCAL_APPS:
        path = catalogue_path(app, Path(settings.BASE_DIR))
        if not path.exists():
            continue
        for entry in polib.pofile(str(path)):
            if not entry.obsolete and wording(entry):
                by_key[(entry.msgctxt, entry.msgid)][app] = entry
    return by_key


def preceding_catalogues() -> dict[str, polib.POFile]:
    """zh-hans catalogues of the installed apps listed before our first app: theirs win."""
    found = {}
    for config in apps.get_app_configs():
        if config.name in LOCAL_APPS:
            break
        path = Path(config.path) / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"
        if path.exists():
            found[config.name] = polib.pofile(str(path))
    return found


def test_our_catalogues_agree_on_every_shared_message():
    clashes = [
        f"{label(key)}: "
        + ", ".join(
            f"{app} {wording(e)} ({' '.join(f for f, _ in e.occurrences)})" for app, e in uses.items()
        )
        for key, uses in our_entries().items()
        if len({wording(e) for e in uses.values()}) > 1
    ]
    assert clashes == [], (
        "the same message is translated differently by our apps; unify the wording or give each "
        "meaning a context (see scripts/i18n_clashes.py):\n" + "\n".join(clashes)
    )


def test_no_preceding_catalogue_overrides_our_wording():
    ours = our_entries()
    overridden = []
    for name, catalogue in preceding_catalogues().items():
        for theirs in catalogue:
            key = (theirs.msgctxt, theirs.msgid)
            if theirs.obsolete or not wording(theirs) or key not in ours:
                continue
            for app, entry in ours[key].items():
                if wording(entry) != wording(theirs):
                    overridden.append(
                        f"{label(key)}: {name} shows {wording(theirs)}, {app} means {wording(entry)} "
                        f"({' '.join(f for f, _ in entry.occurrences)})"
                    )
    assert overridden == [], (
        "a catalogue listed before ours in INSTALLED_APPS wins for these messages; give our uses a "
        "context (or adopt its wording):\n" + "\n".join(overridden)
    )


def test_the_two_checks_catch_a_clash(tmp_path, monkeypatch):
    """The checks above can fail: a catalogue pair that disagrees is reported with its uses."""
    import sys

    for app, msgstr in (("supervision", "已发布"), ("cases", "发布时间")):
        po = polib.POFile()
        po.append(polib.POEntry(msgid="Published", msgstr=msgstr, occurrences=[("x.html", "")]))
        po.append(polib.POEntry(msgid="Filter", msgstr="筛选", occurrences=[("y.html", "")]))
        path = catalogue_path(app, tmp_path)
        path.parent.mkdir(parents=True)
        po.save(str(path))
    monkeypatch.setattr(settings, "BASE_DIR", tmp_path)
    monkeypatch.setattr(sys.modules[__name__], "LOCAL_APPS", ["supervision", "cases"])
    with pytest.raises(AssertionError, match=r"'Published': supervision 已发布 .*cases 发布时间"):
        test_our_catalogues_agree_on_every_shared_message()
    with pytest.raises(AssertionError, match=re.escape("'Filter': django.contrib.admin shows 过滤器")):
        test_no_preceding_catalogue_overrides_our_wording()


@pytest.mark.parametrize("app", LOCAL_APPS)
def test_the_running_translation_shows_our_wording(app):
    """End to end through Django's merged catalogue (compiled .mo files): every message of ours
    reads as our catalogue says — nothing earlier in INSTALLED_APPS shadows it."""
    path = catalogue_path(app, Path(settings.BASE_DIR))
    if not path.exists():
        pytest.skip(f"{app} has no catalogue")
    wrong = []
    with translation.override("zh-hans"):
        for entry in polib.pofile(str(path)):
            if entry.obsolete or entry.msgid_plural or not entry.msgstr:
                continue
            if entry.msgctxt:
                shown = translation.pgettext(entry.msgctxt, entry.msgid)
            else:
                shown = translation.gettext(entry.msgid)
            if shown != entry.msgstr:
                wrong.append(
                    f"{label((entry.msgctxt, entry.msgid))}: shows {shown}, {app} says {entry.msgstr}"
                )
    assert wrong == [], "run `manage.py messages` to compile, then fix these clashes:\n" + "\n".join(wrong)
