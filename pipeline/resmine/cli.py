"""Command line: argument parsing and progress display only; the work is done elsewhere."""

from __future__ import annotations

import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import click
from tqdm import tqdm

from resmine import EXTRACTION_MODES, __version__
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


@contextmanager
def usage_in_one_line(command_path: str) -> Iterator[None]:
    """A usage error (bad option, missing argument, unknown command) raised in the block, as
    one line, exit 2; click's own shows a usage block and a blank line first. No arguments at
    all still give the help text. ``command_path``: where to ask for help when click does not
    say which command failed."""
    try:
        yield
    except click.exceptions.NoArgsIsHelpError:
        raise
    except click.UsageError as error:
        where = error.ctx.command_path if error.ctx is not None else command_path
        raise UsageFailure(f"{' '.join(error.format_message().split())} (see '{where} -h')") from error


class ResmineGroup(click.Group):
    """Turns every failure into one line and an exit code; ``--debug`` keeps the traceback."""

    def make_context(self, info_name, args, parent=None, **extra):
        with usage_in_one_line(info_name or self.name or "resmine"):  # an option of the group itself
            return super().make_context(info_name, args, parent, **extra)

    def invoke(self, ctx: click.Context):
        from resmine.engine.output import NotAFolder, OutputError
        from resmine.store import StoreError

        try:
            with usage_in_one_line(ctx.command_path):  # a command's options and arguments, an unknown command
                return super().invoke(ctx)
        except (click.exceptions.Exit, click.exceptions.Abort, click.ClickException):
            raise
        except Exception as error:
            if ctx.params.get("debug"):
                raise
            message = " ".join(str(error).split())
            if isinstance(error, NotAFolder):
                raise UsageFailure(message) from error
            if isinstance(error, (OutputError, StoreError)):
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


# When stderr is not a terminal (cron, CI, a log file), a line every this many items (documents)
# or this many seconds, whichever comes first, replaces the bar.
LOG_EVERY_ITEMS, LOG_EVERY_SECONDS = 1000, 60.0


def _progress(total: int | None = None, unit: str = "doc"):
    def wrap(iterable):
        if sys.stderr.isatty():
            return tqdm(iterable, total=total, unit=unit, file=sys.stderr)
        return progress_lines(iterable, total if total is not None else _length(iterable), unit,
                              lambda line: click.echo(line, err=True))

    return wrap


def _length(iterable) -> int | None:
    try:
        return len(iterable)
    except TypeError:
        return None


def progress_lines(iterable, total: int | None, unit: str, echo, every: int = LOG_EVERY_ITEMS,
                   seconds: float = LOG_EVERY_SECONDS):
    """``iterable``, with a progress line (done, total, rate, time left) every ``every`` items or
    ``seconds``, and a last one at the end when any was written."""
    start = last = time.monotonic()
    done = 0

    def line() -> str:
        elapsed = max(time.monotonic() - start, 1e-9)
        rate = done / elapsed
        of = f"/{total}" if total is not None else ""
        left = f", {(total - done) / rate:.0f} s left" if total is not None and rate > 0 else ""
        return f"progress: {done}{of} {unit}s, {rate:.1f} {unit}s/s{left}"

    written = False
    for item in iterable:
        yield item
        done += 1
        now = time.monotonic()
        if done % every == 0 or now - last >= seconds:
            echo(line())
            last, written = now, True
    if written:
        echo(line())


def _load_pipeline(config: Path | None, overrides: dict[str, object] | None = None):
    from resmine.nlp import load_pipeline

    try:
        return load_pipeline(config, overrides)
    except (FileNotFoundError, OSError) as error:
        raise UsageFailure(str(error)) from error
    except ValueError as error:  # a setting of the wrong type or out of range (spaCy's ConfigValidationError is one)
        where = printable(str(config or "models/pipeline.cfg"))
        raise UsageFailure(f"{where}: {' '.join(str(error).split())}") from error


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


def _engine_options(command):
    for option in reversed([
        click.option("--mode", type=click.Choice(EXTRACTION_MODES), default="full", show_default=True,
                     help="full: NER on every sentence, every mention written; triples: the fast path, "
                          "NER only near a variant or alteration (mentions elsewhere from the dictionaries)."),
        click.option("--engine", type=click.Choice(["local", "dask"]), default="local", show_default=True,
                     help="local: this process; dask: shards on a Dask cluster (same outputs)."),
        click.option("--scheduler", default=None,
                     help="Dask scheduler address (tcp://host:8786); default: a local cluster."),
        click.option("--workers", type=click.IntRange(min=1), default=2, show_default=True,
                     help="Worker processes of the local Dask cluster."),
        click.option("--work-dir", type=click.Path(file_okay=False, path_type=Path), default=None,
                     help="Shard outputs (Dask, --pubmed-files), kept until the merge ends so a re-run "
                          "resumes; with --pubmed-files kept for good, so files done are skipped "
                          "(default: .OUT.shards beside the output folder)."),
        click.option("--shard-mb", type=click.FloatRange(min=0, min_open=True), default=4.0, show_default=True,
                     help="Input megabytes per Dask task (a bigger file is a task of its own)."),
    ]):
        command = option(command)
    return command


