"""underthesea's word segmentation, loaded without the rest of underthesea.

`from underthesea import word_tokenize` runs the package's __init__, which imports every
pipeline (tagging, NER, classification: requests, urllib3, ...) and then loads the CRF
model's feature lists through joblib's pure-Python unpickler: about 0.65 s of a cold
`python -m bot ask`, whose first answer should come within a second. Only the word
segmentation pipeline is imported here, and its model's two pickles (a list and a set of
strings, no arrays) are read with the C unpickler; the tagger, the featurizer and the
tokenizer are underthesea's own, so the words are the same.

Should underthesea's layout change (a module, an attribute or the model folder missing),
the public import is used instead: slower, never different.
"""

from __future__ import annotations

import importlib
import importlib.util
import pickle
import sys
import types
from collections.abc import Callable
from pathlib import Path

PACKAGE = "underthesea"
WORD_TOKENIZE = "underthesea.pipeline.word_tokenize"
MODEL_PREFIX = "ws_crf_"          # underthesea's word segmentation model folder (ws_crf_vlsp2013_20230727)


def load_word_tokenize() -> Callable[[str], list[str]]:
    """underthesea's word_tokenize, its model loaded."""
    try:
        module = _word_tokenize_module()
        if module.word_tokenize_model is None:
            module.word_tokenize_model = _model(Path(module.__file__).parent / "models" / _model_name(module))
        return module.word_tokenize
    except (ImportError, AttributeError, FileNotFoundError):
        from underthesea import word_tokenize

        return word_tokenize


def _word_tokenize_module() -> types.ModuleType:
    if PACKAGE in sys.modules:
        return importlib.import_module(WORD_TOKENIZE)
    spec = importlib.util.find_spec(PACKAGE)
    if spec is None or spec.loader is None or not spec.submodule_search_locations:
        raise ImportError(PACKAGE)
    sys.modules[PACKAGE] = _DeferredPackage(spec)
    # The order underthesea's __init__ imports them in: text normalisation and the
    # tokenizer import each other
    importlib.import_module("underthesea.pipeline.text_normalize")
    return importlib.import_module(WORD_TOKENIZE)


class _DeferredPackage(types.ModuleType):
    """underthesea with its __init__ not yet run: submodules import through it, and the
    first name asked of it that it lacks (`from underthesea import pos_tag`) runs the
    real __init__ in it, which finds the pipelines already imported."""

    def __init__(self, spec) -> None:
        super().__init__(spec.name)
        self.__spec__, self.__loader__, self.__package__ = spec, spec.loader, spec.name
        self.__path__, self.__file__ = list(spec.submodule_search_locations), spec.origin
        self._initialised = False

    def __getattr__(self, name: str):
        if self.__dict__.get("_initialised", True):
            raise AttributeError(name)
        self._initialised = True
        exec(self.__spec__.loader.get_code(PACKAGE), self.__dict__)
        return getattr(self, name)


def _model_name(module: types.ModuleType) -> str:
    """The model folder word_tokenize itself would load (a constant of its code)."""
    names = [c for c in module.word_tokenize.__code__.co_consts if isinstance(c, str) and c.startswith(MODEL_PREFIX)]
    if len(names) != 1:
        raise FileNotFoundError(MODEL_PREFIX)
    return names[0]


def _model(folder: Path):
    """FastCRFSequenceTagger.load, with pickle instead of joblib for the two feature files."""
    from underthesea.models.fast_crf_sequence_tagger import FastCRFSequenceTagger
    from underthesea_core import CRFFeaturizer, CRFTagger

    tagger = FastCRFSequenceTagger()
    estimator = CRFTagger()
    estimator.load(str(folder / tagger.path_model))
    with (folder / tagger.path_features).open("rb") as features_file, \
            (folder / tagger.path_dictionary).open("rb") as dictionary_file:
        features, dictionary = pickle.load(features_file), pickle.load(dictionary_file)
    tagger.featurizer = CRFFeaturizer(features, dictionary)
    tagger.estimator = estimator
    return tagger
