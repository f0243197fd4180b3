"""Where documents are processed. ``local`` runs in this process; every stage is the same code."""
