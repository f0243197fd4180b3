"""The ``eval-relations`` command (registered on resmine's CLI by ``register``)."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from resmine import EXTRACTION_MODES
from resmine.paths import shared_dir

CONTEXT = {"help_option_names": ["-h", "--help"]}


def register(group: click.Group) -> None:
    from resmine.tools.relations import PARTS

    @group.command("eval-relations", context_settings=CONTEXT)
    @click.option("--data", "data_dir", type=click.Path(file_okay=False, path_type=Path), default=None,
                  help="Shared data folder holding corpora/civic and corpora/biored "
                       "(default: ../shared/data beside the checkout, or $RESMINE_SHARED/data).")
    @click.option("--config", type=click.Path(dir_okay=False, exists=True, path_type=Path), default=None,
                  help="Pipeline config (default: models/pipeline.cfg).")
    @click.option("--only", "only", type=click.Choice(PARTS), multiple=True,
                  help="Score only this data set (repeatable; default: all four).")
    @click.option("--civic-split", type=click.Choice(["dev", "train", "tune"]), default="dev",
                  show_default=True,
                  help="CIViC part: dev; train without its tune split (the classifier's own training "
                       "items); or the frozen tune split of train (figures only, no error list).")
    @click.option("--mode", type=click.Choice(EXTRACTION_MODES), default="full", show_default=True,
                  help="The extraction mode scored (as resmine extract --mode): triples is the fast path.")
    @click.option("--errors", "errors_path", type=click.Path(dir_okay=False, path_type=Path), default=None,
                  help="Write every CIViC false positive and miss, with its reason, to this TSV file; "
                       "CIViCmine's (read part only) go to FILE's name with .civicmine before its suffix "
                       "(to FILE itself with --only civicmine).")
    @click.option("--json", "json_path", type=click.Path(dir_okay=False, path_type=Path), default=None,
                  help="Write the scores as JSON to this file.")
    def eval_relations_command(data_dir, config, only, civic_split, mode, errors_path, json_path):
        """Relation P/R/F1 of the extraction pipeline on CIViC dev statements (strict triples),
        BioRED dev chemical-variant and chemical-gene pairs, corpus/gold (per tier), and
        CIViCmine's training sentences (gene-drug pairs of Predictive relations).

        BioRED pairs are scored without direction: Positive/Negative_Correlation does not map
        cleanly onto resistance/sensitivity.
        """
        from tqdm import tqdm

        from resmine.ner.components import mode_overrides
        from resmine.tools.relations.evaluate import EvaluationError, evaluate, format_report, to_json, write_errors

        def progress(iterable, total, desc):
            return tqdm(iterable, total=total, desc=desc, unit="doc", leave=False, disable=None, file=sys.stderr)

        if errors_path and civic_split == "tune":
            raise click.UsageError("--errors lists dev or train errors only: the tune split's errors are never read")
        data_dir = data_dir or shared_dir() / "data"
        if not data_dir.is_dir():
            raise click.ClickException(f"{data_dir}: data folder not found")
        try:
            overrides = mode_overrides(mode)
            results = evaluate(data_dir, config, only or PARTS, progress, civic_split=civic_split,
                               overrides=overrides)
        except (EvaluationError, FileNotFoundError) as error:
            raise click.ClickException(str(error)) from error
        for line in format_report(results):
            click.echo(line)
        if errors_path:
            if "civic" not in results and "civicmine" not in results:
                raise click.ClickException("--errors lists CIViC and CIViCmine errors: include --only civic "
                                           "or --only civicmine")
            for path, n in write_errors(results, errors_path).items():
                click.echo(f"{n} errors written to {path}")
        if json_path:
            json_path.write_text(to_json(results), encoding="utf-8")
            click.echo(f"scores written to {json_path}")
