"""Training-step time and peak memory: genohybrid's HybridNet against pytorch-tabnet's own TabNet network.

    python bench/speed.py                       # CPU, 1 thread, 2,000 / 5,000 / 20,000 features
    python bench/speed.py --device cuda         # on a GPU
    python bench/speed.py --features 2000 5000  # other sizes

A training step is forward + loss (cross-entropy plus the sparsity regulariser, as in training) + backward +
Adam step, on one random batch (`--batch`, default 256) with the same `n_d`, `n_a`, `n_steps` for both models.
pytorch-tabnet's network is `pytorch_tabnet.tab_network.TabNet` with the identity group attention matrix, built
as `TabNetClassifier` builds it (`create_group_matrix([], n_features)`), i.e. exactly what its users train.

Each (model, size) runs in a fresh subprocess, so one measurement cannot inherit another's memory:
- time: median over `--repeats` timed steps after one untimed warm-up step (pytorch-tabnet at the largest size
  gets `--tabnet-repeats`, default 1, to keep the run short); wall-clock time, and on CPU also the process's CPU
  time (`time.process_time`), which a machine shared with other jobs inflates less than wall time;
- memory on CPU: the process's peak resident set size (`ru_maxrss`), total, and its growth during the steps
  over the peak before them (model, optimizer and batch already built): what a training step adds. `tracemalloc`
  cannot see torch's allocations, so it is not used. On CUDA: `torch.cuda.max_memory_allocated`, total and
  growth over the memory allocated before the steps.
"""
import argparse, json, os, resource, statistics, subprocess, sys, time


def _worker(model, n_features, a):
    sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))  # this checkout's genohybrid
    import torch
    if a.device == 'cpu': torch.set_num_threads(a.threads)
    torch.manual_seed(0)
    dev = torch.device(a.device)
    if model == 'hybrid':
        from genohybrid.models.hybrid import HybridNet
        net = HybridNet(n_features, a.classes, n_d=a.n_d, n_a=a.n_a, n_steps=a.n_steps)
        fwd = lambda x: (net(x), net.sparsity_loss)
    else:
        from pytorch_tabnet.tab_network import TabNet
        from pytorch_tabnet.utils import create_group_matrix
        net = TabNet(n_features, a.classes, n_d=a.n_d, n_a=a.n_a, n_steps=a.n_steps,
                     group_attention_matrix=create_group_matrix([], n_features).to(dev))
        def fwd(x):
            out, M_loss = net(x)
            return out, -M_loss  # pytorch-tabnet subtracts M_loss (= minus the mask entropy)
    net = net.to(dev).train()
    opt = torch.optim.Adam(net.parameters(), lr=1e-3)
    g = torch.Generator().manual_seed(0)
    x = torch.randn(a.batch, n_features, generator=g).to(dev)
    y = torch.randint(0, a.classes, (a.batch,), generator=g).to(dev)
    sync = torch.cuda.synchronize if dev.type == 'cuda' else (lambda: None)

    def step():
        logits, reg = fwd(x)
        loss = torch.nn.functional.cross_entropy(logits, y) + 1e-3 * reg
        opt.zero_grad(); loss.backward(); opt.step()

    if dev.type == 'cuda':
        sync(); before = torch.cuda.memory_allocated(); torch.cuda.reset_peak_memory_stats()
    else: before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    step(); sync()  # warm-up, not timed (first allocations)
    repeats = a.tabnet_repeats if model == 'tabnet' and n_features == max(a.features) else a.repeats
    times, cpu = [], []
    for _ in range(repeats):
        t, c = time.perf_counter(), time.process_time()
        step(); sync()
        times.append(time.perf_counter() - t); cpu.append(time.process_time() - c)
    peak = (torch.cuda.max_memory_allocated() if dev.type == 'cuda'
            else resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024)
    print(json.dumps(dict(model=model, n_features=n_features, seconds=statistics.median(times), times=times,
                          cpu_seconds=statistics.median(cpu),
                          peak_mib=peak / 2**20, step_mib=(peak - before) / 2**20)))


