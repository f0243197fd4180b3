"""The ``eval-mutations`` command (registered on resmine's CLI by ``register``)."""

from __future__ import annotations

from pathlib import Path

import click

from resmine.paths import shared_dir
from resmine.tools.splits import PART_CHOICES


def register(group: click.Group) -> None:
    @group.command("eval-mutations", context_settings={"help_option_names": ["-h", "--help"]})
    @click.option("--data", "data_dir", type=click.Path(path_type=Path), default=None,
                  help="Shared data folder (default: ../shared/data beside the checkout, or $RESMINE_SHARED/data).")
    @click.option("--part", type=click.Choice(list(PART_CHOICES)), default="both", show_default=True,
                  help="Parts of the development corpora to score: dev, the frozen tune part, or both side by side.")
    @click.option("--errors", "errors_path", type=click.Path(dir_okay=False, path_type=Path), default=None,
                  help="Also write every false positive / false negative of the dev parts to this TSV file "
                       "(never the tune part's nor a test set's).")
    @click.option("--json", "json_path", type=click.Path(dir_okay=False, path_type=Path), default=None,
                  help="Write the scores as JSON to this file.")
    @click.option("--notations", is_flag=True, help="Print the table of supported notations and exit.")
    def eval_mutations(data_dir: Path | None, part: str, errors_path: Path | None, json_path: Path | None,
                       notations: bool) -> None:
        """Score the mutation grammar: tmVar train, MutationFinder devo, tmVar-norm dev and BioRED
        dev and train variants (dev and tune parts side by side), and SETH, OSIRIS, Variome as test sets.

        Prints mention-level P/R/F1 on tmVar (Protein+DNA+SNP together and per type, exact
        spans), normalised point mutations per document on MutationFinder, the recall of rs ids
        written in the tmVar normalisation set, and exact-span P/R/F1 of BioRED's and the test
        sets' variants.
        The tune part (a seeded hash of the PMID, about a fifth) and the test sets are figures
        only: their errors are never listed.
        """
        if notations:
            from resmine.mutations.notations import format_notations

            click.echo(format_notations())
            return
        if errors_path and part == "tune":
            raise click.UsageError("--errors lists dev errors only: the tune split's errors are never read")
        from resmine.tools.mutations.evaluate import main_eval, to_json, write_errors

        data_dir = data_dir or shared_dir() / "data"
        errors: dict | None = {} if errors_path else None
        failures: list[str] = []
        try:
            results = main_eval(data_dir, echo=click.echo, errors=errors, parts=PART_CHOICES[part], failures=failures)
        except FileNotFoundError as error:
            raise click.ClickException(str(error)) from error
        if errors_path and errors is not None:
            n = write_errors(errors, errors_path)
            click.echo(f"{n} dev errors written to {errors_path}")
        if json_path:
            json_path.write_text(to_json(results), encoding="utf-8")
            click.echo(f"scores written to {json_path}")
        for failure in failures:
            click.echo(f"error: {failure}", err=True)
        if failures:
            raise SystemExit(1)
