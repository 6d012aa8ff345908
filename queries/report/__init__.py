"""Citation reports: answers to questions, a text's changes, an article's history — as Markdown, HTML, JSON, SVG.

    from queries.report import article_report, write_report
    paths = write_report(article_report(kb, "décret 66-137", "2"), "out", "d66-137-art-2")

See docs/reports.md.
"""

from .build import article_report, questions_report, text_report
from .model import Authority, Report, Section
from .questions import QuestionSpec, load_questions
from .render import to_html, to_json, to_markdown, write_report
from .svg import amendment_svg, timeline_svg, write_svg

__all__ = [
    "Authority", "QuestionSpec", "Report", "Section",
    "questions_report", "text_report", "article_report", "load_questions",
    "to_markdown", "to_html", "to_json", "write_report",
    "amendment_svg", "timeline_svg", "write_svg",
]
