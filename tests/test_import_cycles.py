"""Data flows one way: no module of the game imports, directly or through others, a module
that imports it back.

The import graph is read from the source (every ``import`` and ``from ... import``,
at module level or inside a function: a lazy import closes a circle just the same;
imports under ``if TYPE_CHECKING:`` are left out, as they never run).  The circles
found are the graph's strongly connected components of more than one module.
"""

from __future__ import annotations

import ast
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
GAME = REPO / "game"


def module_name(path: Path) -> str:
    parts = path.relative_to(REPO).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _imported(tree: ast.AST, package: str, modules: set[str]) -> set[str]:
    """The game modules ``tree`` imports (a ``from X import name`` that names a module counts it)."""
    found: set[str] = set()
    pending: list[ast.AST] = [tree]
    while pending:
        node = pending.pop()
        if isinstance(node, ast.If) and _is_type_checking(node):
            pending.extend(node.orelse)
            continue
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                source = ".".join([*base, node.module] if node.module else base)
            else:
                source = node.module or ""
            found.add(source)
            found.update(f"{source}.{alias.name}" for alias in node.names)
        pending.extend(ast.iter_child_nodes(node))
    return {name for name in found if name in modules}


def import_graph() -> dict[str, set[str]]:
    files = {module_name(path): path for path in GAME.rglob("*.py")}
    modules = set(files)
    graph = {}
    for name, path in files.items():
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        graph[name] = _imported(ast.parse(path.read_text(encoding="utf-8")), package, modules) - {name}
    return graph


def circles(graph: dict[str, set[str]]) -> list[set[str]]:
    """The strongly connected components of more than one module (Tarjan's algorithm)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[set[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in sorted(graph.get(node, ())):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = set()
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.add(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(component)

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_the_finder_sees_a_lazy_circle() -> None:
    source = "def f():\n    from game.b import x\n"
    graph = {
        "game.a": _imported(ast.parse(source), "game", {"game.a", "game.b"}),
        "game.b": _imported(ast.parse("from game.a import y\n"), "game", {"game.a", "game.b"}),
        "game.c": _imported(
            ast.parse("from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    import game.a\n"),
            "game",
            {"game.a"},
        ),
    }
    assert circles(graph) == [{"game.a", "game.b"}]


def test_the_class_report_is_built_then_rendered_never_back() -> None:
    graph = import_graph()
    assert "game.classroom.report" in graph["game.classroom.report_cmd"]  # the real tree is read
    report = {m for m in graph if m.startswith("game.classroom.report")}
    tangled = [sorted(circle) for circle in circles(graph) if circle & report]
    assert tangled == []
    for renderer in ("game.classroom.report_html", "game.classroom.report_text"):
        assert "game.classroom.report" not in graph[renderer]
        assert "game.classroom.report_model" in graph[renderer]
    assert not graph["game.classroom.report_model"] & {m for m in graph if m.startswith("game.classroom")}


def test_no_module_of_the_game_is_in_a_circle() -> None:
    """The whole of game/, now that both circles of issue 11 (item 15) are gone: results are
    built from a session (results imports the session) and the session never imports results."""
    graph = import_graph()
    assert "game.session" in graph["game.classroom.results"]  # the real tree is read
    assert not {m for m in graph["game.session"] if m.startswith("game.classroom")}
    assert [sorted(circle) for circle in circles(graph)] == []
