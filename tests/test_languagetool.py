"""The LanguageTool client against real recorded server answers, replayed on 127.0.0.1."""

import importlib.util
import json
import socket
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from summarize.articles import load_articles
from summarize.repair import repair_articles
from summarize.repair.edits import EditLedger, apply_edits
from summarize.repair.languagetool import (
    ENV_URL,
    LanguageTool,
    apply_languagetool,
    make_languagetool,
    parse_matches,
)
from tests.conftest import REPO, SHARED

FIXTURES = SHARED / "fixtures" / "languagetool"
CASES = {path.stem: json.loads(path.read_text("utf-8")) for path in FIXTURES.glob("*.json")}
CASES.pop("languages")


class Replay(BaseHTTPRequestHandler):
    """Answers POST /v2/check with the recorded response for exactly that form."""

    def do_POST(self):
        length = int(self.headers["Content-Length"])
        form = {k: v[0] for k, v in urllib.parse.parse_qs(self.rfile.read(length).decode()).items()}
        self.server.requests.append(form)
        for case in CASES.values():
            if self.path == case["request"]["path"] and form == case["request"]["form"]:
                return self._send(200, case["response"])
        return self._send(500, {"error": "no recorded answer for this text"})

    def do_GET(self):
        if self.path == "/v2/languages":
            return self._send(200, json.loads((FIXTURES / "languages.json").read_text("utf-8")))
        return self._send(404, {})

    def _send(self, status, body):
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args):
        pass


@pytest.fixture
def server():
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Replay)
    httpd.requests = []
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield httpd
    httpd.shutdown()
    httpd.server_close()


def url_of(httpd) -> str:
    return f"http://127.0.0.1:{httpd.server_address[1]}"


def case_text(name: str) -> str:
    return CASES[name]["request"]["form"]["text"]


def test_client_returns_recorded_matches_with_python_offsets(server):
    warnings = []
    tool = LanguageTool(url_of(server), on_unavailable=warnings.append)
    text = case_text("short-agreement")
    matches = tool.check(text)
    assert [m.rule_id for m in matches] == ["THIS_NNS", "HAVE_PART_AGREEMENT"]
    assert [text[m.start : m.end] for m in matches] == ["This", "went"]
    assert matches[0].replacements[0] == "These"
    assert tool.check(case_text("short-clean")) == []
    assert server.requests[0] == {"text": text, "language": "en-US"}
    assert warnings == []


def test_safe_matches_become_edits_and_the_rest_flags(server):
    tool = LanguageTool(url_of(server))
    text = case_text("short-glued")
    ledger = EditLedger(text)
    apply_languagetool(ledger, tool)
    changes = {(e.before, e.after) for e in ledger.edits}
    # typo splits that wordfreq confirms, and whitespace rules, are applied
    assert ("withNATO", "with NATO") in changes
    assert ("theFrance", "the France") in changes
    assert ("Reporters", " Reporters") in changes
    assert (" .", ".") in changes
    assert all(e.rule.startswith("languagetool.") for e in ledger.edits)
    assert apply_edits(text, ledger.edits) == ledger.current

    agreement = EditLedger(case_text("short-agreement"))
    apply_languagetool(agreement, tool)
    assert agreement.edits == []  # grammar suggestions are for the reader to judge
    assert {(f.text, f.suggestion) for f in agreement.flags} == {
        ("This", "These"),
        ("went", "gone"),
    }


def test_seed_articles_with_languagetool_keep_the_gold_and_add_flags(server):
    paths = sorted(str(p) for p in (REPO / "seeds").glob("*.txt"))
    articles = load_articles(paths).articles
    plain = repair_articles(articles)
    warnings = []
    tool = LanguageTool(url_of(server), on_unavailable=warnings.append)
    checked = repair_articles(articles, languagetool=tool)
    assert warnings == []
    assert len(server.requests) == 2
    first = checked[0]
    rules = {f.rule: f for f in first.flags}
    # LanguageTool's false agreement alarm on "summit" is a flag, never an edit
    assert rules["languagetool.HE_VERB_AGR"].text == "summit"
    assert "summits" not in first.text
    # findings inside text our own passes removed (the photo credit) are dropped
    assert not any(f.text == "Dubchak" for f in first.flags)
    # where our passes already fixed the text, LanguageTool adds nothing
    assert first.text == plain[0].text
    assert checked[1].text == plain[1].text
    assert len(first.flags) > len(plain[0].flags)


def test_utf16_offsets_are_converted_for_characters_outside_the_bmp():
    text = "😀 Hello 😀 wrold here"
    # Java counts each emoji as two UTF-16 units: "wrold" starts at unit 12, index 10
    response = {
        "matches": [
            {
                "offset": 12,
                "length": 5,
                "message": "Possible spelling mistake",
                "replacements": [{"value": "world"}],
                "rule": {"id": "MORFOLOGIK_RULE_EN_US", "category": {"id": "TYPOS"}},
            }
        ]
    }
    (match,) = parse_matches(text, response)
    assert text[match.start : match.end] == "wrold"


def test_unreachable_server_is_reported_once_and_repair_goes_on():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]  # closed again: nothing listens there
    warnings = []
    tool = LanguageTool(f"http://127.0.0.1:{port}", on_unavailable=warnings.append)
    articles = load_articles(sorted(str(p) for p in (REPO / "seeds").glob("*.txt")))
    repaired = repair_articles(articles.articles, languagetool=tool)
    assert len(warnings) == 1 and "unavailable" in warnings[0] and str(port) in warnings[0]
    assert [r.text for r in repaired] == [r.text for r in repair_articles(articles.articles)]
    assert tool.check(case_text("short-glued")) == [] and len(warnings) == 1


def test_silent_server_times_out():
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(1)  # accepts connections and never answers
    try:
        warnings = []
        tool = LanguageTool(
            f"http://127.0.0.1:{listener.getsockname()[1]}",
            timeout=0.5,
            on_unavailable=warnings.append,
        )
        started = time.monotonic()
        assert tool.check("The talks will take place in Geneva.") == []
        assert time.monotonic() - started < 5
        assert len(warnings) == 1 and "no answer within 0.5 s" in warnings[0]
    finally:
        listener.close()


def test_url_comes_from_the_environment(monkeypatch, server):
    monkeypatch.setenv(ENV_URL, url_of(server))
    tool = make_languagetool()
    assert tool is not None and tool.url == url_of(server)
    assert make_languagetool("http://example.invalid:1").url == "http://example.invalid:1"
    monkeypatch.delenv(ENV_URL)
    if importlib.util.find_spec("language_tool_python") is None:
        assert make_languagetool() is None  # no server, no library: repair runs without it
