"""A hand-check of the NER on full texts: a seeded sample to judge, and its scorer.

No annotated full-text corpus of genes and chemicals is in shared/, so full-text precision and
recall are measured by reading a sample (issue 20, item 3). Two TSV files are drawn from what
the pipeline finds in the given articles:

``mentions.tsv`` (precision)
    Predicted GENE and CHEMICAL (the pipeline's DRUG) mentions, each with its sentence, the
    mention marked ``[[...]]``. The judge fills ``judgement``: ``y`` right span and label,
    ``b`` right entity and label but wrong boundary, ``n`` not a gene/chemical or wrong label.
``sentences.tsv`` (recall)
    Whole sentences (a table row is one sentence). The judge fills ``gold`` with every gene and
    chemical the sentence names, as ``LABEL:text`` separated by ``" ; "`` (``-``: none), *before*
    looking at ``predicted``, the pipeline's mentions in the same form, kept in the last column
    so that it can be hidden while judging.

Both are stratified by passage kind (title, abstract, heading, paragraph, caption, table row):
units are drawn kind by kind in turn, each kind in the order of a seeded hash of the unit's place, so that rare kinds (headings, captions, table cells) are
not drowned by paragraphs; ``kind_total`` records how many units of that kind the articles
hold, so that the scorer can weight the per-kind counts back to the articles' own mix.

:func:`score_mentions` and :func:`score_sentences` read the judged files; ``python -m
resmine.tools.ner.fulltext score`` prints precision and recall with their counts, per kind and
overall (micro over the sample, and weighted by ``kind_total``).
"""

from __future__ import annotations

import csv
import hashlib
from bisect import bisect_right
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import click

from resmine.model import Document, Label, Mention, Passage

# The pipeline's labels under the names of the judging convention (BioRED's entity types).
JUDGED_LABELS = {Label.GENE: "GENE", Label.DRUG: "CHEMICAL"}
MENTION_COLUMNS = ("id", "doc_id", "kind", "kind_total", "section", "start", "end", "label", "text",
                   "normalized", "source", "sentence", "judgement", "note")
SENTENCE_COLUMNS = ("id", "doc_id", "kind", "kind_total", "section", "start", "end", "sentence", "gold",
                    "note", "predicted")
JUDGEMENTS = ("y", "b", "n")
GOLD_SEPARATOR = " ; "
NO_ENTITY = "-"
# Where a mention sits in its sentence when it is shown to the judge.
MARK_OPEN, MARK_CLOSE = "[[", "]]"


@dataclass(frozen=True)
class Unit:
    """One thing to judge: a mention (``mention`` set) or a whole sentence."""

    doc_id: str
    kind: str
    section: str
    start: int
    end: int
    sentence: tuple[int, int]
    mention: Mention | None = None


def passage_index(passages: Sequence[Passage]) -> tuple[list[int], list[Passage]]:
    ordered = sorted(passages, key=lambda p: p.start)
    return [p.start for p in ordered], ordered


def passage_at(index: tuple[list[int], list[Passage]], offset: int) -> Passage | None:
    """The passage holding the character ``offset``, if any."""
    starts, ordered = index
    k = bisect_right(starts, offset) - 1
    return ordered[k] if k >= 0 and ordered[k].start <= offset < ordered[k].end else None


def _sentence_at(sentences: Sequence[tuple[int, int]], start: int, end: int) -> tuple[int, int]:
    starts = [s for s, _ in sentences]
    k = bisect_right(starts, start) - 1
    return sentences[k] if k >= 0 and sentences[k][1] >= end else (start, end)


def document_units(document: Document, sentences: Sequence[tuple[int, int]],
                   mentions: Iterable[Mention]) -> tuple[list[Unit], list[Unit]]:
    """(mention units, sentence units) of one annotated document: every GENE/DRUG mention and
    every sentence with a letter in it, each with the kind and section of its passage."""
    index = passage_index(document.passages)
    ordered = sorted(sentences)

    def unit(start: int, end: int, mention: Mention | None = None) -> Unit:
        passage = passage_at(index, start)
        kind = str(passage.kind) if passage else "text"
        return Unit(document.doc_id, kind, passage.section if passage else "", start, end,
                    _sentence_at(ordered, start, end), mention)

    mention_units = [unit(m.start, m.end, m) for m in sorted(mentions, key=lambda m: (m.start, m.end))
                     if m.label in JUDGED_LABELS]
    sentence_units = [unit(start, end) for start, end in ordered
                      if any(c.isalpha() for c in document.text[start:end])]
    return mention_units, sentence_units


def draw_rank(unit: Unit, seed: int) -> bytes:
    """Where ``unit`` comes in the draw: a seeded hash of where it is, so that a unit keeps its
    place when the pipeline finds other units around it (a change to the pipeline leaves the
    units it does not touch in the sample, and only the new ones need judging)."""
    return hashlib.sha256(f"{seed}:{unit.doc_id}:{unit.start}:{unit.end}".encode()).digest()


