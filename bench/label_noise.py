"""Finding flipped labels: genohybrid's training dynamics against Annotatability and cleanlab.

    python bench/label_noise.py                                  # PBMC 68k reduced, 10% and 20% flipped, 2 threads
    python bench/label_noise.py --ref-python /path/venv/bin/python   # where Annotatability / cleanlab are installed
    python bench/label_noise.py --fractions 0.1 --small 200 --threads 2

Data: `scanpy.datasets.pbmc68k_reduced()` (700 cells x 765 genes, `.X` scaled as shipped, label `bulk_labels`, 10
classes), and a random subset of `--small` cells (a couple of hundred). In each, `fraction` of the labels are
changed to another class at random (`genohybrid.annotatability.flip_labels`, seed `--seed`). Every method sees
the same noisy labels and the same `.X`; the score is the AUROC of its per-cell label-quality score for telling
clean (positive) from flipped cells.

Methods, each in a fresh process with `--threads` torch/BLAS threads:
- `genohybrid`: `training_dynamics` (MLP, defaults), confidence; time of the dynamics run alone (fixed
  thresholds, no calibration) and of the full call with its calibration run (the default);
- `Annotatability`: `follow_training_dyn_neural_net(adata, label, device=cpu)` with its defaults (3-layer
  network, SGD lr 1e-3, 100 epochs, weighted sampler), confidence from `probability_list_to_confidence_and_var`;
  the "with calibration" time adds its `find_cutoff_paramter` (defaults: 5% flipped, 50 epochs);
- `cleanlab`: 5-fold cross-validated probabilities of a logistic regression (`cross_val_predict`), then
  `find_label_issues` (its default filter) for the flagged set and `get_label_quality_scores` (self-confidence)
  for the AUROC.

Times: wall clock and process CPU time (all threads); the machine may be shared, so CPU time is the steadier one.
Precision/recall: of the cells each method flags (genohybrid: category 'hard'; cleanlab: `find_label_issues`),
against the truly flipped cells.
"""
import argparse, contextlib, io, json, os, subprocess, sys, time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def _data(fraction, small, seed):
    import numpy as np, scanpy as sc
    from genohybrid.annotatability import flip_labels
    a = sc.datasets.pbmc68k_reduced()
    if small:
        a = a[np.sort(np.random.default_rng(seed).choice(a.n_obs, small, replace=False))].copy()
    a.obs['noisy'], flipped = flip_labels(a.obs['bulk_labels'].astype(str), fraction, seed=seed)
    a.obs['noisy'] = a.obs['noisy'].astype('category')
    return a, flipped


def _clock():
    return time.perf_counter(), time.process_time()


def _since(t):
    return time.perf_counter() - t[0], time.process_time() - t[1]


def _pr(flagged, flipped):
    import numpy as np
    tp = int((flagged & flipped).sum())
    return dict(n_flagged=int(flagged.sum()), precision=tp / max(int(flagged.sum()), 1), recall=tp / max(int(flipped.sum()), 1))


def _worker(method, a):
    sys.path.insert(0, ROOT)  # this checkout's genohybrid
    import numpy as np, torch
    torch.set_num_threads(a.threads)
    from sklearn.metrics import roc_auc_score
    adata, flipped = _data(a.fraction, a.small, a.seed)
    out = dict(method=method, n_cells=adata.n_obs, n_flipped=int(flipped.sum()))
    if method == 'genohybrid':
        from genohybrid.annotatability import training_dynamics
        b = adata.copy(); t = _clock()
        training_dynamics(b, 'noisy', thresholds=dict(confidence=.5, variability=.2), seed=a.seed, device='cpu')
        out['wall_s'], out['cpu_s'] = _since(t)
        out['auroc'] = roc_auc_score(~flipped, b.obs['label_audit_confidence'])
        t = _clock()
        training_dynamics(adata, 'noisy', seed=a.seed, device='cpu')
        out['wall_calibrated_s'], out['cpu_calibrated_s'] = _since(t)
        out['auroc_calibrated_run'] = roc_auc_score(~flipped, adata.obs['label_audit_confidence'])
        out.update(_pr((adata.obs['label_audit_category'] == 'hard').to_numpy(), flipped))
    elif method == 'annotatability':
        import random
        from Annotatability import models
        random.seed(a.seed); torch.manual_seed(a.seed); np.random.seed(a.seed)
        t = _clock()
        with contextlib.redirect_stdout(io.StringIO()):    # it prints the loss every 10 batches
            probs = models.follow_training_dyn_neural_net(adata, 'noisy', device=torch.device('cpu'))
        conf, var = models.probability_list_to_confidence_and_var(probs, adata.n_obs, len(probs))
        out['wall_s'], out['cpu_s'] = _since(t)
        out['auroc'] = roc_auc_score(~flipped, np.asarray(conf))
        t = _clock()
        with contextlib.redirect_stdout(io.StringIO()):
            models.find_cutoff_paramter(adata.copy(), 'noisy', device=torch.device('cpu'))
        w, c = _since(t)
        out['wall_calibrated_s'], out['cpu_calibrated_s'] = out['wall_s'] + w, out['cpu_s'] + c
    elif method == 'cleanlab':
        from cleanlab.filter import find_label_issues
        from cleanlab.rank import get_label_quality_scores
        from sklearn.linear_model import LogisticRegression
        from sklearn.model_selection import cross_val_predict, StratifiedKFold
        X = adata.X.toarray() if hasattr(adata.X, 'toarray') else np.asarray(adata.X)
        y = adata.obs['noisy'].cat.codes.to_numpy()
        t = _clock()
        probs = cross_val_predict(LogisticRegression(max_iter=1000), X, y, method='predict_proba',
                                  cv=StratifiedKFold(5, shuffle=True, random_state=a.seed))
        issues = find_label_issues(y, probs)
        quality = get_label_quality_scores(y, probs)
        out['wall_s'], out['cpu_s'] = _since(t)
        out['wall_calibrated_s'], out['cpu_calibrated_s'] = out['wall_s'], out['cpu_s']
        out['auroc'] = roc_auc_score(~flipped, quality)
        out.update(_pr(np.asarray(issues), flipped))
    print('RESULT ' + json.dumps(out))


