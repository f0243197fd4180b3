"""``eval-mutations``: the mutation grammar scored on tmVar, MutationFinder and tmVar-norm (dev
and tune parts) and on SETH, OSIRIS and Variome (test sets)."""
