"""Story text that follows the state, checked when the story loads: passages and named texts.

Every passage (a scene's prose, a choice's text and aftermath, an ending's epilogue,
history and fates, a named text's cases) is parsed by :func:`game.engine.text.parse_passage`
and then checked: each condition against the story's declarations, each ``{name}``
against its variables and named texts. Every problem is located at its file, line and
column, inside block prose as well.
"""

from __future__ import annotations

from game.engine.conditions import CheckEnv, Expr, ExprError, check, parse
from game.engine.passage import NamedText, Passage, TextCase, new_passage
from game.engine.text import (
    TextError,
    TextLookup,
    alternatives,
    inserts,
    outside_play,
    parse_passage,
)
from game.loading.build_base import BuilderBase, offset_pos, positions, start_pos
from game.loading.fields import describe
from game.loading.problems import did_you_mean
from game.loading.yaml_tree import YMap, YNode, YScalar, YSeq


class TextBuilder(BuilderBase):
    """Parse and check passages; read (pass 1) and build (pass 2) the story's named texts."""

    # ---------------------------------------------------------------- passages
    def _passage(self, node: YNode, text: str, env: CheckEnv, what: str) -> Passage | None:
        """``text`` (the value of ``node``) parsed and checked, or None after reporting why."""
        r = self.reader
        if "{" not in text and "}" not in text and "[[" not in text:
            # Plain text, the most common (a choice's text): nothing in it to locate but its start.
            return new_passage(text, (text,) if text else (), start_pos(node, text))
        at = positions(node, text)
        self._collect_marks(text, node, at)
        try:
            passage = parse_passage(text, at)
        except (TextError, ExprError) as err:
            r.report(at(err.offset), f"{err.message} in {what}", err.hint)
            return None
        if passage.is_static:  # plain text: nothing in it to check
            return passage
        ok = True
        for alternative in alternatives(passage):
            for branch in alternative.branches:
                if branch.condition is None:
                    continue
                for error in self._check(branch.condition_text, branch.condition, env, "bool"):
                    ok = False
                    r.report(
                        at(branch.offset + error.offset),
                        f"{error.message} in the condition '{branch.condition_text}' of {what}",
                        error.hint,
                    )
        for insert in inserts(passage):
            if insert.name in self.variables or insert.name in self.raw_texts:
                continue
            ok = False
            known = [*self.variables, *self.raw_texts]
            r.report(
                at(insert.offset),
                f"unknown name '{{{insert.name}}}' in {what}",
                did_you_mean(insert.name, known)
                or "{name} prints a variable or a text declared under texts:; write {{ for a literal brace",
            )
        if not ok:
            return None
        return passage

    def _text_field(self, node: YNode | None, env: CheckEnv, what: str) -> Passage | None:
        """A required text field read as a passage (None if missing or wrong)."""
        text = self.reader.text(node, what)
        if text is None or node is None:
            return None
        return self._passage(node, text, env, what)

    def _check(self, text: str, expr: Expr, env: CheckEnv, want: str | None) -> list[ExprError]:
        """:func:`~game.engine.conditions.check` of ``expr``, parsed from ``text``, remembered
        for the build: a story repeats its conditions, and ``env`` does not change in pass 2.
        Each problem's offset is into ``text``, so it is located anew at every use."""
        key = (text, want)
        errors = self.checked.get(key)
        if errors is None:
            errors = self.checked[key] = check(expr, env, want)
        return errors

    def _outside_play(self, passage: Passage) -> str:
        """How a passage reads outside play (reports, handouts, maps)."""
        if passage.is_static:  # what render() gives, without a context and a lookup made for it
            return passage.source.strip("\n")
        return outside_play(passage, TextLookup(self.variables, self.texts))

    # ------------------------------------------------------------- named texts
    def _read_texts(self, node: YNode) -> None:
        r = self.reader
        m = r.mapping(node, "texts")
        if m is None:
            return
        for key, value in m.entries:
            name = r.check_id(str(key.value), key.pos, "text name")
            if name is None:
                continue
            if name in self.raw_texts:
                r.report(key.pos, f"text '{name}' is declared twice (first at {self.raw_texts[name][1]})")
                continue
            self.raw_texts[name] = (value, key.pos)

    def _build_texts(self, env: CheckEnv) -> None:
        """Build every named text (pass 2); then refuse texts that print themselves."""
        for name, (node, pos) in self.raw_texts.items():
            if name in self.variables:
                self.reader.report(
                    pos,
                    f"'{name}' is both a variable and a text",
                    "{name} would be ambiguous: rename the text",
                )
                continue
            cases = self._text_cases(name, node, env)
            if cases is not None:
                self.texts[name] = NamedText(name, cases, pos)
        self._check_text_cycles()

    def _text_cases(self, name: str, node: YNode, env: CheckEnv) -> tuple[TextCase, ...] | None:
        r = self.reader
        what = f"the text '{name}'"
        if isinstance(node, YScalar):
            passage = self._text_field(node, env, what)
            return None if passage is None else (TextCase(None, "", passage, node.pos),)
        if not isinstance(node, YSeq) or not node.items:
            r.report(
                node.pos,
                f"{what} should be text, or a list of cases, not {describe(node)}",
                "e.g. - {if: hunger > 5, text: starving} then - {text: hungry}",
            )
            return None
        cases: list[TextCase] = []
        ok = True
        for number, item in enumerate(node.items, 1):
            m = r.mapping(item, f"a case of {what}")
            if not isinstance(m, YMap):
                ok = False
                continue
            last = number == len(node.items)
            f = r.fields(m, f"a case of {what}", ["text"], ["if"])
            if last and "if" in f:
                r.report(
                    f["if"].pos,
                    f"the last case of {what} has an if:",
                    "end with a case without if: (what it says otherwise)",
                )
                ok = False
            if not last and "if" not in f:
                r.report(m.pos, f"only the last case of {what} may leave out if:", "add if: CONDITION")
                ok = False
            condition, condition_text = None, None
            if "if" in f:
                condition_text, condition = self._expr(
                    f["if"], env, "bool", f"the condition of a case of {what}"
                )
                ok = ok and condition is not None
            passage = self._text_field(f.get("text"), env, f"a case of {what}")
            if passage is None:
                ok = False
                continue
            cases.append(TextCase(condition, condition_text or "", passage, m.pos))
        return tuple(cases) if ok else None

    def _expr(self, node: YNode, env: CheckEnv, want: str, what: str) -> tuple[str | None, Expr | None]:
        r = self.reader
        if not isinstance(node, YScalar) or node.value is None:
            r.report(node.pos, f"the {what} should be written on one line, not {describe(node)}")
            return None, None
        if isinstance(node.value, bool | int) and not isinstance(node.value, float):
            text = str(node.value).lower() if isinstance(node.value, bool) else str(node.value)
        elif isinstance(node.value, str):
            text = node.value
        else:
            r.report(node.pos, f"the {what} should be a whole number, true/false or an expression")
            return None, None
        try:
            expr = parse(text)
        except ExprError as err:
            self._expr_problem(node, text, err, what)
            return text, None
        errors = self._check(text, expr, env, want)
        for error in errors:
            self._expr_problem(node, text, error, what)
        return text, (None if errors else expr)

    def _expr_problem(self, node: YScalar, text: str, err: ExprError, what: str) -> None:
        pos = offset_pos(node, text, err.offset)
        self.reader.report(pos, f"{err.message} in {what} '{text}'", err.hint)

    def _check_text_cycles(self) -> None:
        uses = {
            name: {i.name for case in text.cases for i in inserts(case.passage) if i.name in self.texts}
            for name, text in self.texts.items()
        }
        reported: set[str] = set()
        for start in uses:
            path = _cycle_from(start, uses)
            if path and not reported.intersection(path):
                reported.update(path)
                loop = " -> ".join([*path, path[0]])
                pos = self.texts[start].pos or self.raw_texts[start][1]
                self.reader.report(pos, f"texts print each other in a loop: {loop}", "break the loop")
                for name in path:
                    self.texts.pop(name, None)


def _cycle_from(start: str, uses: dict[str, set[str]]) -> list[str] | None:
    """A loop of texts through ``start`` (each printing the next), or None."""
    stack: list[tuple[str, list[str]]] = [(start, [start])]
    seen: set[str] = set()
    while stack:
        name, path = stack.pop()
        for used in sorted(uses.get(name, ())):
            if used == start:
                return path
            if used not in seen:
                seen.add(used)
                stack.append((used, [*path, used]))
    return None
