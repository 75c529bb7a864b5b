"""A county IT officer checks a bundle with the standard tools (docs/bundle-format.md §7):
`age` decrypts it, `tar` unpacks it, `minisign` verifies the manifest, and the parts'
SHA-256 match the manifest. These run the real Debian `age` and `minisign` commands."""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
import tarfile
from pathlib import Path

from app.main import main
from exports.bundle import keys
from tests.povdesk.sync.conftest import Link, send


def tool(name: str) -> str:
    found = shutil.which(name)
    assert found, f"{name} is not installed (apt-get install -y age minisign)"
    return found


def unpack_with_age(pair: Link, bundle: Path, folder: Path) -> Path:
    identity = folder / "county-age.txt"
    assert main(["key", "identity", "--db", pair.county.target, "--out", str(identity)]) == 0
    assert identity.stat().st_mode & 0o077 == 0  # private: owner only
    plain = folder / "bundle.tar"
    done = subprocess.run(
        [tool("age"), "-d", "-i", str(identity), "-o", str(plain), str(bundle)],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    out = folder / "b"
    out.mkdir()
    with tarfile.open(plain) as tar:
        tar.extractall(out, filter="data")
    return out


def test_age_and_minisign_check_a_bundle(pair: Link, tmp_path: Path) -> None:
    hh = sorted(pair.village.households.ids())[0]
    pair.village.attachments.add(hh, b"photo of the new roof", filename="roof.jpg")
    bundle = send(pair.village, pair.folder)
    b = unpack_with_age(pair, bundle, tmp_path)
    assert (b / "manifest.json.minisig").exists()
    village_key = keys.identity(pair.village).sign_public
    done = subprocess.run(
        [tool("minisign"), "-Vm", str(b / "manifest.json"), "-P", village_key],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    assert "povdesk 422823107205 -> 422823 #1" in done.stdout
    manifest = json.loads((b / "manifest.json").read_text(encoding="utf-8"))
    assert len(manifest["parts"]) == 2  # the records and the photo
    for name, part in manifest["parts"].items():
        data = (b / name).read_bytes()
        assert hashlib.sha256(data).hexdigest() == part["sha256"]


def test_minisign_rejects_an_altered_manifest(pair: Link, tmp_path: Path) -> None:
    b = unpack_with_age(pair, send(pair.village, pair.folder), tmp_path)
    path = b / "manifest.json"
    path.write_bytes(path.read_bytes().replace(b'"seq":1', b'"seq":7'))
    done = subprocess.run(
        [tool("minisign"), "-Vm", str(path), "-P", keys.identity(pair.village).sign_public],
        capture_output=True,
        text=True,
    )
    assert done.returncode != 0


def test_age_cannot_decrypt_with_another_key(pair: Link, tmp_path: Path) -> None:
    wrong = tmp_path / "village-age.txt"
    assert main(["key", "identity", "--db", pair.village.target, "--out", str(wrong)]) == 0
    done = subprocess.run(
        [tool("age"), "-d", "-i", str(wrong), str(send(pair.village, pair.folder))],
        capture_output=True,
    )
    assert done.returncode != 0
