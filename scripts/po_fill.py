"""Fill translations into an app's catalogue from a JSON file of {msgid: msgstr}.

    python scripts/po_fill.py cases translations.json      # fill, then list what is still missing
    python scripts/po_fill.py cases --missing              # only list what is missing

Plural entries take a list of forms (zh-hans has one form). Fuzzy marks are cleared on
filled entries. A key ``"context\u0004msgid"`` (gettext's own separator) fills only the entry
with that context; a plain msgid fills the entry without context (and untranslated ones with
a context, never overwriting their own wording). Missing
entries are listed in the same form, so the output can be pasted back as keys.
A developer tool; the catalogue itself is what gets committed.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent


def key_of(entry: polib.POEntry) -> str:
    return f"{entry.msgctxt}\u0004{entry.msgid}" if entry.msgctxt else entry.msgid


def main(argv: list[str]) -> int:
    app = argv[0]
    po_path = ROOT / app / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"
    catalogue = polib.pofile(str(po_path))
    if len(argv) > 1 and argv[1] != "--missing":
        table = json.loads(Path(argv[1]).read_text(encoding="utf-8"))
        for entry in catalogue:
            value = table.get(key_of(entry))
            if value is None and entry.msgctxt and not entry.translated():
                # A plain msgid still fills a new entry with a context, never overwrites one.
                value = table.get(entry.msgid)
            if value is None:
                continue
            if entry.msgid_plural:
                forms = value if isinstance(value, list) else [value]
                entry.msgstr_plural = dict(enumerate(forms))
            else:
                entry.msgstr = value
            if "fuzzy" in entry.flags:
                entry.flags.remove("fuzzy")
        catalogue.metadata.setdefault("Language", "zh_Hans")
        catalogue.metadata["Plural-Forms"] = "nplurals=1; plural=0;"
        catalogue.save()
    missing = [key_of(e) for e in catalogue if not e.translated() and not e.obsolete]
    for msgid in missing:
        print(json.dumps(msgid, ensure_ascii=False))
    print(f"{app}: {len(missing)} missing", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
