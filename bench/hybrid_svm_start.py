"""Experiment (session 11, not the library's recipe): the hybrid with its linear path started from a class-balanced
linear SVM instead of a logistic regression. `genohybrid.learner.fit_logistic` is replaced, for the L2 penalty only,
by scikit-learn's `LinearSVC` (its C chosen by the same inner CV over `LINEAR_CS`, its weights copied as they are);
everything else is `bench/accuracy.py` with the library's defaults. Arguments are those of `accuracy.py`.

    OMP_NUM_THREADS=1 python bench/hybrid_svm_start.py --models hybrid --datasets nci60 --seeds 0,1 --out /tmp/svm_start.csv
"""
import sys
from pathlib import Path
sys.path.insert(0, str(Path(__file__).resolve().parent))
import genohybrid.learner as learner

_logistic = learner.fit_logistic

def fit_linear_svm(X, y, C, penalty='l2', class_weights='balanced', warm=None):
    if penalty != 'l2': return _logistic(X, y, C, penalty, class_weights, warm)   # the L1 path stays logistic
    from sklearn.svm import LinearSVC
    return LinearSVC(C=C, class_weight='balanced' if class_weights == 'balanced' else None, max_iter=20000,
                     random_state=0).fit(X, y)

learner.fit_logistic = fit_linear_svm   # module attribute: `choose_linear` and `_linear_start` look it up at call time

if __name__ == '__main__':
    import accuracy
    accuracy.main(sys.argv[1:])
