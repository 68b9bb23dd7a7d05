"""Cross-validated accuracy of the genohybrid hybrid against its peers on the offline real data sets of `datasets.py`,
through `genohybrid.benchmark.cross_validate`: pytorch-tabnet, an MLP, random forest, logistic regression, a linear SVM,
elastic-net logistic regression, XGBoost, TabM and LassoNet.

Protocol (that of `cross_validate`; the same for every model, so differences come from the models alone):

- `--folds`-fold stratified CV (default 5), shuffled with each of `--seeds` (default 0,1); the same folds for every
  model, so rows of separate runs (other models, other machines) line up fold by fold.
- Inside each outer training fold only: missing values (Khan) are filled with the per-gene mean of the training
  samples; genohybrid's `Preprocessor` is fitted on the training samples (scale detection, top-2000-variance feature
  filter, standardisation) and gives the peers their features.
- The peers, as `genohybrid.benchmark` defines them (settings in nbs/80_benchmark.ipynb): `logreg` (L2, C by inner
  3-fold CV), `svm` (linear, C the same way), `enet` (elastic net, C and l1_ratio the same way), `rf` (500 trees),
  `mlp`, `tabnet` (pytorch-tabnet, early stopping on 20 % of the training fold), `xgboost` (number of trees by early
  stopping on 20 %), `tabm` (k = 32, AdamW, early stopping on 20 %), `lassonet` (path fitted on 80 %, the point with
  the lowest validation loss on the other 20 %). All class-balanced except `mlp`.
- `hybrid`: `genohybrid.learner.fit_hybrid` on the training fold with the installed recipe's defaults (its own
  internal validation split(s) pick the epoch and whatever the recipe chooses), scored on the outer test fold.
- Scores on the outer test fold: balanced accuracy, macro-F1, ROC-AUC (one-vs-rest macro), accuracy; fit seconds.
- Data sets: by default the five tuning sets `datasets.NAMES`; the held-out set(s) `datasets.HELD_OUT` (never used to
  choose anything) only with `--held-out` or by name, and the table marks them.

    OMP_NUM_THREADS=1 python bench/accuracy.py --models logreg,svm --out /tmp/lin.csv    # 5 sets, 5 folds x seeds 0,1
    python bench/accuracy.py --models hybrid --held-out --out /tmp/hybrid.csv           # the hybrid, library defaults
    python bench/accuracy.py --table /tmp/lin.csv,/tmp/hybrid.csv                       # one markdown table from both
    python bench/accuracy.py --hybrid "epochs=100,patience=20"  # keyword arguments for fit_hybrid
    python bench/accuracy.py --prep "n_top_features=500"        # other Preprocessor settings, all models
"""
from __future__ import annotations
import argparse, ast, inspect, os, sys, time
from pathlib import Path
import numpy as np, pandas as pd
from threadpoolctl import threadpool_limits

sys.path.insert(0, str(Path(__file__).resolve().parent))
import datasets
from genohybrid.benchmark import MODELS, cross_validate, cv_summary, cv_folds
from genohybrid.preprocess import Preprocessor
from genohybrid.core import atomic_path

NAMES = dict(pbmc='PBMC 68k reduced', golub='Golub leukaemia', khan='Khan SRBCT', tissue='tissue gene expression',
             breast_cancer='GSE7390 breast cancer, ER', bladder='bladder cancer (held out)',
             nci60='NCI-60 cell lines (held out)', hsmm='HSMM myoblast time course (held out)',
             chiaretti='ALL molecular subtypes, Chiaretti (held out)', hgdp='HGDP-CEPH genotypes, region (held out)',
             glioma='TCGA glioma methylation clusters (held out)')

def run_dataset(name:str, models, folds:int=5, seed:int=0, device='cpu', hybrid=None, prep=None, verbose=False,
                only=None)->pd.DataFrame:
    """Per-fold scores of `models` on data set `name` (a `cross_validate` table with a `dataset` column); `only`: the
    indices of the folds to run (the same folds as a full run, which they replace in `combine`)."""
    adata = datasets.load(name)
    hybrid = dict(hybrid or {})
    if 'n_top_features' in hybrid:                # the hybrid's own Preprocessor, fitted within each training fold
        hybrid['prep'] = Preprocessor(**{**(prep or {}), 'n_top_features': hybrid.pop('n_top_features')})
    splits = folds if only is None else [cv_folds(adata, datasets.LABELS[name], folds, None, seed)[f] for f in only]
    res = cross_validate(adata, datasets.LABELS[name], models=models, folds=splits, seed=seed, device=device,
                         hybrid_kwargs=hybrid, prep=None if prep is None else Preprocessor(**prep), verbose=verbose)
    if only is not None: res['fold'] = [only[f] for f in res['fold']]
    res.insert(0, 'dataset', name)
    res.insert(1, 'held_out', name in datasets.HELD_OUT)
    res.insert(2, 'seed', seed)
    res['n_features_in'] = adata.n_vars
    return res

