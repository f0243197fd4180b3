"""The ``eval-mutations`` command (registered on resmine's CLI by ``register``)."""

from __future__ import annotations

from pathlib import Path

import click

from resmine.paths import shared_dir


def register(group: click.Group) -> None:
    @group.command("eval-mutations", context_settings={"help_option_names": ["-h", "--help"]})
    @click.option("--data", "data_dir", type=click.Path(path_type=Path), default=None,
                  help="Shared data folder (default: ../shared/data beside the checkout, or $RESMINE_SHARED/data).")
    @click.option("--errors", "errors_path", type=click.Path(dir_okay=False, path_type=Path), default=None,
                  help="Also write every false positive / false negative to this TSV file.")
    @click.option("--notations", is_flag=True, help="Print the table of supported notations and exit.")
    def eval_mutations(data_dir: Path | None, errors_path: Path | None, notations: bool) -> None:
        """Score the mutation grammar on tmVar train, MutationFinder devo and tmVar-norm dev.

        Prints mention-level P/R/F1 on tmVar (Protein+DNA+SNP together and per type, exact
        spans), normalised point mutations per document on MutationFinder, and the recall of
        rs ids written in the tmVar normalisation set.
        """
        if notations:
            from resmine.mutations.notations import format_notations

            click.echo(format_notations())
            return
        from resmine.tools.mutations.evaluate import main_eval, write_errors

        data_dir = data_dir or shared_dir() / "data"
        errors: dict | None = {} if errors_path else None
        try:
            main_eval(data_dir, echo=click.echo, errors=errors)
        except FileNotFoundError as error:
            raise click.ClickException(str(error)) from error
        if errors_path and errors is not None:
            n = write_errors(errors, errors_path)
            click.echo(f"{n} errors written to {errors_path}")
