"""The researcher's workbench: a local web application (pages in French) and a JSON API over the same
queries/ functions as the CLI. Imported only by `cmakb serve` and its tests, so that `cmakb --help` stays
fast: FastAPI, uvicorn and pydantic load here, never at the CLI's start.

    app = create_app(KnowledgeBase.load(rules_root()))
"""

from .app import create_app  # noqa: F401
