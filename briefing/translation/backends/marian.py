"""MarianMT through Hugging Face ``transformers`` (the reference backend).

torch and transformers are imported when the model is first used, never at import time.
"""

from __future__ import annotations

import logging
import pickle
from collections.abc import Sequence
from typing import Any

from briefing.errors import BackendUnavailableError, ConfigError, ModelLoadError
from briefing.translation.alternatives import Candidate
from briefing.translation.backends.base import (
    BaseTranslator,
    Decoded,
    available_cores,
    check_device,
    resolve_device,
)
from briefing.translation.backends.integrity import check_loaded_weights
from briefing.translation.guards import model_input
from briefing.translation.quiet import quiet_transformers
from briefing.translation.stage import TokenCounter, sentencepiece_counter

__all__ = ["COMPUTE_TYPES", "MarianTranslator", "pick_device"]

log = logging.getLogger(__name__)

# Positions projected onto the vocabulary at once when scoring: 512 x 62834 floats = 128 MB.
_SCORING_POSITIONS = 512
# What torch can compute in here. int8 is CTranslate2's (--backend ct2): torch's dynamic int8
# quantization of Marian is slower than CTranslate2's and changes more outputs.
COMPUTE_TYPES = ("auto", "float32", "float16", "bfloat16")


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
    check_device(device)
    torch, _ = _import_torch_transformers()
    return resolve_device(device, torch.cuda.is_available, "torch")


