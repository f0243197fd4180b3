"""``lexicon build``: gene and drug dictionaries from the public sources in ../shared/data/lexicons."""
