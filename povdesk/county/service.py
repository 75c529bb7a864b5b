"""The county office's work as a service on the store (`store.county`): the window, the
command line and tests ask here; the SQL stays in the modules beside this one. Each
write returns what it changed (`OpResult`: the value made and its `OpChanges`), so an
open view refreshes only what was touched."""

from __future__ import annotations

import datetime as dt
from typing import Any

from povdesk.county import dashboard, figures, review, sampling, villages
from povdesk.models import StatusRecordData
from povdesk.rules.facts import RuleContext
from povdesk.services.base import Service
from povdesk.services.status import Override
from povdesk.store.changes import OpResult


class County(Service):
    # -- review of proposed exits ---------------------------------------------------------
    def queue(self, ctx: RuleContext, village: str | None = None) -> list[dict[str, Any]]:
        return review.queue(self.store, ctx, village)

    def decide(
        self,
        key: str,
        decision: str,
        reason: str,
        *,
        village: str | None = None,
        ctx: RuleContext | None = None,
        override: Override | None = None,
        on: dt.date | None = None,
    ) -> OpResult[StatusRecordData]:
        return review.decide_op(
            self.store, key, decision, reason, village=village, ctx=ctx, override=override, on=on
        )

    # -- spot checks ---------------------------------------------------------------------
    def draw(self, percent: int, seed: str) -> OpResult[list[sampling.Drawn]]:
        return sampling.draw_op(self.store, percent, seed)

    def draws(self) -> list[dict[str, Any]]:
        return sampling.draws(self.store)

    # -- the villages' kept figures and the dashboard ------------------------------------
    def refresh(
        self,
        ctx: RuleContext,
        *,
        force: bool = False,
        progress: figures.Progress | None = None,
    ) -> OpResult[list[str]]:
        return figures.refresh_op(self.store, ctx, force=force, progress=progress)

    def figures(self) -> dict[str, dict[str, Any]]:
        """village id -> its kept figures."""
        return figures.kept(self.store)

    def dashboard(self, ctx: RuleContext) -> dashboard.County:
        return dashboard.county(self.store, ctx)

    def village(self, code: str, ctx: RuleContext) -> list[dict[str, Any]]:
        return dashboard.village(self.store, code, ctx)

    def household(self, key: str, ctx: RuleContext) -> dict[str, Any]:
        return dashboard.household(self.store, key, ctx)

    # -- villages reporting in -----------------------------------------------------------
    def ledger(self, today: dt.date | None = None) -> list[villages.VillageLedger]:
        return villages.ledger(self.store, today)

    def open_conflicts(self, village: str | None = None) -> list[dict[str, Any]]:
        return villages.open_conflicts(self.store, village)