def table(df:pd.DataFrame, metric:str='balanced_accuracy')->pd.DataFrame:
    "Data sets x models: 'mean ± sd' of `metric` over folds."
    s = cv_summary(df, metrics=(metric,))[metric].unstack('model')
    models = list(dict.fromkeys(df['model']))
    return s.reindex(index=list(dict.fromkeys(df['dataset'])), columns=models)

def hybrid_gap(df:pd.DataFrame)->pd.DataFrame:
    "Per data set: the best other model by mean balanced accuracy, the hybrid's mean, the gap in points, and vs TabNet."
    m = df.groupby(['dataset', 'model'], sort=False)['balanced_accuracy'].mean().unstack('model')
    others = [c for c in m.columns if c != 'hybrid']
    if 'hybrid' not in m.columns or not others: return pd.DataFrame()
    out = pd.DataFrame({'best_other': m[others].idxmax(1), 'best_bal_acc': m[others].max(1), 'hybrid_bal_acc': m['hybrid']})
    out['gap_points'] = 100 * (out['hybrid_bal_acc'] - out['best_bal_acc'])
    out['within_2_points'] = out['gap_points'] >= -2
    if 'tabnet' in m.columns: out['vs_tabnet_points'] = 100 * (m['hybrid'] - m['tabnet'])
    return out.round(3)

def combine(paths)->pd.DataFrame:
    "Per-fold rows of several `--out` CSVs as one table; a (dataset, seed, model, fold) seen twice keeps the later file's row."
    df = pd.concat([pd.read_csv(p) for p in paths], ignore_index=True)
    if 'seed' not in df.columns: df['seed'] = 0
    if 'held_out' not in df.columns: df['held_out'] = df['dataset'].isin(datasets.HELD_OUT)
    return df.drop_duplicates(['dataset', 'seed', 'model', 'fold'], keep='last').reset_index(drop=True)

