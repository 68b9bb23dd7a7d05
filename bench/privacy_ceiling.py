"""How far can a DP linear model go on these data, and is the loss attack's AUC measured right? (issue 16)

    OMP_NUM_THREADS=1 python bench/privacy_ceiling.py [--datasets pbmc tissue] [--seeds 0 1 2] [--eps 4 8]

For each data set and seed, half the samples (stratified) are the members, the other half the non-members.
Per ε it reports, for `private_fit` with its defaults:

* balanced accuracy on the non-members, the loss attack's AUC with its 95 % interval (Hanley & McNeil), and the
  largest AUC any attack can reach on a μ-GDP model, Φ(μ/√2);
* a **null** audit: the same recipe trained on half of the non-members only, attacked with the members against
  the other half of the non-members. Neither set was trained on, so a sound measurement gives AUC ≈ 0.5; an AUC
  away from 0.5 here would mean the member and non-member sets differ in something other than training;
* the **class composition** gap between members and non-members (largest difference of class shares);
* an **oracle ceiling**: the best balanced accuracy over a grid of `private_fit` settings (steps x learning rate x
  clipping norm, 27 settings), *chosen on the non-members themselves*. This is not a legitimate DP result (the
  choice looks at the evaluation data): it is an upper bound on what tuning these settings could give;
* per-class recall of the default DP model against a non-private logistic regression on the same fixed features;
* **individual privacy** (Feldman & Zrnic, NeurIPS 2021): in full-batch noisy gradient descent a record whose clipped
  gradients have norms g_t (t = 1..T) spends μ_i = sqrt(Σ_t g_t²) / (σ·C) of Gaussian DP, at most the μ of the
  gradient release when every g_t = C. `individual_mu_share` replays `private_fit`'s loop (same features, counts,
  noise calibration, steps, learning rate, momentum) and reports the median and 10th percentile of μ_i / μ over
  the members: near 1 means the average record spends the whole guarantee, so the attack's AUC has no slack
  from "most records are safer than the worst case".
"""
import argparse, itertools, math, sys, time, warnings
from pathlib import Path
import numpy as np, pandas as pd, torch
warnings.simplefilter('ignore'); torch.set_num_threads(1)
sys.path.insert(0, str(Path(__file__).parent))
import datasets
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import balanced_accuracy_score, recall_score
from genohybrid.dataloaders import split_samples
from genohybrid.learner import predict_proba
from genohybrid.privacy import private_fit, membership_audit, _fixed_preprocessor, gdp_epsilon, noise_for_budget
from scipy.optimize import brentq

def individual_mu_share(adata, label, epsilon, delta=1e-5, epochs=30, lr=0.5, C=1., count_share=0.05, seed=0):
    "Replay `private_fit`'s full-batch loop (defaults) and return μ_i / μ_gradients of every record (Feldman & Zrnic 2021)."
    prep, _, _ = _fixed_preprocessor(adata, 'auto', None)
    X = torch.as_tensor(prep.transform(adata.X), dtype=torch.float64)
    classes = sorted(set(adata.obs[label].astype(str))); K = len(classes)
    y = torch.as_tensor(np.searchsorted(classes, adata.obs[label].astype(str).values))
    mu = brentq(lambda m: gdp_epsilon(m, delta) - epsilon, 1e-6, 1e3); sigma_c = 1 / (math.sqrt(count_share) * mu)
    rng = np.random.default_rng(seed); g = torch.Generator().manual_seed(seed)
    counts = np.maximum(np.bincount(y.numpy(), minlength=K) + sigma_c * rng.standard_normal(K), 1.); n_hat = counts.sum()
    sigma = noise_for_budget(epsilon, delta, fixed=[(sigma_c, 1., 1)], steps=epochs)
    w = torch.as_tensor(n_hat / (K * counts)); xa = torch.cat([X, torch.ones(len(X), 1, dtype=X.dtype)], 1)
    W = torch.zeros(xa.shape[1], K, dtype=X.dtype); v = torch.zeros_like(W); sq = torch.zeros(len(X), dtype=X.dtype)
    for t in range(epochs):
        r = torch.softmax(xa @ W, 1); r[torch.arange(len(y)), y] -= 1; r = r * w[y, None]
        norm = r.norm(dim=1) * xa.norm(dim=1); scale = C / norm.clamp_min(C)
        sq += (norm * scale) ** 2                         # squared norm of each record's clipped gradient at step t
        G = (xa.T @ (r * scale[:, None]) + sigma * C * torch.randn(W.shape, generator=g, dtype=X.dtype)) / n_hat
        v = 0.9 * v + G; W = W - lr * v
    return (sq.sqrt() / (C * math.sqrt(epochs))).numpy()   # μ_i / μ_gradients, with μ_gradients = sqrt(T) / σ

