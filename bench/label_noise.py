"""Finding flipped labels: genohybrid's label audit against cleanlab and Annotatability, on every offline data set.

    python bench/label_noise.py                                   # all data sets, 5/10/20 %, uniform + class-conditional, 3 seeds
    python bench/label_noise.py --datasets pbmc golub --fractions 0.1 --seeds 0
    python bench/label_noise.py --ref-python /path/venv/bin/python   # a Python where Annotatability 0.0.5 is installed
    python bench/label_noise.py --datasets bladder                 # the held-out set (bench/datasets.py HELD_OUT), apart

Data: every data set of `bench/datasets.py` (pbmc, golub, khan, tissue, breast_cancer; Khan's missing values
replaced by the gene's mean, for every method alike; a matrix on a count scale, of the sets here only the held-out
hsmm's FPKM, normalised to 1e4 per sample, log1p-transformed and cut to its 3,000 most variable genes, as issue 17's
own measurement did). Noise, `fraction` of the samples (seed = the run's seed):
- `uniform`: each chosen label changed to another class drawn at random (`genohybrid.annotatability.flip_labels`);
- `class-conditional`: each chosen label changed to the *most similar* class, the one whose centroid (standardised
  features) is nearest to the centroid of the sample's own class. With two classes (golub, breast_cancer) both are
  the same flips.
Every method sees the same noisy labels and the same `.X`.

Methods, each in its own process running every configuration, with `--threads` torch/BLAS threads:
- `genohybrid`: `training_dynamics` (defaults: one MLP with a head for the labels, a calibration head and 5
  cross-fitted fold heads, 8 epochs in batches of 256 or a third of the samples, trained twice and averaged below 100
  samples; a 5-fold logistic regression, over 3 fold assignments below 500 samples) then `correct_labels`. Score: `label_audit_label_quality`; flagged: category 'hard'.
- `dynamics`: the same call with `n_folds=0`, training dynamics alone (the audit before cross-fitting; its score
  is the confidence, flagged is 'hard'); the speed baseline measured in the same run.
- `cleanlab`: 5-fold cross-validated probabilities of a logistic regression (`cross_val_predict`, scikit-learn
  defaults, `max_iter=1000`, raw `.X`), `get_label_quality_scores` (self-confidence) for the score,
  `find_label_issues` for the flagged set, the argmax of the out-of-fold probabilities as their suggested label.
- `annotatability`: `follow_training_dyn_neural_net` with its defaults, confidence as the score, cut-offs from
  `find_cutoff_paramter`; runs only with `--ref-python` pointing at a Python where the package is installed
  (it needs its own environment); otherwise the table says "not run".

Metrics, averaged over seeds: AUROC of the score for clean (positive) vs flipped; precision among the flagged
samples; suggested labels (genohybrid: `correct_labels`, which relabels the 'hard' samples; cleanlab: the
out-of-fold argmax for the samples `find_label_issues` flags): the share of the flipped samples given back their
true label ("flips restored"), and the share of the changed labels that are right ("relabels right"); wall
and CPU time of the audit (genohybrid: `training_dynamics` alone, `correct_labels` is timed apart; CPU time is the
steadier on a shared machine).
"""
import argparse, contextlib, io, json, os, subprocess, sys, time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
NOISE = ('uniform', 'class-conditional')


def _load(name):
    sys.path.insert(0, os.path.join(ROOT, 'bench'))
    import numpy as np, datasets
    a = datasets.load(name)
    X = np.asarray(a.X, dtype=np.float32)
    if np.isnan(X).any(): X = np.where(np.isnan(X), np.nanmean(X, 0), X)
    a.X = X
    from genohybrid.preprocess import Preprocessor, detect_scale
    if detect_scale(X) == 'counts':   # (hsmm's FPKM): per-sample total 1e4, log1p, the 3,000 most variable genes, as issue 17 measured
        p = Preprocessor(scale='counts', n_top_features=3000, standardize=False).fit(a)
        a = a[:, p.features_].copy(); a.X = p.transform(X)
    return a, datasets.LABELS[name]


