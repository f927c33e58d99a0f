package nabla.kernels;

/** Row-major single-precision matrix multiply. (Placeholder reference; replaced by the packed kernel.) */
public final class Gemm {
    private Gemm() {}

    /**
     * C[m×n] = (accumulate ? C : 0) + op(A)·op(B). op(A) is m×k: if !transA element (i,p) is a[aOff+i*lda+p];
     * if transA, A is stored k×m and (i,p) is a[aOff+p*lda+i]. op(B) is k×n: if !transB (p,j) is
     * b[bOff+p*ldb+j]; if transB, B is stored n×k and (p,j) is b[bOff+j*ldb+p]. C(i,j) is c[cOff+i*ldc+j].
     */
    public static void sgemm(boolean transA, boolean transB, int m, int n, int k,
                             float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                             float[] c, int cOff, int ldc, boolean accumulate) {
        sgemmReference(transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, accumulate);
    }

    public static void sgemmReference(boolean transA, boolean transB, int m, int n, int k,
                                      float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                                      float[] c, int cOff, int ldc, boolean accumulate) {
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                float s = 0;
                for (int p = 0; p < k; p++) {
                    float av = transA ? a[aOff + p * lda + i] : a[aOff + i * lda + p];
                    float bv = transB ? b[bOff + j * ldb + p] : b[bOff + p * ldb + j];
                    s += av * bv;
                }
                c[cOff + i * ldc + j] = accumulate ? c[cOff + i * ldc + j] + s : s;
            }
        }
    }
}