def stratified_sample(units: Sequence[Unit], size: int, seed: int) -> list[Unit]:
    """``size`` units drawn without replacement, kind by kind in turn (kinds in sorted order,
    each kind's units in :func:`draw_rank` order) until ``size`` or every unit is taken;
    returned in document order."""
    by_kind: dict[str, list[Unit]] = {}
    for item in units:
        by_kind.setdefault(item.kind, []).append(item)
    queues = {kind: sorted(items, key=lambda u: draw_rank(u, seed), reverse=True)
              for kind, items in sorted(by_kind.items())}
    taken: list[Unit] = []
    while len(taken) < size and any(queues.values()):
        for queue in queues.values():
            if queue and len(taken) < size:
                taken.append(queue.pop())
    return sorted(taken, key=lambda u: (u.doc_id, u.start, u.end))


def one_line(text: str) -> str:
    """``text`` on one TSV line: tabs (table cells) shown as " | ", line breaks as spaces."""
    return text.replace("\t", " | ").replace("\r", " ").replace("\n", " ")


def marked_sentence(text: str, unit: Unit) -> str:
    start, end = unit.sentence
    return one_line(text[start:unit.start] + MARK_OPEN + text[unit.start:unit.end] + MARK_CLOSE
                    + text[unit.end:end])


def format_entities(entities: Iterable[tuple[str, str]]) -> str:
    """``[("GENE", "EGFR"), ...]`` as the ``gold``/``predicted`` column: "GENE:EGFR ; ..."."""
    written = [f"{label}:{one_line(text)}" for label, text in entities]
    return GOLD_SEPARATOR.join(written) if written else NO_ENTITY


def parse_entities(value: str) -> list[tuple[str, str]]:
    """The ``gold``/``predicted`` column as (label, text) pairs; ValueError on a bad entry."""
    value = value.strip()
    if value == NO_ENTITY:
        return []
    pairs = []
    for entry in value.split(GOLD_SEPARATOR):
        label, _, text = entry.strip().partition(":")
        if label not in JUDGED_LABELS.values() or not text:
            raise ValueError(f"not LABEL:text with LABEL in {sorted(JUDGED_LABELS.values())}: {entry!r}")
        pairs.append((label, text))
    return pairs


def mention_rows(units: Sequence[Unit], texts: dict[str, str], totals: Counter) -> Iterator[dict[str, str]]:
    for number, unit in enumerate(units, start=1):
        mention = unit.mention
        assert mention is not None
        yield {"id": f"m{number:03d}", "doc_id": unit.doc_id, "kind": unit.kind,
               "kind_total": str(totals[unit.kind]), "section": one_line(unit.section),
               "start": str(unit.start), "end": str(unit.end), "label": JUDGED_LABELS[Label(mention.label)],
               "text": one_line(mention.text), "normalized": mention.normalized or "",
               "source": str(mention.source), "sentence": marked_sentence(texts[unit.doc_id], unit),
               "judgement": "", "note": ""}


def sentence_rows(units: Sequence[Unit], texts: dict[str, str], totals: Counter,
                  mentions: dict[str, list[Mention]]) -> Iterator[dict[str, str]]:
    for number, unit in enumerate(units, start=1):
        inside = [m for m in mentions[unit.doc_id]
                  if m.label in JUDGED_LABELS and unit.start <= m.start and m.end <= unit.end]
        yield {"id": f"s{number:03d}", "doc_id": unit.doc_id, "kind": unit.kind,
               "kind_total": str(totals[unit.kind]), "section": one_line(unit.section),
               "start": str(unit.start), "end": str(unit.end),
               "sentence": one_line(texts[unit.doc_id][unit.start:unit.end]), "gold": "", "note": "",
               "predicted": format_entities((JUDGED_LABELS[Label(m.label)], m.text)
                                            for m in sorted(inside, key=lambda m: m.start))}


def write_tsv(path: Path, columns: Sequence[str], rows: Iterable[dict[str, str]]) -> int:
    path.parent.mkdir(parents=True, exist_ok=True)
    count = 0
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, columns, delimiter="\t", quoting=csv.QUOTE_NONE, escapechar=None,
                                lineterminator="\n")
        writer.writeheader()
        for row in rows:
            writer.writerow(row)
            count += 1
    return count


def read_tsv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))


@dataclass
class Ratio:
    hits: float = 0
    total: int = 0

    @property
    def value(self) -> float | None:
        return self.hits / self.total if self.total else None


