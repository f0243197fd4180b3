"""The ``resmine score`` command (added to resmine's CLI by :func:`register`)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from resmine.export import MANIFEST
from resmine.paths import repo_root
from resmine.score.io import ScoreError
from resmine.score.scoring import score_run

# Exit code when gold and predictions cannot be scored.
EXIT_CANNOT_SCORE = 2
# Exit code when a report file cannot be written (README, "Exit codes").
EXIT_CANNOT_WRITE = 3
# The error list written beside the Markdown report.
ERRORS_FILE = "errors.md"


def register(group: click.Group) -> None:
    """Add the ``score`` command to a click group (resmine's cli.py calls ``register(main)``)."""

    @group.command("score", context_settings={"help_option_names": ["-h", "--help"]})
    @click.option("--gold", "gold_path", type=click.Path(path_type=Path), default=None,
                  help="gold.tsv (default: corpus/gold/gold.tsv); negatives.tsv beside it is used.")
    @click.option("--pred", "pred_path", type=click.Path(path_type=Path), required=True,
                  help="Run directory with evidence.csv (and documents.txt), or one evidence.csv.")
    @click.option("--negatives", "negatives_path", type=click.Path(path_type=Path), default=None,
                  help="negatives.tsv (default: the one beside --gold, if any).")
    @click.option("--json", "json_path", type=click.Path(dir_okay=False, path_type=Path),
                  help="Write the full report as JSON here.")
    @click.option("--md", "md_path", type=click.Path(dir_okay=False, path_type=Path),
                  help="Write the full report as Markdown here (and errors.md beside it).")
    @click.option("--errors", "errors_path", type=click.Path(dir_okay=False, path_type=Path),
                  help="Write every false positive and miss, with its sentence and reason, as "
                       "Markdown here (default: errors.md beside --md).")
    @click.option("--restrict-to-gold-docs", is_flag=True,
                  help="Drop predicted documents that are not in the gold set instead of failing.")
    def score_command(gold_path: Path | None, pred_path: Path, negatives_path: Path | None,
                      json_path: Path | None, md_path: Path | None, errors_path: Path | None,
                      restrict_to_gold_docs: bool) -> None:
        """Precision/recall/F1 of predictions against the gold set: strict and lenient, per tier,
        relation and document, with false positives, misses and violated negatives.

        Exit code 2 when gold and predictions cannot be scored (e.g. different document sets).
        """
        gold_path = gold_path or repo_root() / "corpus" / "gold" / "gold.tsv"
        if pred_path.is_dir() and not (pred_path / MANIFEST).is_file():
            click.echo(f"error: {pred_path}: no {MANIFEST}: not a finished resmine run "
                       "(interrupted, failed or still running); extract again", err=True)
            sys.exit(EXIT_CANNOT_SCORE)
        try:
            report = score_run(gold_path, pred_path, negatives_path, restrict_to_gold_docs)
        except ScoreError as error:
            click.echo(f"error: {error}", err=True)
            sys.exit(EXIT_CANNOT_SCORE)
        errors_path = errors_path or (md_path.parent / ERRORS_FILE if md_path else None)
        outputs = [
            (json_path, lambda: json.dumps(report.to_json(), indent=2, ensure_ascii=False) + "\n"),
            (md_path, report.to_markdown),
            (errors_path, report.errors_markdown),
        ]
        for path, render in outputs:
            if path is None:
                continue
            try:
                path.write_text(render(), encoding="utf-8")
            except OSError as error:
                click.echo(f"error: {path}: cannot write: {error.strerror or error}", err=True)
                sys.exit(EXIT_CANNOT_WRITE)
        click.echo(report.summary_table())
