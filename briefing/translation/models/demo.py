"""``briefing models demo``: a tiny random MarianMT (Arabic -> English) built on the spot.

For trying briefing offline, with no model hub: two SentencePiece models are trained on a
dozen-odd sentence pairs written for it, a shared ``vocab.json`` is written the way the real
``Helsinki-NLP/opus-mt-*`` checkpoints ship it (``<pad>`` last), and a ``MarianMTModel`` with
small dimensions and random weights is saved next to them. The folder loads with
``MarianTokenizer.from_pretrained(dir)`` and ``MarianMTModel.from_pretrained(dir)`` (so with
``briefing build --model DIR``) and converts with CTranslate2's ``TransformersConverter``.
Its English is nonsense: everything else (reading, summaries, overview, alignment, output
formats) is real. The test suite builds the same model (``tests/tiny_model.py``) and asserts on
plumbing, never on wording.

:func:`build_tiny_marian` with ``arch="base"`` builds the real ``opus-mt-ar-en`` architecture
(6+6 layers, d_model 512, 8 heads, FFN 2048, swish, 62834 vocabulary entries, 512 positions)
and ``arch="big"`` the real ``opus-mt-tc-big-ar-en`` one (6+6 layers, d_model 1024, 16 heads,
FFN 4096, relu, 61109 vocabulary entries with ``</s>`` at id 25894, 1024 positions), with random
weights, for speed and memory measurements.

Building needs torch, transformers and sentencepiece (the ``marian`` extra); they are imported
inside the functions, so importing this module costs nothing.
"""

from __future__ import annotations

import io
import json
import logging
import os
import shutil
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from briefing.config import MODELS_DIR
from briefing.errors import OutputExistsError
from briefing.fsutil import replace_dir
from briefing.translation.backends import ct2_available, require_packages
from briefing.translation.models.convert import conversion_name, convert_model

log = logging.getLogger(__name__)

DEFAULT_DEMO_DIR = MODELS_DIR / "demo"
"""Where ``briefing models demo`` writes when no folder is given."""

# Sentence pairs the SentencePiece models are trained on. News-style, like the inputs.
CORPUS: tuple[tuple[str, str], ...] = (
    (
        "التقى الرئيس الروسي فلاديمير بوتين نظيره الأمريكي دونالد ترامب.",
        "Russian President Vladimir Putin met his American counterpart Donald Trump.",
    ),
    (
        "قال الكرملين إن القمة ستعقد في ألاسكا الشهر المقبل.",
        "The Kremlin said the summit will be held in Alaska next month.",
    ),
    (
        "استمرت المحادثات ثلاث ساعات دون التوصل إلى اتفاق.",
        "The talks lasted three hours without reaching an agreement.",
    ),
    (
        "أكد المتحدث باسم الكرملين أن التحضيرات جارية.",
        "The Kremlin spokesman confirmed that preparations are under way.",
    ),
    (
        "ناقش الجانبان الأزمة الأوكرانية والأمن الأوروبي.",
        "The two sides discussed the Ukrainian crisis and European security.",
    ),
    ("وصف ترامب اللقاء بأنه مثمر جدا.", "Trump described the meeting as very productive."),
    ("لم يصدر بيان مشترك في نهاية الاجتماع.", "No joint statement was issued at the end of the meeting."),
    (
        "تتابع الدول الأوروبية نتائج القمة باهتمام كبير.",
        "European countries are following the results of the summit with great interest.",
    ),
    (
        "أعلن البيت الأبيض موعد القمة يوم الجمعة.",
        "The White House announced the date of the summit on Friday.",
    ),
    (
        "قالت وزارة الخارجية إن الحوار هو الطريق الوحيد.",
        "The Foreign Ministry said dialogue is the only way.",
    ),
    ("ارتفعت أسعار النفط بعد الإعلان عن القمة.", "Oil prices rose after the summit was announced."),
    (
        "يرى المحللون أن العلاقات بين البلدين ما زالت متوترة.",
        "Analysts see that relations between the two countries remain tense.",
    ),
    (
        "شارك في المحادثات وزيرا الخارجية ومستشارو الأمن القومي.",
        "The foreign ministers and national security advisers took part in the talks.",
    ),
    (
        "من المتوقع أن تلتقي الوفود مرة أخرى قبل نهاية العام.",
        "The delegations are expected to meet again before the end of the year.",
    ),
    (
        "رحبت الأمم المتحدة بأي خطوة نحو وقف إطلاق النار.",
        "The United Nations welcomed any step towards a ceasefire.",
    ),
    ("بلغت نسبة التضخم ٣٫٥ في المئة في شهر يوليو.", "Inflation reached 3.5 percent in July."),
)

