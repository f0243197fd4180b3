"""Model architectures of resmine's NER, registered for spaCy configs (``models/ner.cfg``).

``resmine.SpellingEmbed.v1`` embeds each token from two views of its spelling and one of the
dictionaries: hashed token attributes, as spaCy's ``MultiHashEmbed`` (the word, its prefix,
suffix and shape, and the lexicon/grammar code in ``TAG``), and the token's first and last
``nC // 2`` characters, one learnt vector per character and position, as spaCy's
``CharacterEmbed``. Chemical and gene names are made of meaningful pieces ("-tinib", "-mab",
"-azole", "IL-", "CYP"): characters let the model read a name it never saw, without the word
vectors we cannot download.
"""

from __future__ import annotations

from thinc.api import HashEmbed, Maxout, Model, chain, concatenate, list2ragged, ragged2list, with_array
from spacy.ml import _character_embed
from spacy.ml.featureextractor import FeatureExtractor
from spacy.util import registry


@registry.architectures("resmine.SpellingEmbed.v1")
def spelling_embed(width: int, attrs: list[str], rows: list[int], nM: int, nC: int) -> Model:
    """``attrs``/``rows``: hashed attributes and their table sizes (as ``MultiHashEmbed``);
    ``nM``: width of each character vector; ``nC``: characters per token (half from each end)."""
    if len(rows) != len(attrs):
        raise ValueError(f"resmine.SpellingEmbed.v1: {len(attrs)} attrs but {len(rows)} row counts")
    tables: list[Model] = [HashEmbed(width, n, column=i, seed=8 + i, dropout=0.0) for i, n in enumerate(rows)]
    hashed: Model = chain(FeatureExtractor(attrs), list2ragged(), with_array(concatenate(*tables)))
    characters: Model = chain(_character_embed.CharacterEmbed(nM=nM, nC=nC), list2ragged())
    mix: Model = with_array(Maxout(width, width * len(tables) + nM * nC, nP=3, dropout=0.0, normalize=True))
    return chain(concatenate(hashed, characters), mix, ragged2list())
