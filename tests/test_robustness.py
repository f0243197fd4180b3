"""Issue 21: hostile and careless inputs.

Rows 4–15 (clean errors, atomic outputs, nothing lost, nothing mixed) are in the section
below; each test names its row. Inputs are small and generated here.
"""

import csv
import gzip
import io
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

import resmine.cli as cli_module
from resmine.cli import main
from resmine.engine.output import lock_path
from resmine.export import CsvWriter, read_csv
from resmine.nlp import load_pipeline

# ============================================================================ rows 4–15
# Outputs, inputs and exit codes (exit codes: 0 ok, 1 some input failed, 2 usage, 3 output not
# writable, 4 internal error).

STATEMENT = "The EGFR T790M mutation confers resistance to gefitinib.\n"
RESMINE = [sys.executable, "-c", "from resmine.cli import main; main()"]


@pytest.fixture(scope="module")
def shared_nlp():
    return load_pipeline()


@pytest.fixture
def cli(shared_nlp, monkeypatch):
    """The real command line, with the pipeline loaded once for the module."""
    monkeypatch.setattr(cli_module, "_load_pipeline", lambda config, overrides=None: shared_nlp)

    def invoke(*args: str):
        return CliRunner().invoke(main, [str(a) for a in args])

    return invoke


def _error_lines(output: str) -> list[str]:
    return [line for line in output.splitlines() if line.startswith("error:")]


