"""Photos and other attachments through the real widgets: thumbnails, adding, opening,
saving a copy, removing (kept by the audit), and a visit saved with its photos. The file
dialogs, the confirmation and the system viewer are the dialog's replaceable methods."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QBuffer, QIODevice, Qt
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QDialog

from povdesk.errors import UserError
from povdesk.services.work import MAX_ATTACHMENT
from povdesk.store import Store
from tests.conftest import snapshot
from ui.attachments import AttachmentsDialog, thumbnail
from ui.visit_form import VisitForm


def png_bytes(width: int = 300, height: int = 150) -> bytes:
    image = QImage(width, height, QImage.Format.Format_RGB32)
    image.fill(0x3366CC)
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    assert image.save(buffer, "PNG")
    return bytes(buffer.data().data())


@pytest.fixture
def files(tmp_path: Path) -> tuple[Path, Path]:
    photo, note = tmp_path / "房屋.png", tmp_path / "说明.txt"
    photo.write_bytes(png_bytes())
    note.write_text("危房改造验收单", encoding="utf-8")
    return photo, note


def stored_files(store: Store) -> list[Path]:
    return [p for p in store.files.root.rglob("*") if p.is_file()]


def dialog_for(qtbot, store: Store, paths: list[Path], lang: str = "zh") -> AttachmentsDialog:  # type: ignore[no-untyped-def]
    dialog = AttachmentsDialog(store, store.households.get("0001").id, lang)
    qtbot.addWidget(dialog)
    dialog.ask_paths = lambda: paths  # type: ignore[method-assign]
    return dialog


def test_thumbnail_keeps_the_aspect_ratio_and_refuses_non_images(qapp) -> None:  # type: ignore[no-untyped-def]
    image = thumbnail(png_bytes(300, 150), 96)
    assert image is not None and (image.width(), image.height()) == (96, 48)
    tall = thumbnail(png_bytes(50, 200), 64)
    assert tall is not None and (tall.width(), tall.height()) == (16, 64)
    assert thumbnail(b"not a picture") is None
    assert thumbnail(b"") is None
    assert thumbnail(png_bytes()[:60]) is None  # a photo cut short by a pulled USB stick


def test_add_open_save_and_remove(qtbot, village: Store, files, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    photo, note = files
    dialog = dialog_for(qtbot, village, [photo, note])
    dialog.caption.setText("改造后的房屋")
    dialog.kind.setCurrentIndex(dialog.kind.findData("document"))
    with qtbot.waitSignal(dialog.changed):
        qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)
    assert dialog.message.text() == ""
    saved = {a.filename: a for a in village.attachments.of(dialog.household_id)}
    assert set(saved) == {"房屋.png", "说明.txt"}
    assert {a.kind for a in saved.values()} == {"document"}
    assert saved["房屋.png"].caption == "改造后的房屋"
    assert village.attachments.read(saved["房屋.png"].id) == photo.read_bytes()
    assert village.attachments.read(saved["说明.txt"].id) == note.read_bytes()

    assert dialog.list.count() == 2
    items = {
        dialog.list.item(i).data(Qt.ItemDataRole.UserRole): dialog.list.item(i) for i in range(2)
    }
    photo_icon = items[saved["房屋.png"].id].icon().pixmap(96, 96).toImage()
    note_icon = items[saved["说明.txt"].id].icon().pixmap(96, 96).toImage()
    assert photo_icon.pixelColor(48, 24).name() == "#3366cc"  # the photo itself, shrunk
    assert note_icon.pixelColor(48, 24).name() != "#3366cc"  # the style's file icon
    assert "改造后的房屋" in items[saved["房屋.png"].id].text()

    opened: list[Path] = []
    dialog.open_file = opened.append  # type: ignore[method-assign]
    dialog.list.setCurrentItem(items[saved["房屋.png"].id])
    qtbot.mouseClick(dialog.open_button, Qt.MouseButton.LeftButton)
    assert [p.name for p in opened] == ["房屋.png"]
    assert opened[0].read_bytes() == photo.read_bytes()

    copy = tmp_path / "copy.png"
    dialog.ask_save_path = lambda name: copy  # type: ignore[method-assign]
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert copy.read_bytes() == photo.read_bytes()

    dialog.confirm_remove = lambda a: False  # type: ignore[method-assign]
    qtbot.mouseClick(dialog.remove_button, Qt.MouseButton.LeftButton)
    assert len(village.attachments.of(dialog.household_id)) == 2
    dialog.confirm_remove = lambda a: True  # type: ignore[method-assign]
    with qtbot.waitSignal(dialog.changed):
        qtbot.mouseClick(dialog.remove_button, Qt.MouseButton.LeftButton)
    left = village.attachments.of(dialog.household_id)
    assert [a.filename for a in left] == ["说明.txt"] and dialog.list.count() == 1
    history = village.audit.history("attachment", saved["房屋.png"].id)
    assert [h["action"] for h in history][-1] == "delete"


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_an_unreadable_file_saves_nothing(
    qtbot, village: Store, files, tmp_path: Path, lang
) -> None:  # type: ignore[no-untyped-def]
    photo, _note = files
    dialog = dialog_for(qtbot, village, [photo, tmp_path / "gone.jpg"], lang)
    before = snapshot(village)
    with qtbot.assertNotEmitted(dialog.changed):
        qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)
    expected = "无法读取文件" if lang == "zh" else "Cannot read the file"
    assert expected in dialog.message.text() and "gone.jpg" in dialog.message.text()
    assert snapshot(village) == before and stored_files(village) == []
    assert dialog.list.count() == 0


def test_a_too_large_file_saves_nothing(qtbot, village: Store, files, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    photo, _note = files
    big = tmp_path / "录像.mp4"
    with big.open("wb") as fh:
        fh.truncate(MAX_ATTACHMENT + 1)  # sparse: no 50 MB really written
    dialog = dialog_for(qtbot, village, [photo, big])
    before = snapshot(village)
    qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)
    assert "附件超过 50 MB" in dialog.message.text() and "录像.mp4" in dialog.message.text()
    assert snapshot(village) == before and stored_files(village) == []


def test_escape_closes(qtbot, village: Store) -> None:  # type: ignore[no-untyped-def]
    dialog = dialog_for(qtbot, village, [])
    dialog.show()
    qtbot.waitExposed(dialog)
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible()


def visit_form(qtbot, store: Store, paths: list[Path]) -> VisitForm:  # type: ignore[no-untyped-def]
    cadre = store.cadres.all(active_only=True)[0]
    form = VisitForm(store, store.households.get("0001").id, cadre.id)
    qtbot.addWidget(form)
    form.ask_paths = lambda: paths  # type: ignore[method-assign]
    form.findings.setPlainText("屋顶已修好")
    return form


def test_a_visit_is_saved_with_its_photos(qtbot, village: Store, files) -> None:  # type: ignore[no-untyped-def]
    photo, _note = files
    form = visit_form(qtbot, village, [photo])
    form.add_photos()
    form.add_photos()  # the same photo twice is listed once
    assert form.photos.count() == 1 and form.photos.item(0).text() == "房屋.png"
    with qtbot.waitSignal(form.saved) as signal:
        form.save()
    visit_id = signal.args[0]
    [visit] = [v for v in village.visits.of(form.household_id) if v.id == visit_id]
    assert visit.findings == "屋顶已修好"
    [attachment] = village.attachments.of(form.household_id)
    assert (attachment.visit_id, attachment.kind) == (visit_id, "photo")
    assert village.attachments.read(attachment.id) == photo.read_bytes()


def test_a_bad_photo_leaves_the_store_unchanged(
    qtbot, village: Store, files, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    photo, _note = files
    form = visit_form(qtbot, village, [photo, tmp_path / "丢失.jpg"])
    form.add_photos()
    assert form.photos.count() == 2  # listed with the plain file icon until Save reads it
    before = snapshot(village)
    with qtbot.assertNotEmitted(form.saved):
        form.save()
    assert "无法读取文件" in form.message.text() and "丢失.jpg" in form.message.text()
    assert snapshot(village) == before and stored_files(village) == []
    assert form.result() != QDialog.DialogCode.Accepted  # still open for the user to fix


def test_photos_left_over_are_retried_without_a_second_visit(  # type: ignore[no-untyped-def]
    qtbot, village: Store, files, monkeypatch
) -> None:
    photo, note = files
    form = visit_form(qtbot, village, [photo, note])
    form.add_photos()
    real_add = village.attachments.add

    def add_once(household_id, data, **values):  # type: ignore[no-untyped-def]
        if values["filename"] == "说明.txt":
            raise UserError("数据库忙", "The database is busy", code="busy")
        return real_add(household_id, data, **values)

    monkeypatch.setattr(village.attachments, "add", add_once)
    with qtbot.waitSignal(form.changed), qtbot.assertNotEmitted(form.saved):
        form.save()
    assert "走访已保存" in form.message.text() and "数据库忙" in form.message.text()
    assert [form.photos.item(i).text() for i in range(form.photos.count())] == ["说明.txt"]
    monkeypatch.setattr(village.attachments, "add", real_add)
    with qtbot.waitSignal(form.saved):
        form.save()
    [visit] = village.visits.of(form.household_id)
    linked = {a.filename: a.visit_id for a in village.attachments.of(form.household_id)}
    assert linked == {"房屋.png": visit.id, "说明.txt": visit.id}


def test_a_lost_file_is_said_inline_and_shown_as_a_plain_icon(qtbot, village: Store, files) -> None:  # type: ignore[no-untyped-def]
    photo, _note = files
    hid = village.households.get("0001").id
    added = village.attachments.add(hid, photo)
    village.files.path(added.sha256).unlink()  # e.g. the database copied without .files
    dialog = dialog_for(qtbot, village, [], "en")
    item = dialog.list.item(0)
    assert item.icon().pixmap(96, 96).toImage().pixelColor(48, 24).name() != "#3366cc"
    opened: list[Path] = []
    dialog.open_file = opened.append  # type: ignore[method-assign]
    dialog.list.setCurrentItem(item)
    qtbot.mouseClick(dialog.open_button, Qt.MouseButton.LeftButton)
    assert opened == [] and "file is missing: 房屋.png" in dialog.message.text()


def test_escape_asks_before_picked_photos_are_lost(
    qtbot, village: Store, files, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    from ui import messages

    photo, _note = files
    form = visit_form(qtbot, village, [photo])
    form.findings.clear()
    assert not form.is_dirty()
    form.add_photos()
    answers = ["cancel", "save"]
    monkeypatch.setattr(messages, "ask_save", lambda parent: answers.pop(0))
    form.show()
    qtbot.waitExposed(form)
    qtbot.keyClick(form, Qt.Key.Key_Escape)
    assert form.isVisible() and village.visits.of(form.household_id) == []
    with qtbot.waitSignal(form.saved):
        qtbot.keyClick(form, Qt.Key.Key_Escape)
    assert not form.isVisible() and answers == []
    [attachment] = village.attachments.of(form.household_id)
    assert attachment.visit_id == village.visits.of(form.household_id)[0].id


def test_a_photo_shows_as_a_thumbnail_on_the_household_page(
    qtbot, village: Store, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import QUrl
    from PySide6.QtGui import QColor, QImage, QTextDocument

    from tests.ui.test_main_window import loaded

    image = QImage(300, 200, QImage.Format.Format_RGB32)
    image.fill(QColor("green"))
    path = tmp_path / "house.png"
    assert image.save(str(path))
    hid = village.households.get("0001").id
    photo = village.attachments.add(hid, path, caption="危房改造后")
    window = loaded(qtbot, village)
    window.table.selectRow(0)
    qtbot.waitUntil(lambda: "照片与附件" in window.detail.toPlainText())
    shown = window.detail.document().resource(
        QTextDocument.ResourceType.ImageResource, QUrl(f"att:{photo.id}")
    )
    assert isinstance(shown, QImage) and max(shown.width(), shown.height()) == 96
    dialog = window.edit_attachments()
    assert dialog is not None
    qtbot.addWidget(dialog)
    assert dialog.list.count() == 1