def similar_class_flips(X, labels, fraction, seed):
    "Flip `fraction` of the labels (chosen as `flip_labels` chooses them) into the class whose centroid is nearest to their own class's."
    import numpy as np
    labels = np.asarray(labels).astype(str); classes = np.unique(labels)
    Z = (X - X.mean(0)) / (X.std(0) + 1e-8)
    cen = np.stack([Z[labels == c].mean(0) for c in classes])
    d = ((cen[:, None] - cen[None]) ** 2).sum(-1); np.fill_diagonal(d, np.inf)
    rng = np.random.default_rng(seed)
    flipped = np.zeros(len(labels), bool)
    flipped[rng.choice(len(labels), int(round(fraction * len(labels))), replace=False)] = True
    out = labels.copy()
    out[flipped] = classes[d.argmin(1)[np.searchsorted(classes, labels[flipped])]]
    return out, flipped


def _noisy(a, lab, noise, fraction, seed):
    import numpy as np
    from genohybrid.annotatability import flip_labels
    true = a.obs[lab].astype(str).to_numpy()
    noisy, flipped = flip_labels(true, fraction, seed=seed) if noise == 'uniform' else similar_class_flips(a.X, true, fraction, seed)
    return true, noisy, flipped


def _score(out, score, flagged, suggested, true, noisy, flipped):
    import numpy as np
    from sklearn.metrics import roc_auc_score
    out['auroc'] = float(roc_auc_score(~flipped, score))
    if flagged is not None:
        out['n_flagged'] = int(flagged.sum())
        out['precision'] = float((flagged & flipped).sum() / max(int(flagged.sum()), 1))
        out['recall'] = float((flagged & flipped).sum() / max(int(flipped.sum()), 1))
    if suggested is not None:
        suggested = np.asarray(suggested).astype(str)
        out['corrected'] = float((suggested == true)[flipped].mean())           # flipped samples given back their label
        changed = suggested != noisy
        out['n_relabelled'] = int(changed.sum())
        out['relabel_accuracy'] = float((suggested == true)[changed].mean()) if changed.any() else float('nan')


def _one(method, a, lab, noise, fraction, seed):
    import numpy as np, torch
    true, noisy, flipped = _noisy(a, lab, noise, fraction, seed)
    b = a.copy(); b.obs['noisy'] = noisy; b.obs['noisy'] = b.obs['noisy'].astype('category')
    out = {}
    if method in ('genohybrid', 'dynamics'):
        from genohybrid.annotatability import training_dynamics, correct_labels
        t, c = time.perf_counter(), time.process_time()
        training_dynamics(b, 'noisy', seed=seed, device='cpu', **({} if method == 'genohybrid' else dict(n_folds=0)))
        out['wall_s'], out['cpu_s'] = time.perf_counter() - t, time.process_time() - c
        score = b.obs['label_audit_label_quality' if method == 'genohybrid' else 'label_audit_confidence'].to_numpy()
        t = time.perf_counter()
        sug = correct_labels(b, 'noisy', seed=seed, device='cpu')['label_audit_suggested_label']
        out['correct_s'] = time.perf_counter() - t
        _score(out, score, (b.obs['label_audit_category'] == 'hard').to_numpy(), sug.to_numpy(), true, noisy, flipped)
    elif method == 'cleanlab':
        from cleanlab.filter import find_label_issues
        from cleanlab.rank import get_label_quality_scores
        from sklearn.linear_model import LogisticRegression
        from sklearn.model_selection import cross_val_predict, StratifiedKFold
        y = b.obs['noisy'].cat.codes.to_numpy()
        t, c = time.perf_counter(), time.process_time()
        with __import__('warnings').catch_warnings():
            __import__('warnings').simplefilter('ignore')    # classes smaller than 5 after flipping
            probs = cross_val_predict(LogisticRegression(max_iter=1000), b.X, y, method='predict_proba',
                                      cv=StratifiedKFold(5, shuffle=True, random_state=seed))
        issues = find_label_issues(y, probs, n_jobs=1)
        quality = get_label_quality_scores(y, probs)
        out['wall_s'], out['cpu_s'] = time.perf_counter() - t, time.process_time() - c
        # cleanlab's relabelling: the out-of-fold argmax for the flagged samples, the others keep their label
        sug = np.where(issues, b.obs['noisy'].cat.categories.to_numpy()[probs.argmax(1)], noisy)
        _score(out, quality, np.asarray(issues), sug, true, noisy, flipped)
    elif method == 'annotatability':
        import random
        from Annotatability import models
        random.seed(seed); torch.manual_seed(seed); np.random.seed(seed)
        t, c = time.perf_counter(), time.process_time()
        with contextlib.redirect_stdout(io.StringIO()):    # it prints the loss every 10 batches
            probs = models.follow_training_dyn_neural_net(b, 'noisy', device=torch.device('cpu'))
            conf, var = models.probability_list_to_confidence_and_var(probs, b.n_obs, len(probs))
        out['wall_s'], out['cpu_s'] = time.perf_counter() - t, time.process_time() - c
        _score(out, np.asarray(conf), None, None, true, noisy, flipped)   # its cut-offs (find_cutoff_paramter) are not run
    return out


