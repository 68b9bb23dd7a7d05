"""Training from disk: cells/s and peak RSS for one epoch from a backed h5ad, against the in-memory path and anndata's AnnLoader.

    python bench/stream.py make --cells 50000 200000 1000000 --dir /tmp/gh_stream   # write the files (h5py, in chunks)
    python bench/stream.py run  --cells 50000 200000 1000000 --dir /tmp/gh_stream   # measure; prints a markdown table
    python bench/stream.py run  --cells 50000 --modes stream,memory,annloader,stream2
    python bench/stream.py run  --cells 50000 --modes scvi --scvi-python /tmp/scvi_venv/bin/python   # scvi-tools in its own venv
    python bench/stream.py stages /tmp/gh_stream/cells_50000.h5ad                    # peak RSS by stage of one epoch
    python bench/stream.py recorder full running --cells 50000 1000000 --epochs 15 --bs 8192   # a label-audit recorder alone

Data: counts, `--genes` genes (20,000), about 5 % non-zero, 8 cell types, each with 200 marker genes detected more
often and at higher counts; cells in random order. Written as CSR with h5py in chunks of 4,000 cells (a million
cells is about 1e9 non-zeros, 8 GB), with .obs/.var through anndata's `write_elem`, so anndata reads it as an h5ad.

Each measurement runs in a fresh process (peak RSS is the process's `ru_maxrss`, children included for 2 processes):
- `stream`: `genohybrid.distributed.train_stream` on `read_genomic(path, backed=True)` (1 process): preprocessor
  fitted in one pass, one epoch of `HybridNet` training with the validation pass.
- `stream2`: the same under `torchrun --standalone --nproc_per_node 2` (gloo); cells/s counts both processes.
- `memory`: the file read whole (`read_genomic(path)`), `hybrid_learner`-equivalent in-memory loaders, one epoch.
- `annloader`: anndata's `AnnLoader` on the backed AnnData (`shuffle=True`), each batch through the fitted
  preprocessor and the same network and optimiser; measured over `--annloader-batches` batches (it reads rows one
  at a time; a full epoch would take hours at a million cells) and reported as cells/s of those batches.
- `scvi`: scvi-tools' `AnnDataLoader` (`SCVI.setup_anndata` on the backed AnnData, `shuffle=True`; batches come
  dense), each batch through the same preprocessor, network and optimiser as `annloader`; `--scvi-batches` batches
  (0: the whole training split, no validation pass). scvi-tools is not a dependency: the mode runs under
  `--scvi-python`, an interpreter whose environment has scvi-tools and genohybrid's dependencies (genohybrid itself
  comes from this source tree through PYTHONPATH; bench/README says how that venv is made), and it is skipped with a
  message when scvi-tools does not import. Its peak RSS includes scvi-tools' imports (lightning, jax).
Cells/s: training rows of the epoch / wall time of the epoch (training and validation passes; the fit of the
preprocessor is reported apart). The same `HybridNet` settings, batch size and thread count in every mode.
"""
import argparse, json, os, resource, subprocess, sys, time
from pathlib import Path
import numpy as np

N_TYPES, N_MARKERS = 8, 200

