#!/usr/bin/env python3
"""numpy/OpenBLAS float32 matmul GFLOP/s for the GemmGflops shapes (workload G1).

Run with the OpenBLAS overrides of this environment removed:
    env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE python3 bench/gemm_numpy.py
Same method as nabla.bench.GemmGflops: warm-up, then the median of 7 timed runs, each repeating
the call enough to last >= ~50 ms. Output goes to a preallocated array (out=), like sgemm.
"""
import os
import sys
import time

import numpy as np

SHAPES = [  # name, transA, transB, m, n, k
    ("sq256", False, False, 256, 256, 256),
    ("sq512", False, False, 512, 512, 512),
    ("sq1024", False, False, 1024, 1024, 1024),
    ("sq2048", False, False, 2048, 2048, 2048),
    ("fwd1_100x784x500", False, False, 100, 500, 784),
    ("fwd2_100x500x500", False, False, 100, 500, 500),
    ("fwd3_100x500x10", False, False, 100, 10, 500),
    ("dW1_T784x100x500", True, False, 784, 500, 100),
    ("dW2_T500x100x500", True, False, 500, 500, 100),
    ("dW3_T500x100x10", True, False, 500, 10, 100),
    ("dX2_100x500x500T", False, True, 100, 500, 500),
    ("dX3_100x10x500T", False, True, 100, 500, 10),
]


def describe_blas():
    print("env OPENBLAS_CORETYPE=%s OPENBLAS_L2_SIZE=%s" % (os.environ.get("OPENBLAS_CORETYPE"),
                                                           os.environ.get("OPENBLAS_L2_SIZE")))
    try:
        try:
            import threadpoolctl
        except ImportError:  # Debian's python3-threadpoolctl (pure Python), appended after site-packages
            sys.path.append("/usr/lib/python3/dist-packages")
            import threadpoolctl
        infos = threadpoolctl.threadpool_info()
        if not infos:
            print("threadpoolctl %s found no BLAS (it predates numpy's scipy_openblas)" % threadpoolctl.__version__)
        for info in infos:
            print("threadpoolctl: %s %s arch=%s threads=%s" % (info.get("internal_api"), info.get("version"),
                                                              info.get("architecture"), info.get("num_threads")))
    except ImportError:
        print("threadpoolctl not available")
    # Ask numpy's bundled OpenBLAS directly which kernel it picked (SkylakeX = AVX-512).
    try:
        import ctypes
        import glob
        libs = glob.glob(os.path.join(os.path.dirname(np.__file__), "..", "numpy.libs", "*openblas*"))
        for lib in libs:
            dll = ctypes.CDLL(lib)
            for fn in ("scipy_openblas_get_corename64_", "scipy_openblas_get_corename", "openblas_get_corename"):
                f = getattr(dll, fn, None)
                if f is not None:
                    f.restype = ctypes.c_char_p
                    print("OpenBLAS core (%s): %s" % (os.path.basename(lib), f().decode()))
                    break
    except OSError as e:
        print("could not query OpenBLAS core:", e)


def main():
    filt = sys.argv[1] if len(sys.argv) > 1 else ""
    describe_blas()
    rng = np.random.default_rng(1)
    print("%-22s %10s %10s" % ("shape", "GFLOP/s", "ms"))
    for name, ta, tb, m, n, k in SHAPES:
        if filt not in name:
            continue
        a = (rng.random((k, m) if ta else (m, k), dtype=np.float32) - 0.5)
        b = (rng.random((n, k) if tb else (k, n), dtype=np.float32) - 0.5)
        aa = a.T if ta else a  # transposed views: BLAS gets the transpose flag, no copy
        bb = b.T if tb else b
        c = np.empty((m, n), dtype=np.float32)
        t0 = time.perf_counter()
        calls = 0
        while time.perf_counter() - t0 < 1.0 or calls < 50:
            np.matmul(aa, bb, out=c)
            calls += 1
        per_call = (time.perf_counter() - t0) / calls
        reps = max(1, int(0.05 / per_call))
        ts = []
        for _ in range(7):
            s = time.perf_counter()
            for _ in range(reps):
                np.matmul(aa, bb, out=c)
            ts.append((time.perf_counter() - s) / reps)
        ts.sort()
        med = ts[len(ts) // 2]
        print("%-22s %10.1f %10.4f" % (name, 2.0 * m * n * k / med / 1e9, med * 1e3))


if __name__ == "__main__":
    main()
