"""设置 › 备份与恢复: the store's backups, "back up now", "back up to a USB stick"
(encrypted to a passphrase), and restore (after showing what it loses).

The rules live in povdesk.store.backup and povdesk.store.restore; this page only asks and shows.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from povdesk.errors import UserError
from povdesk.store import Store, backup, restore
from ui import messages
from ui.i18n import said, tr
from ui.tasks import TaskManager


def automatic(store: Store, reason: str, *, only_if_due: bool = False) -> UserError | None:
    """The window's automatic backup (daily while open, on closing); a failure is
    returned to be shown, never raised: closing the window must not be blocked by it."""
    if "://" in store.target:
        return None
    if only_if_due and not backup.due(Path(store.target)):
        return None
    try:
        backup.automatic(store.target, reason)
    except UserError as exc:
        return exc
    return None


class DailyBackup:
    """At most one automatic backup a day while a window is open: looked at a minute
    after the window opens, then hourly, in the background (the timers are the window's
    children and die with it)."""

    def __init__(
        self,
        window: QMainWindow,
        store: Store,
        tasks: TaskManager,
        failed: Callable[[UserError], None],
        lang: str,
    ) -> None:
        self.window, self.store, self.tasks, self.failed, self.lang = (
            window,
            store,
            tasks,
            failed,
            lang,
        )
        hourly = QTimer(window, interval=3_600_000)
        hourly.timeout.connect(self.run)
        hourly.start()
        first = QTimer(window, interval=60_000, singleShot=True)
        first.timeout.connect(self.run)
        first.start()

    def run(self) -> None:
        self.tasks.run(
            lambda: automatic(self.store, "daily", only_if_due=True), self._done, self.failed
        )

    def _done(self, failed: UserError | None) -> None:
        if failed is not None:
            self.window.statusBar().showMessage(said(failed, self.lang))


def reason_label(reason: str) -> str:
    return {
        "manual": tr("手动备份"),
        "daily": tr("每日自动备份"),
        "on_close": tr("关闭时自动备份"),
        "before_import": tr("导入前自动备份"),
        "before_upgrade": tr("升级前自动备份"),
        "before_restore": tr("恢复前保留的原数据"),
        "damaged_copy": tr("已损坏的原文件"),
    }.get(reason, reason)


def loss_text(loss: restore.Loss) -> str:
    if loss.unknown:
        return tr("当前数据库已损坏，无法列出将丢失的修改；恢复前会原样保留一份。")
    lines = []
    if loss.other_store:
        lines.append(tr("注意：这份备份来自另一个数据库。"))
    if not loss.entries:
        lines.append(tr("恢复不会丢失任何修改。"))
    else:
        lines.append(tr("恢复将丢失备份之后的 {0} 条修改：").format(loss.entries))
        lines += [tr("户 {0}：{1} 条").format(n, c) for n, c in loss.households[:30]]
        if len(loss.households) > 30:
            lines.append(tr("……另有 {0} 户").format(len(loss.households) - 30))
    lines.append(tr("当前数据会先保留为一份备份。确定恢复吗？"))
    return "\n".join(lines)


class BackupPage(QWidget):
    restored = Signal()

    def __init__(self, store: Store, lang: str = "zh", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.lang = lang
        self.db = Path(store.target)
        self.table = QTableWidget(0, 4)
        self.table.setHorizontalHeaderLabels([tr("时间"), tr("类别"), tr("大小"), tr("校验")])
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.now = QPushButton(tr("立即备份"))
        self.now.clicked.connect(self.back_up_now)
        self.usb = QPushButton(tr("备份到U盘…"))
        self.usb.clicked.connect(self.back_up_to_folder)
        self.restore_button = QPushButton(tr("从所选备份恢复…"))
        self.restore_button.clicked.connect(self.restore_selected)
        self.message = QLabel(wordWrap=True)
        note = QLabel(
            tr(
                "povdesk 每天、关闭窗口时和每次导入前自动备份，保留最近 7 天每天一份、"
                "之前 4 周每周一份。备份到U盘的副本用密码加密，U盘丢失也不会泄露数据。"
            ),
            wordWrap=True,
        )
        buttons = QHBoxLayout()
        for b in (self.now, self.usb, self.restore_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(note)
        layout.addWidget(self.table)
        layout.addLayout(buttons)
        layout.addWidget(self.message)
        if "://" in store.target:  # a county server: pg_dump's job
            for b in (self.now, self.usb, self.restore_button):
                b.setEnabled(False)
            self.message.setText(
                tr("县级服务器数据库请用 PostgreSQL 自带的备份工具备份（见使用说明）。")
            )
            return
        self.load()

    def load(self) -> None:
        self.items = backup.listing(self.db)
        self.table.setRowCount(len(self.items))
        for row, b in enumerate(self.items):
            when = dt.datetime.fromisoformat(b.made_at).astimezone().strftime("%Y-%m-%d %H:%M")
            cells = (
                when,
                reason_label(b.reason),
                f"{b.size / 1_000_000:.1f} MB",
                tr("已校验") if b.verified else tr("未校验"),
            )
            for col, value in enumerate(cells):
                item = QTableWidgetItem(value)
                item.setData(Qt.ItemDataRole.UserRole, b.path)
                self.table.setItem(row, col, item)

    def _say(self, text: str) -> None:
        self.message.setText(text)

    def _error(self, exc: UserError) -> None:
        self.message.setText(said(exc, self.lang))

    def back_up_now(self) -> None:
        try:
            made = backup.create(self.db, reason="manual")
        except UserError as exc:
            self._error(exc)
            return
        self.load()
        self._say(tr("备份已完成并通过校验：{0}").format(made.path))

    def back_up_to_folder(self) -> None:
        where = messages.choose_folder(self, tr("选择U盘或文件夹"))
        if where is None:
            return
        secret = messages.new_passphrase(self)
        if secret is None:
            return
        try:
            made = backup.create(self.db, reason="manual", to=where, passphrase=secret)
        except UserError as exc:
            self._error(exc)
            return
        self._say(tr("已加密备份到：{0}。请牢记密码，没有密码无法恢复。").format(made.path))

    def selected(self) -> Path | None:
        row = self.table.currentRow()
        if row < 0 or row >= len(self.items):
            return None
        return Path(self.items[row].path)

    def restore_selected(self) -> None:
        chosen = self.selected()
        if chosen is None:
            self._say(tr("请先在表中选择一份备份。"))
            return
        self.restore_from(chosen)

    def restore_from(self, file: Path, passphrase: str | None = None) -> bool:
        try:
            with backup.opened(file, passphrase) as plain:
                problems = backup.verify_file(plain)
                if problems:
                    raise restore.not_verified(file, problems)
                loss = restore.preview(self.db, plain)
            if not messages.confirm(self, loss_text(loss)):
                return False
            self.store.close()  # the next read opens the restored file
            done = restore.restore(self.db, file, passphrase)
        except UserError as exc:
            self._error(exc)
            return False
        self.store.store_id = self.store.meta()["store_id"]
        self.load()
        kept = str(done.kept) if done.kept else ""
        self._say(tr("已从备份恢复。原数据已保留为：{0}").format(kept))
        self.restored.emit()
        return True
