"""Load integrity: the loaded model's embeddings and output projection are the checkpoint's.

Several transformers 4.3x releases loaded OPUS-MT ``tc-big`` checkpoints wrongly: while
tying weights, ``tie_weights`` overwrote the input embeddings with the output projection
(huggingface/transformers#26216, #24991, #26271; fixed by PR #30173). The model then writes
fluent-looking garbage and nothing fails. :func:`check_loaded_weights` compares, after
loading, the tensors that tying touches with the checkpoint's own tensors, and refuses the
model with a :class:`~briefing.errors.ModelLoadError` naming the transformers version and the
fix when they differ.

Only torch and safetensors are used (both come with transformers); the checkpoint is read
lazily, tensor by tensor, so the check costs one read of the few matrices compared.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

from briefing.errors import ModelLoadError

_ISSUES = "huggingface/transformers#26216, #24991 and #26271, fixed by PR #30173"


def _checkpoint_reader(model_dir: Path) -> tuple[set[str], Callable[[str], Any]]:
    """(tensor names, getter) of the checkpoint in ``model_dir`` (safetensors, sharded or not, or .bin)."""
    single = model_dir / "model.safetensors"
    index = model_dir / "model.safetensors.index.json"
    if single.is_file() or index.is_file():
        from safetensors import safe_open

        if single.is_file():
            with safe_open(str(single), framework="pt") as handle:
                where = dict.fromkeys(handle.keys(), single)
        else:
            mapping = json.loads(index.read_text(encoding="utf-8")).get("weight_map", {})
            where = {name: model_dir / file for name, file in mapping.items()}

        def get(name: str) -> Any:
            with safe_open(str(where[name]), framework="pt") as handle:
                return handle.get_tensor(name)

        return set(where), get
    binary = model_dir / "pytorch_model.bin"
    if binary.is_file():
        import torch

        state = torch.load(str(binary), map_location="cpu", weights_only=True, mmap=True)
        return set(state), state.__getitem__
    raise ModelLoadError(
        f"{model_dir} has no model.safetensors or pytorch_model.bin to check the model against"
    )


def _expected(model: Any) -> list[tuple[str, Any, list[str]]]:
    """(what, loaded tensor, checkpoint names to compare with, first found wins) for a Marian model."""
    config = model.config
    inner = model.model
    shared = getattr(inner, "shared", None)
    tied_output = bool(getattr(config, "tie_word_embeddings", True))
    checks: list[tuple[str, Any, list[str]]] = []
    if shared is not None:
        checks.append(("shared input embeddings", shared.weight, ["model.shared.weight"]))
    checks.append(
        (
            "encoder input embeddings",
            inner.encoder.embed_tokens.weight,
            ["model.encoder.embed_tokens.weight", "model.shared.weight"],
        )
    )
    checks.append(
        (
            "decoder input embeddings",
            inner.decoder.embed_tokens.weight,
            ["model.decoder.embed_tokens.weight", "model.shared.weight"],
        )
    )
    output_names = ["lm_head.weight"]
    if tied_output:
        output_names += ["model.decoder.embed_tokens.weight", "model.shared.weight"]
    checks.append(("output projection (lm_head)", model.get_output_embeddings().weight, output_names))
    bias = getattr(model, "final_logits_bias", None)
    if bias is not None:
        checks.append(("output bias (final_logits_bias)", bias, ["final_logits_bias"]))
    return checks


def _refuse(model_dir: Path, detail: str) -> ModelLoadError:
    import transformers

    return ModelLoadError(
        f"{model_dir}: {detail} after loading with transformers {transformers.__version__}. The model "
        "would write fluent-looking nonsense. This is the weight-tying bug of some transformers 4.3x "
        f"releases ({_ISSUES}) or a damaged checkpoint. Fix: upgrade transformers "
        '(pip install -U "transformers>=4.40"), then build again; if it persists, download the model '
        "again (briefing models pull ID)."
    )


def check_loaded_weights(model: Any, model_dir: str | os.PathLike[str]) -> None:
    """Compare the loaded model's embeddings and output projection with the checkpoint's tensors.

    Args:
        model: A loaded ``MarianMTModel`` (any device or dtype).
        model_dir: The folder it was loaded from.

    Raises:
        ModelLoadError: A tensor differs from the checkpoint's (or the checkpoint lacks an
            output projection the config does not tie), with the transformers version and
            the fix in the message.
    """
    import torch

    folder = Path(model_dir)
    names, get = _checkpoint_reader(folder)
    for what, loaded, candidates in _expected(model):
        name = next((n for n in candidates if n in names), None)
        if name is None:
            if what.startswith("output bias"):
                continue  # transformers creates it as zeros, as Marian trained it when absent
            raise _refuse(folder, f"the checkpoint has none of {', '.join(candidates)} for the {what}")
        stored = get(name)
        actual = loaded.detach()
        if tuple(actual.shape) != tuple(stored.shape):
            raise _refuse(
                folder,
                f"the {what} has shape {tuple(actual.shape)}, the checkpoint's {name} {tuple(stored.shape)}",
            )
        if not torch.equal(actual.to("cpu", torch.float32), stored.to(torch.float32)):
            raise _refuse(folder, f"the {what} differ from the checkpoint's {name}")
