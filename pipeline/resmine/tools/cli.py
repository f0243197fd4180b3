"""The tools' commands, added to resmine's command line by :func:`register`."""

from __future__ import annotations

import click


def register(group: click.Group) -> None:
    from resmine.tools.lexicons import cli as lexicon_cli
    from resmine.tools.mutations import cli as mutation_cli
    from resmine.tools.ner import cli as ner_cli
    from resmine.tools.relations import cli as relation_cli
    from resmine.tools.relations import train_cli as relation_train_cli

    for module in (lexicon_cli, mutation_cli, ner_cli, relation_train_cli, relation_cli):
        module.register(group)
