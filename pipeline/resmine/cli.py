"""Command line: argument parsing and progress display only; the work is done elsewhere."""

from __future__ import annotations

import sys
from pathlib import Path

import click
from tqdm import tqdm

from resmine import __version__
from resmine.paths import repo_root
from resmine.readers import DEFAULT_MAX_CHARS, printable

CONTEXT = {"help_option_names": ["-h", "--help"]}

# The exit codes (README, "Exit codes"): 0 ok, 1 some input failed, 2 usage, 3 output not
# writable, 4 internal error (a bug: run with --debug for the traceback).
EXIT_OK, EXIT_INPUT_FAILED, EXIT_USAGE, EXIT_OUTPUT, EXIT_INTERNAL = 0, 1, 2, 3, 4


class OneLineFailure(click.ClickException):
    """Shown as ``error: message`` on stderr, like the failed inputs."""

    def show(self, file=None) -> None:
        click.echo(f"error: {self.format_message()}", err=True, file=file)


class InputFailure(OneLineFailure):
    exit_code = EXIT_INPUT_FAILED


class UsageFailure(OneLineFailure):
    exit_code = EXIT_USAGE


class OutputFailure(OneLineFailure):
    exit_code = EXIT_OUTPUT


class InternalFailure(OneLineFailure):
    exit_code = EXIT_INTERNAL


def one_line_usage(error: click.UsageError, command_path: str) -> UsageFailure:
    """A usage error (bad option, missing argument, unknown command) as one line, exit 2;
    click's own shows a usage block and a blank line first. ``command_path``: where to ask for
    help when click does not say which command failed."""
    where = error.ctx.command_path if error.ctx is not None else command_path
    return UsageFailure(f"{' '.join(error.format_message().split())} (see '{where} -h')")


class ResmineGroup(click.Group):
    """Turns every failure into one line and an exit code; ``--debug`` keeps the traceback."""

    def make_context(self, info_name, args, parent=None, **extra):
        try:
            return super().make_context(info_name, args, parent, **extra)
        except click.exceptions.NoArgsIsHelpError:
            raise  # no arguments at all: the help text
        except click.UsageError as error:  # an option of the group itself
            raise one_line_usage(error, info_name or self.name or "resmine") from error

    def invoke(self, ctx: click.Context):
        from resmine.engine.output import NotAFolder, OutputError

        try:
            return super().invoke(ctx)
        except click.exceptions.NoArgsIsHelpError:
            raise
        except click.UsageError as error:  # a command's options and arguments, an unknown command
            raise one_line_usage(error, ctx.command_path) from error
        except (click.exceptions.Exit, click.exceptions.Abort, click.ClickException):
            raise
        except Exception as error:
            if ctx.params.get("debug"):
                raise
            message = " ".join(str(error).split())
            if isinstance(error, NotAFolder):
                raise UsageFailure(message) from error
            if isinstance(error, OutputError):
                raise OutputFailure(message) from error
            raise InternalFailure(f"internal error: {type(error).__name__}: {message} "
                          "(run 'resmine --debug ...' for the traceback)") from error


@click.group(cls=ResmineGroup, context_settings=CONTEXT)
@click.version_option(__version__, "--version", prog_name="resmine")
@click.option("--debug", is_flag=True, help="Show the Python traceback of an unexpected failure.")
def main(debug: bool) -> None:
    """resmine: mine gene–mutation–drug resistance statements from the literature.

    Exit codes: 0 ok, 1 some input failed, 2 usage error, 3 output not writable, 4 internal
    error.
    """


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
        raise UsageFailure(str(error)) from error


def _exit_code(summary) -> int:
    if not summary.documents and not summary.failures and not summary.deletions:
        click.echo("error: no documents found in the inputs", err=True)
        return EXIT_INPUT_FAILED
    return EXIT_OK if summary.ok else EXIT_INPUT_FAILED


