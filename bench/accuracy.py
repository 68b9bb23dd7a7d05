"""Cross-validated accuracy of the genohybrid hybrid against logistic regression, linear SVM and random forest.

Protocol (the same for every model, so differences come from the models alone):

- `--folds`-fold stratified CV (default 5), shuffled with `--seed`; the same folds for every model.
- Inside each outer training fold only: missing values (Khan) are imputed with the per-gene mean of the
  training samples (`SimpleImputer`), then genohybrid's `Preprocessor(**PREP)` is fitted on the training
  samples (scale detection, top-variance feature filter, standardisation). Every model gets these features.
- `lr`: L2 logistic regression, `class_weight='balanced'`; C chosen from `LR_C` by an inner 3-fold stratified
  CV on the training fold (scoring balanced accuracy; among tied values the middle one, since on small
  separable data many C tie and the smallest under-fits), then refitted on the whole training fold.
- `svm`: `LinearSVC`, balanced, C chosen the same way from `SVM_C`.
- `rf`: random forest, 500 trees, `class_weight='balanced'`, default `max_features='sqrt'`.
- `hybrid`: `hybrid_learner(training fold, label, prep=<the fold's fitted Preprocessor>, valid_pct=0.2, ...)`:
  the training fold is split again (stratified, 20 %) for early stopping / best-epoch selection, trained with
  `fit_one_cycle(HYBRID['epochs'], HYBRID['lr'])`, and scored on the outer test fold. Its Preprocessor is the
  one the baselines use (per-feature statistics of the whole outer training fold, labels not used).
- Scores on the outer test fold: balanced accuracy, macro-F1, accuracy; fit seconds (inner CV included).

    python bench/accuracy.py                                   # all data sets, all models, 5 folds
    python bench/accuracy.py --datasets golub,khan --models lr,hybrid --out /tmp/results.csv
    python bench/accuracy.py --hybrid "cnn_channels=(4,8),epochs=100,patience=40"   # other hybrid settings
    python bench/accuracy.py --prep "n_top_features=500"       # other Preprocessor settings, all models
"""
from __future__ import annotations
import argparse, ast, inspect, sys, time, warnings
from pathlib import Path
import numpy as np, pandas as pd
from anndata import AnnData
from sklearn.ensemble import RandomForestClassifier
from sklearn.exceptions import ConvergenceWarning
from sklearn.impute import SimpleImputer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import accuracy_score, balanced_accuracy_score, f1_score
from sklearn.model_selection import GridSearchCV, StratifiedKFold
from sklearn.svm import LinearSVC
from threadpoolctl import threadpool_limits

sys.path.insert(0, str(Path(__file__).resolve().parent))
import datasets
from genohybrid.preprocess import Preprocessor

# Settings of the hybrid: those of `genohybrid train` (epochs 40, lr 3e-3, valid 20 %, patience 8); keys left out take
# the defaults of hybrid_learner/HybridNet. `epochs` and `lr` go to fit_one_cycle; `n_top_features`, when given,
# refits the hybrid's own Preprocessor with that many features on the training fold; `monitor` ('valid_loss', ...)
# sets what picks the best epoch (passed on if hybrid_learner takes `monitor`); every other key goes to
# `hybrid_learner` (and on to `HybridNet`). Change them here or with --hybrid 'key=value,...'.
HYBRID = dict(epochs=40, lr=3e-3, valid_pct=0.2, patience=8)
PREP = dict()                                   # Preprocessor settings for all models (default: top 2000 by variance)
LR_C = tuple(10.0**np.arange(-4, 2))            # 1e-4 .. 10
SVM_C = tuple(10.0**np.arange(-5, 1))           # 1e-5 .. 1
BASELINES = ('lr', 'svm', 'rf')
MODELS = BASELINES + ('hybrid',)

def inner_cv(seed:int): return StratifiedKFold(3, shuffle=True, random_state=seed)

