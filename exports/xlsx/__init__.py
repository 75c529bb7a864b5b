"""Spreadsheets for the county office (openpyxl; never Qt)."""

from exports.xlsx.report import ReportCounts, write_report

__all__ = ["ReportCounts", "write_report"]
