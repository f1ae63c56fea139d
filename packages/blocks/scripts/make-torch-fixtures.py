#!/usr/bin/python3
"""Golden fixtures for the convolutional blocks of @seq2seq/blocks, produced by PyTorch.

Run with Debian's Python (the one that can import python3-torch), on one thread:

    OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1 /usr/bin/python3 packages/blocks/scripts/make-torch-fixtures.py

Writes packages/blocks/fixtures/torch_conv.safetensors and torch_conv.json. For every case
(listed with its module settings in the JSON), the safetensors file holds, under `<case>.`:

  the module's state_dict(), as PyTorch saves it (conv weights [out, in, kh, kw], NCHW layout)
  x          the input [batch, channels, height, width]
  r          the weights of the loss L = sum(y * r)
  y          the output (NCHW)
  grad.x, grad.<parameter>    dL/dx and dL/d(parameter) after L.backward()
  after.<buffer>              running statistics after the step (batch norm, training mode)
  eval.y, eval.grad.x, ...    the same in eval() mode, after the training step (batch norm)

PyTorch pads symmetrically; TensorFlow's 'same' pads the smaller half before and the larger half
after. Where they differ (stride 2, even sizes) the case pads explicitly with F.pad to TensorFlow's
rule, so that the fixture describes the module we implement (`tf_same` in the JSON).

Everything is seeded; re-running reproduces the files bit for bit on the same PyTorch version.
"""
import json
import math
import os
import struct

import torch
from torch import nn
import torch.nn.functional as F

HERE = os.path.dirname(os.path.abspath(__file__))
FIXTURES = os.path.join(HERE, '..', 'fixtures')


def save_safetensors(path, tensors, metadata=None):
    """Writes a dict of float32 tensors in the safetensors format."""
    header = {}
    offset = 0
    blobs = []
    for name, t in tensors.items():
        data = t.detach().contiguous().to(torch.float32).numpy().astype('<f4').tobytes()
        header[name] = {'dtype': 'F32', 'shape': list(t.shape), 'data_offsets': [offset, offset + len(data)]}
        blobs.append(data)
        offset += len(data)
    if metadata:
        header['__metadata__'] = metadata
    head = json.dumps(header, separators=(',', ':')).encode('utf-8')
    head += b' ' * ((8 - len(head) % 8) % 8)  # align the data to 8 bytes
    with open(path, 'wb') as f:
        f.write(struct.pack('<Q', len(head)))
        f.write(head)
        for b in blobs:
            f.write(b)


def tf_same_pad(size, k, s):
    """TensorFlow's 'same' padding along one axis: (before, after)."""
    out = math.ceil(size / s)
    total = max((out - 1) * s + k - size, 0)
    return total // 2, total - total // 2


class TfConv2d(nn.Conv2d):
    """nn.Conv2d with TensorFlow's 'same' padding (explicit F.pad, then no padding)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, padding=0, **kwargs)

    def forward(self, x):
        (kh, kw), (sh, sw) = self.kernel_size, self.stride
        top, bottom = tf_same_pad(x.shape[2], kh, sh)
        left, right = tf_same_pad(x.shape[3], kw, sw)
        return super().forward(F.pad(x, (left, right, top, bottom)))


class BasicBlock(nn.Module):
    """torchvision's ResNet BasicBlock (conv3x3-bn-relu-conv3x3-bn + shortcut, relu), with TensorFlow 'same' padding."""

    def __init__(self, inplanes, planes, stride=1):
        super().__init__()
        self.conv1 = TfConv2d(inplanes, planes, 3, stride=stride, bias=False)
        self.bn1 = nn.BatchNorm2d(planes)
        self.conv2 = TfConv2d(planes, planes, 3, bias=False)
        self.bn2 = nn.BatchNorm2d(planes)
        self.downsample = None
        if stride != 1 or inplanes != planes:
            self.downsample = nn.Sequential(nn.Conv2d(inplanes, planes, 1, stride=stride, bias=False), nn.BatchNorm2d(planes))

    def forward(self, x):
        out = F.relu(self.bn1(self.conv1(x)))
        out = self.bn2(self.conv2(out))
        identity = self.downsample(x) if self.downsample is not None else x
        return F.relu(out + identity)


