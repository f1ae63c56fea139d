"""Reads and writes the safetensors format (8-byte header length, JSON header, raw little-endian data)."""
from __future__ import annotations

import json
import os
import struct

import torch

_DTYPES = {torch.float32: "F32", torch.float16: "F16", torch.int32: "I32", torch.int64: "I64"}
_FROM = {v: k for k, v in _DTYPES.items()}


def save_safetensors(tensors: dict[str, torch.Tensor], path: str, metadata: dict[str, str] | None = None) -> None:
    """Writes `tensors` (contiguous CPU copies are made) to `path` atomically (temporary file, then rename)."""
    header: dict = {"__metadata__": dict(metadata or {})}
    blobs = []
    offset = 0
    for name in sorted(tensors):
        t = tensors[name].detach().cpu().contiguous()
        if t.dtype not in _DTYPES:
            raise ValueError(f"save_safetensors: '{name}' has dtype {t.dtype}; write float32, float16, int32 or int64")
        data = t.numpy().tobytes()
        header[name] = {"dtype": _DTYPES[t.dtype], "shape": list(t.shape), "data_offsets": [offset, offset + len(data)]}
        blobs.append(data)
        offset += len(data)
    head = json.dumps(header, separators=(",", ":")).encode()
    head += b" " * ((8 - len(head) % 8) % 8)
    tmp = f"{path}.tmp-{os.getpid()}"
    with open(tmp, "wb") as f:
        f.write(struct.pack("<Q", len(head)))
        f.write(head)
        for b in blobs:
            f.write(b)
    os.replace(tmp, path)


def load_safetensors(path: str) -> tuple[dict[str, torch.Tensor], dict[str, str]]:
    """Returns (tensors, metadata) of a safetensors file."""
    with open(path, "rb") as f:
        raw = f.read()
    (n,) = struct.unpack("<Q", raw[:8])
    header = json.loads(raw[8:8 + n])
    meta = header.pop("__metadata__", {}) or {}
    base = 8 + n
    out = {}
    for name, info in header.items():
        dtype = _FROM.get(info["dtype"])
        if dtype is None:
            raise ValueError(f"load_safetensors: '{name}' has dtype {info['dtype']} (float32, float16, int32, int64 are read)")
        a, b = info["data_offsets"]
        out[name] = torch.frombuffer(bytearray(raw[base + a:base + b]), dtype=dtype).reshape(info["shape"]).clone() if b > a else torch.zeros(info["shape"], dtype=dtype)
    return out, meta
