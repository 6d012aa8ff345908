"""`python -m queries …` is the same as `cmakb …`."""

from .cli import main

main()
