"""Click's own words (« Usage: », « Show this message and exit. », its usage errors) in French.

Click marks them for gettext (`_()` and `ngettext()` in each of its modules) but ships no French catalogue:
we give its modules a translating `_` from the table below; a message the table lacks stays as Click wrote it.
"""

from __future__ import annotations


MESSAGES = {
    "Usage:": "Utilisation :",
    "Options": "Options",
    "required": "obligatoire",
    "default": "par défaut",
    "Commands": "Commandes",
    "Show this message and exit.": "Afficher cette aide et quitter.",
    "Show the version and exit.": "Afficher la version et quitter.",
    "Error: {message}": "Erreur : {message}",
    "Try '{command} {option}' for help.": "Voir '{command} {option}' pour l'aide.",
    "Missing argument": "Argument manquant",
    "Missing option": "Option manquante",
    "Missing parameter": "Paramètre manquant",
    "Missing parameter: {param_name}": "Paramètre manquant : {param_name}",
    "Missing {param_type}": "{param_type} manquant",
    "Missing command.": "Commande manquante.",
    "No such command {name!r}.": "Commande inconnue : {name!r}.",
    "No such option: {name}": "Option inconnue : {name}.",
    "Option {name!r} does not take a value.": "L'option {name!r} ne prend pas de valeur.",
    "Invalid value for {param_hint}: {message}": "Valeur invalide pour {param_hint} : {message}",
    "Invalid value: {message}": "Valeur invalide : {message}",
    "Argument {name!r} takes {nargs} values.": "L'argument {name!r} prend {nargs} valeurs.",
    "Choose from:\n\t{choices}": "Choisir parmi :\n\t{choices}",
    "{value!r} is not a valid {number_type}.": "{value!r} n'est pas un {number_type} valide.",
    "{value} is not in the range {range}.": "{value} n'est pas dans l'intervalle {range}.",
    "{name} {filename!r} does not exist.": "{name} {filename!r} n'existe pas.",
    "{name} {filename!r} is a directory.": "{name} {filename!r} est un dossier.",
    "{name} {filename!r} is a file.": "{name} {filename!r} est un fichier.",
    "{name} {filename!r} is not readable.": "{name} {filename!r} n'est pas lisible.",
    "{name} {filename!r} is not writable.": "{name} {filename!r} n'est pas modifiable.",
    "Could not open file {filename!r}: {message}": "Impossible d'ouvrir le fichier {filename!r} : {message}",
    "file": "fichier", "directory": "dossier", "path": "chemin",
    "default: {default}": "par défaut : {default}",
    "Aborted!": "Interrompu.",
    "unknown error": "erreur inconnue",
    "integer": "entier", "float": "nombre", "integer range": "entier",
    "Got unexpected extra argument ({args})": "Argument en trop ({args})",
    "Got unexpected extra arguments ({args})": "Arguments en trop ({args})",
    "Option {name!r} requires an argument.": "L'option {name!r} attend une valeur.",
    "Option {name!r} requires {nargs} arguments.": "L'option {name!r} attend {nargs} valeurs.",
    "Did you mean {possibility}?": "Vouliez-vous dire {possibility} ?",
    "(Possible options: {possibilities})": "(options possibles : {possibilities})",
}


def _(message: str) -> str:
    return MESSAGES.get(message, message)


def _n(singular: str, plural: str, n: int) -> str:
    return _(singular if n == 1 else plural)


def french_click() -> None:
    """Give Click's modules our `_` and `ngettext` (they look them up as module globals at call time)."""
    from click import core, decorators, exceptions, formatting, parser, types

    for module in (core, decorators, exceptions, formatting, parser, types):
        if hasattr(module, "_"):
            module._ = _
        if hasattr(module, "ngettext"):
            module.ngettext = _n
    # the names of the number types, which Click puts in its messages (« 'abc' n'est pas un entier valide. ») and
    # in the metavars of options without one (« --port ENTIER »), untranslated
    for cls, name in ((types.IntParamType, "entier"), (types.IntRange, "entier"), (types.FloatParamType, "nombre"),
                      (types.FloatRange, "nombre")):
        cls.name = name