def markdown_table(df:pd.DataFrame, metric:str='balanced_accuracy', reference:str='hybrid')->str:
    """Markdown: one row per data set, 'mean ± sd' of `metric` over all folds and seeds per model, the best peer and
    the gap of `reference` to it in points (when `reference` has rows). A cell with fewer rows than the most
    complete model of its data set says how many it has (n=...)."""
    order = [d for d in datasets.ALL_NAMES if d in set(df['dataset'])] + sorted(set(df['dataset']) - set(datasets.ALL_NAMES))
    models = [m for m in ('hybrid', 'logreg', 'svm', 'enet', 'rf', 'xgboost', 'mlp', 'tabnet', 'tabm', 'lassonet') if m in set(df['model'])]
    models += [m for m in dict.fromkeys(df['model']) if m not in models]
    g = df.groupby(['dataset', 'model'])[metric]
    mean, sd, n = g.mean(), g.std(ddof=1).fillna(0), g.size()
    has_ref = reference in models
    head = ['dataset'] + models + (['best peer', f'{reference} − best peer (points)'] if has_ref else ['best'])
    lines = ['| ' + ' | '.join(head) + ' |', '|' + '---|' * len(head)]
    for d in order:
        full = n[d].max()
        label = NAMES.get(d, d)
        cells = [f'{label} ({int(df.loc[df.dataset == d, "n_train"].iloc[0] + df.loc[df.dataset == d, "n_test"].iloc[0])} × '
                 f'{int(df.loc[df.dataset == d, "n_features_in"].iloc[0]):,})']
        for m in models:
            if (d, m) not in mean.index: cells.append(''); continue
            c = f'{mean[d, m]:.3f} ± {sd[d, m]:.3f}'
            cells.append(c + (f' (n={n[d, m]})' if n[d, m] < full else ''))
        peers = {m: mean[d, m] for m in models if m != reference and (d, m) in mean.index}
        if peers:
            best = max(peers, key=peers.get)
            cells.append(f'{best} {peers[best]:.3f}')
            if has_ref: cells.append(f'{100 * (mean[d, reference] - peers[best]):+.1f}' if (d, reference) in mean.index else '')
        lines.append('| ' + ' | '.join(cells) + ' |')
    return '\n'.join(lines)

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
    p.add_argument('--datasets', default=','.join(datasets.NAMES),
                   help='comma-separated, from: ' + ', '.join(datasets.ALL_NAMES) + f' (default: the tuning sets; held out: {", ".join(datasets.HELD_OUT)})')
    p.add_argument('--held-out', action='store_true', help=f'also the held-out set(s) {", ".join(datasets.HELD_OUT)}')
    p.add_argument('--models', default=','.join(MODELS), help='comma-separated, from: ' + ', '.join(MODELS))
    p.add_argument('--folds', type=int, default=5)
    p.add_argument('--seeds', default='0,1', help='comma-separated seeds of the folds and models (default 0,1)')
    p.add_argument('--threads', type=int, default=1, help='torch and BLAS threads')
    p.add_argument('--device', default='cpu', help="device for the hybrid ('cpu', 'cuda')")
    p.add_argument('--hybrid', default=None, help="keyword arguments for fit_hybrid, e.g. 'epochs=100,patience=20'")
    p.add_argument('--prep', default=None, help="Preprocessor settings for all models, e.g. 'n_top_features=500'")
    p.add_argument('--only-folds', default=None, help="run only these folds, as SEED:FOLD pairs, e.g. '0:2,1:4' (a seed with "
                   "none listed is skipped); `--table` of the full run's CSV and this one puts them in place")
    p.add_argument('--out', default='bench/results/accuracy.csv', help='per-fold results (CSV); its folder is created')
    p.add_argument('--progress', action='store_true', help='progress bar over folds x models')
    p.add_argument('--table', default=None, help='comma-separated --out CSVs: print their markdown tables (balanced accuracy, '
                   'macro-F1) and exit')
    a = p.parse_args(argv)
    if a.table:
        df = combine(a.table.split(','))
        for metric in ('balanced_accuracy', 'macro_f1'):
            seeds = sorted(df['seed'].unique())
            print(f"\n{metric}, mean ± sd over {df['fold'].nunique()} folds × seeds {','.join(map(str, seeds))}\n\n{markdown_table(df, metric)}")
        return
    names = a.datasets.split(',')
    if a.held_out: names += [n for n in datasets.HELD_OUT if n not in names]
    seeds = [int(x) for x in a.seeds.split(',')]
    models = ['logreg' if m == 'lr' else m for m in a.models.split(',')]   # 'lr': the name in the previous version
    for n in names:
        if n not in datasets.ALL_NAMES: p.error(f"unknown data set {n!r}")
    for m in models:
        if m not in MODELS: p.error(f"unknown model {m!r}")
    import torch; torch.set_num_threads(a.threads)
    from genohybrid.learner import fit_hybrid
    defaults = {k: v.default for k, v in inspect.signature(fit_hybrid).parameters.items()
                if v.default is not inspect.Parameter.empty}
    hybrid, prep = _settings(a.hybrid) or None, _settings(a.prep) or None
    print(f"folds={a.folds} seeds={seeds} datasets={names} models={models} threads={a.threads} prep={prep} hybrid={hybrid} "
          f"(fit_hybrid defaults {defaults}); torch {torch.__version__}, genohybrid {__import__('genohybrid').__version__}", flush=True)
    Path(a.out).parent.mkdir(parents=True, exist_ok=True)
    parts, t0 = [], time.perf_counter()
    with threadpool_limits(a.threads):
        for seed in seeds:                          # every data set with the first seed before the second
            only = None if a.only_folds is None else [int(f) for s_, f in (x.split(':') for x in a.only_folds.split(',')) if int(s_) == seed]
            if only == []: continue
            for n in names:
                t1 = time.perf_counter()
                parts.append(run_dataset(n, models, a.folds, seed, a.device, hybrid, prep, verbose=a.progress, only=only))
                df = pd.concat(parts, ignore_index=True)
                with atomic_path(a.out) as tmp: df.to_csv(tmp, index=False)      # keep what is done so far
                print(f"{n}, seed {seed}: {time.perf_counter() - t1:.0f} s\n{table(parts[-1]).to_string()}", file=sys.stderr, flush=True)
    df = pd.concat(parts, ignore_index=True)
    pd.set_option('display.width', 250)
    for metric in ('balanced_accuracy', 'macro_f1', 'roc_auc', 'accuracy', 'fit_seconds'):
        print(f"\n{metric} (mean ± sd over {a.folds} folds × {len(seeds)} seeds)\n{table(df, metric).to_string()}")
    gap = hybrid_gap(df)
    if len(gap): print(f"\nhybrid vs the best other model (balanced accuracy)\n{gap.to_string()}")
    print(f"\n{markdown_table(df)}")
    print(f"\nper-fold results: {a.out}; total {time.perf_counter() - t0:.0f} s")

if __name__ == '__main__':
    main()