def _weighted(per_kind: dict[str, Ratio], totals: dict[str, int], sampled: dict[str, int]) -> float | None:
    """The sample's hits and totals of each kind scaled up to the articles (by the kind's units
    in the articles over its units in the sample), then divided: what the figure would be if
    every kind were as common in the sample as in the articles."""
    scale = {kind: totals[kind] / sampled[kind] for kind in per_kind if sampled.get(kind)}
    denominator = sum(scale[kind] * per_kind[kind].total for kind in scale)
    return sum(scale[kind] * per_kind[kind].hits for kind in scale) / denominator if denominator else None


@dataclass
class Score:
    """A precision or recall, overall and per passage kind."""

    per_kind: dict[str, Ratio]
    totals: dict[str, int]  # units of each kind in the articles
    sampled: dict[str, int]  # units of each kind in the sample

    @property
    def overall(self) -> Ratio:
        return Ratio(sum(r.hits for r in self.per_kind.values()), sum(r.total for r in self.per_kind.values()))

    @property
    def weighted(self) -> float | None:
        return _weighted(self.per_kind, self.totals, self.sampled)


def score_mentions(rows: Iterable[dict[str, str]], lenient: bool = False) -> Score:
    """Precision of the judged mention rows: ``y`` right (and ``b`` with ``lenient``) over all.
    ValueError on a row not judged or judged otherwise than y/b/n."""
    per_kind: dict[str, Ratio] = {}
    totals: dict[str, int] = {}
    for row in rows:
        judgement = row["judgement"].strip()
        if judgement not in JUDGEMENTS:
            raise ValueError(f"row {row['id']}: judgement {judgement!r} is not one of {'/'.join(JUDGEMENTS)}")
        ratio = per_kind.setdefault(row["kind"], Ratio())
        totals[row["kind"]] = int(row["kind_total"])
        ratio.total += 1
        ratio.hits += judgement == "y" or (lenient and judgement == "b")
    return Score(per_kind, totals, {kind: ratio.total for kind, ratio in per_kind.items()})


def found_gold(gold: Sequence[tuple[str, str]], predicted: Sequence[tuple[str, str]]) -> int:
    """How many gold (label, text) the predictions give exactly, each prediction used once."""
    return sum((Counter(gold) & Counter(predicted)).values())


def score_sentences(rows: Iterable[dict[str, str]]) -> tuple[Score, Score]:
    """(recall, precision) over the judged sentence rows: gold entities found with the exact
    text and label, over gold; predictions that are gold, over predictions."""
    recall: dict[str, Ratio] = {}
    precision: dict[str, Ratio] = {}
    totals: dict[str, int] = {}
    sampled: Counter = Counter()
    for row in rows:
        if not row["gold"].strip():
            raise ValueError(f"row {row['id']}: gold not filled in (write {NO_ENTITY} for none)")
        try:
            gold, predicted = parse_entities(row["gold"]), parse_entities(row["predicted"])
        except ValueError as error:
            raise ValueError(f"row {row['id']}: {error}") from error
        found = found_gold(gold, predicted)
        kind = row["kind"]
        totals[kind] = int(row["kind_total"])
        sampled[kind] += 1
        r, p = recall.setdefault(kind, Ratio()), precision.setdefault(kind, Ratio())
        r.hits += found
        r.total += len(gold)
        p.hits += found
        p.total += len(predicted)
    return Score(recall, totals, sampled), Score(precision, totals, sampled)


def label_ratios(mention_rows: Iterable[dict[str, str]],
                 sentence_rows: Iterable[dict[str, str]]) -> dict[str, tuple[Ratio, Ratio]]:
    """Per label (GENE, CHEMICAL): (precision over the judged mentions, exact span and label;
    recall over the judged sentences), micro over the sample whatever the passage kind."""
    ratios = {label: (Ratio(), Ratio()) for label in JUDGED_LABELS.values()}
    for row in mention_rows:
        precision = ratios[row["label"]][0]
        precision.total += 1
        precision.hits += row["judgement"].strip() == "y"
    for row in sentence_rows:
        gold, predicted = parse_entities(row["gold"]), parse_entities(row["predicted"])
        for label, (_, recall) in ratios.items():
            of_label = [g for g in gold if g[0] == label]
            recall.hits += found_gold(of_label, predicted)
            recall.total += len(of_label)
    return ratios


def _figure(value: float | None) -> str:
    return "  -  " if value is None else f"{value:.3f}"


def score_lines(title: str, score: Score) -> list[str]:
    """A printed table: one line per kind (figure, hits/total, kind's units in the articles),
    then the sample's micro figure and the figure weighted by each kind's share."""
    lines = [title]
    for kind, ratio in sorted(score.per_kind.items()):
        hits = f"{ratio.hits:g}/{ratio.total}"
        lines.append(f"  {kind:<10} {_figure(ratio.value)}  {hits:>8}  (of {score.totals[kind]} in the articles)")
    overall = score.overall
    lines.append(f"  {'all':<10} {_figure(overall.value)}  {overall.hits:g}/{overall.total}"
                 f"   weighted by kind: {_figure(score.weighted)}")
    return lines