def _run(method, fraction, small, a):
    py = sys.executable if method == 'genohybrid' else a.ref_python
    env = {**os.environ, 'OMP_NUM_THREADS': str(a.threads), 'MKL_NUM_THREADS': str(a.threads)}
    cmd = [py, os.path.abspath(__file__), '--worker', method, '--fraction', str(fraction), '--small', str(small),
           '--seed', str(a.seed), '--threads', str(a.threads)]
    r = subprocess.run(cmd, capture_output=True, text=True, env=env)
    lines = [l for l in r.stdout.splitlines() if l.startswith('RESULT ')]
    if r.returncode or not lines:
        return dict(method=method, error=(r.stderr.strip().splitlines() or ['?'])[-1])
    return json.loads(lines[-1][7:])


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument('--fractions', type=float, nargs='+', default=[0.1, 0.2])
    p.add_argument('--small', type=int, default=200, help='also run on a random subset of this many cells (0: skip)')
    p.add_argument('--seed', type=int, default=0)
    p.add_argument('--threads', type=int, default=2)
    p.add_argument('--methods', nargs='+', default=['genohybrid', 'annotatability', 'cleanlab'])
    p.add_argument('--ref-python', default=sys.executable, help='Python with Annotatability and cleanlab installed')
    p.add_argument('--json', default=None, help='also write the rows to this JSON file')
    p.add_argument('--worker', default=None, help=argparse.SUPPRESS)
    p.add_argument('--fraction', type=float, default=0.1, help=argparse.SUPPRESS)
    a = p.parse_args()
    if a.worker: return _worker(a.worker, a)
    rows = []
    for small in ([0, a.small] if a.small else [0]):
        for fraction in a.fractions:
            res = {m: _run(m, fraction, small, a) for m in a.methods}
            ref = res.get('annotatability', {})
            for m, r in res.items():
                r.update(fraction=fraction)
                if 'wall_s' in r and 'wall_s' in ref:
                    r['speedup_wall'] = ref['wall_s'] / r['wall_s']; r['speedup_cpu'] = ref['cpu_s'] / r['cpu_s']
                    r['speedup_calibrated_wall'] = ref['wall_calibrated_s'] / r['wall_calibrated_s']
                rows.append(r)
                print(json.dumps(r), file=sys.stderr, flush=True)
    print(f"\n{a.threads} threads, seed {a.seed}. Speed-up = Annotatability's time / this method's time "
          "(dynamics run alone; 'calibrated': with each method's threshold calibration run).\n")
    print('| cells | flipped | method | AUROC clean vs flipped | wall (s) | CPU (s) | speed-up wall | speed-up CPU | '
          'wall with calibration (s) | speed-up with calibration | flagged | precision | recall |')
    print('|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|')
    f = lambda v, d=3: '' if v is None else (f'{v:.{d}f}' if isinstance(v, float) else str(v))
    for r in rows:
        if 'error' in r:
            print(f"| | {r['fraction']:.0%} | {r['method']} | error: {r['error']} | | | | | | | | | |"); continue
        print(f"| {r['n_cells']} | {r['fraction']:.0%} | {r['method']} | {f(r['auroc'])} | {f(r['wall_s'], 2)} | {f(r['cpu_s'], 2)} | "
              f"{f(r.get('speedup_wall'), 1)} | {f(r.get('speedup_cpu'), 1)} | {f(r['wall_calibrated_s'], 2)} | "
              f"{f(r.get('speedup_calibrated_wall'), 1)} | {f(r.get('n_flagged'))} | {f(r.get('precision'), 2)} | {f(r.get('recall'), 2)} |")
    if a.json:
        with open(a.json, 'w') as fh: json.dump(rows, fh, indent=1)


if __name__ == '__main__':
    main()
