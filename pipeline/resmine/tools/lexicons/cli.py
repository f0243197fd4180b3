"""``resmine lexicon ...``: argument parsing and progress display for the lexicon builder."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from resmine.paths import models_dir, shared_dir

CONTEXT = {"help_option_names": ["-h", "--help"]}


def default_source() -> Path:
    """``$RESMINE_SHARED/data/lexicons``, else ``../shared/data/lexicons`` beside the checkout."""
    return shared_dir() / "data" / "lexicons"


def default_out() -> Path:
    """Where ``load_lexicon()`` looks by default: ``models/lexicons`` (``$RESMINE_MODELS``)."""
    return models_dir() / "lexicons"


def register(group: click.Group) -> None:
    """Add the ``lexicon`` command group (``lexicon build``, ``lexicon match``) to ``group``."""

    @group.group(name="lexicon", context_settings=CONTEXT)
    def lexicon() -> None:
        """Gene and drug dictionaries: build them, try them."""

    @lexicon.command(name="build", context_settings=CONTEXT)
    @click.option("--source", type=click.Path(file_okay=False, path_type=Path), default=None,
                  help="Folder of lexicon sources (default: ../shared/data/lexicons beside the "
                       "checkout, or $RESMINE_SHARED/data/lexicons).")
    @click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path), default=None,
                  help="Output folder (default: models/lexicons).")
    @click.option("--rules", "rules_dir", type=click.Path(file_okay=False, path_type=Path), default=None,
                  help="Curated rule files (default: models/rules/lexicons next to the output's models/).")
    def build_command(source: Path | None, out_dir: Path | None, rules_dir: Path | None) -> None:
        """Build genes.tsv.gz, drugs.tsv.gz and the drug-class files from the public sources."""
        from tqdm import tqdm

        from resmine.tools.lexicons.build import build

        source = source or default_source()
        out_dir = out_dir or default_out()
        if rules_dir is None:
            rules_dir = models_dir() / "rules" / "lexicons"
        if not source.is_dir():
            raise click.ClickException(
                f"{source}: lexicon source folder not found; pass --source DIR or set RESMINE_SHARED"
            )
        steps = ["genes: HGNC", "genes: NCBI gene_info", "genes: FamPlex", "genes: resolving",
                 "drugs: DrugBank", "drugs: DrugCentral", "drugs: drug-NER variants", "drugs: HMS LINCS",
                 "drugs: resolving", "writing"]
        bar = tqdm(total=len(steps), unit="step", disable=None, file=sys.stderr, desc="lexicon build")
        seen: list[str] = []

        def progress(step: str) -> None:
            if seen:
                bar.update(1)
            seen.append(step)
            bar.set_postfix_str(step)

        try:
            report = build(source, out_dir, rules_dir=rules_dir, progress=progress)
        except (FileNotFoundError, ValueError) as error:
            bar.close()
            raise click.ClickException(str(error)) from error
        bar.update(bar.total - bar.n)
        bar.close()
        for line in report.summary_lines():
            click.echo(line)

    @lexicon.command(name="match", context_settings=CONTEXT)
    @click.argument("text", nargs=-1, required=True)
    @click.option("--lexicon-dir", type=click.Path(exists=True, file_okay=False, path_type=Path), default=None,
                  help="Lexicon folder (default: models/lexicons).")
    def match_command(text: tuple[str, ...], lexicon_dir: Path | None) -> None:
        """Show the dictionary hits in TEXT (one line per hit: offsets, label, normal form)."""
        from resmine.lexicons import load_lexicon

        try:
            lexicon = load_lexicon(lexicon_dir)
        except FileNotFoundError as error:
            raise click.ClickException(str(error)) from error
        joined = " ".join(text)
        for hit in lexicon.match(joined):
            click.echo(f"{hit.start}\t{hit.end}\t{hit.label}\t{hit.text}\t{hit.normalized}\t{hit.ident}")
