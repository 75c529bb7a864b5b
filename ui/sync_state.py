"""Short words for the sync dialogs and for a household's sync state on its page."""

from __future__ import annotations

from povdesk.sync.state import State
from ui.i18n import tr


def state_label(state: State | None) -> str:
    """e.g. "有改动未导出" for a household edited since the last bundle; "" when unknown."""
    if state is None:
        return ""
    if not state.linked:
        return tr("尚未与对方交换公钥")
    if state.changed_since_last_export:
        return tr("有改动未导出")
    if state.county:
        return tr("村里已收到") if state.peer_has else tr("已发回村里，待确认")
    return tr("县里已有") if state.county_has else tr("已导出，待县里确认")


def household_label(states: dict[str, State], household_id: str) -> str:
    """For the household page, given `household_sync_state(store)` read once per load."""
    return state_label(states.get(household_id))


def size_text(n: int) -> str:
    if n < 1024:
        return tr("{0} 字节").format(n)
    if n < 1024 * 1024:
        return f"{n / 1024:.1f} KB"
    return f"{n / 1024 / 1024:.1f} MB"
