"""What the sparse start's solver costs: `SparseLogistic` (the recipe's L1 fit since session 16), scikit-learn's saga at
the tolerance the recipe used before (1e-3), and the same problem solved tightly, on the L1 problem a default
`genohybrid train` solves on the synthetic 200 × 20,000 matrix of `train_time.py` (the recipe there takes the wider
6,000-feature filter, log scaling and the L1 path's first step).

    OMP_NUM_THREADS=1 python bench/l1_solver.py            # SparseLogistic, saga (tol 1e-3 and 1e-5)
    pip install python-glmnet; OMP_NUM_THREADS=1 python bench/l1_solver.py   # adds glmnet's coordinate descent

The problem is `learner.fit_logistic(X, y, C, 'l1')`'s: class-balanced multinomial logistic loss times C plus the
L1 norm of the coefficients, intercepts unpenalised, at C = `l1_path(X, y)[0]`, on the 161 training samples of
`genohybrid train`'s split (seed 0; each ensemble member solves it on four fifths of them), preprocessed as the
recipe chose. glmnet minimises the same objective scaled by
1 / (C × the sum of the sample weights) (`lambda` = that factor, `standardize=False`). Printed per solver: time,
features with a non-zero coefficient, the objective (lower is better) and the largest coefficient difference
from the tightest solution. python-glmnet is GPL-2, so it is a reference here, not a dependency of this Apache-2.0
package (adelie needs numpy < 2, skglm has no multinomial loss).
"""
import sys, tempfile, time, warnings
from pathlib import Path
import numpy as np
sys.path.insert(0, str(Path(__file__).resolve().parent))
import anndata as ad
from scipy.special import logsumexp
from sklearn.linear_model import LogisticRegression
from sklearn.utils.class_weight import compute_sample_weight
import train_time
from genohybrid.dataloaders import labels_of, split_samples
from genohybrid.learner import fit_logistic, l1_path
from genohybrid.preprocess import Preprocessor

def objective(X, y, sw, C, W, b):
    Z = X.astype(np.float64) @ W.T + b
    if W.shape[0] == 1: Z = np.c_[np.zeros(len(y)), Z]
    return C * float((sw * (logsumexp(Z, 1) - Z[np.arange(len(y)), y])).sum()) + float(np.abs(W).sum())

def main():
    warnings.filterwarnings('ignore')
    with tempfile.TemporaryDirectory() as d:
        path = Path(d)/'syn200.h5ad'; train_time.make_data(path); a = ad.read_h5ad(path)
    _, y = labels_of(a, 'y')
    tr, _ = split_samples(a, "y", valid_pct=0.2, seed=0)
    p = Preprocessor(standardize='center', n_top_features=6000).fit(a[tr])
    X, y = p.transform(a.X[tr]), y[tr]
    C = float(l1_path(X, y)[0]); sw = compute_sample_weight('balanced', y)
    print(f'{X.shape[0]} rows x {X.shape[1]} features, {len(np.unique(y))} classes, C = {C:.4g}')
    fits = {}
    t = time.perf_counter(); lr = fit_logistic(X, y, C, 'l1'); fits['SparseLogistic (the recipe)'] = (time.perf_counter() - t, lr.coef_, lr.intercept_)
    for tol, name in ((1e-3, 'saga, tol 1e-3 (the recipe before session 16)'), (1e-5, 'saga, tol 1e-5')):
        t = time.perf_counter()   # `penalty=` is deprecated (still honoured) from scikit-learn 1.8; warnings are off above
        lr = LogisticRegression(penalty='l1', solver='saga', tol=tol, max_iter=100_000 if tol < 1e-3 else 2000, class_weight='balanced',
                                random_state=0, C=C).fit(X, y)
        fits[name] = (time.perf_counter() - t, lr.coef_, lr.intercept_)
    try:
        import glmnet
        t = time.perf_counter()
        lam = 1 / (C * sw.sum())   # glmnet needs a path of at least two lambdas: a hair above, then the one wanted
        g = glmnet.LogitNet(alpha=1, lambda_path=np.array([lam * 1.0001, lam]), standardize=False, n_splits=0, tol=1e-10,
                            max_iter=1_000_000).fit(X.astype(np.float64), y, sample_weight=sw)
        fits['glmnet (coordinate descent), tol 1e-10'] = (time.perf_counter() - t, g.coef_path_[..., -1], g.intercept_path_[..., -1])
    except ImportError: print('(python-glmnet not installed: its row is left out)')
    best = min(fits, key=lambda k: objective(X, y, sw, C, *fits[k][1:]))
    print('| solver | seconds | features kept | objective | max coefficient difference from the lowest objective |')
    print('|---|---:|---:|---:|---:|')
    for k, (s, W, b) in fits.items():
        print(f'| {k} | {s:.3f} | {int((np.abs(W).max(0) > 0).sum())} | {objective(X, y, sw, C, W, b):.5f} | {np.abs(W - fits[best][1]).max():.4f} |')

if __name__ == '__main__': main()
