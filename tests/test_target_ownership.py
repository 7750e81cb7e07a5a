"""Which task a target belongs to when task bodies overlap (extract/enrich.py)."""

from extract.enrich import _innermost_targets, _task_targets
from extract.model import Task

TEXT = ("1．推进签约服务。到2025年签约率达到80%。\n附件2 任务分工表\n"
        "<table><tr><td>1</td><td>到2023年培养不少于3500名基层医生</td><td>市卫健委</td></tr></table>")
CELL = "到2023年培养不少于3500名基层医生"


def _task(tid: str, start: int, end: int, pieces=()) -> Task:
    return Task(id=tid, key=tid, parent=None, section="", title="", text=TEXT[start:end] if not pieces else CELL,
                span=(start, end), pieces=list(pieces))


def _assign(tasks: list[Task]) -> None:
    bodies = []
    for task in tasks:
        pieces, task.targets = _task_targets(task, TEXT, None)
        bodies.append(pieces)
    _innermost_targets(tasks, bodies)


def test_a_target_of_a_task_row_inside_another_task_belongs_to_the_row_only():
    cell = (TEXT.index(CELL), TEXT.index(CELL) + len(CELL))
    swallowing, row = _task("1", 2, len(TEXT)), _task("r1", *cell, pieces=[cell])
    _assign([swallowing, row])
    assert [(t.value, t.year) for t in swallowing.targets] == [(80, 2025)]
    assert [(t.value, t.comparator, t.year) for t in row.targets] == [(3500, ">=", 2023)]


def test_a_cell_shared_by_two_rows_keeps_its_target_in_both():
    cell = (TEXT.index(CELL), TEXT.index(CELL) + len(CELL))
    detail = (TEXT.index("市卫健委"), TEXT.index("市卫健委") + 4)
    first, second = _task("r1", *cell, pieces=[cell]), _task("r2", cell[0], detail[1], pieces=[cell, detail])
    _assign([first, second])
    assert [t.value for t in first.targets] == [3500]
    assert [t.value for t in second.targets] == [3500]
