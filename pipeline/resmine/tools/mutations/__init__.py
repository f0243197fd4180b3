"""``eval-mutations``: the mutation grammar scored on tmVar, MutationFinder and tmVar-norm."""
