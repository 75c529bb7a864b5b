"""Services: every change to the data goes through one of these, and so through a `Tx`."""

from __future__ import annotations

from typing import TYPE_CHECKING

from povdesk.services.cadres import Cadres
from povdesk.services.checks import Checks
from povdesk.services.config import Config
from povdesk.services.households import Households
from povdesk.services.journal import Audit, Sync
from povdesk.services.ledger import Ledger
from povdesk.services.members import Members
from povdesk.services.money import Funds, Incomes, Measures
from povdesk.services.monitoring import Monitoring
from povdesk.services.status import Status
from povdesk.services.stored import StoredChecks
from povdesk.services.villages import Villages
from povdesk.services.work import Assessments, Attachments, Visits

if TYPE_CHECKING:
    from povdesk.services.base import StoreAPI

SERVICES = {
    "villages": Villages,
    "households": Households,
    "members": Members,
    "cadres": Cadres,
    "incomes": Incomes,
    "measures": Measures,
    "funds": Funds,
    "assessments": Assessments,
    "visits": Visits,
    "attachments": Attachments,
    "status": Status,
    "config": Config,
    "checks": Checks,
    "audit": Audit,
    "sync": Sync,
    "ledger": Ledger,
    "monitoring": Monitoring,
    "stored": StoredChecks,
}


def attach(store: StoreAPI) -> None:
    for name, cls in SERVICES.items():
        setattr(store, name, cls(store))


__all__ = [
    "SERVICES",
    "Assessments",
    "Attachments",
    "Audit",
    "Cadres",
    "Checks",
    "Config",
    "Funds",
    "Households",
    "Incomes",
    "Ledger",
    "Measures",
    "Members",
    "Monitoring",
    "Status",
    "StoredChecks",
    "Sync",
    "Villages",
    "Visits",
    "attach",
]
