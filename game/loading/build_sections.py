"""Pass 1 readers for the story's frame: story, variables, roles, characters, chapters, factions and
assemblies."""

from __future__ import annotations

from dataclasses import replace

from game.engine.model import (
    DEFAULT_ROLE_PROMPT,
    Assembly,
    Character,
    Composition,
    CompositionGroup,
    Faction,
    Reference,
    Resolution,
    Role,
    Variable,
)
from game.loading.build_base import BuilderBase
from game.loading.problems import did_you_mean
from game.loading.yaml_tree import YNode, YScalar


class SectionReaders(BuilderBase):
    """Read the sections that frame a story (pass 1)."""

    def _read_story(self, node: YNode) -> None:
        r = self.reader
        m = r.mapping(node, "story")
        if m is None:
            return
        if self.story_node is not None:
            first = self.story_node.pos
            r.report(m.pos, f"a second 'story:' section (the first is at {first})", "keep only one")
            return
        self.story_node = m
        f = r.fields(
            m,
            "story",
            ["title", "version"],
            ["about", "subtitle", "note", "role_prompt", "references", "content_note"],
        )
        self.title = r.text(f.get("title"), "the story's title")
        self.version = r.integer(f.get("version"), "the story's version")
        if self.version is not None and self.version < 0:
            r.report(f["version"].pos, "the story's version should be 0 or more")
        self.about = r.text(f.get("about"), "about", allow_empty=True) or ""
        self.subtitle = r.text(f.get("subtitle"), "the story's subtitle") or ""
        self.note = r.text(f.get("note"), "the story's note") or ""
        self.role_prompt = r.text(f.get("role_prompt"), "the story's role_prompt") or DEFAULT_ROLE_PROMPT
        self.content_note = r.text(f.get("content_note"), "content_note", allow_empty=True) or ""
        self._read_references(f.get("references"))

    def _read_references(self, node: YNode | None) -> None:
        """``references:``: the works the sources cite, each with its short and full form."""
        r = self.reader
        what = "a reference of the story"
        seq = r.sequence(node, "the story's references")
        for item in seq.items if seq else ():
            m = r.mapping(item, what)
            if m is None:
                continue
            f = r.fields(m, what, ["cite", "short"], ["full"])
            cite, short = r.text(f.get("cite"), "cite"), r.text(f.get("short"), "short")
            full = r.text(f.get("full"), "full") if "full" in f else cite
            if cite and short and full:
                self.references.append(Reference(" ".join(cite.split()), short, " ".join(full.split())))

    def _read_variables(self, node: YNode) -> None:
        r = self.reader
        m = r.mapping(node, "variables")
        if m is None:
            return
        for key, spec in m.entries:
            name = r.check_id(str(key.value), key.pos, "variable name")
            if name is None:
                continue
            if name in self.variables:
                r.report(key.pos, f"variable '{name}' is declared twice")
                continue
            var = self._variable(name, spec)
            if var is not None:
                self.variables[name] = var

    def _variable(self, name: str, spec: YNode) -> Variable | None:
        r = self.reader
        m = r.mapping(spec, f"variable '{name}'")
        if m is None:
            return None
        f = r.fields(m, f"variable '{name}'", ["name", "default"], ["min", "max", "words", "hidden"])
        display = r.text(f.get("name"), f"the display name of '{name}'")
        default_node = f.get("default")
        hidden = r.boolean(f.get("hidden"), "hidden") or False
        if default_node is None or display is None:
            return None
        if not isinstance(default_node, YScalar) or not isinstance(default_node.value, int):
            r.report(default_node.pos, f"the default of '{name}' should be a whole number or true/false")
            return None
        default = default_node.value
        if isinstance(default, bool):
            for extra in ("min", "max", "words"):
                if extra in f:
                    r.report(f[extra].pos, f"'{name}' is a flag (true/false), so it has no {extra}")
            return Variable(name, display, default, hidden=hidden)
        lo, hi = r.integer(f.get("min"), "min"), r.integer(f.get("max"), "max")
        if "min" not in f or "max" not in f:
            r.report(m.pos, f"the number '{name}' needs both min: and max:", "e.g. min: 0 and max: 10")
            return None
        if lo is None or hi is None:
            return None
        if lo > hi:
            r.report(f["min"].pos, f"min ({lo}) is larger than max ({hi}) for '{name}'")
            return None
        if not lo <= default <= hi:
            r.report(default_node.pos, f"the default of '{name}' ({default}) is outside {lo}..{hi}")
            return None
        words: list[tuple[int, str]] = []
        wmap = r.mapping(f.get("words"), f"the words of '{name}'")
        if wmap is not None:
            for wkey, wval in wmap.entries:
                at = r.integer(wkey, "a words key")
                word = r.text(wval, f"the word for {wkey.value}")
                if at is not None and word is not None:
                    words.append((at, word))
        return Variable(name, display, default, lo, hi, tuple(sorted(words)), hidden)

    def _read_roles(self, node: YNode) -> None:
        r = self.reader
        for m, ident in self._items(node, "roles"):
            f = r.fields(
                m,
                f"role '{ident}'",
                ["id", "name", "description", "start"],
                ["composite", "real_people", "wants", "fears", "set"],
            )
            if ident in self.roles:
                r.report(m.pos, f"role '{ident}' is defined twice (first at {self.roles[ident][1]})")
                continue
            name = r.text(f.get("name"), "the role's name")
            desc = r.text(f.get("description"), "the role's description")
            start = r.ident(f.get("start"), "start")
            composite, wants, fears = (r.text(f.get(k), k) or "" for k in ("composite", "wants", "fears"))
            people = self._texts(f.get("real_people"), "real_people", "a real person")
            if name and desc and start:
                role = Role(ident, name, desc, start, composite, people, wants, fears)
                self.roles[ident] = (role, f["start"].pos)
                if "set" in f:
                    self.role_starts[ident] = f["set"]

    def _check_role_starts(self) -> None:
        """Pass 2: each role's ``set:`` names declared variables, each given a value of its kind."""
        r = self.reader
        for ident, node in self.role_starts.items():
            m = r.mapping(node, f"role '{ident}' set:")
            values: list[tuple[str, int | bool]] = []
            for key, value in m.entries if m else ():
                name = str(key.value)
                var = self.variables.get(name)
                if var is None:
                    hint = did_you_mean(name, self.variables) or "declare it under variables:"
                    r.report(key.pos, f"unknown variable '{name}' in role '{ident}' set:", hint)
                    continue
                if var.is_flag:
                    flag = r.boolean(value, f"the value '{name}' starts with")
                    if flag is not None:
                        values.append((name, flag))
                    continue
                number = r.integer(value, f"the value '{name}' starts with")
                if number is None:
                    continue
                assert var.minimum is not None and var.maximum is not None
                if not var.minimum <= number <= var.maximum:
                    r.report(value.pos, f"{name}: {number} is out of range ({var.minimum}..{var.maximum})")
                    continue
                values.append((name, number))
            role, pos = self.roles[ident]
            self.roles[ident] = (replace(role, starts_with=tuple(values)), pos)

    def _read_characters(self, node: YNode) -> None:
        r = self.reader
        for m, ident in self._items(node, "characters"):
            what = f"character '{ident}'"
            f = r.fields(m, what, ["id", "name"], ["role", "roles", "who"])
            if ident in self.characters:
                r.report(m.pos, f"{what} is defined twice (first at {self.characters[ident][1]})")
                continue
            name = r.text(f.get("name"), "the character's name")
            who = r.text(f.get("who"), "who") or ""
            roles: list[str] = []
            if "role" in f and "roles" in f:
                r.report(f["roles"].pos, f"{what} has both role: and roles:", "keep one")
            if "role" in f:
                role = r.ident(f["role"], "role")
                roles = [role] if role else []
            elif "roles" in f:
                seq = r.sequence(f["roles"], "roles")
                roles = [
                    role
                    for item in (seq.items if seq else ())
                    if (role := r.ident(item, "a role")) is not None
                ]
            else:
                r.report(
                    m.pos, f"{what} names no role", "add role: ROLE_ID (the role whose story they are in)"
                )
            if name:
                self.characters[ident] = (Character(ident, name, tuple(roles), who), m.pos)

    def _read_factions(self, node: YNode) -> None:
        r = self.reader
        for m, ident in self._items(node, "factions"):
            what = f"faction '{ident}'"
            f = r.fields(m, what, ["id", "name", "who", "wants", "fears"])
            if ident in self.factions:
                r.report(m.pos, f"{what} is defined twice (first at {self.factions[ident][1]})")
                continue
            texts = {
                key: r.text(f.get(key), f"the faction's {key}") for key in ("name", "who", "wants", "fears")
            }
            for key in ("who", "wants", "fears"):
                if texts[key]:
                    self._collect_marks(texts[key] or "", f[key])
            name, who, wants, fears = texts["name"], texts["who"], texts["wants"], texts["fears"]
            if name and who and wants and fears:
                self.factions[ident] = (Faction(ident, name, who, wants, fears), m.pos)

    def _read_assemblies(self, node: YNode) -> None:
        r = self.reader
        for m, ident in self._items(node, "assemblies"):
            what = f"assembly '{ident}'"
            f = r.fields(m, what, ["id", "title", "decision", "setting", "resolutions"], ["composition"])
            if ident in self.assemblies:
                r.report(m.pos, f"{what} is defined twice")
                continue
            title, setting = r.text(f.get("title"), "title"), r.text(f.get("setting"), "setting")
            if setting:
                self._collect_marks(setting, f["setting"])
            decision = r.ident(f.get("decision"), "decision")
            resolutions: list[Resolution] = []
            seq = r.sequence(f.get("resolutions"), f"the resolutions of {what}")
            if seq is not None and not seq.items:
                r.report(seq.pos, f"{what} has no resolutions", "add at least one resolution to vote on")
            for rm, rid in self._items(seq, f"the resolutions of {what}") if seq else []:
                rf = r.fields(rm, f"resolution '{rid}'", ["id", "text", "happened"], ["passed"])
                if any(res.id == rid for res in resolutions):
                    r.report(rm.pos, f"resolution '{rid}' appears twice in {what}")
                    continue
                text, happened = r.text(rf.get("text"), "text"), r.text(rf.get("happened"), "happened")
                passed = r.boolean(rf.get("passed"), "passed") if "passed" in rf else None
                if text and happened:
                    resolutions.append(Resolution(rid, text, happened, passed))
            composition = self._composition(f.get("composition"), what)
            if (
                title
                and setting
                and decision
                and resolutions
                and len(resolutions) == len(seq.items if seq else ())
            ):
                self.assemblies[ident] = (
                    Assembly(ident, title, decision, setting, tuple(resolutions), composition),
                    m,
                )

    def _composition(self, node: YNode | None, what: str) -> Composition | None:
        r = self.reader
        m = r.mapping(node, f"the composition of {what}")
        if m is None:
            return None
        f = r.fields(m, f"the composition of {what}", ["total", "groups"], ["note"])
        total = r.integer(f.get("total"), "total")
        groups: list[CompositionGroup] = []
        for gf in self._records(f.get("groups"), "groups", "a group", ["name", "count"]):
            name, count = r.text(gf.get("name"), "name"), r.integer(gf.get("count"), "count")
            if count is not None and count < 0:
                r.report(gf["count"].pos, "a group's count should be 0 or more")
                count = None
            if name and count is not None:
                groups.append(CompositionGroup(name, count))
        note = r.text(f.get("note"), "note") or ""
        if total is None:
            return None
        if total <= 0:
            r.report(f["total"].pos, "the total should be more than 0")
            return None
        if sum(g.count for g in groups) > total:
            r.report(
                m.pos, f"the groups add up to {sum(g.count for g in groups)}, more than the total {total}"
            )
            return None
        return Composition(total, tuple(groups), note)

    def _read_chapters(self, node: YNode) -> None:
        r = self.reader
        for m, ident in self._items(node, "chapters"):
            f = r.fields(m, f"chapter '{ident}'", ["id", "title"], ["start"])
            if ident in self.chapters:
                r.report(m.pos, f"chapter '{ident}' is defined twice")
                continue
            title = r.text(f.get("title"), "the chapter's title")
            start = r.ident(f.get("start"), "start")
            if title:
                self.chapters[ident] = (m, title, start)