CONTEXT = {"help_option_names": ["-h", "--help"]}


@click.group(context_settings=CONTEXT)
def main() -> None:
    """Hand-check of the NER on full-text articles: draw a sample to judge, score the judged sample."""


@main.command("sample", context_settings=CONTEXT)
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option("-o", "--out", "out_dir", required=True, type=click.Path(file_okay=False, path_type=Path),
              help="Folder for mentions.tsv and sentences.tsv (replaced).")
@click.option("--mentions", "mention_count", type=click.IntRange(1), default=120, show_default=True,
              help="Predicted GENE/CHEMICAL mentions to draw (precision).")
@click.option("--sentences", "sentence_count", type=click.IntRange(1), default=50, show_default=True,
              help="Sentences and table rows to draw (recall).")
@click.option("--seed", type=int, default=20, show_default=True, help="Seed of the draw.")
@click.option("--config", type=click.Path(dir_okay=False, exists=True, path_type=Path), default=None,
              help="Pipeline config (default: models/pipeline.cfg).")
def sample_command(paths, out_dir, mention_count, sentence_count, seed, config):
    """Run the pipeline on PATHS (articles, any format resmine reads) and draw a seeded,
    passage-kind-stratified sample of mentions and sentences into two TSV files to judge."""
    from resmine.model import ReadFailure
    from resmine.nlp import annotate, load_pipeline
    from resmine.readers import iter_documents

    documents = []
    for item in iter_documents(list(paths)):
        if isinstance(item, ReadFailure):
            click.echo(f"{item.source}: {item.message}", err=True)
        elif isinstance(item, Document):
            documents.append(item)
    if not documents:
        raise click.ClickException("no document read")
    nlp = load_pipeline(config, without_relations=True)
    all_mentions: list[Unit] = []
    all_sentences: list[Unit] = []
    texts: dict[str, str] = {}
    mentions: dict[str, list[Mention]] = {}
    for annotated in annotate(nlp, documents):
        doc_id = annotated.document.doc_id
        texts[doc_id] = annotated.document.text
        mentions[doc_id] = annotated.mentions
        found, sentences = document_units(annotated.document, annotated.sentences, annotated.mentions)
        all_mentions.extend(found)
        all_sentences.extend(sentences)
    mention_totals = Counter(u.kind for u in all_mentions)
    sentence_totals = Counter(u.kind for u in all_sentences)
    written = write_tsv(out_dir / "mentions.tsv", MENTION_COLUMNS,
                        mention_rows(stratified_sample(all_mentions, mention_count, seed), texts, mention_totals))
    click.echo(f"{out_dir / 'mentions.tsv'}: {written} of {len(all_mentions)} mentions "
               f"({', '.join(f'{k} {n}' for k, n in sorted(mention_totals.items()))})")
    written = write_tsv(out_dir / "sentences.tsv", SENTENCE_COLUMNS,
                        sentence_rows(stratified_sample(all_sentences, sentence_count, seed), texts,
                                      sentence_totals, mentions))
    click.echo(f"{out_dir / 'sentences.tsv'}: {written} of {len(all_sentences)} sentences "
               f"({', '.join(f'{k} {n}' for k, n in sorted(sentence_totals.items()))})")


@main.command("score", context_settings=CONTEXT)
@click.argument("folder", type=click.Path(file_okay=False, exists=True, path_type=Path))
def score_command(folder):
    """Print precision (judged mentions.tsv) and recall (judged sentences.tsv) of FOLDER, per
    passage kind and overall, with their counts."""
    try:
        mention_rows_ = read_tsv(folder / "mentions.tsv")
        sentence_rows_ = read_tsv(folder / "sentences.tsv")
        strict, lenient = score_mentions(mention_rows_), score_mentions(mention_rows_, lenient=True)
        recall, precision = score_sentences(sentence_rows_)
    except (OSError, ValueError, KeyError) as error:
        raise click.ClickException(f"{folder}: {error}") from error
    for title, score in (("precision, judged mentions (exact span and label)", strict),
                         ("precision, judged mentions (right entity, boundary may differ)", lenient),
                         ("recall, judged sentences (gold found with exact text and label)", recall),
                         ("precision, judged sentences (predictions that are gold)", precision)):
        click.echo("\n".join(score_lines(title, score)))
    click.echo("per label, over all kinds (precision: judged mentions, exact; recall: judged sentences)")
    for label, (label_p, label_r) in label_ratios(mention_rows_, sentence_rows_).items():
        click.echo(f"  {label:<10} P {_figure(label_p.value)} {label_p.hits:g}/{label_p.total}"
                   f"   R {_figure(label_r.value)} {label_r.hits:g}/{label_r.total}")


if __name__ == "__main__":
    main()
