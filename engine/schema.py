"""The kinds of record a rules file may hold, and the fields each takes (checked at load).

A field type is one of: str, date, interval, duration, number, symbol, ref, provision
(a label of a provision of the amending text, "art. 2, 2° d)"), or enum:<a|b|c>.
`many` fields take a comma-separated list.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class FieldSpec:
    name: str
    type: str
    required: bool = False
    many: bool = False
    doc: str = ""

    @property
    def enum_values(self) -> tuple[str, ...]:
        return tuple(self.type.split(":", 1)[1].split("|")) if self.type.startswith("enum:") else ()


@dataclass(frozen=True)
class KindSpec:
    name: str
    fields: tuple[FieldSpec, ...]
    doc: str
    normative: bool = True  # carries basis/by/valid and becomes Datalog facts

    def field(self, name: str) -> FieldSpec | None:
        return next((f for f in self.fields if f.name == name), None)


def F(name, type_, required=False, many=False, doc=""):
    return FieldSpec(name, type_, required, many, doc)


# Every normative record says where it comes from and when it holds.
PROVENANCE = (
    F("basis", "ref", required=True, many=True, doc="the article and subdivision that states the norm"),
    F("by", "provision", many=True, doc="the provision(s) of the amending text that created or changed it"),
    F("valid", "interval", required=True, doc="[start, end) during which the norm holds"),
    F("note", "str", doc="a reading chosen, or what is left out"),
    F("quote", "str", doc="the words of the article that state the norm"),
    F("continues", "symbol", many=True, doc="the record(s) of the same kind whose rule this one carries on "
                                            "(a rule of the new code continuing a rule of 2021-2023)"),
)

LABELS = (
    F("labels", "str", many=True, doc="French names and synonyms users may type"),
)

KINDS: dict[str, KindSpec] = {}


def _kind(name: str, doc: str, *fields: FieldSpec, normative: bool = True) -> None:
    extra = PROVENANCE if normative else ()
    KINDS[name] = KindSpec(name, tuple(fields) + extra, doc, normative)


_kind("text", "A legal text: a code, a décret, an arrêté.",
      F("title", "str", required=True), F("kind", "enum:code|decret|loi|arrete|ordonnance", required=True),
      F("number", "str"), F("nor", "str"), F("eli", "str"), F("eli_alias", "str"), F("url", "str"),
      F("signed", "date"), F("published", "date"), F("journal", "str"), F("in_force", "date"),
      F("source", "str"), F("short", "str"), F("aliases", "str", many=True),
      F("articles", "str", many=True), F("units", "str", many=True), F("known_until", "date"),
      F("article_sources", "str", doc="folder of the article texts we have (one file each, with its provenance); "
                                       "the quotes of records citing this text are checked against them"),
      normative=False)

_kind("actor", "A person or body that approves, decides, receives or is informed.",
      F("name", "str", required=True), *LABELS, normative=False)

_kind("approval", "Someone approves, authorises, gives an accord or an avis, or may oppose an act.",
      F("act", "str", required=True, doc="what is approved, in French"),
      *LABELS,
      F("approver", "symbol", required=True, doc="an actor id"),
      F("mode", "enum:express|tacit|deemed_approved|opposition|authorisation|accord|avis|exempt|decision",
        required=True),
      F("delay", "duration", doc="delay after which tacit approval is acquired, or to decide"),
      F("delay_from", "str", doc="the event the delay runs from"),
      F("suspension", "str", doc="when the delay is suspended"),
      F("condition", "str", many=True, doc="conditions and thresholds"),
      F("proposer", "symbol", doc="who submits the act"),
      F("subject", "symbol", doc="the body whose act it is (cmar, cma_france …)"))

_kind("deadline", "A délai, a date or a periodicity an obligation must meet.",
      F("obligation", "str", required=True, doc="what must be done, in French"),
      *LABELS,
      F("who", "symbol", doc="an actor id: who must act"),
      F("to", "symbol", many=True, doc="to whom"),
      F("rule", "enum:within|end_of_month_following_year|before_annual_date|end_of_year_following|"
                "at_least_every|at_least_once_per|limit|from_date|within_after_vacancy|none_within_before|"
                "first_day_of_previous_month", required=True),
      F("delay", "duration", doc="for within / at_least_every / limit"),
      F("month", "number", doc="for end_of_month_following_year / before_annual_date"),
      F("day", "number", doc="for before_annual_date"),
      F("date", "date", doc="for from_date"),
      F("from_event", "str", doc="the event the délai runs from"),
      F("suspension", "str", doc="when the text suspends the délai, and until when"),
      F("previous_delay", "duration", doc="the délai before the décret changed it"),
      F("subject", "symbol"))

_kind("norm", "Another rule scripts need: quorum, majority, composition, threshold, share.",
      F("statement", "str", required=True),
      *LABELS,
      F("topic", "enum:quorum|majority|composition|share|threshold|incompatibility|procedure|table",
        required=True),
      F("body", "symbol", doc="the body it applies to"),
      F("value", "number", many=True), F("unit", "str"), F("subject", "symbol"))

_kind("recodification", "A later text that ends the old articles of texts on a date (décret n° 2023-500).",
      F("repeals", "symbol", required=True, many=True, doc="texts whose touched articles end"),
      F("on", "date", required=True), F("basis", "ref", required=True, many=True), F("note", "str"),
      normative=False)

_kind("codification", "An old article carried into a new code article (CODIFICATION link).",
      F("source", "ref", required=True), F("target", "ref", required=True), F("on", "date", required=True),
      F("text", "str", doc="the new article's text"), F("basis", "ref", required=True, many=True),
      F("carries", "ref", many=True, doc="the units of the source the new article carries, when not all of it"),
      F("note", "str"), normative=False)


def schema_markdown() -> str:
    """docs/norms.md: every record kind and its fields, generated from KINDS so the two cannot drift."""
    out = ["# Record kinds and their fields", "",
           "Generated from `engine/schema.py` (`python -c \"from engine.schema import schema_markdown; "
           "print(schema_markdown())\" > docs/norms.md`); a test checks this page is up to date.", "",
           "Normative kinds (approval, deadline, norm) also take `basis` (required), `by`, `valid` (required), "
           "`note` and `quote`; they become dated Datalog facts `KIND(id)` and `KIND_FIELD(id, value)`.", ""]
    for kind in KINDS.values():
        out += [f"## `{kind.name}`", "", kind.doc, "", "| field | type | required | list | meaning |",
                "|---|---|---|---|---|"]
        for f in kind.fields:
            kind_type = f.type.replace("enum:", "one of: ").replace("|", ", ")
            out.append(f"| `{f.name}` | {kind_type} | {'yes' if f.required else ''} | {'yes' if f.many else ''} "
                       f"| {f.doc} |")
        out.append("")
    return "\n".join(out)