def _pipeline_for(config: Path | None, engine: dict):
    """The pipeline of the chosen ``--mode``."""
    from resmine.ner.components import mode_overrides

    return _load_pipeline(config, mode_overrides(engine["mode"]))


def _write_extraction(paths, staging: Path, out_dir: Path, nlp, config: Path | None, max_chars: int,
                      engine: dict, pubmed_files: Path | None = None, recorder=None):
    """Extract ``paths`` (or, with ``pubmed_files``, that folder's PubMed baseline and update
    files) into the staging folder of ``out_dir`` with the engine :func:`_engine_options` chose,
    and into the store when ``recorder`` is given. ``nlp``, the pipeline of ``config`` and the
    mode, runs here with the local engine; Dask workers build their own."""
    from resmine.ner.components import mode_overrides

    overrides = mode_overrides(engine["mode"])
    if engine["engine"] == "local" and pubmed_files is None:
        from resmine.engine.local import write_extraction

        return write_extraction(paths, staging, nlp, max_chars, (out_dir, staging),
                                progress=_progress(), report=_report, recorder=recorder)
    from functools import partial

    from resmine.engine.dask import DaskSettings, run_shards_dask, write_extraction_dask
    from resmine.engine.shards import ShardJob, default_work_dir, plan_pubmed_files, run_shards_here, write_sharded

    job = ShardJob(work_dir=str(engine["work_dir"] or default_work_dir(out_dir)),
                   config=str(config) if config else None, overrides=overrides, max_chars=max_chars)
    settings = DaskSettings(scheduler=engine["scheduler"], workers=engine["workers"])
    progress = _progress(unit="file" if pubmed_files else "shard")
    if pubmed_files is None:
        return write_extraction_dask(paths, staging, job, settings, int(engine["shard_mb"] * 1_000_000),
                                     (out_dir, staging), progress, _report, recorder)
    execute = (partial(run_shards_here, progress=progress) if engine["engine"] == "local"
               else partial(run_shards_dask, settings=settings, progress=progress))
    return write_sharded(plan_pubmed_files(pubmed_files, job.identity()), staging, job, execute, [pubmed_files],
                         _report, latest_only=True, recorder=recorder)


DB_HELP = ("Evidence store: a SQLite file or a postgresql://user:password@host/db URL "
           "(default: {}).")


def _store_line(recorder) -> str:
    tally = recorder.tally
    return (f"store {printable(_redacted(recorder.db.location))}: {len(tally.new)} new triples, "
            f"{len(tally.requeued)} re-queued with new evidence, {len(tally.kept)} kept")


def _redacted(location: str) -> str:
    from resmine.store.db import redacted

    return redacted(location)


def _print_summary(summary, out_dir: Path) -> None:
    tally = summary.triples
    click.echo(
        f"documents {len(summary.documents)}  mentions {summary.n_mentions}  "
        f"evidence {tally.n_evidence} ({tally.n_negated} negated)  triples {len(tally.groups)}  "
        f"deletions {len(summary.deletions)}  failed inputs {len(summary.failures)}"
    )
    if summary.superseded:
        click.echo(f"{len(summary.superseded)} PubMed records left out: their PMC full text was read")
    click.echo(f"outputs in {printable(str(out_dir))}")


@main.command(context_settings=CONTEXT)
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option("-o", "--out", "out_dir", required=True, type=click.Path(path_type=Path),
              help="Directory for evidence.csv, triples.csv, mentions.csv, documents.txt.")
