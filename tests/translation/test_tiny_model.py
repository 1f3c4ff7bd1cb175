"""The tiny model builder itself: the folder loads with the stock transformers classes."""

from __future__ import annotations

import json

import pytest

from tests.markers import requires_torch

pytestmark = [pytest.mark.model, requires_torch]


def test_vocab_is_shared_with_pad_last(tiny_model_dir):
    vocab = json.loads((tiny_model_dir / "vocab.json").read_text(encoding="utf-8"))
    config = json.loads((tiny_model_dir / "config.json").read_text(encoding="utf-8"))
    ids = sorted(vocab.values())
    assert ids == list(range(len(vocab)))
    assert vocab["</s>"] == 0
    assert vocab["<pad>"] == len(vocab) - 1 == config["pad_token_id"] == config["decoder_start_token_id"]
    assert config["vocab_size"] == len(vocab)


def test_tiny_model_loads_and_generates(tiny_model_dir):
    import torch
    from transformers import MarianMTModel, MarianTokenizer

    tokenizer = MarianTokenizer.from_pretrained(tiny_model_dir)
    model = MarianMTModel.from_pretrained(tiny_model_dir).eval()
    texts = ["قال الكرملين إن القمة ستعقد في ألاسكا.", "ارتفعت أسعار النفط."]
    batch = tokenizer(texts, return_tensors="pt", padding=True)
    # Arabic pieces are known to the vocabulary, not mapped to <unk>.
    unk = tokenizer.convert_tokens_to_ids("<unk>")
    assert (batch["input_ids"] != unk).all()
    with torch.no_grad():
        out = model.generate(**batch, num_beams=1, do_sample=False, max_new_tokens=8)
    decoded = tokenizer.batch_decode(out, skip_special_tokens=True)
    assert len(decoded) == 2
    assert all(text.strip() for text in decoded)


def test_build_is_deterministic(tiny_model_dir, tmp_path):
    from tests.tiny_model import build_tiny_marian

    again = build_tiny_marian(tmp_path / "again")
    assert (again / "model.safetensors").read_bytes() == (tiny_model_dir / "model.safetensors").read_bytes()
    assert (again / "vocab.json").read_text() == (tiny_model_dir / "vocab.json").read_text()


def test_command_line_builds_into_a_folder(tmp_path, capsys):
    from tests.tiny_model import main

    assert main([str(tmp_path / "cli"), "--d-model", "8"]) == 0
    assert capsys.readouterr().out.strip() == str(tmp_path / "cli")
    assert json.loads((tmp_path / "cli" / "config.json").read_text())["d_model"] == 8
