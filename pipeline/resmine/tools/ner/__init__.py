"""NER corpora (BC2GM, BC5CDR, BioRED, NLM-Gene), ``train-ner`` and ``eval-ner``."""
