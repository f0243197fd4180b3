"""resmine: literature mining of gene–mutation–drug therapeutic-resistance statements."""

__version__ = "0.1.0"
EXTRACTOR_VERSION = f"resmine-{__version__}"
