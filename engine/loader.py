"""Load a rules tree into a validated Corpus: every text, article, provision, record, fact and rule,
with every reference checked. All errors of a tree are collected and reported together.

    >>> corpus = load_corpus("rules")
    >>> corpus.texts["D66_137"].number
    '66-137'
"""

from __future__ import annotations

from pathlib import Path

from . import ast
from .citation import article_sort_key, normalize_article, parse_citation
from .errors import CitationError, CmakbError, ErrorList, RulesError, RulesSemanticError, SourcePos
from . import rules_checks
from .rules_checks import MAX_DIGITS
from .schema import KINDS, FieldSpec
from .article_sources import ArticleSource, load_article_sources
from .source_text import SourceText, load_source, normalize_space
from .corpus import Corpus, ResolvedTarget, TextInfo, nearest, plain_value  # noqa: F401  (the loader's output)

RULES_SUFFIX = ".cma"


def rule_files(root: str | Path) -> list[Path]:
    root = Path(root)
    if root.is_file():
        return [root]
    return sorted(p for p in root.rglob(f"*{RULES_SUFFIX}") if p.is_file())


def display_name(path: Path, root: Path) -> str:
    """'rules/norms/derived.cma' rather than a machine's absolute path, in messages and provenance."""
    base = root.resolve().parent if root.is_dir() else root.resolve().parent.parent
    try:
        return str(path.resolve().relative_to(base))
    except ValueError:
        return str(path)


def load_corpus(root: str | Path) -> Corpus:
    """Parse and validate every rules file under `root`; raise ErrorList with every problem found."""
    root = Path(root)
    if not root.exists():
        raise CmakbError(f"aucune règle à {root} : fichier ou dossier inexistant ; attendu : un dossier de fichiers "
                         f"{RULES_SUFFIX}, un fichier {RULES_SUFFIX} ou une base construite (cmakb build)")
    if not root.is_dir() and not (root.is_file() and root.suffix == RULES_SUFFIX):
        raise CmakbError(f"aucune règle à {root} : attendu : un dossier de fichiers {RULES_SUFFIX} ou un fichier "
                         f"{RULES_SUFFIX}")
    paths = rule_files(root)
    if not paths:  # an empty tree knows no law: "ok" would be a silent failure
        raise CmakbError(f"aucune règle à {root} : aucun fichier {RULES_SUFFIX} dans ce dossier")
    from .parser import parse_file  # lark only when there is something to parse

    corpus = Corpus(str(root))
    errors: list[RulesError] = []
    parsed: list[ast.RulesFile] = []
    for path in paths:
        name = display_name(path, root)
        corpus.files.append(name)
        try:
            parsed.append(parse_file(path, name))
        except RulesError as exc:
            errors.append(exc)
    if errors:
        raise ErrorList(errors)
    _Validator(corpus, errors, root).run(parsed)
    if errors:
        raise ErrorList(sorted(errors, key=lambda e: (e.pos.file, e.pos.line, e.pos.column) if e.pos else ("", 0, 0)))
    return corpus


