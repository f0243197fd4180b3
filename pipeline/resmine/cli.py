"""Command line: argument parsing and progress display only; the work is done elsewhere."""

from __future__ import annotations

import sys
from pathlib import Path

import click
from tqdm import tqdm

from resmine import __version__
from resmine.paths import repo_root

CONTEXT = {"help_option_names": ["-h", "--help"]}


@click.group(context_settings=CONTEXT)
@click.version_option(__version__, "--version", prog_name="resmine")
def main() -> None:
    """resmine: mine gene–mutation–drug resistance statements from the literature."""


def _progress(total: int | None = None, unit: str = "doc"):
    def wrap(iterable):
        # tqdm switches itself off when stderr is not a terminal (CI logs stay clean).
        return tqdm(iterable, total=total, unit=unit, disable=None, file=sys.stderr)

    return wrap


def _load_pipeline(config: Path | None):
    from resmine.nlp import load_pipeline

    try:
        return load_pipeline(config)
    except (FileNotFoundError, OSError) as error:
        raise click.ClickException(str(error)) from error


def _print_summary(summary, out_dir: Path) -> None:
    negated = sum(1 for e in summary.evidence if e.negated)
    triples = {(e.gene, e.mutation, e.drug, e.relation) for e in summary.evidence if not e.negated}
    click.echo(
        f"documents {len(summary.documents)}  mentions {summary.n_mentions}  "
        f"evidence {len(summary.evidence)} ({negated} negated)  triples {len(triples)}  "
        f"deletions {len(summary.deletions)}  failed inputs {len(summary.failures)}"
    )
    click.echo(f"outputs in {out_dir}")


@main.command(context_settings=CONTEXT)
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option("-o", "--out", "out_dir", required=True, type=click.Path(path_type=Path),
              help="Directory for evidence.csv, triples.csv, mentions.csv, documents.txt.")
@click.option("--config", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Pipeline config (default: models/pipeline.cfg).")
def extract(paths: tuple[Path, ...], out_dir: Path, config: Path | None) -> None:
    """Extract evidence from files or directories (txt, PubTator, PubMed XML, PMC JATS, .gz).

    Exit code 1 when any input could not be read (the others are still processed).
    """
    from resmine.engine.local import extract_to_directory

    summary = extract_to_directory(paths, out_dir, _load_pipeline(config), progress=_progress())
    _print_summary(summary, out_dir)
    sys.exit(0 if summary.ok else 1)


@main.command(context_settings=CONTEXT)
@click.option("--query", required=True, help="PubMed query.")
@click.option("--since", type=click.DateTime(formats=["%Y-%m-%d"]), default=None,
              help="Only records entered since this date (YYYY-MM-DD).")
@click.option("--max", "max_records", type=int, default=None, help="At most this many records.")
@click.option("-o", "--out", "out_dir", required=True, type=click.Path(path_type=Path),
              help="Directory for the fetched records (pubmed/*.xml) and the raw cache.")
@click.option("--eutils-url", default=None, help="E-utilities base URL (env RESMINE_EUTILS_URL).")
def fetch(query: str, since, max_records: int | None, out_dir: Path, eutils_url: str | None) -> None:
    """Fetch PubMed records for a query into DIR; `resmine extract DIR` reads them."""
    from resmine.ncbi import EutilsClient, NcbiError, Settings
    from resmine.ncbi.fetch import fetch_query

    client = EutilsClient(Settings(base_url=eutils_url or "", cache_dir=out_dir / ".eutils-cache"))
    bar = tqdm(unit="record", disable=None, file=sys.stderr)
    try:
        n = fetch_query(client, query, out_dir, since.date() if since else None, max_records,
                        progress=bar.update)
    except NcbiError as error:
        raise click.ClickException(str(error)) from error
    finally:
        bar.close()
    click.echo(f"fetched {n} records into {out_dir}")


@main.command(context_settings=CONTEXT)
@click.option("--corpus", "corpus_dir", type=click.Path(exists=True, file_okay=False, path_type=Path),
              default=None, help="Corpus directory with docs/ and gold/ (default: the bundled corpus/).")
@click.option("--out", "out_dir", type=click.Path(path_type=Path), default=None,
              help="Output directory (default: outputs/run).")
@click.option("--config", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Pipeline config (default: models/pipeline.cfg).")
def run(corpus_dir: Path | None, out_dir: Path | None, config: Path | None) -> None:
    """Extract from the corpus, score against its gold set and export everything."""
    from resmine.engine.local import extract_to_directory
    from resmine.export import write_json
    from resmine.score import ScoreError, score_run

    corpus_dir = corpus_dir or repo_root() / "corpus"
    out_dir = out_dir or repo_root() / "outputs" / "run"
    docs = corpus_dir / "docs"
    if not docs.is_dir():
        raise click.ClickException(f"{docs}: corpus has no docs/ directory")
    summary = extract_to_directory([docs], out_dir, _load_pipeline(config), progress=_progress())
    _print_summary(summary, out_dir)
    gold = corpus_dir / "gold" / "gold.tsv"
    if gold.is_file():
        try:
            report = score_run(gold, out_dir, restrict_to_gold_docs=True)
        except ScoreError as error:
            raise click.ClickException(f"scoring failed: {error}") from error
        write_json(out_dir / "score.json", report.to_json())
        markdown = report.to_markdown()
        (out_dir / "score.md").write_text(markdown, encoding="utf-8")
        (out_dir / "errors.md").write_text(report.errors_markdown(), encoding="utf-8")
        click.echo(report.summary_table())
    else:
        click.echo(f"no gold set at {gold}: scoring skipped")
    sys.exit(0 if summary.ok else 1)


def _register_commands() -> None:
    # Scoring and the tools (training, evaluation, lexicon building) own their commands; this
    # module only gathers them. The runtime packages import neither.
    from resmine.score import cli as score_cli
    from resmine.tools import cli as tools_cli

    score_cli.register(main)
    tools_cli.register(main)


_register_commands()
