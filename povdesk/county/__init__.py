"""The county office (issue 6): villages reporting in, review of proposed exits, spot
checks and the dashboard across villages. Headless: the CLI and the GUI call these."""

from __future__ import annotations

from typing import TYPE_CHECKING

from povdesk.codes import StoreRole
from povdesk.errors import UserError

if TYPE_CHECKING:
    from povdesk.store import Store


def require_county(store: Store) -> None:
    """The county's commands work on the county office's database only."""
    if store.role is not StoreRole.COUNTY:
        raise UserError(
            "这不是县级数据库；县级命令只用于县扶贫办的数据库。",
            "This is not a county database; county commands work on the county office's "
            "database only.",
            code="not_county",
        )