def make(n_cells:int, path:Path, genes:int=20000, density:float=0.05, seed:int=0, chunk:int=4000):
    "Write a backed-readable h5ad of `n_cells` x `genes` counts with cell-type structure, in chunks."
    import h5py, pandas as pd, anndata as ad
    g = np.random.default_rng(seed)
    types = g.integers(0, N_TYPES, n_cells)
    markers = np.stack([np.sort(g.choice(genes, N_MARKERS, replace=False)) for _ in range(N_TYPES)])
    p_marker = 0.3                                   # a type's markers are detected 6x as often as other genes
    lam_base = density * genes - N_MARKERS * p_marker
    tmp = path.with_suffix('.part')
    with h5py.File(tmp, 'w') as f:
        f.attrs['encoding-type'], f.attrs['encoding-version'] = 'anndata', '0.1.0'
        X = f.create_group('X')
        X.attrs['encoding-type'], X.attrs['encoding-version'] = 'csr_matrix', '0.1.0'
        X.attrs['shape'] = (n_cells, genes)
        data = X.create_dataset('data', (0,), np.float32, maxshape=(None,), chunks=(1 << 20,))
        ind = X.create_dataset('indices', (0,), np.int32, maxshape=(None,), chunks=(1 << 20,))
        indptr = np.zeros(n_cells + 1, np.int64)
        for s in range(0, n_cells, chunk):
            t = types[s:s + chunk]; r = len(t)
            nb = g.poisson(lam_base, r)                                  # other genes: uniform positions, counts 1-3
            rb = np.repeat(np.arange(r), nb); cb = g.integers(0, genes, nb.sum())
            hit = g.random((r, N_MARKERS), dtype=np.float32) < p_marker  # the type's markers: counts 3-10
            rm, jm = np.nonzero(hit); cm = markers[t[rm], jm]
            key = np.concatenate([rm * genes + cm, rb * genes + cb]).astype(np.int64)
            val = np.concatenate([3 + g.integers(0, 8, len(rm)), 1 + g.integers(0, 3, len(rb))]).astype(np.float32)
            key, first = np.unique(key, return_index=True)               # sorted by row, then gene; markers win ties
            val = val[first]
            rows, cols = key // genes, (key % genes).astype(np.int32)
            n0 = data.shape[0]; data.resize((n0 + len(val),)); ind.resize((n0 + len(val),))
            data[n0:] = val; ind[n0:] = cols
            indptr[s + 1:s + r + 1] = n0 + np.cumsum(np.bincount(rows, minlength=r))
        X.create_dataset('indptr', data=indptr)
        obs = pd.DataFrame(dict(cell_type=pd.Categorical([f'type{t}' for t in types])), index=[f'cell{i}' for i in range(n_cells)])
        var = pd.DataFrame(index=[f'gene{i}' for i in range(genes)])
        ad.io.write_elem(f, 'obs', obs); ad.io.write_elem(f, 'var', var)
        for k in ('obsm', 'varm', 'obsp', 'varp', 'layers', 'uns'): ad.io.write_elem(f, k, {})
    os.replace(tmp, path)

def peak_rss_mib(children=False)->float:
    r = resource.getrusage(resource.RUSAGE_CHILDREN if children else resource.RUSAGE_SELF).ru_maxrss
    return r / 1024

NET = dict(n_d=16, n_a=16, n_steps=3)

def _mode_stream(path, args):
    from genohybrid.distributed import train_stream
    res = train_stream(path, 'cell_type', epochs=1, bs=args.bs, lr=3e-3, seed=0, out=None, verbose=False,
                       n_top_features=args.top, num_workers=args.workers, **NET)
    return _from_metrics(res['metrics'])

def _from_metrics(m):
    "The fields of `train_stream`'s metrics this benchmark reports."
    return dict(n_train=m['n_train_per_process'] * m['world_size'], epoch_s=m['train_s'], fit_prep_s=m['prep_fit_s'],
                epoch_cpu_s=m.get('train_cpu_s'),
                accuracy=m.get('accuracy'), world_size=m['world_size'])

def _mode_memory(path, args):
    import torch
    from fastai.learner import Learner
    from fastai.optimizer import Adam
    from genohybrid.data import read_genomic
    from genohybrid.preprocess import Preprocessor
    from genohybrid.dataloaders import anndata_dataloaders
    from genohybrid.models.hybrid import HybridNet
    from genohybrid.learner import WeightedCrossEntropy, default_metrics
    from genohybrid.callbacks import SampleIndex, TabNetSparsity
    t0 = time.time()
    adata = read_genomic(path)
    t_read = time.time() - t0; t0 = time.time()
    dls = anndata_dataloaders(adata, 'cell_type', bs=args.bs, device='cpu', prep=Preprocessor(n_top_features=args.top))
    t_fit = time.time() - t0
    torch.manual_seed(0)
    net = HybridNet(dls.n_features, len(dls.classes), **NET)
    learn = Learner(dls, net, loss_func=WeightedCrossEntropy(), opt_func=Adam, metrics=default_metrics(),
                    cbs=[SampleIndex(), TabNetSparsity(1e-4)])
    t0, c0 = time.time(), time.process_time()
    with learn.no_logging(): learn.fit_one_cycle(1, 3e-3)
    t_epoch = time.time() - t0
    return dict(n_train=len(dls.train_idx), read_s=t_read, fit_prep_s=t_fit, epoch_s=t_epoch, epoch_cpu_s=time.process_time() - c0,
                accuracy=float(learn.recorder.values[-1][2]))

