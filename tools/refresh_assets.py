"""Refresh the vendored Leaflet files in maps/assets/ from the npm registry.

Run: ``python tools/refresh_assets.py [VERSION]``. Needs ``npm``. Writes ``leaflet.js``,
``leaflet.css`` (with its images inlined as data URIs) and ``LICENSE-leaflet.txt``, and records
the version and SHA-256 of each file in ``manifest.json``.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

ASSETS = Path(__file__).resolve().parents[1] / "maps" / "assets"
DEFAULT_VERSION = "1.9.4"


def fetch(version: str, workdir: Path) -> Path:
    """Download leaflet@VERSION with ``npm pack`` and unpack it; return the package folder."""
    out = subprocess.run(
        ["npm", "pack", f"leaflet@{version}", "--silent"],
        cwd=workdir,
        check=True,
        capture_output=True,
        text=True,
    ).stdout.split()[-1]
    with tarfile.open(workdir / out) as tar:
        tar.extractall(workdir, filter="data")
    return workdir / "package"


def inline_images(css: str, dist: Path) -> str:
    """Replace ``url(images/x.png)`` references with data URIs so no file is fetched."""

    def data_uri(match: re.Match[str]) -> str:
        data = (dist / match.group(1)).read_bytes()
        return f"url(data:image/png;base64,{base64.b64encode(data).decode()})"

    return re.sub(r"url\((images/[\w.-]+\.png)\)", data_uri, css)


def main(version: str = DEFAULT_VERSION) -> None:
    """Vendor Leaflet ``version`` into maps/assets/."""
    with tempfile.TemporaryDirectory() as tmp:
        package = fetch(version, Path(tmp))
        dist = package / "dist"
        files = {
            "leaflet.js": (dist / "leaflet.js").read_text(encoding="utf-8"),
            "leaflet.css": inline_images((dist / "leaflet.css").read_text(encoding="utf-8"), dist),
            "LICENSE-leaflet.txt": (package / "LICENSE").read_text(encoding="utf-8"),
        }
    digests: dict[str, str] = {}
    manifest = {
        "leaflet": {"version": version, "source": f"npm leaflet@{version}", "files": digests}
    }
    for name, text in files.items():
        (ASSETS / name).write_text(text, encoding="utf-8")
        digests[name] = hashlib.sha256(text.encode("utf-8")).hexdigest()
    (ASSETS / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    print(f"vendored leaflet {version} into {ASSETS}")


if __name__ == "__main__":
    main(*sys.argv[1:2])