def _worker(a):
    sys.path.insert(0, ROOT)  # this checkout's genohybrid
    import torch
    torch.set_num_threads(a.threads)
    for name in a.datasets:
        ad, lab = _load(name)
        for noise in a.noise:
            for fraction in a.fractions:
                for seed in a.seeds:
                    key = dict(method=a.worker, dataset=name, noise=noise, fraction=fraction, seed=seed)
                    try: r = {**key, **_one(a.worker, ad, lab, noise, fraction, seed)}
                    except ImportError as e: print('RESULT ' + json.dumps({**key, 'error': f'not run: {e}'}), flush=True); return
                    except Exception as e: r = {**key, 'error': f'{type(e).__name__}: {e}'}
                    print('RESULT ' + json.dumps(r), flush=True)


def _run(method, a):
    py = a.ref_python if method == 'annotatability' else sys.executable
    env = {**os.environ, 'OMP_NUM_THREADS': str(a.threads), 'MKL_NUM_THREADS': str(a.threads)}
    cmd = [py, os.path.abspath(__file__), '--worker', method, '--threads', str(a.threads), '--datasets', *a.datasets,
           '--fractions', *map(str, a.fractions), '--seeds', *map(str, a.seeds), '--noise', *a.noise]
    rows = []
    with subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env) as p:
        for line in p.stdout:
            if line.startswith('RESULT '):
                rows.append(json.loads(line[7:])); print(line[7:].strip(), file=sys.stderr, flush=True)
        err = p.stderr.read()
    if not rows: rows = [dict(method=method, error='not run: ' + ((err.strip().splitlines() or ['?'])[-1]))]
    return rows


