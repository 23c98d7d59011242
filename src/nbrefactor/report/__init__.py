"""Renderers of audit results: text for people, JSON and SARIF for machines."""

from __future__ import annotations

from typing import Callable

from nbrefactor.engine.audit import AuditResult
from nbrefactor.report.json_report import SCHEMA_VERSION, render_json, report_dict
from nbrefactor.report.sarif import render_sarif, sarif_dict
from nbrefactor.report.text import render_text

RENDERERS: dict[str, Callable[[AuditResult], str]] = {
    "text": render_text,
    "json": render_json,
    "sarif": render_sarif,
}

__all__ = ["RENDERERS", "SCHEMA_VERSION", "render_json", "render_sarif", "render_text", "report_dict", "sarif_dict"]
