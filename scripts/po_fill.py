"""Fill translations into an app's catalogue from a JSON file of {msgid: msgstr}.

    python scripts/po_fill.py cases translations.json      # fill, then list what is still missing
    python scripts/po_fill.py cases --missing              # only list what is missing

Plural entries take a list of forms (zh-hans has one form). Fuzzy marks are cleared on
filled entries. A developer tool; the catalogue itself is what gets committed.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent


def main(argv: list[str]) -> int:
    app = argv[0]
    po_path = ROOT / app / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"
    catalogue = polib.pofile(str(po_path))
    if len(argv) > 1 and argv[1] != "--missing":
        table = json.loads(Path(argv[1]).read_text(encoding="utf-8"))
        for entry in catalogue:
            if entry.msgid not in table:
                continue
            value = table[entry.msgid]
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
    missing = [e.msgid for e in catalogue if not e.translated() and not e.obsolete]
    for msgid in missing:
        print(json.dumps(msgid, ensure_ascii=False))
    print(f"{app}: {len(missing)} missing", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
