"""The command table of queries/cli.py: `cmakb --help` lists every command from it without importing any,
and what it lists is what each command says of itself."""

import inspect
import subprocess
import sys

import click
from click.testing import CliRunner

from queries import cli as cli_module
from queries.cli import COMMANDS, cli


def test_every_listed_command_exists_under_its_name_and_says_the_same_first_paragraph():
    for name, (_, _, listed) in COMMANDS.items():
        command = cli.get_command(None, name)
        assert isinstance(command, click.Command) and command.name == name
        own = inspect.cleandoc(command.help or "").partition("\n\n")[0]
        assert " ".join(own.split()) == listed, name


def test_the_listing_is_the_one_click_makes_from_the_commands_themselves():
    lazy = CliRunner().invoke(cli, ["--help"], prog_name="cmakb").output
    eager = click.Group("cmakb", commands={name: cli.get_command(None, name) for name in COMMANDS},
                        params=cli.params, help=cli.help, context_settings=cli.context_settings)
    assert lazy == CliRunner().invoke(eager, ["--help"], prog_name="cmakb").output
    assert "version           Quelle version de l'ARTICLE du TEXTE s'applique à une..." in lazy


def test_help_imports_no_command_module_nor_the_engine():
    code = ("import sys; from queries.cli import main\n"
            "try:\n    main(['--help'])\nexcept SystemExit:\n    pass\n"
            "print(sorted(m for m in sys.modules if m.startswith(('queries.', 'engine', 'lark', 'pyDatalog'))))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip().splitlines()[-1] == "['queries.cli', 'queries.cli_french']"


def test_compliance_kinds_are_the_table_s_check_commands():
    assert sorted(f"check-{k}" for k in cli_module.COMPLIANCE_KINDS) == sorted(n for n in COMMANDS if
                                                                                n.startswith("check-"))
