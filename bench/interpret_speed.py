"""Wall time of gradient attributions on a HybridNet: Integrated Gradients (32 steps) for 1,000 samples x 20,000 features.

    python bench/interpret_speed.py                        # CPU, 2 threads, the issue's target case
    python bench/interpret_speed.py --threads 1 --samples 200
    python bench/interpret_speed.py --device cuda          # on a GPU

The network is `HybridNet(20000, 10)` with its default sizes and a random CNN feature order, in eval mode, on
standard-normal inputs (the model's standardised input space). Attributions go through
`genohybrid.interpret.attributions.attribute`, which chunks the samples so that one forward pass holds about `--bs`
rows (samples x steps). Besides IG, the table times Saliency (one gradient per sample) and IG with the one-hot-style
correction switched on, so the ratios (IG / saliency ~ the number of steps) come from the same run. Wall time and
the process's CPU time are printed; on a machine shared with other jobs the wall time is the pessimistic figure.
"""
import argparse, os, sys, time

def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument('--samples', type=int, default=1000)
    p.add_argument('--features', type=int, default=20000)
    p.add_argument('--classes', type=int, default=10)
    p.add_argument('--steps', type=int, default=32, help='IG steps')
    p.add_argument('--bs', type=int, default=256, help='rows per forward pass')
    p.add_argument('--threads', type=int, default=2)
    p.add_argument('--device', default='cpu')
    p.add_argument('--methods', nargs='+', default=['saliency', 'ig'])
    a = p.parse_args()
    sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))  # this checkout's genohybrid
    import torch
    torch.set_num_threads(a.threads)
    from genohybrid.models.hybrid import HybridNet
    from genohybrid.interpret.attributions import attribute
    torch.manual_seed(0)
    dev = torch.device(a.device)
    net = HybridNet(a.features, a.classes, order=torch.randperm(a.features))
    with torch.no_grad():                       # real batch-norm statistics and non-zero deep paths
        for q in net.head.parameters(): q.normal_(0, .1)
        net.train(); net(torch.randn(512, a.features)); net.eval()
    net.to(dev)
    x = torch.randn(a.samples, a.features)
    sync = torch.cuda.synchronize if dev.type == 'cuda' else (lambda: None)
    attribute(net, x[:8], 'ig', n_steps=a.steps, bs=a.bs)   # warm-up (allocations, captum imports)
    rows = []
    for m in a.methods:
        sync(); w0, c0 = time.perf_counter(), time.process_time()
        out = attribute(net, x, m, n_steps=a.steps, bs=a.bs)
        sync(); rows.append((m, time.perf_counter() - w0, time.process_time() - c0, out.shape))
    base = rows[0][1]
    print(f"HybridNet({a.features}, {a.classes}), {a.samples} samples, device {a.device}, {a.threads} threads, "
          f"bs {a.bs} rows per pass, IG steps {a.steps}; torch {torch.__version__}")
    print(f"{'method':<12}{'wall s':>9}{'cpu s':>9}{'samples/s':>11}{'vs ' + rows[0][0]:>14}")
    for m, w, c, shape in rows:
        print(f"{m:<12}{w:>9.1f}{c:>9.1f}{a.samples / w:>11.1f}{w / base:>14.1f}")
    ig = [r for r in rows if r[0] == 'ig']
    if ig: print(f"target: IG ({a.steps} steps) for {a.samples} x {a.features} under 60 s -> {'met' if ig[0][1] < 60 else 'NOT met'} ({ig[0][1]:.1f} s wall)")

if __name__ == '__main__': main()
