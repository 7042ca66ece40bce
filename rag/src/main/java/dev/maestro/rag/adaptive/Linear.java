package dev.maestro.rag.adaptive;

/** Small dense linear algebra for the bandit (d ≈ 10). */
final class Linear {

    private Linear() {
    }

    /** Inverse of a symmetric positive-definite matrix by Gauss-Jordan elimination with partial pivoting. */
    static double[][] inverse(double[][] m) {
        int n = m.length;
        double[][] w = new double[n][2 * n];
        for (int i = 0; i < n; i++) {
            System.arraycopy(m[i], 0, w[i], 0, n);
            w[i][n + i] = 1;
        }
        for (int c = 0; c < n; c++) {
            int p = c;
            for (int r = c + 1; r < n; r++) {
                if (Math.abs(w[r][c]) > Math.abs(w[p][c])) {
                    p = r;
                }
            }
            double[] t = w[c];
            w[c] = w[p];
            w[p] = t;
            double pivot = w[c][c];
            if (Math.abs(pivot) < 1e-12) {
                throw new ArithmeticException("singular matrix");
            }
            for (int j = 0; j < 2 * n; j++) {
                w[c][j] /= pivot;
            }
            for (int r = 0; r < n; r++) {
                if (r != c && w[r][c] != 0) {
                    double f = w[r][c];
                    for (int j = 0; j < 2 * n; j++) {
                        w[r][j] -= f * w[c][j];
                    }
                }
            }
        }
        double[][] inv = new double[n][n];
        for (int i = 0; i < n; i++) {
            System.arraycopy(w[i], n, inv[i], 0, n);
        }
        return inv;
    }

    static double[] times(double[][] m, double[] v) {
        double[] out = new double[m.length];
        for (int i = 0; i < m.length; i++) {
            double s = 0;
            for (int j = 0; j < v.length; j++) {
                s += m[i][j] * v[j];
            }
            out[i] = s;
        }
        return out;
    }

    /** Lower-triangular L with L Lᵀ = m (m symmetric positive definite; symmetrised first against rounding). */
    static double[][] cholesky(double[][] m) {
        int n = m.length;
        double[][] l = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j <= i; j++) {
                double s = (m[i][j] + m[j][i]) / 2;
                for (int k = 0; k < j; k++) {
                    s -= l[i][k] * l[j][k];
                }
                if (i == j) {
                    l[i][i] = Math.sqrt(Math.max(s, 1e-12));
                } else {
                    l[i][j] = s / l[j][j];
                }
            }
        }
        return l;
    }
}