p = argparse.ArgumentParser()
p.add_argument('--datasets', nargs='+', default=['pbmc', 'tissue'])
p.add_argument('--seeds', nargs='+', type=int, default=[0, 1, 2])
p.add_argument('--eps', nargs='+', type=float, default=[4., 8.])
a = p.parse_args()
GRID = list(itertools.product((10, 30, 100), (0.1, 0.5, 2.), (0.3, 1., 3.)))   # epochs (full-batch steps), lr, clip norm

rows, recalls = [], []
for name in a.datasets:
    ad = datasets.load(name); label = datasets.LABELS[name]
    for seed in a.seeds:
        t = time.time()
        m, n = split_samples(ad, label, valid_pct=0.5, seed=seed)
        mem, non = ad[m].copy(), ad[n].copy()
        nA, nB = split_samples(non, label, valid_pct=0.5, seed=seed)
        share = lambda x: x.obs[label].astype(str).value_counts(normalize=True)
        gap = float((share(mem) - share(non)).abs().max())
        classes = sorted(set(ad.obs[label].astype(str)))
        y_non = np.searchsorted(classes, non.obs[label].astype(str).values)
        bal = lambda model: balanced_accuracy_score(y_non, predict_proba(model, non).argmax(1))
        prep, _, _ = _fixed_preprocessor(mem, 'auto', None)
        lr = LogisticRegression(max_iter=3000).fit(prep.transform(mem.X), mem.obs[label].astype(str).values)
        pred_lr = lr.predict(prep.transform(non.X))
        rec_lr = recall_score(non.obs[label].astype(str).values, pred_lr, labels=classes, average=None, zero_division=0)
        for eps in a.eps:
            dp = private_fit(mem, label, epsilon=eps, seed=seed, device='cpu')
            au = membership_audit(dp, mem, non, label)
            null_model = private_fit(non[nA].copy(), label, epsilon=eps, seed=seed, device='cpu', classes=classes)
            null = membership_audit(null_model, mem, non[nB].copy(), label)
            best = (-1, None, None)
            for epochs, lr_, C in GRID:
                try: mod = private_fit(mem, label, epsilon=eps, epochs=epochs, lr=lr_, max_grad_norm=C, seed=seed, device='cpu')
                except ValueError: continue
                b = bal(mod)
                if b > best[0]: best = (b, (epochs, lr_, C), mod)
            oracle_auc = membership_audit(best[2], mem, non, label).auc
            share_mu = individual_mu_share(mem, label, eps, seed=seed)
            pred_dp = np.asarray(dp.classes)[predict_proba(dp, non).argmax(1)]
            rec_dp = recall_score(non.obs[label].astype(str).values, pred_dp, labels=classes, average=None, zero_division=0)
            counts = mem.obs[label].astype(str).value_counts()
            for c, r1, r2 in zip(classes, rec_dp, rec_lr):
                recalls.append(dict(data=name, seed=seed, epsilon=eps, cls=c, n_members=int(counts.get(c, 0)), dp_recall=r1, nonprivate_lr_recall=r2))
            rows.append(dict(data=name, seed=seed, n_members=mem.n_obs, class_share_gap=gap, epsilon=eps,
                             nonprivate_lr_bal_acc=balanced_accuracy_score(non.obs[label].astype(str).values, pred_lr),
                             dp_bal_acc=bal(dp), loss_auc=au.auc, auc_ci_low=au.auc_ci95[0], auc_ci_high=au.auc_ci95[1],
                             auc_bound=au.auc_bound, null_auc=null.auc, null_ci_low=null.auc_ci95[0], null_ci_high=null.auc_ci95[1],
                             oracle_bal_acc=best[0], oracle_setting='steps %d lr %g clip %g' % best[1], oracle_loss_auc=oracle_auc,
                             mu_share_median=float(np.median(share_mu)), mu_share_p10=float(np.quantile(share_mu, 0.1))))
            print({k: (round(v, 3) if isinstance(v, float) else v) for k, v in rows[-1].items()}, flush=True)
        print(f'{name} seed {seed}: {time.time() - t:.0f} s', flush=True)
tab = pd.DataFrame(rows)
pd.set_option('display.width', 250)
num = ['nonprivate_lr_bal_acc', 'dp_bal_acc', 'loss_auc', 'auc_ci_low', 'auc_ci_high', 'auc_bound', 'null_auc', 'oracle_bal_acc', 'oracle_loss_auc', 'mu_share_median', 'mu_share_p10', 'class_share_gap']
print('\nmean over seeds:'); print(tab.groupby(['data', 'epsilon'])[num].mean().round(3).to_string())
rc = pd.DataFrame(recalls).groupby(['data', 'epsilon', 'cls'])[['n_members', 'dp_recall', 'nonprivate_lr_recall']].mean()
print('\nper-class recall on the non-members (mean over seeds):'); print(rc.sort_values('n_members').round(2).to_string())
