"""MarianMT through Hugging Face ``transformers`` (the reference backend).

torch and transformers are imported when the model is first used, never at import time.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from briefing.errors import BackendUnavailableError, ConfigError, ModelLoadError
from briefing.translate import DEFAULT_MAX_INPUT_TOKENS, TokenCounter, sentencepiece_counter
from briefing.types import Translation

log = logging.getLogger(__name__)

# Source tokens (padding included) per forward pass. 4096 keeps a beam-4 batch of 512
# activations well under 1 GB on CPU while still amortising per-call overhead; the
# benchmark (tests/benchmarks/translate.py) showed little gain above it on 2 cores.
DEFAULT_BATCH_TOKENS = 4096
# Output budget: a translation more than twice as long as its source (plus slack for very
# short inputs) is a degenerate repetition loop, and 512 is the model's position limit.
_MAX_NEW_FACTOR = 2
_MAX_NEW_SLACK = 16
_MODEL_POSITIONS = 512

DEVICES = ("auto", "cpu", "cuda")


def _import_torch_transformers() -> tuple[Any, Any]:
    """(torch, transformers), or a BackendUnavailableError naming the install command."""
    try:
        import torch
        import transformers
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise BackendUnavailableError(
            f"the transformers backend needs torch and transformers ({exc.name} is missing): "
            'pip install torch==2.13.0 && pip install "briefing[marian]"'
        ) from exc
    return torch, transformers


def pick_device(device: str) -> str:
    """Resolve ``auto`` to ``cuda`` when a GPU is usable, else ``cpu``.

    Raises:
        ConfigError: Unknown device, or ``cuda`` asked for without a usable GPU.
    """
    if device not in DEVICES:
        raise ConfigError(f"unknown device {device!r}; choose one of {', '.join(DEVICES)}")
    torch, _ = _import_torch_transformers()
    if device == "auto":
        return "cuda" if torch.cuda.is_available() else "cpu"
    if device == "cuda" and not torch.cuda.is_available():
        raise ConfigError("--device cuda was asked for but torch sees no CUDA GPU; use --device cpu")
    return device


class MarianTranslator:
    """Translate with a MarianMT model folder through ``transformers``.

    Args:
        model_dir: Folder holding a Marian model (``config.json``, weights, ``source.spm``,
            ``target.spm``, ``vocab.json``).
        device: ``auto``, ``cpu`` or ``cuda``.
        beams: Beam size (1 = greedy).
        batch_tokens: Source-token budget per forward pass (padding included).
        threads: CPU threads for torch; default: the cores available to this process.
        name: Shown in the briefing; defaults to the folder name.
    """

    max_input_tokens = DEFAULT_MAX_INPUT_TOKENS

    def __init__(
        self,
        model_dir: str | os.PathLike[str],
        *,
        device: str = "auto",
        beams: int = 4,
        batch_tokens: int = DEFAULT_BATCH_TOKENS,
        threads: int | None = None,
        name: str | None = None,
    ) -> None:
        if beams < 1:
            raise ConfigError(f"beams must be at least 1, got {beams}")
        if device not in DEVICES:
            raise ConfigError(f"unknown device {device!r}; choose one of {', '.join(DEVICES)}")
        self.model_dir = Path(model_dir)
        self.device = device
        self.beams = beams
        self.batch_tokens = batch_tokens
        self.threads = threads
        self.name = name or self.model_dir.name
        self._model: Any = None
        self._tokenizer: Any = None
        self._counter: TokenCounter | None = None

    def count_tokens(self, text: str) -> int:
        """Source tokens of ``text`` (SentencePiece only: no model load)."""
        if self._counter is None:
            spm_file = self.model_dir / "source.spm"
            if spm_file.is_file():
                self._counter = sentencepiece_counter(str(spm_file))
            else:
                self._load()
                tokenizer = self._tokenizer
                self._counter = lambda t: len(tokenizer(t)["input_ids"])
        return self._counter(text)

    def _load(self) -> None:
        """Load tokenizer and model on first use."""
        if self._model is not None:
            return
        torch, transformers = _import_torch_transformers()
        device = pick_device(self.device)
        if device == "cpu":
            torch.set_num_threads(self.threads or len(os.sched_getaffinity(0)))
        try:
            self._tokenizer = transformers.MarianTokenizer.from_pretrained(str(self.model_dir))
            model = transformers.MarianMTModel.from_pretrained(str(self.model_dir))
        except (OSError, ValueError) as exc:
            raise ModelLoadError(
                f"could not load a Marian model from {self.model_dir}: {exc}. "
                "The folder needs config.json, model weights, source.spm, target.spm and vocab.json "
                "(see `briefing models pull`)."
            ) from exc
        self._model = model.to(device).eval()
        self._device = device
        log.info("loaded %s on %s", self.model_dir, device)

    def _batches(self, lengths: Sequence[int]) -> list[list[int]]:
        """Indices grouped so that rows x longest row stays within the token budget."""
        order = sorted(range(len(lengths)), key=lambda i: lengths[i])
        batches: list[list[int]] = []
        current: list[int] = []
        for i in order:
            longest = max(lengths[i], *(lengths[j] for j in current)) if current else lengths[i]
            if current and (len(current) + 1) * longest > self.batch_tokens:
                batches.append(current)
                current = []
            current.append(i)
        if current:
            batches.append(current)
        return batches

    def translate_batch(self, texts: Sequence[str]) -> list[Translation]:
        """Translate ``texts`` (each within the model's input limit), in order.

        Confidence is the mean log-probability of the output tokens under the model.
        """
        if not texts:
            return []
        self._load()
        torch, _ = _import_torch_transformers()
        tokenizer, model = self._tokenizer, self._model
        lengths = [len(tokenizer(t)["input_ids"]) for t in texts]
        results: list[Translation | None] = [None] * len(texts)
        for batch in self._batches(lengths):
            enc = tokenizer([texts[i] for i in batch], return_tensors="pt", padding=True)
            enc = {k: v.to(self._device) for k, v in enc.items()}
            longest = enc["input_ids"].shape[1]
            max_new = min(_MODEL_POSITIONS, _MAX_NEW_FACTOR * longest + _MAX_NEW_SLACK)
            with torch.inference_mode():
                out = model.generate(
                    **enc,
                    num_beams=self.beams,
                    # max_length (not max_new_tokens): the checkpoint's generation config
                    # sets max_length too, and transformers warns when both are given.
                    max_length=max_new + 1,
                    output_scores=True,
                    return_dict_in_generate=True,
                )
                scores = model.compute_transition_scores(
                    out.sequences,
                    out.scores,
                    getattr(out, "beam_indices", None) if self.beams > 1 else None,
                    normalize_logits=self.beams == 1,
                )
            decoded = tokenizer.batch_decode(out.sequences, skip_special_tokens=True)
            # Padding steps after </s> score 0; real tokens score < 0.
            real = scores < 0
            counts = real.sum(dim=1).clamp(min=1)
            means = (scores.masked_fill(~real, 0).sum(dim=1) / counts).tolist()
            for row, i in enumerate(batch):
                results[i] = Translation(text=decoded[row].strip(), confidence=float(means[row]))
        return [r for r in results if r is not None]