# What the real checkpoints look like (their config.json): Helsinki-NLP/opus-mt-ar-en ("base")
# and Helsinki-NLP/opus-mt-tc-big-ar-en ("big").
REAL_VOCAB_SIZE = 62834
_REAL_ARCH = {
    "d_model": 512,
    "encoder_layers": 6,
    "decoder_layers": 6,
    "encoder_attention_heads": 8,
    "decoder_attention_heads": 8,
    "encoder_ffn_dim": 2048,
    "decoder_ffn_dim": 2048,
}
ARCHITECTURES: dict[str, dict[str, object]] = {
    "base": {"arch": _REAL_ARCH, "vocab": REAL_VOCAB_SIZE, "eos": 0, "positions": 512, "act": "swish"},
    "big": {
        "arch": {
            "d_model": 1024,
            "encoder_layers": 6,
            "decoder_layers": 6,
            "encoder_attention_heads": 16,
            "decoder_attention_heads": 16,
            "encoder_ffn_dim": 4096,
            "decoder_ffn_dim": 4096,
        },
        "vocab": 61109,
        "eos": 25894,  # tc-big's </s> is not id 0
        "positions": 1024,
        "act": "relu",
    },
}

_EOS, _UNK, _PAD = "</s>", "<unk>", "<pad>"


def _train_spm(lines: list[str], path: Path, vocab_size: int) -> list[str]:
    """Train a unigram SentencePiece model into ``path``; return its ordinary pieces."""
    import sentencepiece as spm

    buffer = io.BytesIO()
    spm.SentencePieceTrainer.train(
        sentence_iterator=iter(lines),
        model_writer=buffer,
        vocab_size=vocab_size,
        model_type="unigram",
        character_coverage=1.0,
        # The corpus is tiny: let the trainer stop below vocab_size instead of failing.
        hard_vocab_limit=False,
        minloglevel=2,
    )
    path.write_bytes(buffer.getvalue())
    processor = spm.SentencePieceProcessor(model_proto=buffer.getvalue())
    return [
        processor.id_to_piece(i)
        for i in range(processor.get_piece_size())
        if not (processor.is_control(i) or processor.is_unknown(i))
    ]


def _shared_vocab(source: list[str], target: list[str], size: int | None, eos_id: int = 0) -> dict[str, int]:
    """Build the opus-mt style shared vocabulary: ``</s>``, ``<unk>``, pieces, ..., ``<pad>`` last.

    ``<pad>`` must be the last entry: transformers uses it as the decoder start token and
    CTranslate2's Marian loader drops the last entry when it is ``<pad>``. With ``size`` the
    vocabulary is filled up to exactly that many entries with placeholder pieces (the real
    model's embedding matrix size matters for speed, the pieces themselves do not). ``eos_id``
    puts ``</s>`` at that position (tc-big has it at 25894).
    """
    tokens = [_EOS, _UNK]
    seen = set(tokens)
    for piece in [*source, *target]:
        if piece not in seen:
            seen.add(piece)
            tokens.append(piece)
    if size is not None:
        if len(tokens) + 1 > size:
            raise ValueError(f"vocab_size={size} is smaller than the {len(tokens) + 1} pieces trained")
        tokens.extend(f"▁filler{i}" for i in range(size - 1 - len(tokens)))
    if eos_id:
        tokens.remove(_EOS)
        tokens.insert(eos_id, _EOS)
    tokens.append(_PAD)
    return {token: index for index, token in enumerate(tokens)}