def randomise(module, gen):
    """Non-trivial values for every parameter and running statistic (scales near 1, variances > 0)."""
    with torch.no_grad():
        for name, p in module.named_parameters():
            if name.endswith('weight') and p.dim() == 1:
                p.copy_(torch.rand(p.shape, generator=gen) + 0.5)
            else:
                p.copy_((torch.rand(p.shape, generator=gen) - 0.5) * 2 / math.sqrt(max(1, p[0].numel() if p.dim() > 1 else 1)))
        for name, b in module.named_buffers():
            if name.endswith('running_mean'):
                b.copy_(torch.rand(b.shape, generator=gen) - 0.5)
            elif name.endswith('running_var'):
                b.copy_(torch.rand(b.shape, generator=gen) + 0.5)


def step(module, x, r, prefix, out):
    """One forward and backward pass of L = sum(y * r); stores y and every gradient under `prefix`."""
    module.zero_grad(set_to_none=True)
    x = x.clone().requires_grad_(True)
    y = module(x)
    (y * r).sum().backward()
    out[prefix + 'y'] = y
    out[prefix + 'grad.x'] = x.grad
    for name, p in module.named_parameters():
        out[prefix + 'grad.' + name] = p.grad.clone()  # zero_grad() would zero it in place
    return y


def case(name, module, x_shape, gen, spec, tensors, cases, eval_too=False):
    randomise(module, gen)
    x = torch.randn(x_shape, generator=gen)
    with torch.no_grad():
        y_shape = module.eval()(x).shape  # eval mode leaves the running statistics alone
    out = {}
    for k, v in module.state_dict().items():
        if not k.endswith('num_batches_tracked'):
            out[k] = v.clone()
    r = torch.randn(y_shape, generator=gen)
    out['x'] = x
    out['r'] = r
    module.train()
    step(module, x, r, '', out)
    for k, v in module.named_buffers():
        if not k.endswith('num_batches_tracked'):
            out['after.' + k] = v.clone()
    if eval_too:
        module.eval()
        step(module, x, r, 'eval.', out)
    for k, v in out.items():
        tensors[f'{name}.{k}'] = v
    cases.append({'name': name, **spec, 'x': list(x_shape), 'y': list(y_shape)})


def main():
    torch.set_num_threads(1)
    gen = torch.Generator().manual_seed(14)
    tensors, cases = {}, []
    case('conv_same', nn.Conv2d(3, 4, 3, padding=1), (2, 3, 7, 6), gen,
         {'module': 'Conv2d', 'inputSize': 3, 'outputSize': 4, 'kernelSize': 3, 'stride': 1, 'padding': 'same'}, tensors, cases)
    case('conv_valid_stride2', nn.Conv2d(3, 5, 3, stride=2), (2, 3, 9, 8), gen,
         {'module': 'Conv2d', 'inputSize': 3, 'outputSize': 5, 'kernelSize': 3, 'stride': 2, 'padding': 'valid'}, tensors, cases)
    case('conv_same_stride2', TfConv2d(2, 4, 3, stride=2), (2, 2, 8, 10), gen,
         {'module': 'Conv2d', 'inputSize': 2, 'outputSize': 4, 'kernelSize': 3, 'stride': 2, 'padding': 'same', 'tf_same': True}, tensors, cases)
    case('batchnorm', nn.BatchNorm2d(4), (3, 4, 5, 6), gen,
         {'module': 'BatchNorm2d', 'inputSize': 4, 'momentum': 0.1, 'epsilon': 1e-5}, tensors, cases, eval_too=True)
    case('groupnorm', nn.GroupNorm(2, 6), (2, 6, 4, 5), gen,
         {'module': 'GroupNorm', 'inputSize': 6, 'numGroups': 2, 'epsilon': 1e-5}, tensors, cases)
    case('block_identity', BasicBlock(4, 4), (2, 4, 6, 7), gen,
         {'module': 'BasicBlock', 'inputSize': 4, 'outputSize': 4, 'stride': 1}, tensors, cases, eval_too=True)
    case('block_down', BasicBlock(3, 6, stride=2), (2, 3, 8, 10), gen,
         {'module': 'BasicBlock', 'inputSize': 3, 'outputSize': 6, 'stride': 2, 'tf_same': True}, tensors, cases, eval_too=True)
    os.makedirs(FIXTURES, exist_ok=True)
    save_safetensors(os.path.join(FIXTURES, 'torch_conv.safetensors'), tensors, {'torch': torch.__version__})
    with open(os.path.join(FIXTURES, 'torch_conv.json'), 'w') as f:
        json.dump({'generator': 'packages/blocks/scripts/make-torch-fixtures.py', 'torch': torch.__version__, 'loss': 'sum(y * r)', 'cases': cases}, f, indent=2)
        f.write('\n')
    print(f'{len(cases)} cases, {len(tensors)} tensors')


if __name__ == '__main__':
    main()
