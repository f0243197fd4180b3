"""The ``train-ner`` and ``eval-ner`` commands (registered on resmine's CLI by ``register``)."""

from __future__ import annotations

from pathlib import Path

import click

from resmine.paths import models_dir, shared_dir
from resmine.tools.splits import PART_CHOICES

CONTEXT = {"help_option_names": ["-h", "--help"]}
_CORPORA_HELP = "Corpora folder (default: ../shared/data/corpora beside the checkout, or $RESMINE_SHARED/data/corpora)."


def _corpora(path: Path | None) -> Path:
    path = path or shared_dir() / "data" / "corpora"
    if not path.is_dir():
        raise click.ClickException(f"{path}: corpora folder not found")
    return path


def register(group: click.Group) -> None:
    from resmine.tools.ner.corpora import DEV_SPLITS, EVAL_SPLITS, TRAIN_SPLITS
    from resmine.ner.features import CONVENTIONS

    @group.command("train-ner", context_settings=CONTEXT)
    @click.option("--corpora", type=click.Path(file_okay=False, path_type=Path), default=None, help=_CORPORA_HELP)
    @click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path), default=None,
                  help="Where the trained model goes (default: models/ner, replaced).")
    @click.option("--config", type=click.Path(dir_okay=False, exists=True, path_type=Path), default=None,
                  help="spaCy training config (default: models/ner.cfg).")
    @click.option("--train", "train_splits", default=",".join(TRAIN_SPLITS), show_default=True,
                  help="Comma-separated training splits: NAME, NAME*COPIES, or NAME+swap*COPIES for copies "
                       "whose chemical names are swapped for other training chemicals.")
    @click.option("--dev", "dev_splits", default=",".join(DEV_SPLITS), show_default=True,
                  help="Comma-separated dev splits (choose the best checkpoint).")
    @click.option("--limit", type=int, default=0, help="Use only the first N texts of each split (smoke runs).")
    @click.option("--max-steps", type=int, default=None, help="Override training.max_steps of the config.")
    @click.option("--work-dir", type=click.Path(file_okay=False, path_type=Path), default=None,
                  help="Keep the DocBins and checkpoints here (default: a temporary folder, removed).")
    @click.option("--init-tok2vec", type=click.Path(dir_okay=False, exists=True, path_type=Path), default=None,
                  help="Start the tok2vec from these pretrained weights (a .bin of 'resmine pretrain-ner' "
                       "with the same config).")
    def train_ner_command(corpora, out_dir, config, train_splits, dev_splits, limit, max_steps, work_dir,
                          init_tok2vec):
        """Train resmine's GENE/CHEMICAL NER on BC2GM, BC5CDR and BioRED train splits (CPU)."""
        from resmine.tools.ner.corpora import CorpusError
        from resmine.tools.ner.train import train_ner

        overrides: dict = {"training.max_steps": max_steps} if max_steps else {}
        if max_steps:
            overrides["training.eval_frequency"] = max(1, min(1000, max_steps // 2))
        if init_tok2vec:
            overrides["paths.init_tok2vec"] = str(init_tok2vec)
        try:
            out = train_ner(_corpora(corpora), out_dir or models_dir() / "ner", config or models_dir() / "ner.cfg",
                            tuple(s for s in train_splits.split(",") if s),
                            tuple(s for s in dev_splits.split(",") if s), limit=limit,
                            overrides=overrides, work_dir=work_dir)
        except CorpusError as error:
            raise click.ClickException(str(error)) from error
        click.echo(f"model written to {out}")

    @group.command("pretrain-ner", context_settings=CONTEXT)
    @click.option("--corpora", type=click.Path(file_okay=False, path_type=Path), default=None, help=_CORPORA_HELP)
    @click.option("--eutils", type=click.Path(file_okay=False, path_type=Path), default=None,
                  help="Recorded PubMed/PMC responses whose abstracts and full texts count too "
                       "(default: the eutils folder beside the corpora folder).")
    @click.option("--out", "out_file", type=click.Path(dir_okay=False, path_type=Path), required=True,
                  help="Where the pretrained tok2vec weights go (.bin, for train-ner --init-tok2vec).")
    @click.option("--config", type=click.Path(dir_okay=False, exists=True, path_type=Path), default=None,
                  help="spaCy config with a [pretraining] block (default: models/ner.cfg).")
    @click.option("--texts", "texts_path", type=click.Path(dir_okay=False, path_type=Path), default=None,
                  help="Also keep the unlabelled texts (JSONL) here (default: in the work folder).")
    @click.option("--limit", type=int, default=0, help="Use only the first N texts of each source (smoke runs).")
    @click.option("--epochs", type=int, default=None, help="Override pretraining.max_epochs of the config.")
    @click.option("--work-dir", type=click.Path(file_okay=False, path_type=Path), default=None,
                  help="Keep each epoch's weights and the log here (default: a temporary folder, removed).")
    def pretrain_ner_command(corpora, eutils, out_file, config, texts_path, limit, epochs, work_dir):
        """Pretrain the NER's tok2vec on unlabelled titles, abstracts and full texts (spaCy's
        pretrain, characters objective), never on a dev, tune or test-only text."""
        import tempfile

        from resmine.tools.ner.corpora import CorpusError
        from resmine.tools.ner.pretrain import pretrain_ner, pretraining_texts, write_jsonl

        corpora = _corpora(corpora)
        eutils = eutils or corpora.parent / "eutils"
        if not eutils.is_dir():
            raise click.ClickException(f"{eutils}: eutils folder not found")
        try:
            selection = pretraining_texts(corpora, eutils, limit=limit)
        except CorpusError as error:
            raise click.ClickException(str(error)) from error
        for line in selection.lines():
            click.echo(line)
        with tempfile.TemporaryDirectory(prefix="resmine-pretrain-texts-") as tmp:
            texts = texts_path or Path(tmp) / "texts.jsonl"
            write_jsonl(selection.texts, texts)
            overrides = {"pretraining.max_epochs": epochs} if epochs else {}
            pretrain_ner(texts, out_file, config or models_dir() / "ner.cfg", overrides, work_dir)
        click.echo(f"pretrained tok2vec weights written to {out_file}")

    @group.command("eval-ner", context_settings=CONTEXT)
    @click.option("--corpora", type=click.Path(file_okay=False, path_type=Path), default=None, help=_CORPORA_HELP)
    @click.option("--system", type=click.Choice(["pipeline", "model", "lexicon"]), default="pipeline",
                  show_default=True, help="What to score: the pipeline's mentions, the NER model alone, "
                                          "or the dictionaries alone.")
    @click.option("--model", default=None, help="NER model for --system model: package name or path "
                                                "(default: models/ner).")
    @click.option("--config", type=click.Path(dir_okay=False, exists=True, path_type=Path), default=None,
                  help="Pipeline config for --system pipeline (default: models/pipeline.cfg).")
    @click.option("--splits", default=",".join(EVAL_SPLITS), show_default=True,
                  help="Comma-separated splits (also biored-train, nlmgene-train: gene normalisation).")
    @click.option("--convention", type=click.Choice(["default", "auto", *CONVENTIONS]),
                  default="auto", show_default=True,
                  help="Annotation convention the model follows: each split's own corpus (auto: "
                       "a corpus is scored against its own guidelines), the pipeline's (default: "
                       "BioRED's, what 'resmine run' uses), or one corpus for all.")
    @click.option("--part", type=click.Choice(list(PART_CHOICES)), default="both", show_default=True,
                  help="Part of each split to score: dev, the frozen tune part (a seeded hash of the "
                       "document id, about a fifth), or both side by side.")
    @click.option("--errors", "errors_path", type=click.Path(dir_okay=False, path_type=Path), default=None,
                  help="Write the most frequent false positives/negatives of the dev part to this TSV file "
                       "(never the tune part's).")
    @click.option("--json", "json_path", type=click.Path(dir_okay=False, path_type=Path), default=None,
                  help="Write the scores as JSON to this file.")
    def eval_ner_command(corpora, system, model, config, splits, convention, part, errors_path, json_path):
        """Entity P/R/F1 on BC2GM devel, BC5CDR dev, BioRED dev and GNormPlus train, each as its dev
        and frozen tune part side by side; gene normalisation on BioRED and GNormPlus."""
        from tqdm import tqdm

        from resmine.ner import NerModelError
        from resmine.tools.ner.corpora import CorpusError
        from resmine.tools.ner.evaluate import evaluate, format_report, to_json, write_errors

        def progress(iterable, total=None, desc=None):
            return tqdm(iterable, total=total, desc=desc, unit="text", leave=False)

        if errors_path and part == "tune":
            raise click.UsageError("--errors lists dev errors only: the tune split's errors are never read")
        try:
            results = evaluate(_corpora(corpora), system, model, config,
                               tuple(s for s in splits.split(",") if s), progress, convention, PART_CHOICES[part])
        except (CorpusError, NerModelError, FileNotFoundError) as error:
            raise click.ClickException(str(error)) from error
        for line in format_report(results):
            click.echo(line)
        if errors_path:
            write_errors(results, errors_path)
            click.echo(f"dev errors written to {errors_path}")
        if json_path:
            json_path.write_text(to_json(results), encoding="utf-8")
            click.echo(f"scores written to {json_path}")