def _backed_setup(path, args):
    """What the other loaders' modes share: the backed file, class codes, the training split, the preprocessor fitted
    by streaming (and its time), the network and its optimiser."""
    import torch
    from genohybrid.data import read_genomic, backed_matrix
    from genohybrid.preprocess import Preprocessor
    from genohybrid.dataloaders import labels_of, split_samples
    from genohybrid.models.hybrid import HybridNet
    adata = read_genomic(path, backed=True)
    classes, y = labels_of(adata, 'cell_type')
    tr, _ = split_samples(adata, 'cell_type')
    t0 = time.time()
    prep = Preprocessor(n_top_features=args.top).fit_stream(backed_matrix(adata), adata.var_names, rows=tr)
    t_fit = time.time() - t0
    torch.manual_seed(0)
    net = HybridNet(prep.n_features_out, len(classes), **NET)
    return adata, y, tr, prep, t_fit, net, torch.optim.Adam(net.parameters(), 3e-3)

def _mode_annloader(path, args):
    import torch, torch.nn.functional as F
    from anndata.experimental.pytorch import AnnLoader
    adata, y, tr, prep, t_fit, net, opt = _backed_setup(path, args)
    adata.obs['y'] = y                               # AnnLoader hands .obs columns over as tensors
    dl = AnnLoader(adata[tr], batch_size=args.bs, shuffle=True)   # batches come dense (batch x all genes)
    n, t0, c0 = 0, time.time(), time.process_time()
    for k, b in enumerate(dl):
        if k >= args.annloader_batches: break
        x = torch.from_numpy(prep.transform(b.X.numpy())); yb = b.obs['y'].long()
        loss = F.cross_entropy(net(x), yb); opt.zero_grad(); loss.backward(); opt.step(); n += len(x)
    return dict(n_train=n, fit_prep_s=t_fit, epoch_s=time.time() - t0, epoch_cpu_s=time.process_time() - c0, partial=True)

def _mode_scvi(path, args):
    try:
        from scvi.dataloaders import AnnDataLoader
        from scvi.model import SCVI
        import scvi
    except Exception as e:   # not installed here, or it fails to import: the mode is skipped, not an error
        return dict(skipped=f'scvi-tools does not import under {sys.executable}: {type(e).__name__}: {e}')
    import torch, torch.nn.functional as F
    adata, y, tr, prep, t_fit, net, opt = _backed_setup(path, args)
    adata.obs['y'] = pd_categorical_codes(y)          # scvi-tools hands the labels over as codes of this column
    SCVI.setup_anndata(adata, labels_key='y')
    mgr = SCVI._get_most_recent_anndata_manager(adata)
    dl = AnnDataLoader(mgr, indices=tr, batch_size=args.bs, shuffle=True)   # batches come dense (batch x all genes)
    code_of = np.asarray(mgr.get_state_registry('labels').categorical_mapping).astype(np.int64)  # scvi code -> our class code
    n, t0, c0 = 0, time.time(), time.process_time()
    for k, b in enumerate(dl):
        if args.scvi_batches and k >= args.scvi_batches: break
        x = torch.from_numpy(prep.transform(b['X'].numpy())); yb = torch.as_tensor(code_of[b['labels'].view(-1).numpy()])
        loss = F.cross_entropy(net(x), yb); opt.zero_grad(); loss.backward(); opt.step(); n += len(x)
    return dict(n_train=n, fit_prep_s=t_fit, epoch_s=time.time() - t0, epoch_cpu_s=time.process_time() - c0,
                partial=bool(args.scvi_batches) and n < len(tr), scvi_tools=scvi.__version__)

def pd_categorical_codes(y):
    "Class codes as a categorical `.obs` column (its categories are the codes)."
    import pandas as pd
    return pd.Categorical(np.asarray(y, dtype=np.int64))

def stages(path, args):
    "Peak RSS in each stage of one `train_stream` epoch (sampled every 50 ms by a thread), to see where memory goes."
    import threading, psutil
    proc, peak = psutil.Process(), {'stage': 'import', 'max': {}}
    def sampler():
        while True:
            st = peak['stage']; peak['max'][st] = max(peak['max'].get(st, 0), proc.memory_info().rss / 2**20); time.sleep(0.05)
    threading.Thread(target=sampler, daemon=True).start()
    import torch; torch.set_num_threads(args.threads)
    import genohybrid.distributed as D, genohybrid.preprocess as P
    from fastai.callback.core import Callback
    fit, order = P.Preprocessor.fit_stream, D._cnn_order
    def fit_stream(self, *a, **k):
        peak['stage'] = 'preprocessor_fit'; r = fit(self, *a, **k); peak['stage'] = 'setup'; return r
    def cnn_order(*a, **k):
        peak['stage'] = 'cnn_order'; r = order(*a, **k); peak['stage'] = 'setup'; return r
    P.Preprocessor.fit_stream, D._cnn_order = fit_stream, cnn_order
    class Stage(Callback):
        def before_train(self): peak['stage'] = 'train'
        def before_validate(self): peak['stage'] = 'validate'
        def after_fit(self): peak['stage'] = 'after'
    peak['stage'] = 'read'
    D.train_stream(path, 'cell_type', epochs=1, bs=args.bs, verbose=False, n_top_features=args.top, cbs=[Stage()], **NET)
    print(json.dumps({k: round(v) for k, v in peak['max'].items()} | dict(ru_maxrss_mib=round(peak_rss_mib()))))

