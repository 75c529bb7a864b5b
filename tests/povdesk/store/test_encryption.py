"""Encryption at rest (issue 13 item 3): a store, its WAL, attachments and backups hold
no readable personal data; the passphrase, the recovery key and a wrong one; encrypting
and decrypting in place keep every row and leave no plain copy."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import text

from app.main import main
from povdesk import cipher
from povdesk.codes import StoreRole
from povdesk.errors import UserError
from povdesk.store import Store, backup, encryption, restore
from povdesk.store.building import building
from tests.conftest import add_two_households, snapshot

Run = pytest.CaptureFixture[str]
PASS = "qinglong-2026"
PHOTO = b"\x89PNG\r\n\x1a\n photo of the household's bank card 6230890898264474473" * 40


@pytest.fixture(autouse=True)
def no_keys(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Every test starts with no key unlocked and no passphrase in the environment."""
    for name in (cipher.PASSPHRASE_ENV, cipher.RECOVERY_ENV, "POVDESK_NEW_PASSPHRASE"):
        monkeypatch.delenv(name, raising=False)
    cipher._known.clear()
    yield
    cipher._known.clear()


def personal_values(store: Store) -> set[bytes]:
    """Names, ID numbers, phones and bank accounts in the store, as they would sit on disk."""
    found: set[str] = set()
    with store.read() as conn:
        for sql in (
            "SELECT name, id_number FROM member",
            "SELECT phone, bank_account, address FROM household",
        ):
            for row in conn.execute(text(sql)):
                found.update(str(v) for v in row if v and len(str(v)) >= 2)
    assert len(found) > 5, found  # the search below must have something to find
    return {v.encode("utf-8") for v in found}


def every_file(folder: Path) -> list[Path]:
    return [p for p in folder.rglob("*") if p.is_file()]


def readable(folder: Path, values: set[bytes], extra: bytes = b"") -> list[str]:
    hits = []
    for path in every_file(folder):
        data = path.read_bytes()
        hits += [f"{path.name}: {v.decode()}" for v in values if v in data]
        if extra and extra in data:
            hits.append(f"{path.name}: the photo")
    return hits


def new_encrypted(db: Path) -> str:
    key, recovery = encryption.new_key_for(db, PASS)
    with building(db, key=key) as tmp, Store(tmp, create=True) as store:
        store.villages.init_store(StoreRole.VILLAGE, "420323100201", "青龙村")
        add_two_households(store)
        hh = store.households.find("0001")
        assert hh is not None
        store.attachments.add(hh.id, PHOTO, filename="card.png")
    return recovery


def test_nothing_personal_in_any_byte_on_disk(tmp_path: Path) -> None:
    db = tmp_path / "village.sqlite"
    new_encrypted(db)
    with Store(db) as store:
        values = personal_values(store)
        hh = store.households.find("0002")
        assert hh is not None
        # A change still in the WAL (not folded into the file yet) is encrypted too.
        store.households.update(hh.id, {"bank_account": "6217001234567890123"})
        values.add(b"6217001234567890123")
        assert (tmp_path / "village.sqlite-wal").stat().st_size > 0
        assert readable(tmp_path, values, PHOTO[20:60]) == []
        backup.create(db)
        usb = tmp_path / "usb"
        backup.create(db, to=usb)
    files = every_file(tmp_path)
    assert any(p.suffix == ".backup" for p in files) and any("usb" in str(p) for p in files)
    assert any(".files" in str(p) for p in files)  # the photo is on disk, sealed
    assert readable(tmp_path, values, PHOTO[20:60]) == []
    # ... and the same search finds them in a plain store: the test can fail.
    plain = tmp_path / "plain"
    plain.mkdir()
    with Store(plain / "p.sqlite", create=True) as store:
        store.villages.init_store(StoreRole.VILLAGE, "420323100201", "青龙村")
        add_two_households(store)
        first = store.households.find("0001")
        assert first is not None
        store.attachments.add(first.id, PHOTO, filename="c.png")
    assert readable(plain, values, PHOTO[20:60])


def test_wrong_passphrase_is_said_and_nothing_is_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: Run
) -> None:
    db = tmp_path / "village.sqlite"
    new_encrypted(db)
    cipher._known.clear()
    before = {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in every_file(tmp_path)}
    monkeypatch.setenv(cipher.PASSPHRASE_ENV, "not-the-passphrase")
    assert main(["list", "--db", str(db)]) == 2
    err = capsys.readouterr().err
    assert "口令不正确" in err and "Wrong passphrase" in err and "Traceback" not in err
    monkeypatch.delenv(cipher.PASSPHRASE_ENV)
    assert main(["status", "--db", str(db), "0001", "拟退出"]) == 2  # no terminal, no key
    assert "此数据库已加密" in capsys.readouterr().err
    after = {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in every_file(tmp_path)}
    assert after == before
    with pytest.raises(UserError) as bad:
        Store(db)
    assert bad.value.code == "locked"


