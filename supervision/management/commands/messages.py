"""Keep each app's translation catalogue: extract (``--extract``) and compile (default).

Each app owns ``<app>/locale/zh_Hans/LC_MESSAGES/django.po``, covering its Python code and
its folder under ``templates/`` (the base layout belongs to ``supervision``). Extraction
needs GNU gettext (xgettext); compiling uses polib, so a fresh machine needs no gettext
to run the product.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import polib
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

LOCAL_APPS = ["supervision", "cases", "alerts", "disputes", "reports"]
LANGUAGES = ["zh_Hans"]


def template_dirs_of(app: str, base: Path) -> list[Path]:
    templates = base / "templates"
    dirs = [templates / app]
    if app == "supervision":
        # The base layout, sign-in pages and admin overrides are the core's.
        dirs += [templates / "registration", templates / "_root"]
    return [d for d in dirs if d.exists()]


def catalogue_path(app: str, base: Path, language: str = "zh_Hans") -> Path:
    return base / app / "locale" / language / "LC_MESSAGES" / "django.po"


class Command(BaseCommand):
    help = "Compile (default) or extract (--extract) the per-app translation catalogues."

    def add_arguments(self, parser):
        parser.add_argument("--extract", action="store_true", help="re-extract msgids (needs xgettext)")
        parser.add_argument("--app", action="append", choices=LOCAL_APPS, help="limit to these apps")

    def handle(self, *args, extract: bool, app: list[str] | None, **options):
        base = Path(settings.BASE_DIR)
        for name in app or LOCAL_APPS:
            if extract:
                self.extract(name, base)
            self.compile(name, base)

    def extract(self, app: str, base: Path) -> None:
        with tempfile.TemporaryDirectory() as tmp:
            root = Path(tmp)
            os.symlink(base / app, root / "code", target_is_directory=True)
            for i, directory in enumerate(template_dirs_of(app, base)):
                os.symlink(directory, root / f"templates{i}", target_is_directory=True)
            if app == "supervision":
                for template in (base / "templates").glob("*.html"):
                    os.symlink(template, root / template.name)
            (base / app / "locale").mkdir(exist_ok=True)
            os.symlink(base / app / "locale", root / "locale", target_is_directory=True)
            cwd = os.getcwd()
            os.chdir(root)
            try:
                call_command(
                    "makemessages",
                    locale=LANGUAGES,
                    symlinks=True,
                    no_obsolete=True,
                    add_location="file",
                    ignore_patterns=["code/locale/*", "code/migrations/*", "code/tests/*"],
                    verbosity=0,
                )
            finally:
                os.chdir(cwd)
        self.stdout.write(f"extracted {app}")

    def compile(self, app: str, base: Path) -> None:
        for language in LANGUAGES:
            po_path = catalogue_path(app, base, language)
            if not po_path.exists():
                continue
            catalogue = polib.pofile(str(po_path))
            catalogue.save_as_mofile(str(po_path.with_suffix(".mo")))
