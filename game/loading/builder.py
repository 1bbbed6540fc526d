"""Turn the located YAML of a story folder into a checked, immutable :class:`Story`.

The builder reads in two passes: first every definition in every file (so a
scene may name a scene defined later, in another file), then every reference,
condition, effect, passage and glossary mark.  Every problem is collected; a story
is built only when there are none.  The section readers live beside this module:
:mod:`~game.loading.build_sections` (the story's frame), :mod:`~game.loading.build_history`
(decisions, glossary, timeline), :mod:`~game.loading.build_scenes` (scenes, choices,
endings) and :mod:`~game.loading.build_text` (passages and named texts).
"""

from __future__ import annotations

from collections import deque

from game.engine.collector import collector_paused
from game.engine.conditions import CheckEnv
from game.engine.dates import date_key
from game.engine.model import Chapter, Story
from game.loading.build_base import folder_problem, plain
from game.loading.build_history import HistoryReaders
from game.loading.build_scenes import SceneBuilder
from game.loading.build_sections import SectionReaders
from game.loading.fields import describe
from game.loading.problems import did_you_mean
from game.loading.yaml_tree import YMap, YNode

SECTIONS = (
    "story",
    "variables",
    "roles",
    "characters",
    "chapters",
    "scenes",
    "decisions",
    "endings",
    "glossary",
    "timeline",
    "factions",
    "assemblies",
    "texts",
)


