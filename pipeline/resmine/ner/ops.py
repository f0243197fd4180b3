"""The CPU backend resmine's NER models compute with: thinc's ``NumpyOps`` whose matrix products
go to numpy's BLAS (the OpenBLAS that numpy's wheels carry) instead of thinc's bundled BLIS.

Why: the model's time is almost all in four maxout layers and the parser's hidden layer, each one
matrix product per batch. On the machines measured here (AMD EPYC, AVX2, one thread) OpenBLAS
multiplies float32 matrices of the model's shapes about three times faster than BLIS, whose
kernel for them is generic (``benchmarks/README.md``, "NER model backend"). Only the products
change, not the weights; summation order may differ in the last bits of a float32.

The parser's per-step scoring runs inside spaCy's compiled code on its own BLIS call and is not
touched.
"""

from __future__ import annotations

import numpy
from thinc.api import NumpyOps, registry


@registry.ops("BlasOps")
class BlasOps(NumpyOps):
    """``NumpyOps`` with ``gemm`` through ``numpy.matmul``; everything else is thinc's."""

    name = "resmine_blas"

    def gemm(self, x, y, out=None, trans1: bool = False, trans2: bool = False):
        a = x.T if trans1 else x
        b = y.T if trans2 else y
        if out is None:
            return numpy.matmul(a, b)
        numpy.matmul(a, b, out=out)
        return out


def use_blas_ops(nlp) -> None:
    """Make every layer of ``nlp``'s models multiply through :class:`BlasOps`."""
    set_cpu_ops(nlp, BlasOps())


def set_cpu_ops(nlp, ops: NumpyOps) -> None:
    """Give every CPU layer of ``nlp``'s models the backend ``ops`` (layers keep the backend
    they were built with, so a loaded pipeline is switched node by node)."""
    for _name, pipe in nlp.pipeline:
        model = getattr(pipe, "model", None)
        for node in model.walk() if model is not None else ():
            if isinstance(node.ops, NumpyOps):
                node.ops = ops