class MarianTranslator(BaseTranslator):
    """Translate with a MarianMT model folder through ``transformers``.

    Args:
        model_dir: Folder holding a Marian model (``config.json``, weights, ``source.spm``,
            ``target.spm``, ``vocab.json``).
        device: ``auto``, ``cpu`` or ``cuda``.
        compute_type: ``auto`` (float32 on CPU, float16 on CUDA), ``float32``, ``float16``
            or ``bfloat16`` (the int8 types are CTranslate2's: ``--backend ct2``).
        beams: Beam size (1 = greedy).
        batch_tokens: Source-token budget per forward pass (padding included).
        threads: CPU threads for torch; default: the cores available to this process.
        max_new_tokens: Fixed cap on output tokens (``</s>`` included); default: twice the
            longest source of the batch plus 16, within the model's positions and its
            generation config's ``max_length``. An output that reaches it is flagged ``cap``.
        no_repeat_ngram_size: Never repeat a sequence of this many tokens (0 = off).
        repetition_penalty: Penalty on tokens already produced (1.0 = off).
        name: Shown in the briefing; defaults to the folder name.

    Raises:
        ConfigError: An option is out of range.
    """

    COMPUTE_TYPES = COMPUTE_TYPES
    # Loaded on first use (_load): a translator that only counts tokens never imports torch.
    _model: Any = None
    _tokenizer: Any = None

    def _compute_type_problem(self, compute_type: str) -> str:
        """Name the backend, and point int8 types at CTranslate2."""
        hint = " (int8 types need --backend ct2)" if compute_type.startswith("int") else ""
        return f"compute type {compute_type!r} is not one the transformers backend runs{hint}"

    def _make_counter(self) -> TokenCounter:
        """The folder's SentencePiece model, or (without one) the loaded tokenizer."""
        spm_file = self.model_dir / "source.spm"
        if spm_file.is_file():
            return sentencepiece_counter(str(spm_file))
        self._load()
        tokenizer = self._tokenizer
        return lambda t: len(tokenizer(t)["input_ids"])

    def _load(self) -> None:
        """Load tokenizer and model on first use."""
        if self._model is not None:
            return
        torch, transformers = _import_torch_transformers()
        device = pick_device(self.device)
        if device == "cpu":
            torch.set_num_threads(self.threads or available_cores())
        dtype_name = self.compute_type
        if dtype_name == "auto":
            dtype_name = "float16" if device == "cuda" else "float32"
        if device == "cpu" and dtype_name == "float16":
            raise ConfigError("compute type float16 needs --device cuda; on CPU use float32 or bfloat16")
        try:
            with quiet_transformers():  # no "Loading weights" bar unless -v
                self._tokenizer = transformers.MarianTokenizer.from_pretrained(str(self.model_dir))
                model = transformers.MarianMTModel.from_pretrained(str(self.model_dir))
        except (OSError, ValueError, pickle.UnpicklingError) as exc:
            if "weights_only" in str(exc):
                # torch's own message suggests weights_only=False, i.e. running the pickle's code.
                raise ModelLoadError(
                    f"{self.model_dir}: pytorch_model.bin holds Python objects besides tensors, and "
                    "loading them could run code from the file, so briefing refuses it; get the model "
                    "again from its publisher (`briefing models pull`) or use a model.safetensors copy"
                ) from None
            raise ModelLoadError(
                f"could not load a Marian model from {self.model_dir}: {exc}. "
                "The folder needs config.json, model weights, source.spm, target.spm and vocab.json "
                "(see `briefing models pull`)."
            ) from exc
        check_loaded_weights(model, self.model_dir)
        self._model = model.to(device=device, dtype=getattr(torch, dtype_name)).eval()
        self._device, self._compute_type = device, dtype_name
        log.info("loaded %s on %s (%s)", self.model_dir, device, dtype_name)

    def _confidences(self, enc: dict[str, Any], sequences: Any, *, max_length: int) -> list[float]:
        """Mean log-probability of each generated sequence, by one teacher-forced pass.

        ``generate(output_scores=True)`` would keep a (rows x beams x vocabulary) tensor per
        decoding step: 8-21 GB at beam 4 for the real 62834-entry vocabulary on long
        sentences. Re-scoring the chosen sequences costs one parallel decoder pass, and the
        vocabulary projection is done a slice of positions at a time.

        The values are the ones transformers' ``compute_transition_scores`` reports: beam
        search scores raw log-softmax probabilities; greedy renormalizes after masking the
        ``bad_words_ids`` (the pad token); a ``</s>`` forced at the length cap scores 0 and
        is left out of the mean, like padding.
        """
        torch, _ = _import_torch_transformers()
        model = self._model
        config = model.generation_config
        decoder_input = sequences[:, :-1]
        targets = sequences[:, 1:]
        hidden = model.model(
            input_ids=enc["input_ids"],
            attention_mask=enc["attention_mask"],
            decoder_input_ids=decoder_input,
        ).last_hidden_state
        rows, length, _ = hidden.shape
        banned = [ids[0] for ids in (config.bad_words_ids or []) if len(ids) == 1]
        scores = torch.empty(rows, length, dtype=torch.float32, device=hidden.device)
        step = max(1, _SCORING_POSITIONS // rows)
        for start in range(0, length, step):
            logits = (model.lm_head(hidden[:, start : start + step]) + model.final_logits_bias).float()
            if self.beams == 1 and banned:
                logits[..., banned] = float("-inf")
            log_probs = torch.log_softmax(logits, dim=-1)
            scores[:, start : start + step] = log_probs.gather(-1, targets[:, start : start + step, None])[
                ..., 0
            ]
        pad = config.pad_token_id
        keep = targets != pad if pad is not None else torch.ones_like(targets, dtype=torch.bool)
        if sequences.shape[1] == max_length and config.forced_eos_token_id is not None:
            # The token at the cap was forced, not chosen: transformers scores it 0.
            keep[:, -1] = False
        counts = keep.sum(dim=1).clamp(min=1)
        return (scores.masked_fill(~keep, 0).sum(dim=1) / counts).tolist()

    def _encode(self, text: str) -> tuple[str, int]:
        """The cleaned text (tokenized again with its batch, padded) and its source tokens."""
        cleaned = model_input(text)
        return cleaned, len(self._tokenizer(cleaned)["input_ids"])

    def _batch(self, items: Sequence[str]) -> dict[str, Any]:
        """The padded batch of ``items`` as model inputs, on the model's device."""
        enc = self._tokenizer(list(items), return_tensors="pt", padding=True)
        return {k: v.to(self._device) for k, v in enc.items()}

    def _decode(self, items: Sequence[str], max_new: int) -> list[Decoded]:
        """One ``generate`` call over a padded batch, and the outputs' confidences."""
        torch, _ = _import_torch_transformers()
        tokenizer, model = self._tokenizer, self._model
        enc = self._batch(items)
        with torch.inference_mode():
            sequences = model.generate(
                **enc,
                num_beams=self.beams,
                # max_length (not max_new_tokens): the checkpoint's generation config
                # sets max_length too, and transformers warns when both are given.
                max_length=max_new + 1,
                **self._guards(),
            )
            means = self._confidences(enc, sequences, max_length=max_new + 1)
        decoded = tokenizer.batch_decode(sequences, skip_special_tokens=True)
        # A row that fills every position up to the cap did not choose to stop there.
        full = sequences.shape[1] == max_new + 1
        pad = model.generation_config.pad_token_id
        return [
            Decoded(
                text=decoded[row].strip(),
                confidence=float(means[row]),
                capped=full and (pad is None or int(sequences[row, -1]) != pad),
            )
            for row in range(len(items))
        ]

    def _decode_candidates(self, items: Sequence[str], max_new: int, n: int) -> list[list[Candidate]]:
        """``generate`` with ``num_return_sequences``, then one teacher-forced pass for the attention.

        ``generate(output_attentions=True)`` keeps every step's attention for every beam; the
        forward pass over the returned sequences gives the same cross-attention for the
        sequences kept only. Scores are beam search's ``sequences_scores`` with a length
        penalty of 1: the mean log-probability of the output tokens.
        """
        torch, _ = _import_torch_transformers()
        tokenizer, model = self._tokenizer, self._model
        enc = self._batch(items)
        with torch.inference_mode():
            out = model.generate(
                **enc,
                num_beams=max(self.beams, n),
                num_return_sequences=n,
                length_penalty=1.0,
                max_length=max_new + 1,  # not max_new_tokens: see _decode
                output_scores=True,
                return_dict_in_generate=True,
                **self._guards(),
            )
            sequences = out.sequences
            source_ids = enc["input_ids"].repeat_interleave(n, dim=0)
            mask = enc["attention_mask"].repeat_interleave(n, dim=0)
            cross = self._cross_attention(source_ids, mask, sequences)
        pad = model.generation_config.pad_token_id
        candidates: list[list[Candidate]] = [[] for _ in items]
        for row in range(sequences.shape[0]):
            source_len = int(mask[row].sum())
            ids = [int(t) for t in sequences[row, 1:] if int(t) != pad]
            candidates[row // n].append(
                Candidate(
                    text=tokenizer.decode(sequences[row], skip_special_tokens=True).strip(),
                    score=float(out.sequences_scores[row]),
                    source=tuple(tokenizer.convert_ids_to_tokens(source_ids[row, :source_len].tolist())),
                    target=tuple(tokenizer.convert_ids_to_tokens(ids)),
                    attention=tuple(
                        tuple(float(w) for w in cross[row, k, :source_len]) for k in range(len(ids))
                    ),
                )
            )
        return candidates

    def _cross_attention(self, source_ids: Any, mask: Any, sequences: Any) -> Any:
        """Last decoder layer's cross-attention, heads averaged: (rows, target, source).

        Computed with the eager attention kernel: the fused ones (sdpa) return no weights.
        """
        model = self._model
        previous = getattr(model.config, "_attn_implementation", None)
        model.set_attn_implementation("eager")
        try:
            outputs = model(
                input_ids=source_ids,
                attention_mask=mask,
                decoder_input_ids=sequences[:, :-1],
                output_attentions=True,
            )
        finally:
            if previous and previous != "eager":
                model.set_attn_implementation(previous)
        return outputs.cross_attentions[-1].mean(dim=1).float()

    def reference_decode(
        self, texts: Sequence[str], *, max_new_tokens: int
    ) -> list[tuple[list[str], list[float]]]:
        """Greedy output pieces of each text and each piece's log-probability (raw softmax).

        Used by ``briefing models convert`` to check a conversion against transformers: no
        ``</s>`` is forced at the cap, no token is masked, so CTranslate2's ``score_batch`` of
        the same pieces must give the same numbers.
        """
        self._load()
        torch, _ = _import_torch_transformers()
        tokenizer, model = self._tokenizer, self._model
        config = model.generation_config
        special = {config.pad_token_id, config.eos_token_id, config.decoder_start_token_id}
        out: list[tuple[list[str], list[float]]] = []
        for text in texts:
            enc = tokenizer([model_input(text)], return_tensors="pt")
            enc = {k: v.to(self._device) for k, v in enc.items()}
            with torch.inference_mode():
                sequence = model.generate(
                    **enc,
                    num_beams=1,
                    do_sample=False,
                    max_length=max_new_tokens + 1,  # not max_new_tokens: see _decode
                    forced_eos_token_id=None,
                    **self._guards(),
                )
                hidden = model.model(
                    input_ids=enc["input_ids"],
                    attention_mask=enc["attention_mask"],
                    decoder_input_ids=sequence[:, :-1],
                ).last_hidden_state
                logits = (model.lm_head(hidden) + model.final_logits_bias).float()
                log_probs = torch.log_softmax(logits, dim=-1)[0]
            ids = sequence[0, 1:].tolist()
            scores = [float(log_probs[k, token]) for k, token in enumerate(ids)]
            keep = [k for k, token in enumerate(ids) if token not in special]
            out.append((tokenizer.convert_ids_to_tokens([ids[k] for k in keep]), [scores[k] for k in keep]))
        return out
