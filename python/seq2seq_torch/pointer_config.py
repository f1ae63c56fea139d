"""The PointerNetwork JSON config with the TypeScript defaults filled in (packages/seq2seq/src/pointer/config.ts)."""
from __future__ import annotations

from .config import UnsupportedConfig

RENAMED = {"inputDim": "inputSize", "embeddingDim": "embeddingSize", "encoderLayers": "numEncoderLayers", "heads": "numHeads",
           "feedForward": "feedForwardSize", "units": "attentionSize", "glimpses": "numGlimpses"}
KNOWN = {"inputSize", "embeddingSize", "hiddenSize", "numLayers", "encoder", "numEncoderLayers", "numHeads", "feedForwardSize",
         "attentionSize", "numGlimpses", "clip", "rules", "seed"}
RULES = {"variableLength", "noRepeat", "groupSize", "minOutputs", "firstOutput"}

# Output rules of the geometry tasks (pointerPreset in config.ts).
PRESETS = {
    "tsp": {"variableLength": False, "noRepeat": True, "groupSize": 1, "minOutputs": 1, "firstOutput": 0},
    "convex-hull": {"variableLength": True, "noRepeat": True, "groupSize": 1, "minOutputs": 3, "firstOutput": None},
    "delaunay": {"variableLength": True, "noRepeat": False, "groupSize": 3, "minOutputs": 3, "firstOutput": None},
}


def _int(v, name: str, least: int) -> int:
    if not isinstance(v, int) or isinstance(v, bool) or v < least:
        raise UnsupportedConfig(f"PointerNetwork: '{name}' must be an integer >= {least}, got {v!r}")
    return v


def resolve_pointer_config(config: dict) -> dict:
    """Migrates old field names, fills the TypeScript defaults and validates (UnsupportedConfig names the field)."""
    if not isinstance(config, dict):
        raise UnsupportedConfig("PointerNetwork: the config must be an object")
    c = dict(config)
    for old, now in RENAMED.items():
        if old in c:
            if now in c:
                raise UnsupportedConfig(f"PointerNetwork: the config has both '{old}' (its old name) and '{now}'; keep '{now}'")
            c[now] = c.pop(old)
    unknown = set(c) - KNOWN
    if unknown:
        raise UnsupportedConfig(f"PointerNetwork: fields {sorted(unknown)} are not known to the PyTorch reference")
    r = c.get("rules") or {}
    if set(r) - RULES:
        raise UnsupportedConfig(f"PointerNetwork: rules fields {sorted(set(r) - RULES)} are not known to the PyTorch reference")
    hidden = _int(c.get("hiddenSize", 128), "hiddenSize", 1)
    rules = {
        "variableLength": bool(r.get("variableLength", False)),
        "noRepeat": bool(r.get("noRepeat", False)),
        "groupSize": _int(r.get("groupSize", 1), "rules.groupSize", 1),
        "minOutputs": _int(r.get("minOutputs", 1), "rules.minOutputs", 0),
        "firstOutput": None if r.get("firstOutput") is None else _int(r["firstOutput"], "rules.firstOutput", 0),
    }
    if not rules["variableLength"] and not rules["noRepeat"]:
        raise UnsupportedConfig("PointerNetwork: fixed-length outputs ('variableLength: false') must be permutations ('noRepeat: true')")
    clip = c.get("clip", 10)
    if clip is not None and not clip > 0:
        raise UnsupportedConfig(f"PointerNetwork: 'clip' must be > 0 or null, got {clip!r}")
    encoder = c.get("encoder", "lstm")
    if encoder not in ("lstm", "attention"):
        raise UnsupportedConfig(f"PointerNetwork: 'encoder' must be 'lstm' or 'attention', got {encoder!r}")
    heads = _int(c.get("numHeads", 8), "numHeads", 1)
    if encoder == "attention" and hidden % heads != 0:
        raise UnsupportedConfig(f"PointerNetwork: 'hiddenSize' ({hidden}) must be a multiple of 'numHeads' ({heads}) with the attention encoder")
    return {
        "inputSize": _int(c.get("inputSize", 2), "inputSize", 1),
        "embeddingSize": _int(c.get("embeddingSize", 128), "embeddingSize", 1),
        "hiddenSize": hidden,
        "numLayers": _int(c.get("numLayers", 1), "numLayers", 1),
        "encoder": encoder,
        "numEncoderLayers": _int(c.get("numEncoderLayers", 3), "numEncoderLayers", 1),
        "numHeads": heads,
        "feedForwardSize": _int(c.get("feedForwardSize", 4 * hidden), "feedForwardSize", 1),
        "attentionSize": _int(c.get("attentionSize", hidden), "attentionSize", 1),
        "numGlimpses": _int(c.get("numGlimpses", 1), "numGlimpses", 0),
        "clip": clip,
        "rules": rules,
        "seed": c.get("seed", 0),
    }