def middle_of_best(cv_results)->int:
    "Index of the C to refit with: the middle one (of the grid, ascending) among those tied for the best inner score."
    s = np.asarray(cv_results['mean_test_score'])
    best = np.flatnonzero(s >= np.nanmax(s) - 1e-9)
    return int(best[len(best) // 2])

def make_baseline(name:str, seed:int, threads:int=1):
    "An unfitted scikit-learn estimator for `name` in `BASELINES`."
    if name == 'lr':
        return GridSearchCV(LogisticRegression(class_weight='balanced', max_iter=5000), {'C': list(LR_C)},
                            cv=inner_cv(seed), scoring='balanced_accuracy', refit=middle_of_best)
    if name == 'svm':
        return GridSearchCV(LinearSVC(class_weight='balanced', max_iter=20000), {'C': list(SVM_C)},
                            cv=inner_cv(seed), scoring='balanced_accuracy', refit=middle_of_best)
    if name == 'rf':
        return RandomForestClassifier(n_estimators=500, class_weight='balanced', random_state=seed, n_jobs=threads)
    raise ValueError(f"Unknown baseline {name!r}: use one of {BASELINES}.")

def impute_fold(adata:AnnData, train:np.ndarray)->AnnData:
    "`adata` with NaN replaced by the per-feature mean of the training rows (unchanged if complete)."
    if not np.isnan(adata.X).any(): return adata
    imp = SimpleImputer(strategy='mean', keep_empty_features=True).fit(adata.X[train])
    return AnnData(imp.transform(adata.X).astype(np.float32), obs=adata.obs.copy(), var=adata.var.copy())

def scores(y_true, y_pred)->dict:
    return dict(balanced_accuracy=balanced_accuracy_score(y_true, y_pred),
                macro_f1=f1_score(y_true, y_pred, average='macro'), accuracy=accuracy_score(y_true, y_pred))

def run_baseline(name, Xtr, ytr, Xte, seed, threads):
    "Fit baseline `name`; predicted labels for `Xte` and a note (chosen C)."
    est = make_baseline(name, seed, threads)
    with warnings.catch_warnings():
        warnings.simplefilter('ignore', ConvergenceWarning)
        est.fit(Xtr, ytr)
    note = f"C={est.best_params_['C']:g}" if hasattr(est, 'best_params_') else ''
    return est.predict(Xte), note

def run_hybrid(adata, label, train, test, prep, seed, device, cfg=None):
    "Train the hybrid on the rows `train` of `adata` (with its own early-stopping split); predicted labels for `test`."
    from genohybrid.learner import hybrid_learner, predict_proba
    cfg = dict(HYBRID if cfg is None else cfg)
    epochs, lr = cfg.pop('epochs'), cfg.pop('lr')
    k = cfg.pop('n_top_features', None)
    if k is not None: prep = Preprocessor(**{**PREP, 'n_top_features': k}).fit(adata, rows=train)
    monitor = cfg.pop('monitor', None)           # what picks the best epoch: None = hybrid_learner's choice
    if monitor is not None:
        if 'monitor' in inspect.signature(hybrid_learner).parameters: cfg['monitor'] = monitor
        elif monitor == 'valid_loss':             # this learner monitors valid_loss unless metrics == 'default'
            from genohybrid.learner import default_metrics
            cfg['metrics'] = default_metrics()
        else: raise ValueError(f"monitor={monitor!r} needs a hybrid_learner with a `monitor` argument.")
    tr = adata[train].copy()
    learn = hybrid_learner(tr, label, prep=prep, seed=seed, device=device, **cfg)
    with learn.no_bar(), learn.no_logging(), warnings.catch_warnings():
        warnings.simplefilter('ignore')
        learn.fit_one_cycle(epochs, lr)
    kb = getattr(learn, 'keep_best_weights', None)
    note = f"epochs_run={len(learn.recorder.values)} best_epoch={getattr(kb, 'best_epoch', None)}"
    p = predict_proba(learn, adata[test].copy())
    return np.asarray(learn.genohybrid['classes'], dtype=object)[p.argmax(1)], note

def cross_validate(name:str, models=MODELS, folds:int=5, seed:int=0, threads:int=1, device='cpu', hybrid=None, log=print):
    "Rows (one per model and fold) of test-fold scores for data set `name`."
    adata = datasets.load(name); label = datasets.LABELS[name]
    y = adata.obs[label].astype(str).to_numpy()
    rows = []
    for f, (train, test) in enumerate(StratifiedKFold(folds, shuffle=True, random_state=seed).split(np.zeros(len(y)), y)):
        t0 = time.perf_counter()
        a = impute_fold(adata, train)
        prep = Preprocessor(**PREP).fit(a, rows=train)
        Xtr, Xte = prep.transform(a.X[train]), prep.transform(a.X[test])
        t_prep = time.perf_counter() - t0
        for m in models:
            t0 = time.perf_counter()
            if m == 'hybrid': pred, note = run_hybrid(a, label, train, test, prep, seed, device, hybrid)
            else: pred, note = run_baseline(m, Xtr, y[train], Xte, seed, threads)
            sec = time.perf_counter() - t0
            r = dict(dataset=name, model=m, fold=f, seed=seed, n_train=len(train), n_test=len(test),
                     n_features_in=adata.n_vars, n_features_used=prep.n_features_out, **scores(y[test], pred),
                     fit_seconds=sec, prep_seconds=t_prep, note=note)
            rows.append(r)
            log(f"{name:13s} fold {f} {m:6s} bal_acc={r['balanced_accuracy']:.3f} f1={r['macro_f1']:.3f} "
                f"{sec:6.1f}s {note}")
    return rows

def summary(df:pd.DataFrame, metric:str='balanced_accuracy')->pd.DataFrame:
    "Data sets x models table of 'mean ± sd' of `metric` over folds."
    g = df.groupby(['dataset', 'model'], sort=False)[metric]
    t = (g.mean().map('{:.3f}'.format) + ' ± ' + g.std().map('{:.3f}'.format)).unstack('model')
    return t[[m for m in MODELS if m in t.columns]]

def hybrid_gap(df:pd.DataFrame)->pd.DataFrame:
    "Per data set: best baseline by mean balanced accuracy, the hybrid's mean, the gap in points, within 2 points?"
    m = df.groupby(['dataset', 'model'], sort=False)['balanced_accuracy'].mean().unstack('model')
    base = [b for b in BASELINES if b in m.columns]
    if 'hybrid' not in m.columns or not base: return pd.DataFrame()
    out = pd.DataFrame({'best_baseline': m[base].idxmax(1), 'best_bal_acc': m[base].max(1), 'hybrid_bal_acc': m['hybrid']})
    out['gap_points'] = 100 * (out['hybrid_bal_acc'] - out['best_bal_acc'])
    out['within_2_points'] = out['gap_points'] >= -2
    return out.round(3)

def _settings(s:str|None)->dict:
    "Parse 'a=1,b=0.1,c=(16,32)' into a dict of Python literals."
    if not s: return {}
    out, depth, cur = [], 0, ''
    for ch in s:                                # split on commas outside brackets
        depth += ch in '([{'; depth -= ch in ')]}'
        if ch == ',' and depth == 0: out.append(cur); cur = ''
        else: cur += ch
    out.append(cur)
    d = {}
    for kv in filter(None, (o.strip() for o in out)):
        k, v = kv.split('=', 1)
        try: d[k.strip()] = ast.literal_eval(v.strip())
        except (ValueError, SyntaxError): d[k.strip()] = v.strip()
    return d

def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    p.add_argument('--datasets', default=','.join(datasets.NAMES), help='comma-separated, from: ' + ', '.join(datasets.NAMES))
    p.add_argument('--models', default=','.join(MODELS), help='comma-separated, from: ' + ', '.join(MODELS))
    p.add_argument('--folds', type=int, default=5)
    p.add_argument('--seed', type=int, default=0)
    p.add_argument('--threads', type=int, default=1, help='torch, BLAS and random-forest threads')
    p.add_argument('--device', default='cpu', help="device for the hybrid ('cpu', 'cuda')")
    p.add_argument('--hybrid', default=None, help="override HYBRID settings, e.g. 'wd=0.1,n_steps=1,epochs=40'")
    p.add_argument('--prep', default=None, help="override PREP (Preprocessor) settings for all models, e.g. 'n_top_features=500'")
    p.add_argument('--out', default='bench/results/accuracy.csv', help='per-fold results (CSV); its folder is created')
    a = p.parse_args(argv)
    names, models = a.datasets.split(','), a.models.split(',')
    for n in names:
        if n not in datasets.NAMES: p.error(f"unknown data set {n!r}")
    for m in models:
        if m not in MODELS: p.error(f"unknown model {m!r}")
    PREP.update(_settings(a.prep))
    hybrid = {**HYBRID, **_settings(a.hybrid)}
    if 'hybrid' in models:
        import torch; torch.set_num_threads(a.threads)
    print(f"folds={a.folds} seed={a.seed} threads={a.threads} PREP={PREP} HYBRID={hybrid}", flush=True)
    Path(a.out).parent.mkdir(parents=True, exist_ok=True)
    rows, t0 = [], time.perf_counter()
    with threadpool_limits(a.threads):
        for n in names:
            rows += cross_validate(n, models, a.folds, a.seed, a.threads, a.device, hybrid,
                                   log=lambda s: print(s, file=sys.stderr, flush=True))
            pd.DataFrame(rows).to_csv(a.out, index=False)          # keep what is done so far
    df = pd.DataFrame(rows)
    pd.set_option('display.width', 200)
    for metric in ('balanced_accuracy', 'macro_f1', 'accuracy', 'fit_seconds'):
        print(f"\n{metric} (mean ± sd over {a.folds} folds)\n{summary(df, metric).to_string()}")
    gap = hybrid_gap(df)
    if len(gap): print(f"\nhybrid vs best baseline (balanced accuracy)\n{gap.to_string()}")
    print(f"\nper-fold results: {a.out}; total {time.perf_counter() - t0:.0f} s")

if __name__ == '__main__':
    main()
