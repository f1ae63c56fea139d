"""The Seq2Seq JSON config with the TypeScript defaults filled in (packages/seq2seq/src/config.ts)."""
from __future__ import annotations

CELLS = ("rnn", "gru", "lstm")
ATTENTIONS = ("none", "dot", "scaledDot", "general", "additive")
RENAMED = {"embeddingDim": "embeddingSize"}


class UnsupportedConfig(ValueError):
    """A config this reference refuses: invalid, or a field it does not implement."""


def _section(raw: dict, name: str, known: set[str]) -> dict:
    if not isinstance(raw, dict):
        raise UnsupportedConfig(f"config.{name} must be an object, got {raw!r}")
    out = dict(raw)
    for old, now in RENAMED.items():
        if old in out:
            if now in out:
                raise UnsupportedConfig(f"config.{name} has both '{old}' and '{now}'; keep '{now}'")
            out[now] = out.pop(old)
    unknown = set(out) - known
    if unknown:
        raise UnsupportedConfig(f"config.{name}: fields {sorted(unknown)} are not known to the PyTorch reference")
    return out


def resolve_config(config: dict) -> dict:
    """Fills the TypeScript defaults and validates, raising UnsupportedConfig naming the field."""
    if not isinstance(config, dict) or "encoder" not in config or "decoder" not in config:
        raise UnsupportedConfig("config must be an object with 'encoder' and 'decoder' sections")
    e = _section(config["encoder"], "encoder", {"vocabSize", "embeddingSize", "embeddingInit", "cell", "hiddenSize", "numLayers",
                                                 "bidirectional", "dropout", "residual", "reverseSource"})
    d = _section(config["decoder"], "decoder", {"vocabSize", "embeddingSize", "embeddingInit", "cell", "hiddenSize", "numLayers",
                                                 "dropout", "attention", "inputFeeding", "attentionalSize"})
    extra = set(config) - {"encoder", "decoder", "bridge", "seed"}
    if extra:
        raise UnsupportedConfig(f"config: fields {sorted(extra)} are not known to the PyTorch reference")
    enc = {
        "vocabSize": e.get("vocabSize"), "embeddingSize": e.get("embeddingSize", 256), "embeddingInit": e.get("embeddingInit", "normal"),
        "cell": e.get("cell", "gru"), "hiddenSize": e.get("hiddenSize", 256), "numLayers": e.get("numLayers", 1),
        "bidirectional": e.get("bidirectional", True), "dropout": e.get("dropout", 0.0), "residual": e.get("residual", False),
        "reverseSource": e.get("reverseSource", False),
    }
    hidden = d.get("hiddenSize", 512)
    dec = {
        "vocabSize": d.get("vocabSize"), "embeddingSize": d.get("embeddingSize", 256), "embeddingInit": d.get("embeddingInit", "normal"),
        "cell": d.get("cell", "gru"), "hiddenSize": hidden, "numLayers": d.get("numLayers", 1), "dropout": d.get("dropout", 0.0),
        "attention": d.get("attention", "general"), "inputFeeding": d.get("inputFeeding", False),
        "attentionalSize": d.get("attentionalSize", hidden),
    }
    for name, c in (("encoder", enc), ("decoder", dec)):
        for f in ("vocabSize", "embeddingSize", "hiddenSize", "numLayers"):
            v = c[f]
            if not isinstance(v, int) or isinstance(v, bool) or v < 1:
                raise UnsupportedConfig(f"{name}.{f} must be a positive integer, got {v!r}")
        if c["cell"] not in CELLS:
            raise UnsupportedConfig(f"{name}.cell must be one of {', '.join(CELLS)}, got {c['cell']!r}")
        if c["embeddingInit"] not in ("normal", "uniform"):
            raise UnsupportedConfig(f"{name}.embeddingInit must be 'normal' or 'uniform', got {c['embeddingInit']!r}")
        if not (0 <= c["dropout"] < 1):
            raise UnsupportedConfig(f"{name}.dropout must be in [0, 1), got {c['dropout']!r}")
    if not isinstance(enc["residual"], bool):
        raise UnsupportedConfig(f"encoder.residual must be true or false here (a layer index is not supported), got {enc['residual']!r}")
    if dec["attention"] not in ATTENTIONS:
        raise UnsupportedConfig(f"decoder.attention must be one of {', '.join(ATTENTIONS)}, got {dec['attention']!r}")
    width = enc["hiddenSize"] * (2 if enc["bidirectional"] else 1)
    if dec["attention"] in ("dot", "scaledDot") and width != dec["hiddenSize"]:
        raise UnsupportedConfig(f"'{dec['attention']}' attention needs encoder states as wide as the decoder's ({width} vs {dec['hiddenSize']})")
    if dec["inputFeeding"] and dec["attention"] == "none":
        raise UnsupportedConfig("decoder.inputFeeding needs attention (decoder.attention is 'none')")
    bridge = config.get("bridge", "linear")
    if bridge not in ("linear", "zeros"):
        raise UnsupportedConfig(f"bridge must be 'linear' or 'zeros', got {bridge!r}")
    return {"encoder": enc, "decoder": dec, "bridge": bridge, "seed": config.get("seed", 0)}