def _run(model, n_features, a):
    cmd = [sys.executable, __file__, '--worker', model, str(n_features)] + a.passthrough
    res = subprocess.run(cmd, capture_output=True, text=True)
    if res.returncode: sys.exit(f"{model} at {n_features} features failed:\n{res.stderr[-2000:]}")
    return json.loads(res.stdout.strip().splitlines()[-1])


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    p.add_argument('--features', type=int, nargs='+', default=[2000, 5000, 20000])
    p.add_argument('--batch', type=int, default=256)
    p.add_argument('--n-d', type=int, default=16)
    p.add_argument('--n-a', type=int, default=16)
    p.add_argument('--n-steps', type=int, default=3)
    p.add_argument('--classes', type=int, default=5)
    p.add_argument('--repeats', type=int, default=5, help='timed steps per configuration')
    p.add_argument('--tabnet-repeats', type=int, default=1, help='timed steps for pytorch-tabnet at the largest size')
    p.add_argument('--device', default='cpu', help="'cpu' or 'cuda'")
    p.add_argument('--threads', type=int, default=1, help='torch CPU threads (CPU only)')
    p.add_argument('--worker', nargs=2, metavar=('MODEL', 'N_FEATURES'), help=argparse.SUPPRESS)
    a = p.parse_args(argv)
    if a.worker: return _worker(a.worker[0], int(a.worker[1]), a)
    a.passthrough = [f'--{k.replace("_", "-")}={v}' for k, v in vars(a).items()
                     if k not in ('worker', 'features')] + ['--features'] + [str(f) for f in a.features]

    import torch
    dev = a.device if a.device == 'cpu' else torch.cuda.get_device_name()
    print(f"Training step (forward + backward + Adam), batch {a.batch}, n_d={a.n_d}, n_a={a.n_a}, "
          f"n_steps={a.n_steps}, {a.classes} classes; device {dev}"
          + (f", {a.threads} thread(s)" if a.device == 'cpu' else '') + f"; torch {torch.__version__}")
    rows = []
    for n in a.features:
        ours, theirs = _run('hybrid', n, a), _run('tabnet', n, a)
        rows.append((n, ours, theirs))
        print(f"  measured {n} features", file=sys.stderr, flush=True)
    gpu = a.device != 'cpu'
    mem = 'peak GPU memory' if gpu else 'peak RSS'
    head = ("| features | HybridNet step (s) | pytorch-tabnet step (s) | speed-up |"
            + ("" if gpu else " HybridNet CPU (s) | pytorch-tabnet CPU (s) | CPU speed-up |")
            + f" HybridNet {mem}, step adds (MiB) | pytorch-tabnet {mem}, step adds (MiB) |")
    print(head); print('|---:' * (head.count('|') - 1) + '|')
    for n, o, t in rows:
        cpu = ("" if gpu else f" {o['cpu_seconds']:.3f} | {t['cpu_seconds']:.3f} | {t['cpu_seconds'] / o['cpu_seconds']:.1f}x |")
        print(f"| {n:,} | {o['seconds']:.3f} | {t['seconds']:.3f} | {t['seconds'] / o['seconds']:.1f}x |{cpu}"
              f" {o['peak_mib']:,.0f}, +{o['step_mib']:,.0f} | {t['peak_mib']:,.0f}, +{t['step_mib']:,.0f} |")
    by_n = {n: o for n, o, _ in rows}
    if 5000 in by_n and 20000 in by_n:
        growth = lambda k: by_n[20000][k] / by_n[5000][k]
        print(f"HybridNet step time from 5,000 to 20,000 features (x4 features): x{growth('seconds'):.2f} wall"
              + ("" if gpu else f", x{growth('cpu_seconds'):.2f} CPU"))


if __name__ == '__main__': main()
