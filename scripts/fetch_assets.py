"""Fetch the front-end packages pinned in package-lock.json into node_modules/.

Uses `npm ci` when npm is on the machine; otherwise downloads each tarball from the
npm registry with Python alone and checks it against the lock file's sha512
integrity, so `make demo` needs nothing beyond Python. Nothing fetched here is
committed: Django serves the files through STATICFILES_DIRS (see settings).
"""

from __future__ import annotations

import base64
import hashlib
import io
import json
import os
import shutil
import subprocess
import sys
import tarfile
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REGISTRY = os.environ.get("NPM_REGISTRY", "https://registry.npmjs.org").rstrip("/")
# The only packages the pages load; their own dependencies are not needed at run time.
NEEDED = ("bootstrap", "bootstrap-icons", "echarts", "htmx.org")


def _installed(name: str, version: str) -> bool:
    manifest = ROOT / "node_modules" / name / "package.json"
    return manifest.exists() and json.loads(manifest.read_text())["version"] == version


def _download(name: str, version: str, integrity: str) -> None:
    basename = name.split("/")[-1]
    url = f"{REGISTRY}/{name}/-/{basename}-{version}.tgz"
    with urllib.request.urlopen(url, timeout=120) as response:  # noqa: S310 - fixed registry
        blob = response.read()
    algo, expected = integrity.split("-", 1)
    digest = base64.b64encode(hashlib.new(algo, blob).digest()).decode()
    if digest != expected:
        sys.exit(f"integrity check failed for {name}@{version}")
    target = ROOT / "node_modules" / name
    shutil.rmtree(target, ignore_errors=True)
    with tarfile.open(fileobj=io.BytesIO(blob), mode="r:gz") as tar:
        for member in tar.getmembers():
            if not member.isfile():
                continue
            relative = Path(*Path(member.name).parts[1:])  # strip the "package/" prefix
            destination = target / relative
            destination.parent.mkdir(parents=True, exist_ok=True)
            destination.write_bytes(tar.extractfile(member).read())
    print(f"fetched {name}@{version}")


def main() -> None:
    lock = json.loads((ROOT / "package-lock.json").read_text())["packages"]
    wanted = {name: lock[f"node_modules/{name}"] for name in NEEDED}
    if all(_installed(name, meta["version"]) for name, meta in wanted.items()):
        return
    npm = shutil.which("npm")
    if npm and not os.environ.get("FETCH_ASSETS_WITHOUT_NPM"):
        subprocess.run([npm, "ci", "--no-audit", "--no-fund", "--loglevel=error"], cwd=ROOT, check=True)
        return
    for name, meta in wanted.items():
        if not _installed(name, meta["version"]):
            _download(name, meta["version"], meta["integrity"])


if __name__ == "__main__":
    main()
