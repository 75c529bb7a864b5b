"""Keys and trust in the window: read out the fingerprint, hand over the key file, trust
the other side's file only with its fingerprint compared."""

from __future__ import annotations

from pathlib import Path

from exports.bundle import keys
from povdesk.sync import ledger
from tests.povdesk.sync.conftest import full_snapshot, make_county, make_village
from ui.keys_dialog import KeysDialog


def test_export_then_trust_with_the_fingerprint_read_out(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    village = make_village(tmp_path, "422823107205", households=2)
    county = make_county(tmp_path)
    at_village = KeysDialog(village)
    qtbot.addWidget(at_village)
    assert at_village.fingerprint.text() == keys.identity(village).fingerprint
    key_file = tmp_path / "village.pvkey"
    at_village.ask_save_path = lambda: key_file  # type: ignore[method-assign]
    assert at_village.export_key() == key_file

    at_county = KeysDialog(county)
    qtbot.addWidget(at_county)
    at_county.ask_open_path = lambda: key_file  # type: ignore[method-assign]
    before = full_snapshot(county)
    at_county.trust_key()  # no fingerprint typed: refused
    assert "指纹" in at_county.message.text()
    at_county.expect.setText("0000-0000-0000-0000")
    at_county.trust_key()  # the wrong one: refused
    assert "不符" in at_county.message.text()
    assert full_snapshot(county) == before
    at_county.expect.setText(at_village.fingerprint.text())
    at_county.trust_key()
    with county.read() as conn:
        assert [p.store_id for p in ledger.peers(conn)] == [village.store_id]
    assert at_county.peers.count() == 1
