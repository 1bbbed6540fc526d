"""Pass 1 readers for what the story tells as history and reference: decisions, glossary, timeline."""

from __future__ import annotations

from game.engine.model import SUMMARY_WORDS, Argument, Case, Decision, GlossaryTerm, TimelineEntry
from game.loading.build_base import BuilderBase
from game.loading.yaml_tree import YMap, YNode, YSeq


class HistoryReaders(BuilderBase):
    """Read decisions, their sources and cases, the glossary and the timeline (pass 1)."""

    def _read_decisions(self, node: YNode) -> None:
        r = self.reader
        for m, ident in self._items(node, "decisions"):
            what = f"decision '{ident}'"
            f = r.fields(
                m,
                what,
                ["id", "title", "question", "happened", "sources"],
                ["argument", "background", "discuss", "cases", "summary", "teacher_note"],
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
            summary = r.text(f.get("summary"), "summary") or ""
            if summary:
                self._collect_marks(summary, f["summary"])
                words = len(summary.split())
                if words > SUMMARY_WORDS:
                    r.report(
                        f["summary"].pos,
                        f"{what}: the summary is {words} words; it is read first, on a small screen, "
                        f"so keep it to {SUMMARY_WORDS} or fewer",
                        "a few sentences: your choice beside history's; the rest belongs in happened:",
                    )
            teacher_note = r.text(f.get("teacher_note"), "teacher_note") or ""
            cases = self._cases(f.get("cases"), what)
            if title and question and happened and sources:
                decision = Decision(
                    ident,
                    title,
                    question,
                    happened,
                    sources,
                    argument,
                    background,
                    discuss,
                    cases,
                    summary,
                    teacher_note,
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

    def _read_glossary(self, node: YNode) -> None:
        r = self.reader
        m = r.mapping(node, "glossary")
        if m is None:
            return
        for key, value in m.entries:
            term = r.text(key, "a glossary term")
            if term is None:
                continue
            if term.casefold() in self.glossary_folded:
                r.report(key.pos, f"glossary term '{term}' is defined twice")
                continue
            self.glossary_folded.add(term.casefold())
            general = teacher_note = ""
            if isinstance(value, YMap):
                f = r.fields(
                    value, f"glossary term '{term}'", [], ["definition", "general", "also", "teacher_note"]
                )
                if "definition" not in f and "general" not in f:
                    r.report(
                        value.pos,
                        f"glossary term '{term}' needs a definition: (what the talk says) or general: "
                        "(general knowledge, not from the talk), or both",
                    )
                    continue
                definition = r.text(f.get("definition"), "definition") or ""
                general = r.text(f.get("general"), "general") or ""
                teacher_note = r.text(f.get("teacher_note"), "teacher_note") or ""
                also: list[str] = []
                seq = r.sequence(f.get("also"), "also")
                for item in seq.items if seq else ():
                    alt = r.text(item, "another spelling")
                    if alt:
                        also.append(alt)
            else:
                definition, also = r.text(value, f"the definition of '{term}'") or "", []
            if definition or general:
                self.glossary[term] = GlossaryTerm(term, definition, tuple(also), general, teacher_note)

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
