import os
import subprocess
import sys
from pathlib import Path

import polib
import pytest
from django.conf import settings

from supervision.management.commands.messages import LOCAL_APPS, catalogue_path


def test_production_settings_pass_check_deploy():
    env = {
        **{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"},
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "SECRET_KEY": "k" + "f9W2x!pQ7z#Lm4v@Tr8s$Yb1n&Hc6u^Jd3e*Ga5" * 2,
        "ALLOWED_HOSTS": "supervision.example.gov.cn",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_the_demo_secret():
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.production", "ALLOWED_HOSTS": "x"}
    env.pop("SECRET_KEY", None)
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_time_zone_and_language():
    assert settings.TIME_ZONE == "Asia/Shanghai"
    assert settings.LANGUAGE_CODE == "zh-hans"
    assert [code for code, _ in settings.LANGUAGES] == ["zh-hans", "en"]


@pytest.mark.parametrize("app", LOCAL_APPS)
def test_zh_hans_catalogue_is_complete(app):
    path = catalogue_path(app, Path(settings.BASE_DIR))
    if not path.exists():
        pytest.skip(f"{app} has no user-facing strings yet")
    catalogue = polib.pofile(str(path))
    missing = [e.msgid for e in catalogue if not e.obsolete and (not e.translated() or "fuzzy" in e.flags)]
    assert missing == []


@pytest.mark.needs_gettext
@pytest.mark.parametrize("app", LOCAL_APPS)
def test_catalogue_covers_every_string_in_the_source(app, tmp_path):
    """Re-extract into a copy and compare: a string added without a translation fails here."""
    import shutil

    base = Path(settings.BASE_DIR)
    copy = tmp_path / "tree"
    shutil.copytree(base / app, copy / app, ignore=shutil.ignore_patterns("__pycache__", "*.mo"))
    shutil.copytree(base / "templates", copy / "templates")
    before = catalogue_path(app, copy)
    if not before.exists():
        before.parent.mkdir(parents=True)
        before.write_text('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n')
    from supervision.management.commands.messages import Command

    Command().extract(app, copy)
    extracted = {e.msgid for e in polib.pofile(str(catalogue_path(app, copy))) if not e.obsolete}
    committed = (
        {e.msgid for e in polib.pofile(str(catalogue_path(app, base)))}
        if catalogue_path(app, base).exists()
        else set()
    )
    assert extracted - committed == set(), "run `manage.py messages --extract` and translate the new strings"