@click.option("--config", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Pipeline config (default: models/pipeline.cfg).")
@MAX_CHARS_OPTION
@_engine_options
@click.option("--db", default=None, help=DB_HELP.format("none: no store is written"))
def extract(paths: tuple[Path, ...], out_dir: Path, config: Path | None, max_chars: int, db: str | None,
            **engine) -> None:
    """Extract evidence from files or directories (txt, PubTator, PubMed XML, PMC JATS, .gz).

    The outputs replace those of the folder only when complete (run.json is written last);
    with --db the run is also recorded in the evidence store (curator decisions kept).
    Exit code 1 when any input could not be read (the others are still processed), 2 on a
    usage error, 3 when the output folder or the store cannot be written.
    """
    from contextlib import nullcontext

    from resmine.engine.local import store_recording
    from resmine.engine.output import require_folder, staged_output

    require_folder(out_dir)  # before the pipeline loads
    nlp = _pipeline_for(config, engine)
    with (store_recording(db, "extract", paths, nlp) if db else nullcontext()) as recorder, \
            staged_output(out_dir) as staging:
        summary = _write_extraction(paths, staging, out_dir, nlp, config, max_chars, engine, recorder=recorder)
    _print_summary(summary, out_dir)
    if recorder is not None:
        click.echo(_store_line(recorder))
    sys.exit(_exit_code(summary))


@main.command(context_settings=CONTEXT)
@click.option("--query", required=True, help="PubMed query.")
@click.option("--since", type=click.DateTime(formats=["%Y-%m-%d"]), default=None,
              help="Only records entered since this date (YYYY-MM-DD).")
@click.option("--max", "max_records", type=click.IntRange(min=1), default=None,
              help="At most this many records.")
@click.option("-o", "--out", "out_dir", required=True, type=click.Path(path_type=Path),
              help="Directory for the fetched records (pubmed/, pmc/), the manifest and the raw cache.")
@click.option("--full-text/--no-full-text", default=True, show_default=True,
              help="Also fetch the PMC full text (JATS) of the records that have one.")
@click.option("--batch", type=click.IntRange(1, 10000), default=500, show_default=True,
              help="PubMed records per efetch request.")
@click.option("--eutils-url", default=None, help="E-utilities base URL (env RESMINE_EUTILS_URL).")
@click.option("--idconv-url", default=None,
              help="PMC ID converter URL (env RESMINE_IDCONV_URL).")
def fetch(query: str, since, max_records: int | None, out_dir: Path, full_text: bool, batch: int,
          eutils_url: str | None, idconv_url: str | None) -> None:
    """Fetch PubMed records (and PMC full texts) for a query into DIR; `resmine extract DIR`
    reads them.

    Writes DIR/pubmed/*.xml (PubMed XML as received), DIR/pmc/PMC*.xml (one JATS article per
    record whose PMC copy has a body; the others are read from their abstract) and
    DIR/.fetch-manifest.json (every record, full text or abstract, and why). Responses are
    cached in DIR/.eutils-cache: a re-run, or a run that was killed, continues from there.
    Credentials: RESMINE_NCBI_EMAIL, RESMINE_NCBI_API_KEY (README, "Fetching from NCBI").
    """
    from resmine.ncbi import EutilsClient, NcbiError, Settings
    from resmine.ncbi.fetch import MANIFEST, fetch_query

    client = EutilsClient(Settings(base_url=eutils_url or "", idconv_url=idconv_url or "",
                                   cache_dir=out_dir / ".eutils-cache"))
    bar = tqdm(unit="record", disable=None, file=sys.stderr)
    try:
        result = fetch_query(client, query, out_dir, since.date() if since else None, max_records,
                             batch=batch, full_text=full_text, progress=bar.update)
    except NcbiError as error:
        raise InputFailure(f"NCBI: {' '.join(str(error).split())} (re-run to continue from "
                           f"{printable(str(out_dir / '.eutils-cache'))})") from error
    finally:
        bar.close()
    click.echo(f"{result.summary()}")
    click.echo(f"records in {printable(str(out_dir))}; list in "
               f"{printable(str(out_dir / MANIFEST))}")


@main.command(context_settings=CONTEXT)
@click.option("--query-file", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="TOML file of [[query]] entries (name, term, since, datetype); see "
                   "corpus/queries.toml.")
@click.option("--db", default=None, help=DB_HELP.format("outputs/resmine.sqlite"))
@click.option("--data", "data_dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Folder for the fetched records (pubmed/, pmc/) and the raw cache of an "
                   "unfinished refresh (default: outputs/refresh).")
@click.option("-o", "--out", "out_dir", type=click.Path(path_type=Path), default=None,
              help="Outputs of the documents this refresh extracted (default: DATA/extracted).")
@click.option("--until", type=click.DateTime(formats=["%Y-%m-%d"]), default=None,
              help="Last day searched (default: today). An unfinished refresh keeps its own.")
@click.option("--full-text/--no-full-text", default=True, show_default=True,
              help="Also fetch the PMC full text (JATS) of new and revised records.")
@click.option("--batch", type=click.IntRange(1, 10000), default=500, show_default=True,
              help="PubMed records per efetch request.")
@click.option("--deletions", "deletion_files", multiple=True,
              type=click.Path(exists=True, path_type=Path),
              help="PubMed update files (or folders of them) whose <DeleteCitation> PMIDs are "
                   "applied: E-utilities do not report deletions. Repeatable.")
@click.option("--config", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Pipeline config (default: models/pipeline.cfg).")
@MAX_CHARS_OPTION
@click.option("--eutils-url", default=None, help="E-utilities base URL (env RESMINE_EUTILS_URL).")
@click.option("--idconv-url", default=None, help="PMC ID converter URL (env RESMINE_IDCONV_URL).")
def refresh(query_file: Path, db: str | None, data_dir: Path | None, out_dir: Path | None, until,
            full_text: bool, batch: int, deletion_files: tuple[Path, ...], config: Path | None,
            max_chars: int, eutils_url: str | None, idconv_url: str | None) -> None:
    """Keep the store current for the PubMed queries of a query file (the scheduled job).

    Fetches only what is new or revised since each query's last refresh, applies PubMed
    deletions (their evidence is retracted; decisions kept and audited), extracts only the
    documents that changed and records them in the store. A refresh killed at any point is
    resumed by the next one. Exit code 1 when a query or an input failed (the rest is done),
    2 on a bad query file, 3 when the store or the output folder cannot be written.
    """
    from resmine.engine.refresh import refresh as run_refresh
    from resmine.ncbi import Settings
    from resmine.ncbi.queries import QueryFileError, load_queries
    from resmine.store import default_location, open_store

    try:
        queries = load_queries(query_file)
    except QueryFileError as error:
        raise UsageFailure(printable(str(error))) from error
    data_dir = data_dir or repo_root() / "outputs" / "refresh"
    out_dir = out_dir or data_dir / "extracted"
    location = db or default_location()
    bar = tqdm(unit="record", desc="fetch", disable=None, file=sys.stderr)
    try:
        with open_store(location) as store:
            result = run_refresh(
                store, queries, Settings(base_url=eutils_url or "", idconv_url=idconv_url or ""),
                data_dir, out_dir, lambda: _load_pipeline(config),
                until.date() if until else None, batch, full_text, max_chars,
                progress=bar.update, doc_progress=_progress(), report=_report,
                deletion_files=list(deletion_files))
    finally:
        bar.close()
    for line in result.lines():
        click.echo(line)
    click.echo(f"store {printable(_redacted(str(location)))}; records in {printable(str(data_dir))}")
    sys.exit(EXIT_OK if result.ok else EXIT_INPUT_FAILED)


@main.command(context_settings=CONTEXT)
@click.option("--corpus", "corpus_dir", type=click.Path(exists=True, file_okay=False, path_type=Path),
              default=None, help="Corpus directory with docs/ and gold/ (default: the bundled corpus/).")
@click.option("--out", "out_dir", type=click.Path(path_type=Path), default=None,
              help="Output directory (default: outputs/run).")
@click.option("--config", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Pipeline config (default: models/pipeline.cfg).")
@click.option("--pubmed-files", type=click.Path(exists=True, file_okay=False, path_type=Path), default=None,
              help="Instead of a corpus: a folder of PubMed baseline and update files (pubmed*.xml.gz), "
                   "read in name order; a later version of a record replaces the earlier one, "
                   "DeleteCitation removes it, and files already processed (by md5) are skipped.")
@MAX_CHARS_OPTION
@_engine_options
@click.option("--db", default=None, help=DB_HELP.format("resmine.sqlite beside the output "
                                                        "directory: outputs/resmine.sqlite"))
def run(corpus_dir: Path | None, out_dir: Path | None, config: Path | None, pubmed_files: Path | None,
        max_chars: int, db: str | None, **engine) -> None:
    """Extract from the corpus, score against its gold set, export everything and record the run
    in the evidence store (curator decisions on unchanged triples are kept).

    With --pubmed-files, extract from PubMed's baseline and update files instead (no scoring);
    processed.tsv in the output folder lists each file, its md5 and whether it was done.
    Exit codes as for ``extract``; 1 also when the gold set cannot be scored (the extraction
    outputs are still written).
    """
    from resmine.engine.local import store_recording
    from resmine.engine.output import require_folder, staged_output
    from resmine.export import write_json
    from resmine.score import ScoreError, score_run

    if pubmed_files is not None and corpus_dir is not None:
        raise UsageFailure("--corpus and --pubmed-files: give one of them")
    corpus_dir = corpus_dir or repo_root() / "corpus"
    out_dir = out_dir or repo_root() / "outputs" / "run"
    docs = corpus_dir / "docs"
    if pubmed_files is None and not docs.is_dir():
        raise UsageFailure(f"{docs}: corpus has no docs/ directory")
    require_folder(out_dir)  # before the pipeline loads
    store = db or out_dir.parent / "resmine.sqlite"
    nlp = _pipeline_for(config, engine)
    if pubmed_files is not None:
        with store_recording(store, "run", [pubmed_files], nlp) as recorder, staged_output(out_dir) as staging:
            summary = _write_extraction([pubmed_files], staging, out_dir, nlp, config, max_chars, engine,
                                        pubmed_files, recorder)
        _print_summary(summary, out_dir)
        click.echo(_store_line(recorder))
        sys.exit(_exit_code(summary))
    scoring_error = None
    with store_recording(store, "run", [docs], nlp) as recorder, staged_output(out_dir) as staging:
        summary = _write_extraction([docs], staging, out_dir, nlp, config, max_chars, engine, recorder=recorder)
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
    click.echo(_store_line(recorder))
    if scoring_error is not None:
        raise InputFailure(f"scoring failed: {scoring_error}")
    sys.exit(_exit_code(summary))


@main.command("export", context_settings=CONTEXT)
@click.option("--format", "fmt", type=click.Choice(["csv", "parquet", "jsonl"]), default="csv",
              show_default=True, help="Format of the knowledge-base and CIViC-shaped tables.")
@click.option("--status", type=click.Choice(["accepted", "all"]), default="accepted", show_default=True,
              help="Only triples a curator accepted (or edited), or every triple with its status.")
@click.option("--db", default=None, help=DB_HELP.format("outputs/resmine.sqlite"))
@click.option("-o", "--out", "out_dir", required=True, type=click.Path(file_okay=False, path_type=Path),
              help="Directory for knowledge_base.*, civic_evidence.*, mentions.pubtator, mentions.bioc.xml.")
def export_command(fmt: str, status: str, db: str | None, out_dir: Path) -> None:
    """Export the evidence store: the knowledge base (stable ids, provenance, curator status),
    CIViC-shaped evidence items, and every mention as PubTator and BioC (outputs/README.md).

    Exit code 3 when the store cannot be read or the files cannot be written.
    """
    from resmine.engine.output import OutputError
    from resmine.export.kb import export_store
    from resmine.store import open_existing_store

    with open_existing_store(db) as store:
        try:
            written = export_store(store, out_dir, fmt, status)
        except OSError as error:
            raise OutputError(f"{out_dir}: cannot write the export: {error.strerror or error}") from error
    for name, n in written.items():
        click.echo(f"{n:>7}  {printable(str(out_dir / name))}")


@main.command(context_settings=CONTEXT)
@click.option("--db", default=None, help=DB_HELP.format("outputs/resmine.sqlite"))
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on; anything but a loopback address needs --token.")
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True)
@click.option("--token", envvar="RESMINE_REVIEW_TOKEN", default=None,
              help="Access token (16+ characters) each browser gives once; env RESMINE_REVIEW_TOKEN.")
@click.option("--curator", envvar="RESMINE_CURATOR", default=None,
              help="Name decisions are recorded under when the browser gave none; env RESMINE_CURATOR.")
def review(db: str | None, host: str, port: int, token: str | None, curator: str | None) -> None:
    """Serve the curator review app: the queue of triples with their evidence, decisions
    (a accept, x reject, e edit, f flag, n note, space skip, u undo), filters, and a summary
    page with plots. Stop it with Ctrl-C.

    Exit code 2 when asked to listen beyond 127.0.0.1 without --token, 3 when the store cannot
    be opened.
    """
    from resmine.review.security import BindRefused, check_bind, is_local

    try:
        check_bind(host, token)
    except BindRefused as error:
        raise UsageFailure(str(error)) from error
    import uvicorn

    from resmine.review.app import create_app
    from resmine.store import open_existing_store

    with open_existing_store(db) as store:
        # beyond loopback the token guards the app, whatever name it is reached by
        app = create_app(store, token=token, curator=curator,
                         allowed_hosts=None if is_local(host) else ["*"])
        click.echo(f"resmine review on http://{host}:{port}/ (store {_redacted(store.location)}); "
                   "Ctrl-C stops it", err=True)
        uvicorn.run(app, host=host, port=port, log_level="warning")


def _register_commands() -> None:
    # Scoring and the tools (training, evaluation, lexicon building) own their commands; this
    # module only gathers them. The runtime packages import neither.
    from resmine.score import cli as score_cli
    from resmine.tools import cli as tools_cli

    score_cli.register(main)
    tools_cli.register(main)


_register_commands()
