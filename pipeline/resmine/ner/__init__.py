"""Statistical NER for genes and drugs: the model, its tokenizer, features and components.

Parts:

* :mod:`resmine.ner.components` — the ``resmine_ner_features`` and ``resmine_ner`` components;
* :mod:`resmine.ner.tokenizer` — the tokenizer resmine's NER models use;
* :mod:`resmine.ner.features` — lexicon/grammar codes the models read as a token feature;
* :mod:`resmine.ner.architectures` — the embedding layer of resmine's models;
* :mod:`resmine.ner.ops` — the CPU backend the models compute with (numpy's BLAS);
* this module — loading a model; long texts are cut into the pieces it reads by
  :func:`resmine.nlp.windows.text_chunks`.

How the model's entities become mentions is mention resolution
(:mod:`resmine.mentions.model_entities`); training and evaluation are tools
(:mod:`resmine.tools.ner`).
"""

from __future__ import annotations

from pathlib import Path

from resmine.nlp.windows import text_chunks as text_chunks  # the one cutter, also the pipeline's windows

# The NER reads long texts (full-text articles, books) in pieces of at most this many
# characters, cut at a line break or sentence end: memory stays bounded and spaCy's max_length
# never trips.
CHUNK_CHARS = 100_000


class NerModelError(Exception):
    """A NER model could not be loaded (the message names it)."""


def default_model_path() -> Path:
    from resmine.paths import models_dir

    return models_dir() / "ner"


def load_ner_model(model: str | None = None):
    """A spaCy pipeline with an ``ner`` by package name or path (default ``models/ner``).

    scispaCy's NER packages (``en_ner_bc5cdr_md``, ...) load the same way when installed.
    """
    import spacy

    from resmine.ner.ops import use_blas_ops

    # resmine's layers and factories are found through the entry points of pyproject.toml
    target = model or str(default_model_path())
    try:
        nlp = spacy.load(target)
    except (OSError, ValueError, KeyError) as error:
        first = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
        raise NerModelError(f"{target}: cannot load NER model: {first}") from None
    if "ner" not in nlp.pipe_names:
        raise NerModelError(f"{target}: pipeline has no 'ner' component ({', '.join(nlp.pipe_names)})")
    _set_weight_precision(nlp, "float32")
    use_blas_ops(nlp)
    return nlp


def _set_weight_precision(nlp, dtype: str) -> None:
    """Cast every weight of ``nlp``'s models that is not ``dtype`` (thinc computes in float32)."""
    for _name, pipe in nlp.pipeline:
        model = getattr(pipe, "model", None)
        for node in model.walk() if model is not None else ():
            for param in node.param_names:
                if node.has_param(param) and node.get_param(param).dtype != dtype:
                    node.set_param(param, node.get_param(param).astype(dtype))


def store_at_half_precision(model_dir: Path) -> None:
    """Rewrite the weights of the spaCy pipeline in ``model_dir`` as float16: half the file
    (the shipped model stays a few MB), no measurable change in what it finds.
    :func:`load_ner_model` casts them back to float32 on loading."""
    nlp = load_ner_model(str(model_dir))
    _set_weight_precision(nlp, "float16")
    for name, pipe in nlp.pipeline:
        weights = Path(model_dir) / name / "model"
        if getattr(pipe, "model", None) is not None and weights.is_file():
            weights.write_bytes(pipe.model.to_bytes())


