"""The relation classifier's training (``resmine train-relations``) and the CIViC statements it
learns from."""