def test_recovery_key_resets_a_forgotten_passphrase(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: Run
) -> None:
    db = tmp_path / "village.sqlite"
    recovery = new_encrypted(db)
    cipher._known.clear()
    # Typed with spaces and full-width digits, as a cadre might copy it from paper.
    typed = recovery.replace("-", " ").replace("1", "１")
    monkeypatch.setenv(cipher.RECOVERY_ENV, typed)
    monkeypatch.setenv("POVDESK_NEW_PASSPHRASE", "new-passphrase-9")
    assert main(["passphrase", "--db", str(db)]) == 0
    monkeypatch.delenv(cipher.RECOVERY_ENV)
    cipher._known.clear()
    with pytest.raises(UserError) as old:
        cipher.unlock(db, passphrase=PASS)
    assert old.value.code == "bad_passphrase"
    cipher.unlock(db, passphrase="new-passphrase-9")
    with Store(db) as store:
        assert store.households.find("0001") is not None
    with pytest.raises(UserError) as wrong:
        cipher.unlock(db, recovery="1" * 48)
    assert wrong.value.code == "bad_recovery_key"
    with pytest.raises(UserError) as short:
        cipher.unlock(db, recovery="123")
    assert "48 位数字" in short.value.zh


@pytest.fixture
def plain_village(tmp_path: Path) -> tuple[Path, dict[str, object], set[bytes]]:
    """A plain store file (a county server's database is encrypted by the server)."""
    store = Store(tmp_path / "village.sqlite", create=True)
    store.villages.init_store(StoreRole.VILLAGE, "420323100201", "青龙村")
    add_two_households(store)
    hh = store.households.find("0001")
    assert hh is not None
    store.attachments.add(hh.id, PHOTO, filename="card.png")
    kept, values = snapshot(store), personal_values(store)
    db = Path(store.target)
    store.close()
    backup.create(db)  # an earlier, plain backup
    return db, kept, values


def test_encrypt_in_place_keeps_every_row_and_leaves_no_plain_copy(
    plain_village: tuple[Path, dict[str, object], set[bytes]],
) -> None:
    db, kept, values = plain_village
    assert readable(db.parent, values)  # plain before
    done = encryption.encrypt(db, PASS)
    assert len(cipher.normal_recovery_key(done.recovery_key)) == 48
    assert done.attachments == 1 and done.backups == 2  # the earlier one and the one before
    assert not cipher.has_plain_header(db) and cipher.is_encrypted(db)
    assert readable(db.parent, values, PHOTO[20:60]) == []
    cipher._known.clear()
    cipher.unlock(db, passphrase=PASS)
    with Store(db) as store:
        assert snapshot(store) == kept
        first = store.households.find("0001")
        assert first is not None
        assert store.attachments.read(store.attachments.of(first.id)[0].id) == PHOTO
    for item in backup.listing(db):
        assert backup.verify_file(Path(item.path)) == []
    # And back: plain again, the same rows, the key file gone, the backups readable.
    undone = encryption.decrypt(db)
    assert undone.attachments == 1 and undone.backups >= 2
    assert cipher.has_plain_header(db) and not cipher.key_path(db).exists()
    cipher._known.clear()
    with Store(db) as store:
        assert snapshot(store) == kept
    for item in backup.listing(db):
        assert cipher.has_plain_header(Path(item.path))
        assert backup.verify_file(Path(item.path)) == []


def test_a_cut_encryption_is_finished_by_running_it_again(
    plain_village: tuple[Path, dict[str, object], set[bytes]],
) -> None:
    db, _, values = plain_village
    encryption.encrypt(db, PASS)
    # As if cut before the attachments were sealed: put the plain photo back.
    files = backup.files_folder(db)
    (sealed,) = [p for p in files.rglob("*") if p.is_file()]
    sealed.write_bytes(PHOTO)
    assert readable(db.parent, set(), PHOTO[20:60])
    again = encryption.encrypt(db, PASS)
    assert again.recovery_key == "" and again.attachments == 1
    assert readable(db.parent, values, PHOTO[20:60]) == []