def recorder(which, n, epochs, bs):
    """Peak RSS of a label-audit recorder alone (`TrainingDynamics` 'full' or `RunningDynamics` 'running'): `n`
    samples, `epochs` epochs, 2 heads, 8 classes, random predictions in batches of `bs`, then both heads' statistics."""
    import types, torch
    from genohybrid.callbacks import TrainingDynamics
    from genohybrid.distributed import RunningDynamics
    torch.set_num_threads(1)
    base = peak_rss_mib()
    cb = dict(full=TrainingDynamics, running=RunningDynamics)[which](positions=np.arange(n))
    cb.learn = learn = types.SimpleNamespace(n_epoch=epochs, epoch=0, model=torch.nn.Linear(1, 1),
                                             dls=types.SimpleNamespace(device=torch.device('cpu')))
    cb.before_fit()
    g, t0 = torch.Generator().manual_seed(0), time.time()
    for e in range(epochs):
        learn.epoch = e; cb.before_epoch()
        for s in range(0, n, bs):
            learn.sample_idx = torch.arange(s, min(n, s + bs)); b = len(learn.sample_idx)
            learn.pred, learn.yb = torch.randn(b, 2, 8, generator=g), (torch.randint(0, 8, (b, 2), generator=g),)
            cb.after_loss()
    for h in (0, 1): cb.statistics(h)
    print(json.dumps(dict(recorder=which, n=n, epochs=epochs, bs=bs, peak_rss_mib=round(peak_rss_mib()),
                          after_imports_mib=round(base), seconds=round(time.time() - t0, 1))))

def child(mode, path, args):
    import torch; torch.set_num_threads(args.threads)
    res = dict(_mode_stream=_mode_stream, _mode_memory=_mode_memory, _mode_annloader=_mode_annloader, _mode_scvi=_mode_scvi)[f'_mode_{mode}'](path, args)
    res['peak_rss_mib'] = peak_rss_mib()
    print('RESULT ' + json.dumps(res), flush=True)

def measure(mode, path, args, timeout):
    env = dict(os.environ, OMP_NUM_THREADS=str(args.threads))
    common = ['--bs', str(args.bs), '--top', str(args.top), '--threads', str(args.threads), '--workers', str(args.workers),
              '--annloader-batches', str(args.annloader_batches), '--scvi-batches', str(args.scvi_batches)]
    if mode == 'stream2':
        cmd = [sys.executable, '-m', 'torch.distributed.run', '--standalone', '--nproc_per_node', '2', '-m',
               'genohybrid.distributed', str(path), '--label', 'cell_type', '--epochs', '1', '--bs', str(args.bs),
               '--n-top-features', str(args.top), '--metrics-out', str(path.with_suffix('.stream2.json'))] + \
              sum([[f'--{k.replace("_", "-")}', str(v)] for k, v in NET.items()], [])
    elif mode == 'scvi':   # under the interpreter that has scvi-tools; genohybrid from this source tree
        if not Path(args.scvi_python).exists(): return dict(skipped=f'--scvi-python {args.scvi_python} does not exist')
        env['PYTHONPATH'] = os.pathsep.join([str(Path(__file__).resolve().parents[1]), env.get('PYTHONPATH', '')])
        cmd = [args.scvi_python, __file__, 'child', mode, str(path)] + common
    else: cmd = [sys.executable, __file__, 'child', mode, str(path)] + common
    t0 = time.time()
    try: p = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, env=env)
    except subprocess.TimeoutExpired: return dict(error=f'timed out after {timeout} s')
    wall = time.time() - t0
    if p.returncode != 0: return dict(error=(p.stderr or p.stdout)[-800:])
    if mode == 'stream2':
        res = _from_metrics(json.loads(path.with_suffix('.stream2.json').read_text())['metrics'])
        res['peak_rss_mib'] = max(json.loads(path.with_suffix('.stream2.json').read_text())['metrics']['peak_rss_mib_per_process'])
    else: res = json.loads([l for l in p.stdout.splitlines() if l.startswith('RESULT ')][-1][7:])
    if 'skipped' in res: return res
    res['process_wall_s'] = wall
    return res

