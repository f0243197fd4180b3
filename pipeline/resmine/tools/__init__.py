"""Training, evaluation and lexicon building: the work done *on* the pipeline, not by it.

Nothing in the runtime (readers, lexicons, mutations, mentions, ner, nlp, relations, export,
engine) imports this package; a test walks the imports to keep it so. The commands live here:

* :mod:`resmine.tools.ner` — ``resmine train-ner`` and ``resmine eval-ner`` (the NER corpora
  readers, training and evaluation);
* :mod:`resmine.tools.mutations` — ``resmine eval-mutations`` (its corpora and test sets);
* :mod:`resmine.tools.splits` — the frozen tune split every evaluation shares;
* :mod:`resmine.tools.lexicons` — ``resmine lexicon build|match`` (dictionary building from
  HGNC, NCBI Gene, DrugBank, DrugCentral and FamPlex).

Every P/R/F1 they print comes from :mod:`resmine.score.metrics`.
"""
