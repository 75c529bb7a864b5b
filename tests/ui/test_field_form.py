"""The form reads money as the money kind reads it everywhere (issue 15 §3)."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QValidator

from povdesk.errors import UserError
from povdesk.fields import specs
from povdesk.models import FundEntryData, IncomeData
from ui.field_form import FieldForm


def _state(form: FieldForm, name: str, text: str) -> QValidator.State:
    widget = form.widgets[name]
    state, _, _ = widget.validator().validate(text, 0)  # type: ignore[attr-defined]
    return state


def test_an_amount_with_full_width_comma_and_yuan_is_taken(qtbot) -> None:  # type: ignore[no-untyped-def]
    """The form's key filter refused "1，234.50元" and to_fen refused 元; the roster
    read it. Now all three read it alike."""
    form = FieldForm(specs(IncomeData))
    qtbot.addWidget(form)
    assert _state(form, "wages", "1，234.50元") == QValidator.State.Acceptable
    assert _state(form, "wages", "1,234.50") == QValidator.State.Acceptable
    assert _state(form, "wages", "-3") == QValidator.State.Invalid  # no sign on income
    form.widgets["wages"].setText("1，234.50元")  # type: ignore[attr-defined]
    assert form.values()["wages"] == 123450


def test_a_sign_only_where_the_field_takes_one(qtbot) -> None:  # type: ignore[no-untyped-def]
    form = FieldForm(specs(FundEntryData))
    qtbot.addWidget(form)
    assert _state(form, "amount", "-3.00") == QValidator.State.Acceptable
    form.widgets["amount"].setText("-3.00")  # type: ignore[attr-defined]
    assert form.values()["amount"] == -300


def test_a_bad_amount_names_its_field(qtbot) -> None:  # type: ignore[no-untyped-def]
    form = FieldForm(specs(IncomeData))
    qtbot.addWidget(form)
    form.widgets["wages"].setText("12.345")  # type: ignore[attr-defined]
    with pytest.raises(UserError, match="工资性收入"):
        form.values()
