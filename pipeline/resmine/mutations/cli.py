"""The ``eval-mutations`` command (registered on resmine's CLI by ``register``)."""

from __future__ import annotations

from pathlib import Path

import click

from resmine.paths import shared_dir


def register(group: click.Group) -> None:
    @group.command("eval-mutations", context_settings={"help_option_names": ["-h", "--help"]})
    @click.option("--data", "data_dir", type=click.Path(path_type=Path), default=None,
                  help="Shared data folder (default: ../shared/data beside the checkout, or $RESMINE_SHARED/data).")
    def eval_mutations(data_dir: Path | None) -> None:
        """Score the mutation grammar on tmVar train, MutationFinder devo and tmVar-norm dev."""
        from resmine.mutations.evaluate import main_eval

        data_dir = data_dir or shared_dir() / "data"
        try:
            main_eval(data_dir, echo=click.echo)
        except FileNotFoundError as error:
            raise click.ClickException(str(error)) from error