@dataclass(frozen=True, slots=True)
class _Shape:
    """What a build makes: the tiny model, or a real architecture with random weights."""

    real: bool
    layout: dict[str, Any]  # MarianConfig keyword arguments: sizes of layers, heads, FFN
    vocab: int | None  # exact vocabulary size; None: whatever the tiny corpus yields
    eos: int
    positions: int
    act: str
    spm_size: int
    init_std: float
    max_length: int


def _shape(
    arch: str | None,
    *,
    d_model: int,
    layers: int,
    vocab_size: int,
    init_std: float | None,
    max_length: int | None,
) -> _Shape:
    """The shape of a build: ``arch`` from :data:`ARCHITECTURES`, or the tiny model (``None``)."""
    if arch is not None and arch not in ARCHITECTURES:
        raise ValueError(f"unknown arch {arch!r}; choose one of {', '.join(ARCHITECTURES)}")
    if not arch:
        return _Shape(
            real=False,
            layout={
                "d_model": d_model,
                "encoder_layers": layers,
                "decoder_layers": layers,
                "encoder_attention_heads": 2,
                "decoder_attention_heads": 2,
                "encoder_ffn_dim": 2 * d_model,
                "decoder_ffn_dim": 2 * d_model,
            },
            vocab=None,
            eos=0,
            positions=512,
            act="swish",
            spm_size=max(vocab_size // 2, 20),
            init_std=init_std if init_std is not None else 0.5,
            # Random weights rarely produce </s>: a short cap keeps tests fast.
            max_length=max_length or 32,
        )
    spec = ARCHITECTURES[arch]
    return _Shape(
        real=True,
        layout=dict(spec["arch"]),  # type: ignore[call-overload]
        vocab=int(spec["vocab"]),  # type: ignore[call-overload]
        eos=int(spec["eos"]),  # type: ignore[call-overload]
        positions=int(spec["positions"]),  # type: ignore[call-overload]
        act=str(spec["act"]),
        spm_size=8000,
        init_std=init_std if init_std is not None else 0.02,  # transformers' own
        max_length=max_length or 512,  # like the real checkpoint
    )


def _write_vocabulary(
    out: Path, shape: _Shape, extra_source_lines: Sequence[str]
) -> tuple[dict[str, int], list[str]]:
    """Train both SentencePiece models and write ``vocab.json``: (vocabulary, target pieces)."""
    source_lines = [ar for ar, _ in CORPUS] + [line for line in extra_source_lines if line.strip()]
    source_pieces = _train_spm(source_lines, out / "source.spm", shape.spm_size)
    target_pieces = _train_spm([en for _, en in CORPUS], out / "target.spm", shape.spm_size)
    vocab = _shared_vocab(source_pieces, target_pieces, shape.vocab, eos_id=shape.eos)
    (out / "vocab.json").write_text(json.dumps(vocab, ensure_ascii=False, indent=1), encoding="utf-8")
    return vocab, target_pieces


def _random_model(
    shape: _Shape,
    vocab: dict[str, int],
    target_pieces: list[str],
    *,
    tie_embeddings: bool,
    suppress_eos: bool,
    seed: int,
) -> Any:
    """A ``MarianMTModel`` with random weights and the opus-mt checkpoints' settings."""
    import torch
    from transformers import GenerationConfig, MarianConfig, MarianMTModel

    pad_id = vocab[_PAD]
    # Same settings as the opus-mt checkpoints' config.json (swish for base, relu for tc-big,
    # scaled embeddings, <pad> as decoder start, </s> as eos).
    config = MarianConfig(
        vocab_size=len(vocab),
        decoder_vocab_size=len(vocab),
        max_position_embeddings=shape.positions,
        activation_function=shape.act,
        scale_embedding=True,
        share_encoder_decoder_embeddings=True,
        tie_word_embeddings=tie_embeddings,
        pad_token_id=pad_id,
        decoder_start_token_id=pad_id,
        eos_token_id=vocab[_EOS],
        forced_eos_token_id=vocab[_EOS],
        bos_token_id=None,
        dropout=0.1,
        init_std=shape.init_std,
        **shape.layout,
    )
    torch.manual_seed(seed)
    model = MarianMTModel(config)
    model.eval()
    with torch.no_grad():
        if suppress_eos:
            model.final_logits_bias[0, vocab[_EOS]] = -1e4
        if not shape.real:
            # The vocabulary is shared, as in opus-mt; keep the random decoder to target-side
            # pieces so that its gibberish is at least Latin-script "English".
            target_ids = {vocab[piece] for piece in target_pieces} | {vocab[_EOS]}
            for index in range(len(vocab)):
                if index not in target_ids:
                    model.final_logits_bias[0, index] = -100.0
    model.generation_config = GenerationConfig(
        decoder_start_token_id=pad_id,
        pad_token_id=pad_id,
        eos_token_id=vocab[_EOS],
        forced_eos_token_id=vocab[_EOS],
        bad_words_ids=[[pad_id]],
        num_beams=4,
        max_length=shape.max_length,
    )
    return model


def _save(model: Any, out: Path) -> None:
    """Save the model and its ``MarianTokenizer`` files into ``out``, without a progress bar."""
    from transformers import MarianTokenizer
    from transformers.utils import logging as hf_logging

    # No "Writing model shards" progress bar for a 40 kB file; put the setting back afterwards.
    bar = hf_logging.is_progress_bar_enabled()
    hf_logging.disable_progress_bar()
    try:
        model.save_pretrained(out)
    finally:
        if bar:
            hf_logging.enable_progress_bar()
    tokenizer = MarianTokenizer(
        source_spm=str(out / "source.spm"),
        target_spm=str(out / "target.spm"),
        vocab=str(out / "vocab.json"),
        source_lang="ar",
        target_lang="en",
    )
    tokenizer.save_pretrained(out)


def build_tiny_marian(
    out_dir: Path | str,
    *,
    d_model: int = 16,
    layers: int = 1,
    vocab_size: int = 200,
    real_size: bool = False,
    arch: str | None = None,
    tie_embeddings: bool = True,
    max_length: int | None = None,
    init_std: float | None = None,
    suppress_eos: bool = False,
    extra_source_lines: Sequence[str] = (),
    seed: int = 0,
) -> Path:
    """Build a random MarianMT model with working Arabic/English tokenizers into ``out_dir``.

    Args:
        out_dir: Folder to write (created; existing files with the same names are replaced).
        d_model: Hidden size (ignored with ``real_size``). Heads: 2; FFN: ``2 * d_model``.
        layers: Encoder and decoder layers each (ignored with ``real_size``).
        vocab_size: Approximate size of the shared vocabulary: each SentencePiece model is
            trained for about half of it; the tiny corpus may yield fewer pieces. With
            ``real_size`` the vocabulary is exactly 62834 entries, as in opus-mt-ar-en.
        real_size: Build the real opus-mt-ar-en architecture (about 300 MB of weights); the
            same as ``arch="base"``.
        arch: ``"base"`` (opus-mt-ar-en, ~300 MB) or ``"big"`` (opus-mt-tc-big-ar-en, ~950 MB):
            a real architecture with random weights. Default: the tiny model.
        tie_embeddings: Share the output projection with the input embeddings, as the
            opus-mt checkpoints do. ``False`` saves a separate ``lm_head.weight`` (tests of the
            load-integrity check).
        max_length: ``max_length`` written to ``generation_config.json``: the longest output
            in tokens. Random weights rarely produce ``</s>``, so the tiny model defaults to
            32 to keep tests fast; the real-size model uses 512 like the real checkpoint.
        init_std: Standard deviation of the random weights. Default 0.5 for the tiny model:
            its logits then have clear winners, so greedy decoding is identical across
            float32 runtimes and differs from input to input. Smaller values (0.1) make a
            smoother network whose output survives int8 quantization but varies less.
            The real-size model uses transformers' 0.02.
        suppress_eos: Make ``</s>`` (almost) impossible, so decoding always runs to its length
            cap: benchmarks then pay for a fixed output length, as real translations of that
            length cost, instead of whatever a random model happens to produce.
        extra_source_lines: More Arabic text for the source SentencePiece model (benchmarks
            pass the articles they translate, so that segment lengths in tokens are realistic).
        seed: Seed for the random weights, so two builds are identical.

    Returns:
        ``out_dir`` as a :class:`~pathlib.Path`.
    """
    # Fail before writing anything when torch or transformers is missing.
    import torch  # noqa: F401
    import transformers  # noqa: F401

    shape = _shape(
        "base" if real_size and arch is None else arch,
        d_model=d_model,
        layers=layers,
        vocab_size=vocab_size,
        init_std=init_std,
        max_length=max_length,
    )
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    vocab, target_pieces = _write_vocabulary(out, shape, extra_source_lines)
    model = _random_model(
        shape, vocab, target_pieces, tie_embeddings=tie_embeddings, suppress_eos=suppress_eos, seed=seed
    )
    _save(model, out)
    return out


DEMO_PACKAGES = ("sentencepiece", "transformers", "torch")
"""What building needs: the ``marian`` extra and torch."""


DEMO_QUANTIZATION = "int8"
"""Weight type of the demo's CTranslate2 copy: the one ``briefing models convert`` writes by default."""


def demo_conversion_dir(out_dir: str | os.PathLike[str]) -> Path:
    """Where :func:`build_demo_model` writes the CTranslate2 copy: ``<DIR>-ct2-int8`` beside ``DIR``."""
    out = Path(out_dir)
    return out.with_name(conversion_name(out.name, DEMO_QUANTIZATION))


def build_demo_model(
    out_dir: str | os.PathLike[str] = DEFAULT_DEMO_DIR, *, force: bool = False, convert: bool | None = None
) -> Path:
    """Build the tiny random demo model into ``out_dir``, atomically, and its CTranslate2 copy.

    The model is built in a temporary folder beside ``out_dir`` and renamed into place when
    complete, so a failed or interrupted build leaves nothing behind (and an existing folder
    unchanged). Two builds are identical (fixed seed).

    With ctranslate2 installed the model is also converted (checked against transformers, as
    ``briefing models convert`` does) into :func:`demo_conversion_dir`, where ``build
    --model DIR`` finds it: a first build then loads neither torch nor transformers (2-3 s
    instead of ~25 s on a 2-core machine, most of it importing torch;
    ``tests/benchmarks/first_run.py``).

    Args:
        out_dir: Folder to create (default ``models/demo``).
        force: Replace an existing ``out_dir`` (and conversion). Without it an existing one
            is refused.
        convert: Write the CTranslate2 copy; default: when ctranslate2 is installed.

    Returns:
        ``out_dir`` as a :class:`~pathlib.Path`.

    Raises:
        OutputExistsError: ``out_dir`` (or its conversion folder) exists and ``force`` is not set.
        BackendUnavailableError: torch, transformers or sentencepiece is not installed (the
            message names the ``marian`` extra).
    """
    out = Path(out_dir)
    convert = ct2_available() if convert is None else convert
    for folder in (out, demo_conversion_dir(out)) if convert else (out,):
        if folder.exists() and not force:
            raise OutputExistsError(
                f"{folder} already exists; use --force to replace it, or name another folder"
            )
    _build_demo_marian(out, force=force)
    if convert:
        convert_model(
            out,
            demo_conversion_dir(out),
            quantization=DEMO_QUANTIZATION,
            force=force,
            models_dir=out.parent,
            offline=True,
        )
    return out


def _build_demo_marian(out: Path, *, force: bool) -> None:
    """The Marian demo model into ``out``, through a temporary folder renamed into place."""
    require_packages("building the demo model", DEMO_PACKAGES, "marian")
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.", suffix=".tmp", dir=out.parent))
    try:
        # mkdtemp makes the folder 0700; give it the permissions an ordinary mkdir would.
        umask = os.umask(0)
        os.umask(umask)
        staging.chmod(0o777 & ~umask)
        log.info("building the demo model in %s", staging)
        build_tiny_marian(staging)
        if out.exists() and not force:  # appeared while building (another run): keep it
            raise OutputExistsError(
                f"{out} was created by another process while building; nothing was replaced"
            )
        replace_dir(staging, out)
    finally:
        if staging.exists():
            shutil.rmtree(staging, ignore_errors=True)
    log.info("wrote %s", out)
