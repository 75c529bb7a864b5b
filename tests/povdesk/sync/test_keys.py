"""Identities and trust: fingerprints, key files, a changed key, county key recovery."""

from __future__ import annotations

from pathlib import Path

import pytest

from exports.bundle import keys
from exports.bundle.reader import load
from povdesk.errors import UserError
from povdesk.sync import ledger
from tests.povdesk.sync.conftest import Link, full_snapshot, make_county, receive, send


def test_keys_are_made_once_and_kept(pair: Link) -> None:
    first = keys.identity(pair.village)
    again = keys.identity(pair.village)
    assert first.sign_public == again.sign_public and first.age_recipient == again.age_recipient
    assert first.sign_public.startswith("RW") and first.age_recipient.startswith("age1")
    assert len(first.fingerprint) == 19 and first.fingerprint.count("-") == 3


def test_fingerprint_must_match_when_given(pair: Link, tmp_path: Path) -> None:
    other = make_county(tmp_path, "second")
    path = tmp_path / "second.pvkey"
    me = keys.write_public(other, path)
    before = full_snapshot(pair.village)
    with pytest.raises(UserError) as err:
        keys.trust(pair.village, path, expect="0000-0000-0000-0000")
    assert err.value.code == "fingerprint"
    assert full_snapshot(pair.village) == before
    peer = keys.trust(pair.village, path, expect=me.fingerprint.lower())
    assert peer.fingerprint == me.fingerprint
    other.close()


def test_a_changed_key_needs_replace(pair: Link, tmp_path: Path) -> None:
    path = tmp_path / "county.pvkey"
    keys.write_public(pair.county, path)
    text = path.read_text(encoding="utf-8")
    fresh = make_county(tmp_path, "fresh")
    fake = keys.identity(fresh)
    real = keys.identity(pair.county)
    path.write_text(text.replace(real.age_recipient, fake.age_recipient), encoding="utf-8")
    with pytest.raises(UserError) as err:
        keys.trust(pair.village, path)
    assert err.value.code == "key_changed"
    keys.trust(pair.village, path, replace=True)
    with pair.village.read() as conn:
        assert ledger.peer_by_id(conn, pair.county.store_id).age_recipient == fake.age_recipient  # type: ignore[union-attr]
    fresh.close()


def test_damaged_key_file(pair: Link, tmp_path: Path) -> None:
    path = tmp_path / "bad.pvkey"
    path.write_text('{"format": "povdesk-public-key", "minisign": "RWQ"}', encoding="utf-8")
    with pytest.raises(UserError) as err:
        keys.trust(pair.village, path)
    assert err.value.code == "bad_key_file"


def test_restored_county_key_reads_an_earlier_bundle(pair: Link, tmp_path: Path) -> None:
    bundle = send(pair.village, pair.folder)
    backup = tmp_path / "county-keys.age"
    keys.backup(pair.county, backup, "long enough passphrase")
    assert b"AGE-SECRET-KEY" not in backup.read_bytes()
    # The county laptop is lost: a new store, set up the same way, takes the keys back.
    new = make_county(tmp_path, "rebuilt")
    with pytest.raises(UserError) as err:
        keys.restore(new, backup, "wrong passphrase!!")
    assert err.value.code == "bad_backup"
    restored = keys.restore(new, backup, "long enough passphrase")
    assert restored.fingerprint == keys.identity(pair.county).fingerprint
    keys.trust(new, _village_key(pair, tmp_path))
    _, incoming = load(new, bundle)
    assert incoming.seq == 1
    report = receive(new, bundle)[0]
    assert report.kinds["household"]["created"] > 0
    new.close()


def test_short_passphrase_refused(pair: Link, tmp_path: Path) -> None:
    with pytest.raises(UserError) as err:
        keys.backup(pair.county, tmp_path / "k.age", "short")
    assert err.value.code == "weak_passphrase"
    assert not (tmp_path / "k.age").exists()


def _village_key(pair: Link, tmp_path: Path) -> Path:
    path = tmp_path / "village.pvkey"
    keys.write_public(pair.village, path)
    return path