MAX_CHARS_OPTION = click.option(
    "--max-chars", type=click.IntRange(min=1), default=DEFAULT_MAX_CHARS, show_default=True,
    help="Characters per document; a longer one is a failed input (checked while reading).")


def _report(line: str) -> None:
    click.echo(line, err=True)


def _print_summary(summary, out_dir: Path) -> None:
    tally = summary.triples
    click.echo(
        f"documents {len(summary.documents)}  mentions {summary.n_mentions}  "
        f"evidence {tally.n_evidence} ({tally.n_negated} negated)  triples {len(tally.groups)}  "
        f"deletions {len(summary.deletions)}  failed inputs {len(summary.failures)}"
    )
    click.echo(f"outputs in {printable(str(out_dir))}")


@main.command(context_settings=CONTEXT)
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option("-o", "--out", "out_dir", required=True, type=click.Path(path_type=Path),
              help="Directory for evidence.csv, triples.csv, mentions.csv, documents.txt.")
@click.option("--config", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Pipeline config (default: models/pipeline.cfg).")
@MAX_CHARS_OPTION
def extract(paths: tuple[Path, ...], out_dir: Path, config: Path | None, max_chars: int) -> None:
    """Extract evidence from files or directories (txt, PubTator, PubMed XML, PMC JATS, .gz).

    The outputs replace those of the folder only when complete (run.json is written last).
    Exit code 1 when any input could not be read (the others are still processed), 2 on a
    usage error, 3 when the output folder cannot be written.
    """
    from resmine.engine.local import extract_to_directory
    from resmine.engine.output import require_folder

    require_folder(out_dir)  # before the pipeline loads
    summary = extract_to_directory(paths, out_dir, _load_pipeline(config), max_chars,
                                   progress=_progress(), report=_report)
    _print_summary(summary, out_dir)
    sys.exit(_exit_code(summary))


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
@MAX_CHARS_OPTION
def run(corpus_dir: Path | None, out_dir: Path | None, config: Path | None, max_chars: int) -> None:
    """Extract from the corpus, score against its gold set and export everything.

    Exit codes as for ``extract``; 1 also when the gold set cannot be scored (the extraction
    outputs are still written).
    """
    from resmine.engine.local import write_extraction
    from resmine.engine.output import require_folder, staged_output
    from resmine.export import write_json
    from resmine.score import ScoreError, score_run

    corpus_dir = corpus_dir or repo_root() / "corpus"
    out_dir = out_dir or repo_root() / "outputs" / "run"
    docs = corpus_dir / "docs"
    if not docs.is_dir():
        raise UsageFailure(f"{docs}: corpus has no docs/ directory")
    require_folder(out_dir)  # before the pipeline loads
    nlp = _load_pipeline(config)
    scoring_error = None
    with staged_output(out_dir) as staging:
        summary = write_extraction([docs], staging, nlp, max_chars, (out_dir, staging),
                                   progress=_progress(), report=_report)
        _print_summary(summary, out_dir)
        gold = corpus_dir / "gold" / "gold.tsv"
        if not gold.is_file():
            click.echo(f"no gold set at {gold}: scoring skipped")
        else:
            try:
                report = score_run(gold, staging, restrict_to_gold_docs=True)
            except ScoreError as error:
                scoring_error = error
            else:
                write_json(staging / "score.json", report.to_json())
                (staging / "score.md").write_text(report.to_markdown(), encoding="utf-8")
                (staging / "errors.md").write_text(report.errors_markdown(), encoding="utf-8")
                click.echo(report.summary_table())
    if scoring_error is not None:
        raise InputFailure(f"scoring failed: {scoring_error}")
    sys.exit(_exit_code(summary))


def _register_commands() -> None:
    # Scoring and the tools (training, evaluation, lexicon building) own their commands; this
    # module only gathers them. The runtime packages import neither.
    from resmine.score import cli as score_cli
    from resmine.tools import cli as tools_cli

    score_cli.register(main)
    tools_cli.register(main)


_register_commands()
