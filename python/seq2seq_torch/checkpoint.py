"""Writes a trained model as a safetensors file of its PyTorch state dict, the config in the metadata.

`seq2seq-translate import-torch` turns such a file into a checkpoint directory of the TypeScript
library (checkpoint.json + model.safetensors under the TypeScript parameter names), which the CLI
and the web page load unchanged.
"""
from __future__ import annotations

import json

from .model import Seq2Seq
from .safetensors_io import save_safetensors

FORMAT = "seq2seq-torch"


def save_torch_checkpoint(model: Seq2Seq, path: str, config: dict, step: int = 0, extra: dict | None = None) -> None:
    """Writes `model`'s state dict (float32) to `path`; metadata: format, the JSON config, the step, anything in `extra`."""
    meta = {"format": FORMAT, "config": json.dumps(config), "step": str(step)}
    for k, v in (extra or {}).items():
        meta[k] = v if isinstance(v, str) else json.dumps(v)
    state = {k: v.float() for k, v in model.state_dict().items()}
    save_safetensors(state, path, meta)
