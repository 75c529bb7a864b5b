"""数据库恢复密钥 sheet: one page with an encrypted store's 48-digit recovery key, printed
at setup and kept at the township or county office (povdesk/store/cipher.py).

The key is the only way back into the store when the passphrase is forgotten, so it is
set large, in its eight groups of six, with a QR code of the same digits for a phone to
read it back; the sheet never holds the passphrase. Written like every file povdesk
hands out: whole or not at all (exports.files).
"""

from __future__ import annotations

import io
from pathlib import Path

from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.graphics.shapes import Drawing
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, SimpleDocTemplate, Spacer, Table, TableStyle

from exports.files import write_atomic
from exports.pdf import fonts, page

TITLE = "数据库恢复密钥"
QR_SIZE = 50 * mm
KEY_STYLE = page.style(20, align=1, leading=30)

INSTRUCTIONS = (
    "请打印本页，交乡镇或县扶贫办保管，不要和笔记本电脑放在一起。",
    "任何人同时拿到本恢复密钥和这台电脑，就能读取其中的全部数据；请像保管公章一样保管本页。",
    "忘记口令时：打开 povdesk，在输入口令的窗口点“忘记口令？”（使用恢复密钥），"
    "输入本页的 48 位数字，再设置新口令即可，数据不会丢失。",
    "本页不含口令。更改口令后本恢复密钥仍然有效；解除加密后重新加密会生成新的恢复密钥，"
    "届时请打印新的一页并销毁本页。",
)


def groups(recovery_key: str) -> list[str]:
    """The key's digits in the eight groups of six it is typed in."""
    digits = "".join(ch for ch in recovery_key if ch.isdigit())
    return [digits[i : i + 6] for i in range(0, len(digits), 6)]


def qr(recovery_key: str) -> Drawing:
    """A QR code of the digits alone (what the unlock dialog accepts)."""
    widget = QrCodeWidget("".join(groups(recovery_key)), barLevel="M")
    x0, y0, x1, y1 = widget.getBounds()
    drawing = Drawing(
        QR_SIZE, QR_SIZE, transform=[QR_SIZE / (x1 - x0), 0, 0, QR_SIZE / (y1 - y0), 0, 0]
    )
    drawing.add(widget)
    return drawing


def story(*, village: str, recovery_key: str, key_id: str, made_at: str) -> list[Flowable]:
    width = page.frame_width()
    parts = groups(recovery_key)
    key_lines = [
        page.para("  ".join(parts[:4]), KEY_STYLE),
        page.para("  ".join(parts[4:]), KEY_STYLE),
    ]
    about = page.pairs(
        [("村（单位）", village), ("密钥编号", key_id), ("生成日期", made_at)], width, columns=1
    )
    boxed = Table([[key_lines]], colWidths=[width])
    boxed.setStyle(
        TableStyle([("BOX", (0, 0), (-1, -1), 1.2, "black"), ("TOPPADDING", (0, 0), (-1, -1), 8)])
    )
    code = Table([[qr(recovery_key)]], colWidths=[width])
    code.setStyle(TableStyle([("ALIGN", (0, 0), (-1, -1), "CENTER")]))
    return [
        page.title(TITLE),
        about,
        Spacer(1, 6 * mm),
        page.para("恢复密钥（48 位数字）：", page.HEADING),
        boxed,
        Spacer(1, 4 * mm),
        code,
        page.heading("说明"),
        *[page.para(f"{n}. {line}") for n, line in enumerate(INSTRUCTIONS, 1)],
    ]


def render(*, village: str, recovery_key: str, key_id: str, made_at: str) -> bytes:
    fonts.ensure_fonts()
    buf = io.BytesIO()
    doc = SimpleDocTemplate(
        buf,
        pagesize=A4,
        leftMargin=page.MARGIN,
        rightMargin=page.MARGIN,
        topMargin=page.MARGIN,
        bottomMargin=page.MARGIN,
        title=f"{TITLE} {village}",
        creator="povdesk",
    )
    doc.build(story(village=village, recovery_key=recovery_key, key_id=key_id, made_at=made_at))
    return buf.getvalue()


def recovery_sheet(
    path: Path, *, village: str, recovery_key: str, key_id: str, made_at: str
) -> None:
    """Write the sheet to `path` (a full USB stick leaves no half PDF behind)."""
    data = render(village=village, recovery_key=recovery_key, key_id=key_id, made_at=made_at)
    write_atomic(path, data)
