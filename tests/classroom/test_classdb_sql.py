"""The class database's SQL stays portable (issue 12.8): SQLite is named in one module only.

:mod:`game.classroom.classdb_sqlite` holds everything that is SQLite's own; every other module
of the game asks in standard SQL.  These checks read the source (no database needed), so a
SQLite-only statement added anywhere else fails here with the place it was written.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

GAME = Path(__file__).resolve().parents[2] / "game"
BACKEND = GAME / "classroom" / "classdb_sqlite.py"

SQLITE_ONLY = [
    r"\bPRAGMA\b",
    r"\bBEGIN\b",  # transactions are the backend's (standard SQL says START TRANSACTION)
    r"\bIMMEDIATE\b",
    r"\bINSERT\s+OR\b",
    r"\bREPLACE\s+INTO\b",
    r"\bON\s+CONFLICT\b",
    r"\bLIMIT\b",  # standard: FETCH FIRST n ROWS ONLY
    r"\bGLOB\b",
    r"\bIFNULL\b",  # standard: COALESCE
    r"\bAUTOINCREMENT\b",
    r"\bsqlite_\w+",
    r"\browid\b",
    r"\bstrftime\b|\bjulianday\b|\bdatetime\s*\(",
    r"\bRETURNING\b",
    r"\bATTACH\b|\bVACUUM\b",
]
RESERVED_NAMES = {"left", "at", "value", "key", "user", "order", "group", "end", "start", "time", "year"}
"""Words of standard SQL (or PostgreSQL, MySQL) that must not be a column's name unquoted."""
STATEMENT = re.compile(
    r"^\s*(SELECT\b|INSERT INTO\b|UPDATE \w+ SET\b|DELETE FROM\b|CREATE (TABLE|INDEX)\b|ALTER TABLE\b|DROP\b)"
)


def sql_strings(path: Path) -> list[tuple[int, str]]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.JoinedStr):
            text = "".join(
                v.value for v in node.values if isinstance(v, ast.Constant) and isinstance(v.value, str)
            )
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            text = node.value
        else:
            continue
        if STATEMENT.match(text):
            found.append((node.lineno, text))
    return found


def modules() -> list[Path]:
    return sorted(p for p in GAME.rglob("*.py") if p != BACKEND)


def test_only_the_backend_imports_sqlite() -> None:
    for path in modules():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = (
                [a.name for a in node.names]
                if isinstance(node, ast.Import)
                else [node.module or ""]
                if isinstance(node, ast.ImportFrom)
                else []
            )
            assert not any(n.split(".")[0] == "sqlite3" for n in names), (
                f"{path}:{node.lineno} imports sqlite3"
            )


@pytest.mark.parametrize("path", [GAME / "classroom" / "classdb.py"], ids=["classdb"])
def test_the_queries_are_standard_sql(path: Path) -> None:
    statements = sql_strings(path)
    assert len(statements) > 20  # the queries were found
    for line, text in statements:
        for pattern in SQLITE_ONLY:
            assert not re.search(pattern, text, re.IGNORECASE), f"{path.name}:{line}: {pattern} in {text!r}"
        unquoted = re.sub(r'"[^"]*"|\'[^\']*\'', "", text)
        # Keywords are written in capitals here, names in lower case: a lower-case reserved word is a name.
        for word in re.findall(r"[A-Za-z_]+", unquoted):
            assert word not in RESERVED_NAMES, (
                f"{path.name}:{line}: {word!r} is a reserved word of SQL; quote it or rename the column"
            )


def test_no_other_module_writes_sql_at_all() -> None:
    allowed = {GAME / "classroom" / "classdb.py"}
    for path in modules():
        if path not in allowed:
            assert not sql_strings(path), f"{path} holds SQL: the class database's queries live in classdb.py"


def test_the_backend_names_no_reserved_word_as_a_column() -> None:
    from game.classroom.classdb_sqlite import SCHEMA

    for statement in SCHEMA:
        for line in statement.splitlines()[1:]:
            name = line.strip().split(" ", 1)[0].strip('"').lower()
            if name and name not in ("unique", ")"):
                assert name not in RESERVED_NAMES or line.strip().startswith('"'), line
