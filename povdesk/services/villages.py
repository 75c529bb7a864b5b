"""Villages and the store's own identity (role, home village)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from povdesk.codes import StoreRole
from povdesk.errors import NotFound, UserError
from povdesk.inputs import text_problem
from povdesk.models import VillageData
from povdesk.services.base import Service, as_data, fetch, sibling
from povdesk.services.config import Config
from povdesk.services.village_code import check_village_code


class Villages(Service):
    entity = "village"

    def init_store(self, role: StoreRole, code: str, name: str, **values: Any) -> VillageData:
        """Set the store's role; a village store's home village is created here."""
        if self.store.meta().get("role"):
            raise UserError(
                "此数据库已经初始化过。",
                "This database is already initialised.",
                code="already_initialised",
            )
        if role is StoreRole.VILLAGE:
            check_village_code(code)
        elif not (code.isascii() and code.isdigit() and len(code) == 6):
            # It names the county's bundle files: digits only (issue 11).
            raise UserError(
                f"县代码应为 6 位数字：{code!r}",
                f"A county code is 6 digits: {code!r}",
                code="invalid",
            )
        if not name.strip():
            raise UserError("名称不能为空", "A name is required", code="invalid")
        bad = text_problem(name, limit=60)
        if bad is not None:
            raise UserError(f"名称{bad[0]}", f"The name {bad[1]}", code="invalid")
        with self.store.tx() as tx:
            tx.set_meta("role", role.value)
            tx.set_meta("area_code", code)
            tx.set_meta("name", name)
            sibling(self.store, "config", Config).seed_defaults(tx)
            if role is StoreRole.VILLAGE:
                row = tx.insert("village", {"code": code, "name": name, **values})
                tx.set_meta("home_village", row["id"])
                return as_data(VillageData, row)
        return VillageData(code=code, name=name)

    def create(self, code: str, name: str, **values: Any) -> VillageData:
        check_village_code(code)
        if self.find(code) is not None:
            raise UserError(
                f"村代码 {code} 已存在", f"Village code {code} already exists", code="duplicate"
            )
        with self.store.tx() as tx:
            return as_data(
                VillageData, tx.insert("village", {"code": code, "name": name, **values})
            )

    def update(self, village_id: str, **values: Any) -> VillageData:
        if "code" in values:
            check_village_code(values["code"])
        with self.store.tx() as tx:
            return as_data(VillageData, tx.update("village", village_id, values))

    def find(self, key: str) -> VillageData | None:
        t = self.t
        with self.store.read() as conn:
            rows = fetch(conn, select(t).where((t.c.id == key) | (t.c.code == key)), VillageData)
        return rows[0] if rows else None

    def get(self, key: str) -> VillageData:
        found = self.find(key)
        if found is None:
            raise NotFound("村", "village", key)
        return found

    def all(self) -> list[VillageData]:
        with self.store.read() as conn:
            return fetch(conn, select(self.t).order_by(self.t.c.code), VillageData)

    def home(self) -> VillageData | None:
        """The village this store belongs to; None on a county store."""
        home = self.store.meta().get("home_village")
        return self.find(home) if home else None

    def default_id(self) -> str:
        """The village a new household goes to when none is named."""
        home = self.home()
        if home is not None:
            return home.id
        villages = self.all()
        if len(villages) == 1:
            return villages[0].id
        raise UserError(
            "请指明村（本数据库有多个村或还没有村）。",
            "Name the village (this database has several villages, or none yet).",
            code="which_village",
        )