def _write(path: Path, data: bytes | str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return path


def _documents(out: Path) -> list[str]:
    return (out / "documents.txt").read_text(encoding="utf-8").splitlines()


def test_row4_gzip_bomb_txt_is_one_error_line_and_never_inflated_whole(cli, tmp_path):
    # 1 MB of text compresses to ~1 KB; with --max-chars 10000 only 40 KB is ever inflated.
    _write(tmp_path / "in" / "a.txt", STATEMENT)
    _write(tmp_path / "in" / "bomb.txt.gz", gzip.compress(b"EGFR T790M " * 100_000))
    result = cli("extract", tmp_path / "in", "-o", tmp_path / "out", "--max-chars", "10000")
    assert result.exit_code == 1
    errors = _error_lines(result.output)
    assert len(errors) == 1 and "bomb.txt.gz" in errors[0] and "document too long" in errors[0]
    assert _documents(tmp_path / "out") == ["a"]


def test_row4_gzip_bomb_xml_record_is_refused_while_inflating(cli, tmp_path):
    abstract = "EGFR T790M confers resistance. " * 20_000
    xml = ("<PubmedArticleSet><PubmedArticle><MedlineCitation><PMID>1</PMID><Article>"
           f"<ArticleTitle>t</ArticleTitle><Abstract><AbstractText>{abstract}</AbstractText>"
           "</Abstract></Article></MedlineCitation></PubmedArticle></PubmedArticleSet>")
    _write(tmp_path / "in" / "a.txt", STATEMENT)
    _write(tmp_path / "in" / "big.xml.gz", gzip.compress(xml.encode()))
    result = cli("extract", tmp_path / "in", "-o", tmp_path / "out", "--max-chars", "10000")
    assert result.exit_code == 1
    errors = _error_lines(result.output)
    assert len(errors) == 1 and "big.xml.gz" in errors[0] and "document too long" in errors[0]
    assert _documents(tmp_path / "out") == ["a"]


def test_row5_document_over_spacy_max_length_is_one_error_and_the_others_are_kept(cli, shared_nlp, tmp_path, monkeypatch):
    monkeypatch.setattr(shared_nlp, "max_length", 300)
    _write(tmp_path / "in" / "a.txt", STATEMENT)
    _write(tmp_path / "in" / "b.txt", STATEMENT * 20)
    _write(tmp_path / "in" / "c.txt", STATEMENT)
    result = cli("extract", tmp_path / "in", "-o", tmp_path / "out")
    assert result.exit_code == 1
    errors = _error_lines(result.output)
    assert len(errors) == 1 and "b.txt" in errors[0] and "300" in errors[0]
    assert _documents(tmp_path / "out") == ["a", "c"]
    assert {row["doc_id"] for row in read_csv(tmp_path / "out" / "evidence.csv")} == {"a", "c"}


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def test_row6_failed_run_leaves_the_earlier_outputs_whole(cli, tmp_path, monkeypatch):
    _write(tmp_path / "in" / "a.txt", STATEMENT)
    out = tmp_path / "out"
    assert cli("extract", tmp_path / "in", "-o", out).exit_code == 0
    before = _snapshot(out)
    _write(tmp_path / "in" / "b.txt", STATEMENT)

    def failing_annotate(nlp, documents):
        raise RuntimeError("boom")

    monkeypatch.setattr("resmine.engine.local.annotate_windows", failing_annotate)
    result = cli("extract", tmp_path / "in", "-o", out)
    assert result.exit_code == 4
    assert result.output.strip().splitlines() == [
        "error: internal error: RuntimeError: boom (run 'resmine --debug ...' for the traceback)"]
    assert _snapshot(out) == before
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []  # no staging left


def test_row7_kill_9_leaves_no_complete_looking_output_and_score_refuses(cli, tmp_path):
    for number in range(300):
        _write(tmp_path / "in" / f"d{number:03}.txt", STATEMENT * 20)
    out = tmp_path / "out"
    out.mkdir()
    process = subprocess.Popen([*RESMINE, "extract", str(tmp_path / "in"), "-o", str(out)],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 120
        while not list(tmp_path.glob(".out.staging-*/evidence.csv")):
            assert process.poll() is None and time.monotonic() < deadline
            time.sleep(0.05)
        os.kill(process.pid, signal.SIGKILL)
    finally:
        process.wait()
    assert list(out.iterdir()) == []  # the partial CSVs are in the hidden staging folder
    result = cli("score", "--gold", tmp_path / "gold.tsv", "--pred", out)
    assert result.exit_code == 2
    assert result.output.splitlines() == [
        f"error: {out}: no run.json: not a finished resmine run (interrupted, failed or still running); "
        "extract again"]
    # the next run takes over the dead run's lock and removes its staging folder
    (tmp_path / "in2").mkdir()
    _write(tmp_path / "in2" / "a.txt", STATEMENT)
    assert cli("extract", tmp_path / "in2", "-o", out).exit_code == 0
    assert json.loads((out / "run.json").read_text())["finished"] is True
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_row7_score_refuses_a_folder_without_run_json(cli, tmp_path):
    _write(tmp_path / "in" / "a.txt", STATEMENT)
    out = tmp_path / "out"
    assert cli("extract", tmp_path / "in", "-o", out).exit_code == 0
    manifest = json.loads((out / "run.json").read_text())
    assert manifest["finished"] is True and manifest["counts"]["documents"] == 1
    assert set(manifest["versions"]) >= {"resmine", "spacy", "python"}
    (out / "run.json").unlink()
    result = cli("score", "--pred", out)
    assert result.exit_code == 2 and len(result.output.splitlines()) == 1
    assert "no run.json" in result.output


def test_row8_a_second_extract_into_a_locked_folder_refuses(cli, tmp_path):
    _write(tmp_path / "in" / "a.txt", STATEMENT)
    out = tmp_path / "out"
    lock_path(out).write_text(f"{os.getpid()}\n")  # a live run holds the lock
    result = cli("extract", tmp_path / "in", "-o", out)
    assert result.exit_code == 3
    assert result.output.splitlines() == [
        f"error: {out}: in use by another resmine run (pid {os.getpid()}; lock {lock_path(out)})"]
    assert not out.exists()
    lock_path(out).unlink()
    assert cli("extract", tmp_path / "in", "-o", out).exit_code == 0
    assert not lock_path(out).exists()


def test_row9_output_inside_the_input_tree_is_never_read(cli, tmp_path):
    _write(tmp_path / "in" / "a.txt", STATEMENT)
    for _ in range(2):
        result = cli("extract", tmp_path / "in", "-o", tmp_path / "in" / "out")
        assert result.exit_code == 0, result.output
        assert _documents(tmp_path / "in" / "out") == ["a"]


def test_row10_unreadable_subfolder_is_one_error_line(cli, tmp_path, monkeypatch):
    _write(tmp_path / "in" / "a.txt", STATEMENT)
    _write(tmp_path / "in" / "locked" / "b.txt", STATEMENT)
    locked = str(tmp_path / "in" / "locked")
    real_scandir = os.scandir

    def scandir(path="."):  # the tests run as root, for whom chmod 000 changes nothing
        if str(path) == locked:
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    result = cli("extract", tmp_path / "in", "-o", tmp_path / "out")
    assert result.exit_code == 1
    assert _error_lines(result.output) == [f"error: {locked}: cannot read folder: Permission denied"]
    assert _documents(tmp_path / "out") == ["a"]


def test_row11_same_file_name_in_two_folders_gets_a_unique_doc_id(cli, tmp_path):
    _write(tmp_path / "in" / "a" / "paper.txt", STATEMENT)
    _write(tmp_path / "in" / "b" / "paper.txt", STATEMENT)
    result = cli("extract", tmp_path / "in", "-o", tmp_path / "out")
    assert result.exit_code == 0
    assert [line for line in result.output.splitlines() if line.startswith("warning:")] == [
        f"warning: {tmp_path}/in/b/paper.txt: doc_id 'paper' is already used by "
        f"{tmp_path}/in/a/paper.txt; using 'b/paper'"]
    assert _documents(tmp_path / "out") == ["paper", "b/paper"]
    evidence_ids = [row["evidence_id"] for row in read_csv(tmp_path / "out" / "evidence.csv")]
    assert len(evidence_ids) == 2 and len(set(evidence_ids)) == 2


def test_row12_output_path_is_a_file_is_a_usage_error(cli, tmp_path):
    _write(tmp_path / "a.txt", STATEMENT)
    result = cli("extract", tmp_path / "a.txt", "-o", tmp_path / "a.txt")
    assert result.exit_code == 2
    assert result.output.splitlines() == [f"error: {tmp_path}/a.txt: exists and is not a folder (-o needs a folder)"]


def test_row12_output_not_writable_is_exit_3(cli, tmp_path):
    _write(tmp_path / "a.txt", STATEMENT)
    result = cli("extract", tmp_path / "a.txt", "-o", tmp_path / "a.txt" / "out")
    assert result.exit_code == 3
    assert len(result.output.splitlines()) == 1 and "cannot write outputs" in result.output


def test_row12_full_disk_is_exit_3_and_keeps_the_old_outputs(cli, tmp_path, monkeypatch):
    _write(tmp_path / "in" / "a.txt", STATEMENT)
    out = tmp_path / "out"
    assert cli("extract", tmp_path / "in", "-o", out).exit_code == 0
    before = _snapshot(out)

    def full(self, record):
        raise OSError(28, "No space left on device", "evidence.csv")

    monkeypatch.setattr(CsvWriter, "write", full)
    result = cli("extract", tmp_path / "in", "-o", out)
    assert result.exit_code == 3
    assert result.output.splitlines() == ["error: evidence.csv: cannot write outputs: No space left on device"]
    assert _snapshot(out) == before


@pytest.mark.parametrize("gold, message", [
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "not UTF-8"),
    ("doc_id\tgene\tmutation\tdrug\trelation\ttier\nd1\tBRAF\tV600E\tvemurafénib\tresistance\tA\n"
     .encode("latin-1"), "unreadable"),
    (b"doc_id\tgene\tmutation\tdrug\trelation\ttier\tevidence\tnote\n", "no gold rows"),
])
def test_row12_binary_latin1_or_header_only_gold_is_one_line_exit_2(cli, tmp_path, gold, message):
    _write(tmp_path / "in" / "a.txt", STATEMENT)
    assert cli("extract", tmp_path / "in", "-o", tmp_path / "out").exit_code == 0
    result = cli("score", "--gold", _write(tmp_path / "gold.tsv", gold), "--pred", tmp_path / "out")
    assert result.exit_code == 2
    assert len(result.output.splitlines()) == 1 and message in result.output


def test_row13_control_characters_in_file_names_are_escaped(cli, tmp_path):
    _write(tmp_path / "in" / "new\nline\ttab.txt", STATEMENT)
    _write(tmp_path / "in" / "esc\x1b[31mred.txt", b"")
    result = cli("extract", tmp_path / "in", "-o", tmp_path / "out")
    assert result.exit_code == 1
    assert "\x1b" not in result.output
    assert _error_lines(result.output) == [f"error: {tmp_path}/in/esc\\x1b[31mred.txt: empty file"]
    assert _documents(tmp_path / "out") == ["new\\x0aline\\x09tab"]
    assert (tmp_path / "out" / "errors.txt").read_text().count("\n") == 1


def test_row14_a_fifo_is_refused_without_hanging(tmp_path):
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    result = subprocess.run([*RESMINE, "extract", str(fifo), "-o", str(tmp_path / "out")],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 1
    assert _error_lines(result.stderr) == [f"error: {fifo}: not a regular file (a FIFO, socket or device)"]


def test_row10_a_fifo_or_broken_link_inside_an_input_folder_is_one_error_line_each(tmp_path):
    _write(tmp_path / "in" / "a.txt", STATEMENT)
    os.mkfifo(tmp_path / "in" / "b_pipe.txt")
    (tmp_path / "in" / "c_link.txt").symlink_to(tmp_path / "nowhere.txt")
    result = subprocess.run([*RESMINE, "extract", str(tmp_path / "in"), "-o", str(tmp_path / "out")],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 1
    assert _error_lines(result.stderr) == [
        f"error: {tmp_path}/in/b_pipe.txt: not a regular file (a FIFO, socket or device)",
        f"error: {tmp_path}/in/c_link.txt: broken symbolic link"]
    assert _documents(tmp_path / "out") == ["a"]
    assert (tmp_path / "out" / "errors.txt").read_text().count("\n") == 2


@pytest.mark.parametrize("args, message", [
    (["extract", "--bogus", "x", "-o", "out"],
     "error: No such option '--bogus'. Did you mean '--out'? (see 'resmine extract -h')"),
    (["extract"], "error: Missing argument 'PATHS...'. (see 'resmine extract -h')"),
    (["extract", "--max-chars", "many", "x", "-o", "out"],
     "error: Invalid value for '--max-chars': 'many' is not a valid integer range. (see 'resmine extract -h')"),
    (["frobnicate"], "error: No such command 'frobnicate'. (see 'resmine -h')"),
    (["--bogus", "extract"], "error: No such option '--bogus'. (see 'resmine -h')"),
    (["lexicon", "build", "--nope"], "error: No such option '--nope'. (see 'resmine lexicon build -h')"),
], ids=["bad-option", "missing-argument", "bad-value", "unknown-command", "bad-group-option", "nested-command"])
def test_row12_a_click_usage_error_is_one_line_and_exit_2(args, message):
    result = CliRunner().invoke(main, args, prog_name="resmine")
    assert result.exit_code == 2
    assert result.output.splitlines() == [message]


def test_row12_usage_error_exit_code_of_the_real_process(tmp_path):
    result = subprocess.run([sys.executable, "-m", "resmine", "extract", "--bogus", str(tmp_path)],
                            capture_output=True, text=True, timeout=120)
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr.splitlines() == [
        "error: No such option '--bogus'. Did you mean '--out'? (see 'python -m resmine extract -h')"]


def test_rows_2_3_a_document_read_in_windows_is_one_document_with_whole_document_offsets(cli, tmp_path, monkeypatch):
    from functools import partial

    from resmine.nlp import annotate_windows

    text = "".join(f"{STATEMENT.strip()} Cells were grown for {k} days.\n\n" for k in range(10))
    assert len(text) > 3 * 250  # four windows or more
    _write(tmp_path / "in" / "a.txt", text)
    assert cli("extract", tmp_path / "in", "-o", tmp_path / "whole").exit_code == 0
    monkeypatch.setattr("resmine.engine.local.annotate_windows", partial(annotate_windows, window_chars=250))
    assert cli("extract", tmp_path / "in", "-o", tmp_path / "windows").exit_code == 0
    assert _documents(tmp_path / "windows") == ["a"]
    rows = read_csv(tmp_path / "windows" / "evidence.csv")
    assert len(rows) == 10 and rows == read_csv(tmp_path / "whole" / "evidence.csv")
    assert all(text[int(r["sentence_start"]):int(r["sentence_end"])] == r["sentence"] for r in rows)
    mentions = read_csv(tmp_path / "windows" / "mentions.csv")
    assert mentions == read_csv(tmp_path / "whole" / "mentions.csv")
    assert all(text[int(m["start"]):int(m["end"])] == m["text"] for m in mentions)
    assert json.loads((tmp_path / "windows" / "run.json").read_text())["counts"]["documents"] == 1


@pytest.mark.parametrize("text", ["'+1 mutation", "'=x", "''", "'", "+x", "=1+1", "plain", "-", "'abc"])
def test_row15_formula_guard_round_trips_losslessly(tmp_path, text):
    writer = CsvWriter(tmp_path / "t.csv", ["sentence"])
    writer.write({"sentence": text})
    writer.close()
    raw = next(csv.DictReader(io.StringIO((tmp_path / "t.csv").read_text())))["sentence"]
    assert not raw.startswith(("=", "+", "-", "@"))
    assert read_csv(tmp_path / "t.csv") == [{"sentence": text}]


def test_row15_sentence_beginning_quote_plus_matches_its_offsets(cli, tmp_path):
    _write(tmp_path / "in" / "a.txt", "'+ " + STATEMENT)
    assert cli("extract", tmp_path / "in", "-o", tmp_path / "out").exit_code == 0
    text = (tmp_path / "in" / "a.txt").read_text()
    for row in read_csv(tmp_path / "out" / "evidence.csv"):
        assert text[int(row["sentence_start"]):int(row["sentence_end"])] == row["sentence"]


def test_nul_byte_after_the_sniffed_head_never_reaches_the_csv(cli, tmp_path):
    _write(tmp_path / "in" / "a.txt", STATEMENT)
    _write(tmp_path / "in" / "nul.txt", STATEMENT * 400 + "\x00" + STATEMENT)
    result = cli("extract", tmp_path / "in", "-o", tmp_path / "out")
    assert result.exit_code == 1
    assert _error_lines(result.output) == [
        f"error: {tmp_path}/in/nul.txt: nul: binary data: NUL character at offset {len(STATEMENT) * 400}"]
    assert "\x00" not in (tmp_path / "out" / "evidence.csv").read_text()


def test_empty_input_folder_says_so_and_exits_1(cli, tmp_path):
    (tmp_path / "in").mkdir()
    result = cli("extract", tmp_path / "in", "-o", tmp_path / "out")
    assert result.exit_code == 1
    assert _error_lines(result.output) == ["error: no documents found in the inputs"]


def test_symlinked_folders_are_not_descended(cli, tmp_path):
    _write(tmp_path / "in" / "a.txt", STATEMENT)
    _write(tmp_path / "elsewhere" / "b.txt", STATEMENT)
    (tmp_path / "in" / "link").symlink_to(tmp_path / "elsewhere", target_is_directory=True)
    assert cli("extract", tmp_path / "in", "-o", tmp_path / "out").exit_code == 0
    assert _documents(tmp_path / "out") == ["a"]


def test_debug_shows_the_traceback(cli, tmp_path, monkeypatch):
    _write(tmp_path / "a.txt", STATEMENT)

    def failing_annotate(nlp, documents):
        raise RuntimeError("boom")

    monkeypatch.setattr("resmine.engine.local.annotate_windows", failing_annotate)
    result = cli("--debug", "extract", tmp_path / "a.txt", "-o", tmp_path / "out")
    assert isinstance(result.exception, RuntimeError)


def test_row12_score_report_not_writable_is_exit_3(cli, tmp_path):
    _write(tmp_path / "in" / "a.txt", STATEMENT)
    assert cli("extract", tmp_path / "in", "-o", tmp_path / "out").exit_code == 0
    gold = _write(tmp_path / "gold.tsv", "doc_id\tgene\tmutation\tdrug\trelation\ttier\tevidence\tnote\n"
                                         "a\tEGFR\tT790M\tgefitinib\tresistance\tA\tx\t\n")
    result = cli("score", "--gold", gold, "--pred", tmp_path / "out", "--json", tmp_path / "in" / "a.txt" / "s.json")
    assert result.exit_code == 3
    assert result.output.splitlines()[-1] == f"error: {tmp_path}/in/a.txt/s.json: cannot write: Not a directory"
