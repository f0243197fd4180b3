"""The ``train-relations`` command (registered on resmine's CLI by ``register``)."""

from __future__ import annotations

import sys
from pathlib import Path

import click
from tqdm import tqdm

from resmine.paths import models_dir, shared_dir

CONTEXT = {"help_option_names": ["-h", "--help"]}


def register(group: click.Group) -> None:
    @group.command("train-relations", context_settings=CONTEXT)
    @click.option("--civic", "civic_dir", type=click.Path(file_okay=False, path_type=Path), default=None,
                  help="CIViC folder (default: ../shared/data/corpora/civic beside the checkout).")
    @click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path), default=None,
                  help="Where model.json goes (default: models/relations, replaced).")
    @click.option("--config", type=click.Path(dir_okay=False, exists=True, path_type=Path), default=None,
                  help="Pipeline config whose mention part reads the statements (default: models/pipeline.cfg).")
    @click.option("--c", "c", type=float, default=None,
                  help="Inverse regularisation strength; default: chosen with the decision threshold by "
                       "cross-validation on train.")
    @click.option("--civicmine/--no-civicmine", default=False, show_default=True,
                  help="Also learn from CIViCmine's training sentences (../shared/data/corpora/civicmine/"
                       "training.tar.gz), leaving out papers CIViC dev or tune cites.")
    @click.option("--biored/--no-biored", default=False, show_default=True,
                  help="Also learn from BioRED's training abstracts (../shared/data/corpora/biored/"
                       "Train.PubTator, its tune part left out): candidates with no BioRED relation "
                       "are `none` examples.")
    def train_relations_command(civic_dir: Path | None, out_dir: Path | None, config: Path | None,
                                c: float | None, civicmine: bool, biored: bool) -> None:
        """Train the relation classifier on CIViC train (minus its frozen tune split); print
        strict figures on train, tune and dev for the model and the rules, and the
        reliability table of its calibrated confidence."""
        from resmine.tools.relations.biored import BioredError
        from resmine.tools.relations.civicmine import CIVICMINE_FILE, CivicmineError
        from resmine.tools.relations.train import train_relations

        civic_dir = civic_dir or shared_dir() / "data" / "corpora" / "civic"
        if not civic_dir.is_dir():
            raise click.ClickException(f"{civic_dir}: CIViC folder not found")
        mined = civic_dir.parent.parent / CIVICMINE_FILE if civicmine else None
        abstracts = civic_dir.parent / "biored" / "Train.PubTator" if biored else None
        try:
            train_relations(civic_dir, out_dir or models_dir() / "relations", config, c, click.echo,
                            lambda it: tqdm(it, unit="statement", disable=None, file=sys.stderr), mined,
                            abstracts)
        except (CivicmineError, BioredError, FileNotFoundError) as error:
            raise click.ClickException(str(error)) from error
        click.echo(f"model written to {out_dir or models_dir() / 'relations'}")
