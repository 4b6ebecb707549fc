"""Errors that name the file, row and column, so a user can fix the input without reading code."""

from __future__ import annotations

from pathlib import Path


class InputError(ValueError):
    """Bad input: carries file, row (1-based data row, header = row 1 of the file) and column."""

    def __init__(self, path: str | Path | None, message: str, row: int | None = None,
                 column: str | None = None):
        self.path = str(path) if path is not None else None
        self.row = row
        self.column = column
        self.message = message
        where = []
        if self.path:
            where.append(self.path)
        if row is not None:
            where.append(f"row {row}")
        if column is not None:
            where.append(f"column '{column}'")
        super().__init__(f"{', '.join(where)}: {message}" if where else message)


class ValidationError(InputError):
    """One or more schema rules failed; `problems` lists every (path, row, column, message)."""

    def __init__(self, problems: list[InputError]):
        self.problems = problems
        first = problems[0]
        more = f" (+{len(problems) - 1} more problems)" if len(problems) > 1 else ""
        super().__init__(first.path, first.message + more, first.row, first.column)

    def report(self) -> str:
        return "\n".join(f"  - {p}" for p in self.problems)