def test_a_backup_restores_on_another_laptop_with_the_passphrase(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: Run
) -> None:
    db = tmp_path / "laptop1" / "village.sqlite"
    db.parent.mkdir()
    new_encrypted(db)
    with Store(db) as store:
        kept = snapshot(store)
    usb = tmp_path / "usb"
    made = backup.create(db, to=usb)
    assert cipher.key_path(Path(made.path)).is_file()  # the wrapped key travels with it
    cipher._known.clear()
    other = tmp_path / "laptop2" / "village.sqlite"
    other.parent.mkdir()
    monkeypatch.setenv(cipher.PASSPHRASE_ENV, PASS)
    assert main(["backup", "restore", "--db", str(other), made.path, "--yes"]) == 0
    cipher._known.clear()
    assert cipher.is_encrypted(other)
    with Store(other) as store:
        assert snapshot(store) == kept
    monkeypatch.delenv(cipher.PASSPHRASE_ENV)
    cipher._known.clear()
    with pytest.raises(UserError):
        restore.restore(tmp_path / "laptop3.sqlite", Path(made.path))


def test_a_new_key_never_replaces_an_existing_stores(tmp_path: Path) -> None:
    db = tmp_path / "village.sqlite"
    new_encrypted(db)
    key_file = cipher.key_path(db).read_bytes()
    with pytest.raises(UserError) as exists:
        encryption.new_key_for(db, PASS)
    assert exists.value.code == "exists"
    assert cipher.key_path(db).read_bytes() == key_file
    with pytest.raises(UserError) as weak:
        encryption.new_key_for(tmp_path / "other.sqlite", "short")
    assert weak.value.code == "weak_passphrase"
    assert not cipher.key_path(tmp_path / "other.sqlite").exists()


def test_a_damaged_key_file_is_said_as_such(tmp_path: Path) -> None:
    db = tmp_path / "village.sqlite"
    new_encrypted(db)
    cipher._known.clear()
    cipher.key_path(db).write_text('{"format": "povdesk-keys/1", "slots": [{"kind": 1}]}')
    with pytest.raises(UserError) as bad:
        cipher.unlock(db, passphrase=PASS)
    assert bad.value.code == "bad_key_file"
    cipher.key_path(db).unlink()
    with pytest.raises(UserError) as gone:
        cipher.unlock(db, passphrase=PASS)
    assert gone.value.code == "no_key_file"


def test_a_plain_store_is_said_once_to_a_person(
    plain_village: tuple[Path, dict[str, object], set[bytes]],
    monkeypatch: pytest.MonkeyPatch,
    capsys: Run,
) -> None:
    db, _, _ = plain_village
    monkeypatch.setattr("sys.stderr.isatty", lambda: True)
    assert main(["summary", "--db", str(db)]) == 0
    assert "此数据库没有加密" in capsys.readouterr().err
    assert main(["summary", "--db", str(db)]) == 0
    assert "没有加密" not in capsys.readouterr().err  # once
    encryption.encrypt(db, PASS)
    (db.with_name(db.name + ".backups") / ".not-encrypted-said").unlink()
    assert main(["summary", "--db", str(db)]) == 0
    assert "没有加密" not in capsys.readouterr().err  # never for an encrypted store


def test_a_failed_new_build_takes_its_key_file_with_it(tmp_path: Path) -> None:
    db = tmp_path / "village.sqlite"
    key, _ = encryption.new_key_for(db, PASS)
    assert cipher.key_path(db).is_file()
    with pytest.raises(UserError), building(db, key=key) as tmp, Store(tmp, create=True) as store:
        store.villages.init_store(StoreRole.VILLAGE, "bad code", "青龙村")
    assert not db.exists() and not cipher.key_path(db).exists()


def test_encrypt_from_the_command_line_writes_the_recovery_sheet(
    plain_village: tuple[Path, dict[str, object], set[bytes]],
    monkeypatch: pytest.MonkeyPatch,
    capsys: Run,
) -> None:
    from pypdf import PdfReader

    db, _, _ = plain_village
    sheet = tmp = db.parent / "usb" / "恢复密钥.pdf"
    tmp.parent.mkdir()
    monkeypatch.setenv(cipher.PASSPHRASE_ENV, PASS)
    assert main(["encrypt", "--db", str(db), "--recovery-pdf", str(sheet)]) == 0
    out, err = capsys.readouterr()
    recovery = out.strip()
    assert len(cipher.normal_recovery_key(recovery)) == 48 and "只显示这一次" in err
    text = "".join(page.extract_text() for page in PdfReader(sheet).pages)
    assert "青龙村" in text and recovery.split("-")[0] in text
    assert PASS not in text
    cipher._known.clear()
    monkeypatch.delenv(cipher.PASSPHRASE_ENV)
    monkeypatch.setenv(cipher.RECOVERY_ENV, recovery)
    assert main(["summary", "--db", str(db)]) == 0
    assert main(["decrypt", "--db", str(db)]) == 2  # asks for --yes
    assert main(["decrypt", "--db", str(db), "--yes"]) == 0
    assert cipher.has_plain_header(db)