class _Validator:
    def __init__(self, corpus: Corpus, errors: list[RulesError], root: Path):
        self.c, self.errors, self.root = corpus, errors, root
        self.text_records: dict[str, ast.Record] = {}

    def error(self, message: str, pos: SourcePos | None, expected: list[str] | None = None) -> None:
        self.errors.append(RulesSemanticError(message, pos, expected))

    # ------------------------------------------------------------------ passes
    def run(self, files: list[ast.RulesFile]) -> None:
        statements = [s for f in files for s in f.statements]
        for s in statements:  # texts first: everything else refers to them
            if isinstance(s, ast.Record) and s.kind == "text":
                self.declare_text(s)
        self.load_source()
        for s in statements:
            if isinstance(s, ast.Provision):
                self.declare_provision(s)
        for s in statements:
            if isinstance(s, ast.Record) and s.kind != "text":
                self.declare_record(s)
            elif isinstance(s, ast.Provision):
                self.check_provision(s)
            elif isinstance(s, ast.Fact):
                self.check_meta(s, "fact")
                self.c.facts.append(s)
            elif isinstance(s, ast.Rule):
                self.check_rule(s)
                self.c.rules.append(s)
        self.check_fact_overlaps()
        self.run_semantic_checks(statements)

    def _effective_day(self, p: ast.Provision):
        f = p.get("effective")
        if f is not None and isinstance(f.values[0], ast.DateValue):
            return f.values[0].value
        text = self.c.texts.get(p.text_id)
        return text.get("in_force") if text else None

    def run_semantic_checks(self, statements: list) -> None:
        """engine/rules_checks.py: what the field types alone do not catch."""
        records = [s for s in statements if isinstance(s, ast.Record)]
        actors = {r.id for r in records if r.kind == "actor"}
        rules_checks.check_links([r for r in records if r.kind == "text"], self.error)
        rules_checks.check_dates(statements, self.error)
        rules_checks.check_durations(statements, self.error)
        rules_checks.check_provision_dates([s for s in statements if isinstance(s, ast.Provision)], self.c.texts,
                                           self.error)
        rules_checks.check_record_references(records, self.c.texts, actors, self.error)
        rules_checks.check_deadline_calendar(records, self.error)
        rules_checks.check_recodification_dates(records, list(self.c.provisions.values()), self.c.targets,
                                                self._effective_day, self.error)
        rules_checks.check_datalog(self.c.facts, self.c.rules, [r for r in records if r.kind != "text"
                                                                and r.kind in KINDS], self.error)

    def declare_text(self, rec: ast.Record) -> None:
        if rec.id in self.c.texts:
            self.error(f"duplicate text {rec.id!r} (first declared at {self.c.texts[rec.id].pos})", rec.pos)
            return
        self.check_fields(rec)
        values = {f.name: (plain_value(f.values[0]) if len(f.values) == 1 else [plain_value(v) for v in f.values])
                  for f in rec.fields}
        info = TextInfo(rec.id, values.get("title", rec.id), values.get("kind", "decret"), rec.pos, values)
        f = rec.get("articles")
        for v in f.values if f else ():
            info.articles.extend(self.expand_declared(v))
        info.articles = sorted(set(info.articles), key=article_sort_key)
        f = rec.get("units")
        info.units = [v.value for v in f.values] if f else []
        f = rec.get("aliases")
        info.aliases = [v.value for v in f.values] if f else []
        self.c.texts[rec.id] = info
        self.text_records[rec.id] = rec

    def expand_declared(self, v: ast.Value) -> list[str]:
        if not isinstance(v, ast.Str):
            self.error("an article number is a string, e.g. \"19 quater\"", getattr(v, "pos", None))
            return []
        if _too_long_number(v.value):
            self.error(f"article number {v.value[:20]!r}… has a number of more than {MAX_DIGITS} digits", v.pos)
            return []
        try:
            c = parse_citation("art. " + v.value)
        except CitationError as exc:
            self.error(exc.message, v.pos)
            return []
        if c.article_end:
            a, b = c.article, c.article_end
            if not (a.isdigit() and b.isdigit()) or int(b) < int(a):
                self.error(f"a declared range needs whole numbers in order, not {v.value!r}", v.pos)
                return []
            if int(b) - int(a) + 1 > rules_checks.MAX_DECLARED_RANGE:
                self.error(f"declared range {v.value!r} names {int(b) - int(a) + 1} articles", v.pos,
                           [f"a range of at most {rules_checks.MAX_DECLARED_RANGE} articles"])
                return []
            return [str(n) for n in range(int(a), int(b) + 1)]
        return [c.article]

    def load_source(self) -> None:
        amending = [t for t in self.c.texts.values() if t.get("source") is not None]
        for t in amending:
            source = t.get("source")
            where = next((f.values[0].pos for f in self.text_records[t.id].fields if f.name == "source"), t.pos)
            if not isinstance(source, str) or not source.strip():
                # An empty source would silently switch off every quotation check.
                self.error(f"source of {t.id} is empty", where, ['a path like "sources/decret-2021-168.txt"'])
                continue
            base = self.root if self.root.is_dir() else self.root.parent
            path = base / source
            try:
                path.resolve().relative_to(base.resolve())
            except ValueError:
                self.error(f"source of {t.id} is outside the rules tree: {source!r}", where,
                           [f"a path inside {base}"])
                continue
            if not path.exists():
                self.error(f"source text of {t.id} not found: {path}", where)
                continue
            try:
                self.c.source = load_source(str(path))
            except CmakbError as exc:
                self.error(f"source of {t.id}: {exc}", where)
        for t in (t for t in self.c.texts.values() if t.get("article_sources")):
            folder = (self.root if self.root.is_dir() else self.root.parent) / t.get("article_sources")
            if not folder.is_dir():
                self.error(f"article sources of {t.id} not found: {folder}", t.pos)
                continue
            self.c.article_sources[t.id] = load_article_sources(str(folder))
            for article in t.articles:
                if article not in self.c.article_sources[t.id]:
                    self.error(f"art. {article} of {t.id} has no source text in {folder}", t.pos)

    # ------------------------------------------------------------------ fields
    def check_fields(self, rec: ast.Record) -> None:
        spec = KINDS.get(rec.kind)
        if spec is None:
            self.error(f"unknown record kind {rec.kind!r}", rec.pos, sorted(KINDS) + ["provision", "fact", "rule"])
            return
        seen = set()
        for f in rec.fields:
            fs = spec.field(f.name)
            if fs is None:
                self.error(f"unknown field {f.name!r} for {rec.kind}; did you mean: "
                           f"{', '.join(nearest(f.name, [x.name for x in spec.fields])) or '-'}", f.pos,
                           [x.name for x in spec.fields])
                continue
            if f.name in seen:
                self.error(f"field {f.name!r} given twice", f.pos)
            seen.add(f.name)
            self.check_values(fs, f)
        for fs in spec.fields:
            if fs.required and fs.name not in seen:
                self.error(f"{rec.kind} {rec.id!r} lacks required field {fs.name!r}", rec.pos)

    def check_values(self, fs: FieldSpec, f: ast.Field) -> None:
        if len(f.values) > 1 and not fs.many:
            self.error(f"field {f.name!r} takes one value, got {len(f.values)}", f.pos)
        expected = {"str": ast.Str, "date": ast.DateValue, "interval": ast.Interval, "duration": ast.Duration,
                    "number": ast.Number, "symbol": ast.Symbol, "ref": ast.Ref, "provision": ast.Str}
        for v in f.values:
            if fs.type.startswith("enum:"):
                if not isinstance(v, ast.Symbol) or v.name not in fs.enum_values:
                    shown = getattr(v, "name", getattr(v, "value", v))
                    self.error(f"{f.name}: {shown!r} is not one of {', '.join(fs.enum_values)}", v.pos,
                               list(fs.enum_values))
                continue
            if not isinstance(v, expected[fs.type]):
                self.error(f"{f.name}: expected {_type_name(fs.type)}, got {_type_name_of(v)}", v.pos)
                continue
            if fs.type == "ref":
                self.check_ref(v)
            elif fs.type == "provision":
                self.check_provision_label(v)

    def check_ref(self, ref: ast.Ref) -> ResolvedTarget | None:
        return self.resolve_target(ast.Target(ref.text_id, ref.citation, ref.citation_pos), ref.pos)

    def check_provision_label(self, v: ast.Str) -> None:
        # Every provision is declared before any label is checked: one set per tree (was one per `by`).
        if getattr(self, "_labels", (None,))[0] != len(self.c.provisions):
            self._labels = (len(self.c.provisions), {label for (_, label) in self.c.provisions})
        known = self._labels[1]
        if v.value not in known:
            self.error(f"unknown provision {v.value!r} of the amending text", v.pos, nearest(v.value, known))

    # ------------------------------------------------------------------ targets
    def resolve_target(self, t: ast.Target, text_pos: SourcePos | None = None,
                       created: bool = False) -> ResolvedTarget | None:
        text = self.c.texts.get(t.text_id)
        if text is None:
            self.error(f"unknown text {t.text_id!r}", text_pos or t.text_pos or t.pos, nearest(t.text_id, self.c.texts))
            return None
        if t.citation is None:
            return ResolvedTarget(t.text_id, None, (), t.pos)
        try:
            c = parse_citation(t.citation)
        except CitationError as exc:
            pos = SourcePos(t.pos.file, t.pos.line, t.pos.column + 1 + exc.offset, t.pos.line_text)
            self.error(exc.message, pos)
            return None
        if _too_long_number(t.citation):
            self.error(f"citation {t.citation[:20]!r}… has a number of more than {MAX_DIGITS} digits", t.pos)
            return None
        if c.article is None:
            unit = c.canonical
            if unit not in text.units:
                self.error(f"unknown unit {unit!r} of {t.text_id} (declare it in `units`)", t.pos,
                           nearest(unit, text.units))
                return None
            return ResolvedTarget(t.text_id, c, (), t.pos)
        if c.article_end:
            lo, hi = article_sort_key(c.article), article_sort_key(c.article_end)
            arts = tuple(a for a in text.articles if lo <= article_sort_key(a) <= hi)
            missing = [a for a in (c.article, c.article_end) if not text.has_article(a)]
            if missing:
                self.error(f"range bound art. {missing[0]} is not an article of {t.text_id}", t.pos,
                           nearest(missing[0], text.articles))
                return None
            if hi < lo:
                self.error(f"reversed range art. {c.article} à {c.article_end}: the first article comes after "
                           "the last", t.pos, [f"art. {c.article_end} à {c.article}"])
                return None
            return ResolvedTarget(t.text_id, c, arts, t.pos)
        # Only a whole article may be created here; a unit is added inside an article that exists.
        if not text.has_article(c.article) and not (created and c.is_whole_article):
            self.error(f"unknown article {c.article!r} of {t.text_id}", t.pos,
                       nearest(c.article, text.articles))
            return None
        return ResolvedTarget(t.text_id, c, (c.article,), t.pos)

    # ------------------------------------------------------------------ provisions
    def declare_provision(self, p: ast.Provision) -> None:
        key = (p.text_id, p.label)
        if p.text_id not in self.c.texts:
            self.error(f"unknown amending text {p.text_id!r}", p.pos, nearest(p.text_id, self.c.texts))
            return
        if key in self.c.provisions:
            self.error(f"duplicate provision {p.label!r} (first at {self.c.provisions[key].pos})", p.label_pos)
            return
        self.c.provisions[key] = p

    def check_provision(self, p: ast.Provision) -> None:
        src = self.c.source if self.c.texts.get(p.text_id, TextInfo("", "", "", p.pos)).get("source") else None
        if src is not None:
            if src.provision(p.label) is None:
                self.error(f"provision {p.label!r} does not exist in {p.text_id}", p.label_pos,
                           nearest(p.label, src.leaf_labels(amending_only=False)))
            elif p.says is not None and not src.contains(p.says.value):
                self.error("`says` is not found verbatim in the source", p.says.pos)
        if not p.operations:
            self.error(f"provision {p.label!r} has no operation", p.pos)
        for op in p.operations:
            self.check_operation(p, op, src)
        for f in p.fields:
            if f.name not in ("note", "effective"):
                self.error(f"unknown field {f.name!r} for a provision", f.pos, ["effective", "note"])

    def check_operation(self, p: ast.Provision, op: ast.Operation, src: SourceText | None) -> None:
        creates = op.kind in ("add", "restore")
        resolved = []
        for t in op.targets:
            r = self.resolve_target(t, created=creates)
            if r is not None:
                resolved.append(r)
        if op.kind == "renumber" and op.new_number is not None and resolved:
            try:
                new = parse_citation(op.new_number.value)
            except CitationError as exc:
                self.error(exc.message, op.new_number.pos)
            else:
                text = self.c.texts[resolved[0].text_id]
                if new.is_whole_article and not text.has_article(new.article):
                    self.error(f"renumbered as unknown article {new.article!r} of {text.id}", op.new_number.pos,
                               nearest(new.article, text.articles))
        if op.kind == "add" and op.place is not None and op.place.anchor is not None:
            # the anchor of an addition is a unit (« after "art. 17, al. 3" »): read it here, at its position,
            # rather than let the consolidation meet it unread
            try:
                parse_citation(op.place.anchor.value)
            except CitationError as exc:
                self.error(exc.message, op.place.anchor.pos)
        if op.kind in ("add", "restore"):
            for r in resolved:
                if r.citation and r.citation.is_whole_article and r.articles[0] not in self.c.texts[r.text_id].articles:
                    self.error(f"article {r.articles[0]!r} created here must be declared in {r.text_id} `articles`",
                               r.pos)
        self.c.targets[id(op)] = tuple(resolved)
        if src is None:
            return
        for s in (op.old, op.new, op.place.anchor if op.place else None):
            if s is None or (op.kind == "add" and s is (op.place.anchor if op.place else None)):
                continue
            lines = s.value.splitlines() if s.quoted == "block" else [s.value]
            # a table row of a block (« | cell | cell | ») is checked cell by cell
            lines = [c for line in lines for c in (line.strip().strip("|").split("|")
                                                   if line.strip().startswith("|") else [line])]
            for line in lines:
                if line.strip() and not src.contains(line):
                    self.error(f"quoted text not found in the source: {normalize_space(line)[:70]!r}", s.pos)

    # ------------------------------------------------------------------ records, facts, rules
    def declare_record(self, rec: ast.Record) -> None:
        key = (rec.kind, rec.id)
        if key in self.c.records:
            self.error(f"duplicate {rec.kind} {rec.id!r} (first at {self.c.records[key].pos})", rec.pos)
            return
        self.check_fields(rec)
        self.check_quote(rec)
        self.check_codified_text(rec)
        self.c.records[key] = rec

    def check_quote(self, rec) -> None:
        f = rec.get("quote")
        articles = self.cited_article_sources(rec)
        if f and articles:  # a text of the new code: its quote is in the article it cites
            for v in f.values:
                if isinstance(v, ast.Str) and not any(a.contains(v.value) for a in articles):
                    self.error(f"quote not found in {', '.join(a.path for a in articles)}: "
                               f"{normalize_space(v.value)[:70]!r}", v.pos)
        elif f and self.c.source is not None:
            for v in f.values:
                if isinstance(v, ast.Str) and not self.c.source.contains(v.value):
                    self.error(f"quote not found in the source: {normalize_space(v.value)[:70]!r}", v.pos)

    def check_codified_text(self, rec) -> None:
        """The text a codification gives a new article we have a source of: every line is in that source."""
        f, target = rec.get("text"), rec.get("target")
        if rec.kind != "codification" or f is None or target is None:
            return
        articles = self.cited_article_sources(rec, "target")
        for line in f.values[0].value.splitlines() if articles else ():
            if line.strip() and not articles[0].contains(line):
                self.error(f"text not found in {articles[0].path}: {normalize_space(line)[:70]!r}", f.pos)

    def cited_article_sources(self, rec, field_name: str = "basis") -> list[ArticleSource]:
        """The source texts of the articles a record's basis cites, in texts that have article sources."""
        out = []
        f = rec.get(field_name)
        for v in f.values if f else ():
            arts = self.c.article_sources.get(getattr(v, "text_id", None))
            if arts and v.citation:
                try:
                    key = parse_citation(v.citation).article
                except CitationError:
                    continue
                if key in arts:
                    out.append(arts[key])
        return out

    def check_meta(self, s, what: str) -> None:
        allowed = {"basis": "ref", "by": "provision", "valid": "interval", "note": "str", "quote": "str"}
        for f in s.fields:
            if f.name not in allowed:
                self.error(f"unknown field {f.name!r} for a {what}", f.pos, list(allowed))
                continue
            self.check_values(FieldSpec(f.name, allowed[f.name], many=f.name in ("basis", "by")), f)
        if what == "fact":
            for name in ("basis", "valid"):
                if s.get(name) is None:
                    self.error(f"a fact needs `{name}`: every fact carries its legal basis and validity", s.pos)
            self.check_quote(s)

    def check_rule(self, r: ast.Rule) -> None:
        self.check_meta(r, "rule")
        bound: set[str] = set()
        for lit in r.body:
            if isinstance(lit, ast.Atom):
                bound |= {t.name for t in lit.terms if isinstance(t, ast.Var)}
            elif isinstance(lit, ast.Negation):
                free = [t.name for t in lit.atom.terms if isinstance(t, ast.Var) and t.name not in bound
                        and t.name != "_"]
                if free:
                    self.error(f"variable {free[0]} of a negated literal must be bound by an earlier literal",
                               lit.pos)
            elif isinstance(lit, ast.Comparison):
                for t in (lit.left, lit.right):
                    if isinstance(t, ast.Var) and t.name not in bound:
                        if lit.op == "==" and t is lit.left:
                            continue
                        self.error(f"variable {t.name} of a comparison must be bound by an earlier literal",
                                   t.pos)
                if lit.op == "==":
                    bound |= {t.name for t in (lit.left, lit.right) if isinstance(t, ast.Var)}
        head_vars = {t.name for t in r.head.terms if isinstance(t, ast.Var)}
        for name in sorted(head_vars - bound):
            self.error(f"head variable {name} does not occur in the body", r.head.pos)

    def check_fact_overlaps(self) -> None:
        seen: dict[tuple, list[tuple[ast.Interval, ast.Fact]]] = {}
        for f in self.c.facts:
            valid = f.get("valid")
            if not valid or not isinstance(valid.values[0], ast.Interval):
                continue
            iv = valid.values[0]
            key = (f.atom.predicate, tuple(t.value for t in f.atom.terms))
            for other_iv, other in seen.get(key, []):
                if iv.start < other_iv.end and other_iv.start < iv.end:
                    self.error(f"overlapping validity: {f.atom.predicate} already holds on "
                               f"[{other_iv.start}, {other_iv.end}) (at {other.pos})", iv.pos)
            seen.setdefault(key, []).append((iv, f))


def _too_long_number(citation: str) -> bool:
    """A number of more than MAX_DIGITS digits (Python refuses str→int past 4,300 digits; no article number is
    that long). Digits glued to letters are an identifier, never converted: "LEGIARTI000047725372" is fine."""
    import re

    return re.search(rf"(?<![A-Za-z\d])\d{{{MAX_DIGITS + 1},}}", citation) is not None


def _type_name(t: str) -> str:
    return {"str": "a string", "date": "a date YYYY-MM-DD", "interval": "an interval [start, end)",
            "duration": "a duration like 30 days", "number": "a number", "symbol": "a name",
            "ref": 'a citation like CA "art. 19, II"', "provision": 'a provision label like "art. 2, 2° d)"'}[t]


def _type_name_of(v) -> str:
    return {ast.Str: "a string", ast.DateValue: "a date", ast.Interval: "an interval", ast.Duration: "a duration",
            ast.Number: "a number", ast.Symbol: "a name", ast.Ref: "a citation"}[type(v)]


__all__ = ["Corpus", "TextInfo", "ResolvedTarget", "load_corpus", "nearest", "normalize_article"]
