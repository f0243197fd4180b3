"""The relation extraction's tools: the classifier's training (``resmine train-relations``) on
CIViC's curated statements, and its evaluation (``resmine eval-relations``) on CIViC dev
statements, BioRED dev relations and the bundled gold set, scored through the pipeline
``resmine extract`` runs."""

# The data sets ``resmine eval-relations`` scores, in its order: here, so that the command line
# offers them without importing the evaluation (and its corpus readers) at every start-up.
PARTS = ("civic", "biored", "gold", "civicmine")
