#!/usr/bin/python3
"""PyTorch's figure for the blocks benchmark: one SGD training step of the same ResNet-style
encoder (stem conv 3x3 32 - BN - relu, then BasicBlocks 32/64/128 with stride 2, MSE to a random
target) on ONE CPU thread, NCHW float32. Prints a JSON line with the minimum process CPU time
(ms) and wall time over repetitions.

    OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1 /usr/bin/python3 torch_encoder.py 32 3
"""
import json
import sys
import time

import torch
from torch import nn
import torch.nn.functional as F

batch, reps = int(sys.argv[1]), int(sys.argv[2])
torch.set_num_threads(1)
torch.manual_seed(0)


class BasicBlock(nn.Module):
    def __init__(self, inplanes, planes, stride):
        super().__init__()
        self.conv1 = nn.Conv2d(inplanes, planes, 3, stride=stride, padding=1, bias=False)
        self.bn1 = nn.BatchNorm2d(planes)
        self.conv2 = nn.Conv2d(planes, planes, 3, padding=1, bias=False)
        self.bn2 = nn.BatchNorm2d(planes)
        self.downsample = nn.Sequential(nn.Conv2d(inplanes, planes, 1, stride=stride, bias=False), nn.BatchNorm2d(planes))

    def forward(self, x):
        out = self.bn2(self.conv2(F.relu(self.bn1(self.conv1(x)))))
        return F.relu(out + self.downsample(x))


model = nn.Sequential(
    nn.Conv2d(1, 32, 3, padding=1, bias=False), nn.BatchNorm2d(32), nn.ReLU(),
    BasicBlock(32, 32, 2), BasicBlock(32, 64, 2), BasicBlock(64, 128, 2),
)
opt = torch.optim.SGD(model.parameters(), lr=0.01)
x = torch.rand(batch, 1, 48, 160)
target = torch.randn(batch, 128, 6, 20)


def step():
    opt.zero_grad()
    loss = F.mse_loss(model(x), target)
    loss.backward()
    opt.step()
    return loss.item()


step()
best_cpu = best_wall = float('inf')
for _ in range(reps):
    c0, w0 = time.process_time(), time.perf_counter()
    step()
    best_cpu = min(best_cpu, time.process_time() - c0)
    best_wall = min(best_wall, time.perf_counter() - w0)
print(json.dumps({'ms': best_cpu * 1e3, 'wallMs': best_wall * 1e3, 'threads': torch.get_num_threads(), 'torch': torch.__version__}))
