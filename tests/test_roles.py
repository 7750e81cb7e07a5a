"""The Role enum (extract/model.py): one spelling per role from the records to the CSV."""

from __future__ import annotations

import csv
import io
from dataclasses import fields

from extract.export import to_csv
from extract.model import ROLE_FIELDS, ExtractionResult, Role, Task
from extract.pipeline import extract_text


def test_roles_values_and_task_fields():
    assert [r.value for r in Role] == ["lead", "participant", "responsible"]
    assert ROLE_FIELDS == ("lead", "participants", "responsible")
    assert set(ROLE_FIELDS) <= {f.name for f in fields(Task)}
    assert f"{Role.PARTICIPANT}" == str(Role.PARTICIPANT) == "participant" and Role("lead") is Role.LEAD


def test_the_csv_writes_each_role_by_its_value():
    docs = extract_text("某市方案\n\n一、任务\n\n1. 建设平台。（市科技局牵头，市财政局、市发改委参与）\n\n"
                        "2. 完善机制。（市工信局负责）\n")
    out = io.StringIO()
    assert to_csv(ExtractionResult(documents=docs), out) == 4
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert [(r["task_id"], r["role"], r["department"]) for r in rows] == [
        ("1", "lead", "市科技局"), ("1", "participant", "市财政局"), ("1", "participant", "市发改委"),
        ("2", "responsible", "市工信局")]
