#!/usr/bin/python3
"""PyTorch's figure for the benchmark's training step: one Adam step of nn.GRU / nn.LSTM
(batch_first, MSE to a random target) on ONE CPU thread, or on a CUDA GPU (a sixth argument
`cuda`: cuDNN's fused kernels; then only the wall time means anything). Prints a JSON line with
the minimum process CPU time (ms) and wall time over repetitions.

    /usr/bin/python3 torch_train.py gru 64 256 20 64 [cpu|cuda]
"""
import json
import sys
import time

import torch

kind, n_in, hidden, steps, batch = sys.argv[1], *map(int, sys.argv[2:6])
device = sys.argv[6] if len(sys.argv) > 6 else 'cpu'
torch.set_num_threads(1)
torch.manual_seed(0)
rnn = (torch.nn.GRU if kind == 'gru' else torch.nn.LSTM)(n_in, hidden, batch_first=True).to(device)
opt = torch.optim.Adam(rnn.parameters(), lr=1e-3)
x = torch.randn(batch, steps, n_in, device=device)
target = torch.randn(batch, steps, hidden, device=device)


def step():
    opt.zero_grad()
    out, _ = rnn(x)
    loss = torch.nn.functional.mse_loss(out, target)
    loss.backward()
    opt.step()
    return loss.item()


for _ in range(3):
    step()
best_cpu = best_wall = float('inf')
for _ in range(10):
    c0, w0 = time.process_time(), time.perf_counter()
    step()
    best_cpu = min(best_cpu, time.process_time() - c0)
    best_wall = min(best_wall, time.perf_counter() - w0)
print(json.dumps({'ms': best_cpu * 1e3, 'wallMs': best_wall * 1e3, 'threads': torch.get_num_threads(), 'device': device,
                  'name': torch.cuda.get_device_name() if device == 'cuda' else 'cpu'}))