def _table(rows, methods):
    import pandas as pd
    df = pd.DataFrame(rows)
    ok = df[~df.get('error', pd.Series(index=df.index, dtype=object)).notna()] if 'error' in df else df
    errors = {m: df[(df.method == m) & df['error'].notna()]['error'].iloc[0] for m in methods
              if 'error' in df and ((df.method == m) & df['error'].notna()).any()}
    g = ok.groupby(['dataset', 'noise', 'fraction', 'method']).mean(numeric_only=True).drop(columns='seed')
    lines = ['| data set | noise | flipped | ' + ' | '.join(f'AUROC {m}' for m in methods) +
             ' | precision genohybrid / cleanlab | flips restored genohybrid / cleanlab | relabels right genohybrid / cleanlab | CPU s ' + ' / '.join(methods) + ' |',
             '|---|---|---:|' + '---:|' * len(methods) + '---:|---:|---:|---:|']
    def v(k, m, col, d=3):
        key = k + (m,)
        if key not in g.index or col not in g.columns: return 'not run' if m in errors else ''
        x = g.loc[key, col]
        return '' if x != x else f'{x:.{d}f}'
    for k in sorted({i[:3] for i in g.index}):
        au = {m: v(k, m, 'auroc') for m in methods}
        best = max((float(x) for x in au.values() if x not in ('', 'not run')), default=None)
        cells = [f'**{x}**' if x not in ('', 'not run') and float(x) == best else x for x in au.values()]
        lines.append(f'| {k[0]} | {k[1]} | {k[2]:.0%} | ' + ' | '.join(cells) +
                     f" | {v(k, 'genohybrid', 'precision', 2)} / {v(k, 'cleanlab', 'precision', 2)}"
                     f" | {v(k, 'genohybrid', 'corrected', 2)} / {v(k, 'cleanlab', 'corrected', 2)}"
                     f" | {v(k, 'genohybrid', 'relabel_accuracy', 2)} / {v(k, 'cleanlab', 'relabel_accuracy', 2)}"
                     ' | ' + ' / '.join(v(k, m, 'cpu_s', 2) for m in methods) + ' |')
    for m, e in errors.items(): lines.append(f'\n{m}: {e}')
    if {'genohybrid', 'cleanlab'} <= set(ok.method):
        w = g['auroc'].unstack('method')
        lose = w[w['genohybrid'] < w['cleanlab']]
        lines.append(f"\ngenohybrid's AUROC is at least cleanlab's in {len(w) - len(lose)} of {len(w)} settings; below it in: " +
                     (', '.join(f'{d} {n} {fr:.0%} ({r.genohybrid:.3f} vs {r.cleanlab:.3f})' for (d, n, fr), r in lose.iterrows()) or 'none'))
    for col, what in (('wall_s', 'wall'), ('cpu_s', 'CPU')):
        if col not in ok: continue
        t = ok.groupby('method')[col].sum()
        lines.append(f"Total audit {what} time: " + ', '.join(f'{m} {t[m]:.1f} s' for m in methods if m in t) +
                     (f" (Annotatability / genohybrid {t['annotatability'] / t['genohybrid']:.1f}x)" if {'annotatability', 'genohybrid'} <= set(t.index) else ''))
    if {'genohybrid', 'annotatability'} <= set(ok.method):
        t = ok.groupby(['dataset', 'method'])['wall_s'].mean().unstack('method')
        lines.append("Annotatability's time / genohybrid's (mean wall per audit): " +
                     ', '.join(f'{d} {r.annotatability / r.genohybrid:.1f}x' for d, r in t.iterrows()))
        if 'cpu_s' in ok:
            t = ok.groupby(['dataset', 'method'])['cpu_s'].mean().unstack('method')
            lines.append("Annotatability's CPU time / genohybrid's: " +
                         ', '.join(f'{d} {r.annotatability / r.genohybrid:.1f}x' for d, r in t.iterrows()))
    return '\n'.join(lines)


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument('--datasets', nargs='+', default=['pbmc', 'golub', 'khan', 'tissue', 'breast_cancer'])
    p.add_argument('--fractions', type=float, nargs='+', default=[0.05, 0.1, 0.2])
    p.add_argument('--noise', nargs='+', default=list(NOISE), choices=NOISE)
    p.add_argument('--seeds', type=int, nargs='+', default=[0, 1, 2])
    p.add_argument('--threads', type=int, default=1)
    p.add_argument('--methods', nargs='+', default=['genohybrid', 'dynamics', 'cleanlab', 'annotatability'])
    p.add_argument('--ref-python', default=sys.executable, help='Python with Annotatability installed')
    p.add_argument('--json', default=None, help='also write the rows to this JSON file')
    p.add_argument('--worker', default=None, help=argparse.SUPPRESS)
    a = p.parse_args()
    if a.worker: return _worker(a)
    rows = [r for m in a.methods for r in _run(m, a)]
    if a.json:
        with open(a.json, 'w') as fh: json.dump(rows, fh, indent=1)
    print(f"\n{a.threads} thread(s), seeds {a.seeds}; means over seeds; best AUROC in bold.\n")
    print(_table(rows, a.methods))


if __name__ == '__main__':
    main()
