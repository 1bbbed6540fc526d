"""Turn the located YAML of a story folder into a checked, immutable :class:`Story`.

The builder reads in two passes: first every definition in every file (so a
scene may name a scene defined later, in another file), then every reference,
condition, effect and glossary mark.  Every problem is collected; a story is
built only when there are none.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from game.engine.collector import collector_paused
from game.engine.conditions import CheckEnv, Expr, ExprError, Int, check, parse
from game.engine.dates import date_key
from game.engine.model import (
    GLOSSARY_MARK,
    Argument,
    Assembly,
    Case,
    Chapter,
    Choice,
    Composition,
    CompositionGroup,
    Decision,
    Effect,
    Ending,
    Faction,
    GlossaryTerm,
    Pos,
    Resolution,
    Role,
    Scene,
    Source,
    Story,
    TimelineEntry,
    Variable,
)
from game.loading.fields import Reader, describe
from game.loading.problems import Problem, did_you_mean
from game.loading.yaml_nodes import YMap, YNode, YScalar, YSeq

SECTIONS = (
    "story",
    "variables",
    "roles",
    "chapters",
    "scenes",
    "decisions",
    "endings",
    "glossary",
    "timeline",
    "factions",
    "assemblies",
)


@dataclass
class _RawChoice:
    node: YMap
    fields: dict[str, YNode]
    id: str | None
    text: str | None
    next: str | None


@dataclass
class _RawScene:
    node: YMap
    fields: dict[str, YNode]
    id: str
    choices: list[_RawChoice] = field(default_factory=list)


@dataclass
class Builder:
    """Accumulates a story's definitions from many files, then checks and builds it."""

    reader: Reader = field(default_factory=Reader)
    story_node: YMap | None = None
    title: str | None = None
    version: int | None = None
    about: str = ""
    variables: dict[str, Variable] = field(default_factory=dict)
    roles: dict[str, tuple[Role, Pos]] = field(default_factory=dict)
    chapters: dict[str, tuple[YMap, str, str | None]] = field(default_factory=dict)
    scenes: dict[str, _RawScene] = field(default_factory=dict)
    decisions: dict[str, tuple[Decision, Pos]] = field(default_factory=dict)
    endings: dict[str, Ending] = field(default_factory=dict)
    glossary: dict[str, GlossaryTerm] = field(default_factory=dict)
    timeline: list[tuple[TimelineEntry, YMap]] = field(default_factory=list)
    factions: dict[str, tuple[Faction, Pos]] = field(default_factory=dict)
    cases: list[tuple[str, YNode]] = field(default_factory=list)  # faction ids named by cases, to check
    assemblies: dict[str, tuple[Assembly, YMap]] = field(default_factory=dict)
    marks: list[tuple[str, Pos]] = field(default_factory=list)  # glossary marks to check
    id_pos: dict[str, Pos] = field(default_factory=dict)  # scenes and endings share one namespace

    # ================================================================ pass 1
    def add_file(self, root: YNode, display: str) -> None:
        """Read the definitions of one file's tree (pass 1)."""
        with collector_paused():
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
        f = r.fields(m, "story", ["title", "version"], ["about"])
        self.title = r.text(f.get("title"), "the story's title")
        self.version = r.integer(f.get("version"), "the story's version")
        if self.version is not None and self.version < 0:
            r.report(f["version"].pos, "the story's version should be 0 or more")
        self.about = r.text(f.get("about"), "about", allow_empty=True) or ""

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

    def _items(self, node: YNode, section: str) -> list[tuple[YMap, str]]:
        """The mappings of a list section, each with its valid id."""
        r = self.reader
        seq = r.sequence(node, section)
        out: list[tuple[YMap, str]] = []
        if seq is None:
            return out
        for item in seq.items:
            m = r.mapping(item, f"an item of {section}")
            if m is None:
                continue
            id_node = m.get("id")
            if id_node is None:
                r.report(m.pos, f"an item of {section} has no id", "add id: some_name")
                continue
            ident = r.ident(id_node, "id")
            if ident is not None:
                out.append((m, ident))
        return out

    def _read_roles(self, node: YNode) -> None:
        r = self.reader
        for m, ident in self._items(node, "roles"):
            f = r.fields(
                m,
                f"role '{ident}'",
                ["id", "name", "description", "start"],
                ["composite", "real_people", "wants", "fears"],
            )
            if ident in self.roles:
                r.report(m.pos, f"role '{ident}' is defined twice (first at {self.roles[ident][1]})")
                continue
            name = r.text(f.get("name"), "the role's name")
            desc = r.text(f.get("description"), "the role's description")
            start = r.ident(f.get("start"), "start")
            extra = {key: r.text(f.get(key), key) or "" for key in ("composite", "wants", "fears")}
            people = self._texts(f.get("real_people"), "real_people", "a real person")
            if name and desc and start:
                role = Role(ident, name, desc, start, real_people=people, **extra)
                self.roles[ident] = (role, f["start"].pos)

    def _records(
        self, node: YNode | None, what: str, item_what: str, keys: list[str]
    ) -> list[dict[str, YNode]]:
        """The fields of each mapping in a list of small mappings (sources, cases, groups)."""
        r = self.reader
        seq = r.sequence(node, what)
        out = []
        for item in seq.items if seq else ():
            m = r.mapping(item, item_what)
            if m is not None:
                out.append(r.fields(m, item_what, keys))
        return out

    def _texts(self, node: YNode | None, what: str, item_what: str) -> tuple[str, ...]:
        """A list of texts (``discuss:``, ``real_people:``); an absent key is an empty tuple."""
        if node is None:
            return ()
        seq = self.reader.sequence(node, what)
        out = []
        for item in seq.items if seq else ():
            text = self.reader.text(item, item_what)
            if text:
                out.append(text)
        return tuple(out)

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

    def _claim(self, ident: str, pos: Pos, what: str) -> bool:
        if ident in self.id_pos:
            self.reader.report(
                pos,
                f"{what} id '{ident}' is already used (at {self.id_pos[ident]})",
                "scenes and endings share one set of ids; rename one",
            )
            return False
        self.id_pos[ident] = pos
        return True

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
            raw = _RawScene(m, f, ident)
            self.scenes[ident] = raw
            choices = r.sequence(f.get("choices"), f"the choices of '{ident}'")
            if choices is not None and not choices.items:
                r.report(choices.pos, f"scene '{ident}' has an empty list of choices")
            for item in choices.items if choices else ():
                cm = r.mapping(item, f"a choice in '{ident}'")
                if cm is None:
                    continue
                cf = r.fields(
                    cm,
                    f"a choice in '{ident}'",
                    ["text", "next"],
                    ["id", "if", "unavailable", "set", "add", "historical"],
                )
                cid = r.ident(cf.get("id"), "choice id") if "id" in cf else None
                nxt = r.ident(cf.get("next"), "next")
                raw.choices.append(_RawChoice(cm, cf, cid, r.text(cf.get("text"), "the choice's text"), nxt))

    def _sources(self, node: YNode | None, what: str) -> tuple[Source, ...]:
        r = self.reader
        out: list[Source] = []
        for f in self._records(node, f"the sources of {what}", f"a source of {what}", ["quote", "cite"]):
            quote, cite = r.text(f.get("quote"), "quote"), r.text(f.get("cite"), "cite")
            if quote and cite:
                out.append(Source(quote.strip(), cite.strip()))
        return tuple(out)

    def _read_decisions(self, node: YNode) -> None:
        r = self.reader
        for m, ident in self._items(node, "decisions"):
            what = f"decision '{ident}'"
            f = r.fields(
                m,
                what,
                ["id", "title", "question", "happened", "sources"],
                ["argument", "background", "discuss", "cases"],
            )
            if ident in self.decisions:
                r.report(m.pos, f"decision '{ident}' is defined twice")
                continue
            sources = self._sources(f.get("sources"), what)
            if "sources" in f and not sources and isinstance(f["sources"], YSeq) and not f["sources"].items:
                r.report(f["sources"].pos, f"{what} needs at least one source with a quote from the talk")
            argument = None
            am = r.mapping(f.get("argument"), "argument")
            if am is not None:
                af = r.fields(am, "argument", ["by", "text"])
                by, text = r.text(af.get("by"), "by"), r.text(af.get("text"), "argument text")
                if by and text:
                    argument = Argument(by, text)
            title, question = r.text(f.get("title"), "title"), r.text(f.get("question"), "question")
            happened = r.text(f.get("happened"), "happened")
            if happened:
                self._collect_marks(happened, f["happened"])
            background = r.text(f.get("background"), "background") or ""
            if background:
                self._collect_marks(background, f["background"])
            discuss = self._texts(f.get("discuss"), "discuss", "a discussion question")
            cases = self._cases(f.get("cases"), what)
            if title and question and happened and sources:
                decision = Decision(
                    ident, title, question, happened, sources, argument, background, discuss, cases
                )
                self.decisions[ident] = (decision, m.pos)

    def _cases(self, node: YNode | None, what: str) -> tuple[Case, ...]:
        r = self.reader
        if node is None:
            return ()
        out: list[Case] = []
        for f in self._records(node, f"the cases of {what}", f"a case at {what}", ["by", "text"]):
            by, text = r.ident(f.get("by"), "by (a faction id)"), r.text(f.get("text"), "the case's text")
            if by:
                self.cases.append((by, f["by"]))
            if text:
                self._collect_marks(text, f["text"])
            if by and text:
                out.append(Case(by, text))
        return tuple(out)

    def _read_endings(self, node: YNode) -> None:
        r = self.reader
        for m, ident in self._items(node, "endings"):
            what = f"ending '{ident}'"
            f = r.fields(m, what, ["id", "title", "epilogue", "history"], ["sources"])
            if not self._claim(ident, m.pos, "ending"):
                continue
            title, epilogue = r.text(f.get("title"), "title"), r.text(f.get("epilogue"), "epilogue")
            history = r.text(f.get("history"), "history")
            for key in ("epilogue", "history"):
                text = epilogue if key == "epilogue" else history
                if text:
                    self._collect_marks(text, f[key])
            sources = self._sources(f.get("sources"), what) if "sources" in f else ()
            if title and epilogue and history:
                self.endings[ident] = Ending(ident, title, epilogue, history, sources)

    def _read_glossary(self, node: YNode) -> None:
        r = self.reader
        m = r.mapping(node, "glossary")
        if m is None:
            return
        for key, value in m.entries:
            term = r.text(key, "a glossary term")
            if term is None:
                continue
            if term.casefold() in {t.casefold() for t in self.glossary}:
                r.report(key.pos, f"glossary term '{term}' is defined twice")
                continue
            if isinstance(value, YMap):
                f = r.fields(value, f"glossary term '{term}'", ["definition"], ["also"])
                definition = r.text(f.get("definition"), "definition")
                also: list[str] = []
                seq = r.sequence(f.get("also"), "also")
                for item in seq.items if seq else ():
                    alt = r.text(item, "another spelling")
                    if alt:
                        also.append(alt)
            else:
                definition, also = r.text(value, f"the definition of '{term}'"), []
            if definition:
                self.glossary[term] = GlossaryTerm(term, definition, tuple(also))

    def _read_timeline(self, node: YNode) -> None:
        r = self.reader
        seq = r.sequence(node, "timeline")
        for item in seq.items if seq else ():
            m = r.mapping(item, "a timeline entry")
            if m is None:
                continue
            f = r.fields(m, "a timeline entry", ["date", "text"], ["scene", "decision", "quote", "cite"])
            date, text = r.text(f.get("date"), "date"), r.text(f.get("text"), "text")
            scene = r.ident(f.get("scene"), "scene") if "scene" in f else None
            decision = r.ident(f.get("decision"), "decision") if "decision" in f else None
            if ("scene" in f) == ("decision" in f):
                r.report(
                    m.pos, "a timeline entry needs exactly one of scene: or decision:", "when it is shown"
                )
            quote = r.text(f.get("quote"), "quote") if "quote" in f else None
            cite = r.text(f.get("cite"), "cite") if "cite" in f else None
            if quote and not cite:
                r.report(f["quote"].pos, "a timeline quote needs a cite:", "e.g. cite: Simon Pirani, 2006")
            if date and text:
                self.timeline.append((TimelineEntry(date, text, scene, decision, quote, cite), m))

    def _collect_marks(self, text: str, node: YNode) -> None:
        for match in GLOSSARY_MARK.finditer(text):
            self.marks.append((match.group(1).strip(), _offset_pos(node, text, match.start())))

    # ================================================================ pass 2
    def build(self) -> Story | None:
        """Check every reference, condition, effect and mark (pass 2); the story, if there are no problems."""
        with collector_paused():
            return self._build()

    def _build(self) -> Story | None:
        r = self.reader
        if self.story_node is None:
            r.problems.append(
                _folder_problem("no file has a 'story:' section", "add story: with title: and version:")
            )
        if not self.roles:
            r.problems.append(_folder_problem("the story has no roles", "add a roles: section"))
        if not self.scenes:
            r.problems.append(_folder_problem("the story has no scenes", "add a scenes: section"))
        chapters = self._check_chapters()
        env = self._env()
        scenes = {ident: self._scene(raw, env) for ident, raw in self.scenes.items()}
        self._check_references(chapters)
        self._check_marks()
        if r.problems or self.title is None or self.version is None:
            return None
        return Story(
            title=self.title,
            version=self.version,
            about=self.about,
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
                if _plain(scene.fields.get("chapter")) != ident:
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
            decision = _plain(raw.fields.get("decision"))
            if isinstance(decision, str) and decision in decision_choices:
                decision_choices[decision].update(c.id or c.next or "" for c in raw.choices)
        return CheckEnv(
            variables={n: ("bool" if v.is_flag else "int") for n, v in self.variables.items()},
            scenes=frozenset(self.scenes),
            roles=frozenset(self.roles),
            decisions={d: frozenset(c) for d, c in decision_choices.items()},
        )

    def _scene(self, raw: _RawScene, env: CheckEnv) -> Scene | None:
        r = self.reader
        f = raw.fields
        texts = {k: r.text(f.get(k), f"the {k} of '{raw.id}'") for k in ("date", "place", "title", "prose")}
        if texts["prose"]:
            self._collect_marks(texts["prose"], f["prose"])
        decision = r.ident(f.get("decision"), "decision") if "decision" in f else None
        if decision is not None and decision not in self.decisions:
            r.report(
                f["decision"].pos,
                f"unknown decision '{decision}' in scene '{raw.id}'",
                did_you_mean(decision, self.decisions) or "define it under decisions:",
            )
        choices: list[Choice] = []
        seen: dict[str, Pos] = {}
        for rc in raw.choices:
            choice = self._choice(raw, rc, decision, env)
            if choice is None:
                continue
            if choice.id in seen:
                hint = "give each choice its own id:" if rc.id is None else "rename one"
                r.report(rc.node.pos, f"two choices in '{raw.id}' have the id '{choice.id}'", hint)
                continue
            seen[choice.id] = rc.node.pos
            choices.append(choice)
        chapter = _plain(f.get("chapter"))
        if not all(texts.values()) or not isinstance(chapter, str) or not choices:
            return None
        return Scene(
            raw.id,
            chapter,
            texts["date"] or "",
            texts["place"] or "",
            texts["title"] or "",
            texts["prose"] or "",
            tuple(choices),
            decision,
            raw.node.pos,
        )

    def _choice(self, scene: _RawScene, rc: _RawChoice, decision: str | None, env: CheckEnv) -> Choice | None:
        r = self.reader
        f = rc.fields
        if rc.next is not None and rc.next not in self.scenes and rc.next not in self.endings:
            r.report(
                f["next"].pos,
                f"choice in '{scene.id}' goes to unknown scene or ending '{rc.next}'",
                did_you_mean(rc.next, [*self.scenes, *self.endings])
                or "check the spelling, or add that scene",
            )
            return None
        condition, condition_text = None, None
        if "if" in f:
            condition_text, condition = self._expr(f["if"], env, "bool", "condition")
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
        effects = self._effects(f, env)
        if rc.text is None or rc.next is None:
            return None
        return Choice(
            rc.id or rc.next,
            rc.text,
            rc.next,
            condition,
            condition_text,
            unavailable,
            tuple(effects),
            historical,
            rc.node.pos,
        )

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
        errors = check(expr, env, want)
        for error in errors:
            self._expr_problem(node, text, error, what)
        return text, (None if errors else expr)

    def _expr_problem(self, node: YScalar, text: str, err: ExprError, what: str) -> None:
        pos = _offset_pos(node, text, err.offset)
        self.reader.report(pos, f"{err.message} in {what} '{text}'", err.hint)

    def _effects(self, f: dict[str, YNode], env: CheckEnv) -> list[Effect]:
        r = self.reader
        effects: list[Effect] = []
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
        return effects

    def _check_references(self, chapters: dict[str, Chapter]) -> None:
        r = self.reader
        for role, pos in self.roles.values():
            if role.start not in self.scenes:
                r.report(
                    pos,
                    f"role '{role.id}' starts at unknown scene '{role.start}'",
                    did_you_mean(role.start, self.scenes) or "start must be a scene id",
                )
        used = {_plain(raw.fields.get("decision")) for raw in self.scenes.values()}
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


def _plain(node: YNode | None) -> object:
    return node.value if isinstance(node, YScalar) else None


def _folder_problem(message: str, hint: str) -> Problem:
    from game.loading.problems import Problem

    return Problem("(story folder)", 1, 1, message, hint)


def _offset_pos(node: YNode, text: str, offset: int) -> Pos:
    """The file position of character ``offset`` of a scalar's text (exact for one-line plain scalars)."""
    base = node.pos
    if not isinstance(node, YScalar) or not node.quoted:
        before = text[:offset]
        line = base.line + before.count("\n")
        col = (offset - before.rfind("\n")) if "\n" in before else base.col + offset
        return Pos(base.file, line, col)
    before = text[:offset]
    if "\n" in before:  # a block scalar: its text starts on the line after the '|'
        return Pos(base.file, base.line + 1 + before.count("\n"), offset - before.rfind("\n"))
    return Pos(base.file, base.line, base.col + 1 + offset)
