"""What can be said about a bundle without the recipient's store: it is encrypted to the
recipient, so only the envelope and the file name speak. `bundle inspect` with no store
says this much instead of failing on a database that is not there."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from povdesk.errors import UserError

AGE_MAGIC = b"age-encryption.org/v1\n"
# exports/bundle/writer.py names bundles 村代码-000017.pvb (village to county) and
# 县代码-to-村代码-000004.pvb (county back to a village).
_NAME = re.compile(r"^(\d{6,12})(?:-to-(\d{6,12}))?-(\d{6})\.pvb$", re.IGNORECASE)


@dataclass(frozen=True)
class Outside:
    name: str
    size: int
    encrypted: bool  # an age file, as every povdesk bundle is
    sender_area: str | None  # from the file name, if it has povdesk's form
    recipient_area: str | None
    seq: int | None

    def as_dict(self) -> dict[str, object]:
        return {
            "file": self.name,
            "size": self.size,
            "povdesk_bundle": self.encrypted,
            "sender_area_code": self.sender_area,
            "recipient_area_code": self.recipient_area,
            "seq": self.seq,
            "needs_recipient_store": True,
        }

    def lines(self) -> list[str]:
        out: list[str] = []
        if not self.encrypted:
            return [
                f"{self.name} 不是 povdesk 数据包（不是加密的数据包文件）。",
                f"{self.name} is not a povdesk bundle (not an encrypted bundle file).",
            ]
        out.append(f"{self.name} 是 povdesk 数据包（已加密，{self.size} 字节）。")
        if self.seq is not None:
            to = f"，发给 {self.recipient_area}" if self.recipient_area else ""
            out.append(f"按文件名：发送方代码 {self.sender_area}，第 {self.seq} 号{to}。")
        out.append(
            "内容只有接收方的数据库能解密：请在接收方的电脑上用 "
            "povdesk bundle inspect 文件 --db 数据库 查看发送方、数量和签名。"
        )
        out.append(f"{self.name} is a povdesk bundle (encrypted, {self.size} bytes).")
        if self.seq is not None:
            to = f", for {self.recipient_area}" if self.recipient_area else ""
            out.append(f"From its name: sender code {self.sender_area}, number {self.seq}{to}.")
        out.append(
            "Only the recipient's database can decrypt it: run povdesk bundle inspect FILE "
            "--db DATABASE on the recipient's computer to see sender, counts and signature."
        )
        return out


def look(path: Path) -> Outside:
    """The envelope of `path`; UserError when the file cannot be read."""
    try:
        with path.open("rb") as fh:
            head = fh.read(len(AGE_MAGIC))
        size = path.stat().st_size
    except IsADirectoryError:
        raise UserError(
            f"这是一个文件夹，不是数据包文件：{path}",
            f"This is a folder, not a bundle file: {path}",
            code="bad_bundle",
        ) from None
    except FileNotFoundError:
        raise UserError(
            f"文件不存在：{path}", f"The file does not exist: {path}", code="bad_bundle"
        ) from None
    except OSError:
        raise UserError(
            f"无法读取文件：{path}", f"Cannot read the file: {path}", code="bad_bundle"
        ) from None
    match = _NAME.match(path.name)
    return Outside(
        name=path.name,
        size=size,
        encrypted=head == AGE_MAGIC,
        sender_area=match.group(1) if match else None,
        recipient_area=match.group(2) if match else None,
        seq=int(match.group(3)) if match else None,
    )