class Builder(SceneBuilder, SectionReaders, HistoryReaders):
    """Accumulates a story's definitions from many files, then checks and builds it."""

    # ================================================================ pass 1
    def add_file(self, root: YNode, display: str) -> None:
        """Read the definitions of one file's tree (pass 1)."""
        with collector_paused(settle=True):
            self._add_file(root, display)

    def _add_file(self, root: YNode, display: str) -> None:
        r = self.reader
        if not isinstance(root, YMap):
            r.report(
                root.pos,
                f"the top level of a story file should be a mapping of sections, not {describe(root)}",
                "start the file with a section name such as 'scenes:' on its own line",
            )
            return
        for key, value in root.entries:
            name = key.value
            if name not in SECTIONS:
                guess = did_you_mean(str(name), SECTIONS) or "sections are: " + ", ".join(SECTIONS)
                r.report(key.pos, f"unknown section '{name}'", guess)
                continue
            getattr(self, f"_read_{name}")(value)

    def build(self) -> Story | None:
        """Check every reference, condition, effect and mark (pass 2); the story, if there are no problems."""
        with collector_paused(settle=True):
            return self._build()

    def _build(self) -> Story | None:
        r = self.reader
        if self.story_node is None:
            r.problems.append(
                folder_problem("no file has a 'story:' section", "add story: with title: and version:")
            )
        if not self.roles:
            r.problems.append(folder_problem("the story has no roles", "add a roles: section"))
        if not self.scenes:
            r.problems.append(folder_problem("the story has no scenes", "add a scenes: section"))
        chapters = self._check_chapters()
        self._check_role_starts()
        env = self._env()
        self._build_texts(env)
        scenes = {ident: self._scene(raw, env) for ident, raw in self.scenes.items()}
        for ident, raw in self.raw_endings.items():
            ending = self._ending(raw, env)
            if ending is not None:
                self.endings[ident] = ending
        self._check_references(chapters)
        self._check_fates()
        self._check_marks()
        if r.problems or self.title is None or self.version is None:
            return None
        return Story(
            title=self.title,
            version=self.version,
            about=self.about,
            content_note=self.content_note,
            variables=self.variables,
            roles={k: v for k, (v, _) in self.roles.items()},
            chapters=chapters,
            scenes={k: v for k, v in scenes.items() if v is not None},
            decisions={k: v for k, (v, _) in self.decisions.items()},
            endings=self.endings,
            glossary=self.glossary,
            # In date order, whichever file each entry is written in (a stable sort: ties keep file order).
            timeline=tuple(sorted((entry for entry, _ in self.timeline), key=lambda e: date_key(e.date))),
            factions={k: v for k, (v, _) in self.factions.items()},
            assemblies={k: v for k, (v, _) in self.assemblies.items()},
            texts=self.texts,
            characters={k: v for k, (v, _) in self.characters.items()},
            subtitle=self.subtitle,
            note=self.note,
            role_prompt=self.role_prompt,
            references=tuple(self.references),
        )

    def _check_chapters(self) -> dict[str, Chapter]:
        r = self.reader
        first: dict[str, str] = {}
        for ident, raw in self.scenes.items():
            chapter = r.ident(raw.fields.get("chapter"), "chapter")
            if chapter is None:
                continue
            if chapter not in self.chapters:
                r.report(
                    raw.fields["chapter"].pos,
                    f"unknown chapter '{chapter}' in scene '{ident}'",
                    did_you_mean(chapter, self.chapters) or "declare it under chapters:",
                )
            first.setdefault(chapter, ident)
        out: dict[str, Chapter] = {}
        for ident, (m, title, start) in self.chapters.items():
            if start is not None:
                scene = self.scenes.get(start)
                if scene is None:
                    r.report(m.pos, f"chapter '{ident}' starts at unknown scene '{start}'")
                    continue
                if plain(scene.fields.get("chapter")) != ident:
                    r.report(m.pos, f"chapter '{ident}' starts at '{start}', a scene of another chapter")
                    continue
            elif ident not in first:
                r.report(m.pos, f"chapter '{ident}' has no scenes", "add scenes with chapter: " + ident)
                continue
            out[ident] = Chapter(ident, title, start or first[ident])
        return out

    def _env(self) -> CheckEnv:
        decision_choices: dict[str, set[str]] = {d: set() for d in self.decisions}
        for raw in self.scenes.values():
            decision = plain(raw.fields.get("decision"))
            if isinstance(decision, str) and decision in decision_choices:
                decision_choices[decision].update(c.id or c.next or "" for c in raw.choices)
        return CheckEnv(
            variables={n: ("bool" if v.is_flag else "int") for n, v in self.variables.items()},
            scenes=frozenset(self.scenes),
            roles=frozenset(self.roles),
            decisions={d: frozenset(c) for d, c in decision_choices.items()},
        )

    def _check_references(self, chapters: dict[str, Chapter]) -> None:
        r = self.reader
        for role, pos in self.roles.values():
            if role.start not in self.scenes:
                r.report(
                    pos,
                    f"role '{role.id}' starts at unknown scene '{role.start}'",
                    did_you_mean(role.start, self.scenes) or "start must be a scene id",
                )
        used = {plain(raw.fields.get("decision")) for raw in self.scenes.values()}
        for ident, (_, pos) in self.decisions.items():
            if ident not in used:
                r.report(
                    pos, f"decision '{ident}' is not used by any scene", f"add decision: {ident} to a scene"
                )
        for by, node in self.cases:
            if by not in self.factions:
                r.report(
                    node.pos,
                    f"a case names unknown faction '{by}'",
                    did_you_mean(by, self.factions) or "by: must be the id of a faction under factions:",
                )
        for assembly, m in self.assemblies.values():
            if assembly.decision not in self.decisions:
                where = m.get("decision")
                r.report(
                    where.pos if where is not None else m.pos,
                    f"assembly '{assembly.id}' names unknown decision '{assembly.decision}'",
                    did_you_mean(assembly.decision, self.decisions),
                )
        for entry, m in self.timeline:
            if entry.scene is not None and entry.scene not in self.scenes:
                r.report(
                    m.pos,
                    f"timeline entry names unknown scene '{entry.scene}'",
                    did_you_mean(entry.scene, self.scenes),
                )
            if entry.decision is not None and entry.decision not in self.decisions:
                r.report(
                    m.pos,
                    f"timeline entry names unknown decision '{entry.decision}'",
                    did_you_mean(entry.decision, self.decisions),
                )

    def _check_marks(self) -> None:
        known: dict[str, str] = {}
        for entry in self.glossary.values():
            for spelling in (entry.term, *entry.also):
                known[spelling.casefold()] = entry.term
        for term, pos in self.marks:
            if term.casefold() not in known:
                self.reader.report(
                    pos,
                    f"unknown glossary term '{term}'",
                    did_you_mean(term, [e.term for e in self.glossary.values()]) or "add it under glossary:",
                )

    def _check_fates(self) -> None:
        """Every ending a role can reach tells the fate of each of that role's characters."""
        if not self.characters:
            return
        r = self.reader
        for role, _ in self.roles.values():
            people = [c for c, _ in self.characters.values() if role.id in c.roles]
            if not people:
                continue
            for ending_id in self._endings_reached(role.start):
                ending = self.endings.get(ending_id)
                raw = self.raw_endings.get(ending_id)
                if ending is None or raw is None:
                    continue
                told = {fate.character for fate in ending.fates}
                missing = [c.id for c in people if c.id not in told]
                if missing:
                    names = ", ".join(f"'{m}'" for m in missing)
                    r.report(
                        raw.node.pos,
                        f"ending '{ending_id}' (reached as the {role.name}) tells no fate for {names}",
                        f"add fates: with {missing[0]}: what became of them (it may depend on the state)",
                    )

    def _endings_reached(self, start: str) -> list[str]:
        """The endings reachable from ``start`` along any choice (conditions ignored), in file order."""
        seen, queue = {start}, deque([start])
        while queue:
            raw = self.scenes.get(queue.popleft())
            for choice in raw.choices if raw else ():
                if choice.next is not None and choice.next not in seen:
                    seen.add(choice.next)
                    queue.append(choice.next)
        return [ending for ending in self.raw_endings if ending in seen]
