"""NLP stage: the one spaCy loader and the entity-correction components."""

from khaldun.nlp.loader import MODEL_PACKAGES, ModelNotFound, build_pipeline, load_model

__all__ = ["MODEL_PACKAGES", "ModelNotFound", "build_pipeline", "load_model"]
