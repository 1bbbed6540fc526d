"""Scenes, choices and endings: read in pass 1, checked and built (with their passages) in pass 2."""

from __future__ import annotations

from game.engine.conditions import CheckEnv, Int
from game.engine.model import Choice, Effect, Ending, Fate, Pos, Scene
from game.engine.passage import EMPTY
from game.loading.build_base import RawChoice, RawEnding, RawScene, plain
from game.loading.build_text import TextBuilder
from game.loading.problems import did_you_mean
from game.loading.yaml_tree import YMap, YNode

CHOICE_KEYS = ("id", "if", "unavailable", "set", "add", "historical", "aftermath")
_CHOICE_REQUIRED = ("text", "next")


class SceneBuilder(TextBuilder):
    """Read scenes and endings (pass 1); check and build them with their choices (pass 2)."""

    def _read_scenes(self, node: YNode) -> None:
        r = self.reader
        for m, ident in self._items(node, "scenes"):
            f = r.fields(
                m,
                f"scene '{ident}'",
                ["id", "chapter", "date", "place", "title", "prose", "choices"],
                ["decision"],
            )
            if not self._claim(ident, m.pos, "scene"):
                continue
            raw = RawScene(m, f, ident)
            self.scenes[ident] = raw
            choices = r.sequence(f.get("choices"), f"the choices of '{ident}'")
            if choices is not None and not choices.items:
                r.report(choices.pos, f"scene '{ident}' has an empty list of choices")
            where = f"a choice in '{ident}'"
            for item in choices.items if choices else ():
                cm = r.mapping(item, where)
                if cm is None:
                    continue
                cf = r.fields(cm, where, _CHOICE_REQUIRED, CHOICE_KEYS)
                cid = r.ident(cf.get("id"), "choice id") if "id" in cf else None
                nxt = r.ident(cf.get("next"), "next")
                raw.choices.append(RawChoice(cm, cf, cid, r.text(cf.get("text"), "the choice's text"), nxt))

    def _read_endings(self, node: YNode) -> None:
        r = self.reader
        for m, ident in self._items(node, "endings"):
            what = f"ending '{ident}'"
            f = r.fields(m, what, ["id", "title", "epilogue", "history"], ["sources", "fates"])
            if self._claim(ident, m.pos, "ending"):
                self.raw_endings[ident] = RawEnding(m, f, ident)

    # ================================================================ pass 2
    def _ending(self, raw: RawEnding, env: CheckEnv) -> Ending | None:
        r = self.reader
        f, what = raw.fields, f"ending '{raw.id}'"
        title = r.text(f.get("title"), "title")
        epilogue = self._text_field(f.get("epilogue"), env, f"the epilogue of {what}")
        history = self._text_field(f.get("history"), env, f"the history of {what}")
        sources = self._sources(f.get("sources"), what) if "sources" in f else ()
        fates = self._fates(f.get("fates"), env, what)
        if title and epilogue and history and fates is not None:
            return Ending(raw.id, title, epilogue, history, sources, fates)
        return None

    def _fates(self, node: YNode | None, env: CheckEnv, what: str) -> tuple[Fate, ...] | None:
        """An ending's ``fates:`` (character id -> passage), in written order; None after a problem."""
        if node is None:
            return ()
        r = self.reader
        m = r.mapping(node, f"the fates of {what}")
        if not isinstance(m, YMap):
            return None
        fates: list[Fate] = []
        ok = True
        for key, value in m.entries:
            ident = r.check_id(str(key.value), key.pos, "character id")
            if ident is None:
                ok = False
                continue
            if ident not in self.characters:
                r.report(
                    key.pos,
                    f"unknown character '{ident}' in the fates of {what}",
                    did_you_mean(ident, self.characters) or "declare them under characters:",
                )
                ok = False
                continue
            passage = self._text_field(value, env, f"the fate of '{ident}' in {what}")
            if passage is None:
                ok = False
                continue
            fates.append(Fate(ident, passage))
        return tuple(fates) if ok else None

    def _scene(self, raw: RawScene, env: CheckEnv) -> Scene | None:
        r = self.reader
        f = raw.fields
        texts = {k: r.text(f.get(k), f"the {k} of '{raw.id}'") for k in ("date", "place", "title")}
        prose = self._text_field(f.get("prose"), env, f"the prose of '{raw.id}'")
        decision = r.ident(f.get("decision"), "decision") if "decision" in f else None
        if decision is not None and decision not in self.decisions:
            r.report(
                f["decision"].pos,
                f"unknown decision '{decision}' in scene '{raw.id}'",
                did_you_mean(decision, self.decisions) or "define it under decisions:",
            )
        choices: list[Choice] = []
        seen: dict[str, Pos] = {}
        complete = True
        for rc in raw.choices:
            choice = self._choice(raw, rc, decision, env)
            if choice is None:
                complete = False
                continue
            if choice.id in seen:
                hint = "give each choice its own id:" if rc.id is None else "rename one"
                r.report(rc.node.pos, f"two choices in '{raw.id}' have the id '{choice.id}'", hint)
                continue
            seen[choice.id] = rc.node.pos
            choices.append(choice)
        chapter = plain(f.get("chapter"))
        if (
            not all(texts.values())
            or prose is None
            or not isinstance(chapter, str)
            or not choices
            or not complete
        ):
            return None
        return Scene(
            raw.id,
            chapter,
            texts["date"] or "",
            texts["place"] or "",
            texts["title"] or "",
            prose,
            tuple(choices),
            decision,
            raw.node.pos,
        )

    def _choice(self, scene: RawScene, rc: RawChoice, decision: str | None, env: CheckEnv) -> Choice | None:
        """A choice checked whole: every problem in it is reported, not just the first."""
        r = self.reader
        f = rc.fields
        ok = True
        if rc.next is not None and rc.next not in self.scenes and rc.next not in self.raw_endings:
            r.report(
                f["next"].pos,
                f"choice in '{scene.id}' goes to unknown scene or ending '{rc.next}'",
                did_you_mean(rc.next, [*self.scenes, *self.raw_endings])
                or "check the spelling, or add that scene",
            )
            ok = False
        where = f"a choice in '{scene.id}'"
        text = self._passage(f["text"], rc.text, env, f"the text of {where}") if rc.text is not None else None
        aftermath = EMPTY
        if "aftermath" in f:
            aftermath = self._text_field(f["aftermath"], env, f"the aftermath of {where}") or EMPTY
            ok = ok and not aftermath.is_empty
        condition, condition_text = None, None
        if "if" in f:
            condition_text, condition = self._expr(f["if"], env, "bool", "condition")
            ok = ok and condition is not None
        unavailable = r.text(f.get("unavailable"), "unavailable") if "unavailable" in f else None
        if unavailable is not None and "if" not in f:
            r.report(
                f["unavailable"].pos, "'unavailable:' only makes sense with 'if:'", "add an if: condition"
            )
        historical = (r.boolean(f.get("historical"), "historical") or False) if "historical" in f else False
        if historical and decision is None:
            r.report(
                f["historical"].pos,
                f"'historical:' is set on a choice in '{scene.id}', which has no decision:",
                "add decision: to the scene, or remove historical:",
            )
        effects, effects_ok = self._effects(f, env)
        if text is None or rc.next is None or not ok or not effects_ok:
            return None
        return Choice(
            rc.id or rc.next,
            text,
            rc.next,
            condition,
            condition_text,
            unavailable,
            tuple(effects),
            historical,
            rc.node.pos,
            aftermath,
            self._outside_play(text),
        )

    def _effects(self, f: dict[str, YNode], env: CheckEnv) -> tuple[list[Effect], bool]:
        """The choice's effects, and whether all of them were right."""
        r = self.reader
        effects: list[Effect] = []
        if "set" not in f and "add" not in f:
            return effects, True
        problems = len(r.problems)
        for kind in ("set", "add"):
            m = r.mapping(f.get(kind), f"'{kind}:'")
            for key, value in m.entries if m else ():
                name = str(key.value)
                var = self.variables.get(name)
                if var is None:
                    r.report(
                        key.pos,
                        f"unknown variable '{name}' in {kind}:",
                        did_you_mean(name, self.variables) or "declare it under variables:",
                    )
                    continue
                if kind == "add":
                    if var.is_flag:
                        r.report(key.pos, f"'{name}' is a flag; use set: {name}: true (or false)")
                        continue
                    amount = r.integer(value, f"the amount added to '{name}'")
                    if amount is None:
                        continue
                    assert var.minimum is not None and var.maximum is not None
                    if abs(amount) > var.maximum - var.minimum:
                        r.report(
                            value.pos,
                            f"adding {amount} to '{name}' is out of range ({var.minimum}..{var.maximum})",
                            "use a smaller amount",
                        )
                        continue
                    effects.append(Effect(name, "add", Int(amount, 0)))
                    continue
                _, expr = self._expr(value, env, "bool" if var.is_flag else "int", f"value for '{name}'")
                if expr is None:
                    continue
                if isinstance(expr, Int) and not var.is_flag:
                    assert var.minimum is not None and var.maximum is not None
                    if not var.minimum <= expr.value <= var.maximum:
                        r.report(
                            value.pos,
                            f"set {name}: {expr.value} is out of range ({var.minimum}..{var.maximum})",
                        )
                        continue
                effects.append(Effect(name, "set", expr))
        return effects, len(r.problems) == problems
