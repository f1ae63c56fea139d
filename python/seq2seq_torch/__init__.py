"""PyTorch reference of the @seq2seq/seq2seq `Seq2Seq` model: same JSON config, same equations."""
from .config import resolve_config, UnsupportedConfig
from .model import Seq2Seq
from .safetensors_io import load_safetensors, save_safetensors

__all__ = ["resolve_config", "UnsupportedConfig", "Seq2Seq", "load_safetensors", "save_safetensors"]
