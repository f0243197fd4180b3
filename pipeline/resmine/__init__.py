"""resmine: literature mining of gene–mutation–drug therapeutic-resistance statements."""

__version__ = "0.1.0"
EXTRACTOR_VERSION = f"resmine-{__version__}"
# full: every sentence through the whole pipeline; triples: the fast path, the NER only near a
# variant or alteration (resmine.ner.components.mode_overrides).
EXTRACTION_MODES = ("full", "triples")
