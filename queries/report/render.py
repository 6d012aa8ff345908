"""Render a Report as Markdown, standalone HTML (jinja2 templates) or JSON, and write them to files.

The HTML is one file with nothing to fetch: inline CSS, inline SVG, no script; it prints on A4 with
a page break before each part. Markdown cannot hold inline SVG portably, so it links each figure to
an .svg file that `write_report` writes next to it.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from .model import Report
from .svg import write_svg

TEMPLATES = Path(__file__).resolve().parent / "templates"

__all__ = ["to_markdown", "to_html", "to_json", "write_report", "figure_file"]


def figure_file(basename: str, name: str) -> str:
    """The file name of a report's figure written alone: report-timeline-d66-137-2.svg."""
    return f"{basename}-{name}.svg"


def _environment():
    # jinja2 is imported here, not at module level, so that importing the package (and the doctest
    # collection of queries/) works on an install without it; only rendering needs it.
    import jinja2
    from markupsafe import Markup

    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(TEMPLATES)),
        autoescape=jinja2.select_autoescape(enabled_extensions=("html",), default_for_string=False),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["md"] = md_escape
    env.filters["keep"] = lambda text: Markup(keep_together(str(text)))
    env.filters["md_cell"] = md_cell
    env.filters["md_quote"] = md_quote
    env.globals["svg"] = Markup  # our own SVG (svg.py escapes every text it draws), inlined as markup
    return env


# ------------------------------------------------------------------ HTML typography
_NUMBERED = re.compile(r"(?:n°\s*)?\d+(?:-\d+)+|n°\s*\d+|art\.\s+(?:[RDL]\.\s*)?\d+(?:-\d+)*(?:\s(?:bis|ter|quater))?")


def keep_together(text: str) -> str:
    """Escaped HTML in which « n° 66-137 », « art. 17-1 », « art. R. 332-2 » never break across lines.

    A browser may break after a hyphen or at a space; a number cut in two (« 66- / 137 ») misreads.
    """
    from markupsafe import escape

    out, last = [], 0
    for m in _NUMBERED.finditer(text):
        out.append(str(escape(text[last:m.start()])))
        out.append(f'<span class="nw">{escape(m.group(0))}</span>')
        last = m.end()
    out.append(str(escape(text[last:])))
    return "".join(out)


# ------------------------------------------------------------------ Markdown escaping
_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|#])")


def md_escape(s: Any) -> str:
    """Text that Markdown shows as written (ids like budget_cmar keep their underscores)."""
    return _MD_SPECIAL.sub(r"\\\1", str(s))


def md_cell(s: Any) -> str:
    """A table cell: escaped, one line (newlines become <br>)."""
    return "<br>".join(md_escape(line) for line in str(s).splitlines()) or " "


def md_quote(s: Any) -> str:
    """A blockquote, line by line."""
    return "\n".join("> " + md_escape(line) if line.strip() else ">" for line in str(s).splitlines())


# ------------------------------------------------------------------ renderers
def to_markdown(report: Report, figures: str = "{name}.svg") -> str:
    """Markdown (GitHub flavour); each figure links to the file `figures` names ({name} is the figure's)."""
    return _environment().get_template("report.md").render(report=report, figure_href=figures)


def to_html(report: Report) -> str:
    """One standalone, printable HTML page, with the figures inline."""
    return _environment().get_template("report.html").render(report=report)


def to_json(report: Report) -> str:
    return json.dumps(report.to_json(), ensure_ascii=False, indent=2) + "\n"


def write_report(report: Report, out_dir: str | Path, basename: str) -> dict[str, Path]:
    """Write basename.md, .html and .json (and each figure as an .svg, for the Markdown) into out_dir.

    Returns {format: path}: "md", "html", "json", and "svg:<figure name>" for each figure.
    """
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    paths: dict[str, Path] = {}
    for fig in report.figures():
        paths[f"svg:{fig.name}"] = write_svg(fig.svg, out / figure_file(basename, fig.name))
    pattern = figure_file(basename, "{name}")
    for fmt, text in (("md", to_markdown(report, pattern)), ("html", to_html(report)), ("json", to_json(report))):
        path = out / f"{basename}.{fmt}"
        path.write_text(text, encoding="utf-8")
        paths[fmt] = path
    return paths