def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('what', choices=['make', 'run', 'child', 'stages', 'recorder'])
    ap.add_argument('rest', nargs='*')
    ap.add_argument('--cells', type=int, nargs='+', default=[50000, 200000, 1000000])
    ap.add_argument('--genes', type=int, default=20000)
    ap.add_argument('--dir', default='/tmp/gh_stream')
    ap.add_argument('--modes', default='stream,memory,annloader,stream2')
    ap.add_argument('--bs', type=int, default=256)
    ap.add_argument('--epochs', type=int, default=15, help='recorder: epochs recorded')
    ap.add_argument('--top', type=int, default=2000)
    ap.add_argument('--threads', type=int, default=1)
    ap.add_argument('--workers', type=int, default=0)
    ap.add_argument('--annloader-batches', type=int, default=100)
    ap.add_argument('--scvi-batches', type=int, default=0, help='scvi mode: batches measured (0: one whole training epoch)')
    ap.add_argument('--scvi-python', default=sys.executable, help='scvi mode: a Python whose environment has scvi-tools')
    ap.add_argument('--memory-max-cells', type=int, default=200000, help='largest file the in-memory path is run on')
    ap.add_argument('--timeout', type=int, default=3600)
    ap.add_argument('--out', default=None, help='also write the results as JSON here')
    args = ap.parse_args()
    if args.what == 'child': return child(args.rest[0], Path(args.rest[1]), args)
    if args.what == 'stages': return stages(Path(args.rest[0]), args)
    if args.what == 'recorder':   # recorder full|running: each in a fresh process, so that ru_maxrss is its own
        for which in (args.rest or ['full', 'running']):
            for n in args.cells:
                subprocess.run([sys.executable, '-c', f'import sys; sys.path.insert(0, {str(Path(__file__).parent)!r}); import stream; '
                                f'stream.recorder({which!r}, {n}, {args.epochs}, {args.bs})'], check=True)
        return
    d = Path(args.dir); d.mkdir(parents=True, exist_ok=True)
    if args.what == 'make':
        for n in args.cells:
            p = d / f'cells_{n}.h5ad'
            if p.exists(): print(f'{p} exists'); continue
            t0 = time.time(); make(n, p, args.genes)
            print(f'{p}: {p.stat().st_size / 2**30:.2f} GiB in {time.time() - t0:.0f} s', flush=True)
        return
    rows = []
    for n in args.cells:
        p = d / f'cells_{n}.h5ad'
        for mode in args.modes.split(','):
            if mode == 'memory' and n > args.memory_max_cells: continue
            r = measure(mode, p, args, args.timeout)
            r.update(cells=n, mode=mode)
            if 'skipped' in r: print(f"{mode} skipped: {r['skipped']}", flush=True)
            if 'error' not in r and 'skipped' not in r:
                r['cells_per_s'] = r['n_train'] / r['epoch_s']
                if r.get('epoch_cpu_s'): r['cells_per_cpu_s'] = r['n_train'] / r['epoch_cpu_s'] / r.get('world_size', 1)
            print(json.dumps(r), flush=True); rows.append(r)
            if args.out: Path(args.out).write_text(json.dumps(rows, indent=1))
    print('\n| cells | mode | training cells/s | cells per CPU-second and process | epoch (s) | preprocessor fit (s) | peak RSS (MiB) | accuracy |')
    print('|---:|---|---:|---:|---:|---:|---:|---:|')
    for r in rows:
        if 'error' in r: print(f"| {r['cells']:,} | {r['mode']} | error: {r['error'][-120:]!r} | | | | | |"); continue
        if 'skipped' in r: print(f"| {r['cells']:,} | {r['mode']} | skipped: {r['skipped'][-120:]} | | | | | |"); continue
        acc = r.get('accuracy'); fit = r.get('fit_prep_s')
        cpu = r.get('cells_per_cpu_s')
        print(f"| {r['cells']:,} | {r['mode']}{' (partial)' if r.get('partial') else ''} | {r['cells_per_s']:,.0f} | {'' if cpu is None else f'{cpu:,.0f}'} | "
              f"{r['epoch_s']:.1f} | {'' if fit is None else f'{fit:.1f}'} | {r['peak_rss_mib']:,.0f} | {'' if acc is None else f'{acc:.3f}'} |")

if __name__ == '__main__': main()
