"""`python -m queries …` is the same as `cmakb …`."""

from .cli import run

run()
