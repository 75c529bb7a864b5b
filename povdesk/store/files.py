"""Attachment files, stored by content hash beside the database.

`<db>.files/ab/abcdef...` : the same photo attached twice is stored once, a file's name
says what it must contain (so a damaged copy is detectable), and files are written to a
temporary name and renamed, so a power cut never leaves a half-written file under a
valid name.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path

from povdesk.errors import UserError, os_reason_zh


class FileStore:
    def __init__(self, root: Path) -> None:
        self.root = root

    def path(self, sha256: str) -> Path:
        return self.root / sha256[:2] / sha256

    def put(self, data: bytes) -> str:
        digest = hashlib.sha256(data).hexdigest()
        target = self.path(digest)
        if target.exists():
            return digest
        tmp: str | None = None
        try:
            # Readable only by the user: photos of a household's papers are personal data.
            self.root.mkdir(mode=0o700, parents=True, exist_ok=True)
            target.parent.mkdir(mode=0o700, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".part-")
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
                fh.flush()
                os.fsync(fh.fileno())
            os.replace(tmp, target)
        except OSError as exc:
            if tmp is not None:
                Path(tmp).unlink(missing_ok=True)
            raise UserError(
                f"无法保存附件：{os_reason_zh(exc)}。",
                f"Could not store the attachment (disk full or not writable): {exc.strerror}",
                code="disk",
            ) from None
        return digest

    def read(self, sha256: str) -> bytes:
        data = self.path(sha256).read_bytes()
        if hashlib.sha256(data).hexdigest() != sha256:
            raise UserError(
                f"附件文件已损坏：{sha256[:12]}",
                f"Attachment file is damaged: {sha256[:12]}",
                code="damaged",
            )
        return data

    def has(self, sha256: str) -> bool:
        return self.path(sha256).exists()
