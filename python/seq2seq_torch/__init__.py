"""PyTorch references of the @seq2seq/seq2seq `Seq2Seq` and `PointerNetwork` models: same JSON configs, same equations."""
from .config import resolve_config, UnsupportedConfig
from .model import Seq2Seq
from .pointer import PointerNetwork
from .pointer_config import resolve_pointer_config
from .safetensors_io import load_safetensors, save_safetensors

__all__ = ["resolve_config", "resolve_pointer_config", "UnsupportedConfig", "Seq2Seq", "PointerNetwork", "load_safetensors", "save_safetensors"]
