#!/usr/bin/python3
"""PyTorch's figure for the benchmark's training step: one Adam step of nn.GRU / nn.LSTM
(batch_first, MSE to a random target) on ONE CPU thread. Prints a JSON line with the minimum
process CPU time (ms) and wall time over repetitions.

    /usr/bin/python3 torch_train.py gru 64 256 20 64
"""
import json
import sys
import time

import torch

kind, n_in, hidden, steps, batch = sys.argv[1], *map(int, sys.argv[2:6])
torch.set_num_threads(1)
torch.manual_seed(0)
rnn = (torch.nn.GRU if kind == 'gru' else torch.nn.LSTM)(n_in, hidden, batch_first=True)
opt = torch.optim.Adam(rnn.parameters(), lr=1e-3)
x = torch.randn(batch, steps, n_in)
target = torch.randn(batch, steps, hidden)


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
print(json.dumps({'ms': best_cpu * 1e3, 'wallMs': best_wall * 1e3, 'threads': torch.get_num_threads()}))
