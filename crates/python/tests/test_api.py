"""The wirecode Python API: code, code_many, to_frames, errors, stubs.

Results must be exactly what the CLI writes (same reader, pipeline and
writer in Rust), so most checks compare with `wirecode code` output.
"""

from __future__ import annotations

import ast
import datetime
import doctest
import json
import os
import sys
import threading
import time
import warnings
from pathlib import Path

import pytest

import wirecode
from wirecode import WirecodeError, WirecodeWarning

REPO = Path(__file__).resolve().parents[3]
SKIPPED = "wirecode: skipped: "
WARNING = "wirecode: warning: "


def stderr_messages(stderr: str, prefix: str) -> list[str]:
    return [line[len(prefix) :] for line in stderr.splitlines() if line.startswith(prefix)]


def check_offsets(r: dict) -> None:
    """Every mention's offsets slice the returned text to the mention's text."""
    text = r["text"]
    for e in r["entities"]:
        assert text[e["start"] : e["end"]] == e["text"], e
    for q in r["quotes"]:
        assert q["content"], q
        for s in q["content"]:
            assert 0 <= s["start"] < s["end"] <= len(text), q
        for m in (q["source"], q["cue"]):
            if m is not None:
                assert text[m["start"] : m["end"]] == m["text"], q
    for ev in r["events"]:
        for m in (ev["source"], ev["target"]):
            if m is not None:
                assert text[m["start"] : m["end"]] == m["text"], ev
        assert 0 <= ev["evidence"]["start"] < ev["evidence"]["end"] <= len(text)


# ---------------------------------------------------------------- the package


def test_installed_wheel_is_what_is_tested():
    if os.environ.get("WIRECODE_REQUIRE_INSTALLED") == "1":
        assert "site-packages" in wirecode.__file__, wirecode.__file__
    pkg = Path(wirecode.__file__).parent
    assert (pkg / "py.typed").is_file()
    assert (pkg / "__init__.pyi").is_file()
    assert wirecode.__version__


def test_stubs_cover_the_public_api():
    stub = ast.parse((Path(wirecode.__file__).parent / "__init__.pyi").read_text())
    names = {
        n.name for n in stub.body if isinstance(n, (ast.FunctionDef, ast.ClassDef))
    } | {
        t.id
        for n in stub.body
        if isinstance(n, ast.AnnAssign) and isinstance(n.target, ast.Name)
        for t in [n.target]
    }
    for name in wirecode.__all__:
        assert name in names, f"{name} is public but missing from __init__.pyi"
    for fn in (wirecode.code, wirecode.code_many, wirecode.to_frames):
        assert fn.__doc__ and len(fn.__doc__) > 200, fn


def test_docstring_example():
    failures, tried = doctest.testmod(wirecode, verbose=False)
    assert tried >= 1 and failures == 0


# ---------------------------------------------------------------- code()


def test_code_returns_the_output_contract():
    r = wirecode.code(
        '"We will not accept this," Foreign Minister Amara Diallo said in Bamako on Monday. '
        "Rebels attacked an army post near Gao on Sunday.",
        published="2024-03-05",
        title="Mali talks",
        url="https://example.org/mali",
    )
    assert set(r) >= {"id", "title", "url", "published", "text", "entities", "quotes", "events"}
    assert r["id"] == "0"
    assert r["title"] == "Mali talks"
    assert r["url"] == "https://example.org/mali"
    assert r["published"] == "2024-03-05"
    assert r["quotes"] and r["quotes"][0]["kind"] == "direct"
    assert r["quotes"][0]["speaker"]["name"] == "Amara Diallo"
    assert any(e["date"] == "2024-03-03" for e in r["events"]), r["events"]
    check_offsets(r)


def test_code_keywords_and_dates():
    text = "Russia vetoed the resolution on Monday."
    by_str = wirecode.code(text, published="2024-03-05T10:00:00Z", id="a")
    by_date = wirecode.code(text, published=datetime.date(2024, 3, 5), id="a")
    assert by_str == by_date
    assert by_str["events"][0]["date"] == "2024-03-04"
    # A date in the URL is the publication date when none is given (as in JSON Lines).
    from_url = wirecode.code(text, url="https://example.org/2024/03/05/veto", id="a")
    assert from_url["published"] == "2024-03-05"
    assert from_url["events"] == by_str["events"]
    assert wirecode.code(text)["published"] is None


def test_code_reads_text_like_a_plain_text_file():
    r = wirecode.code(
        "https://news.example.org/2026/03/03/veto\n\nRussia vetoes U.N. resolution\n\n"
        "Russia on Monday vetoed a draft resolution."
    )
    assert r["url"] == "https://news.example.org/2026/03/03/veto"
    assert r["published"] == "2026-03-03"
    assert r["title"] == "Russia vetoes U.N. resolution"
    assert r["text"].startswith("Russia vetoes U.N. resolution")
    # Keywords override what the text gives.
    r2 = wirecode.code(
        "https://news.example.org/2026/03/03/veto\n\nRussia vetoes\n\nRussia vetoed it.",
        title="Other",
        published="2020-01-02",
    )
    assert (r2["title"], r2["published"]) == ("Other", "2020-01-02")


def test_code_matches_the_cli_on_the_examples(cli, examples):
    rel = [str(p.relative_to(p.parents[1])) for p in examples]  # examples/NAME.txt
    out = cli("code", *rel, "-q")
    assert out.returncode == 0, out.stderr
    lines = [json.loads(line) for line in out.stdout.splitlines()]
    assert [r["id"] for r in lines] == rel
    for path, name, want in zip(examples, rel, lines):
        assert wirecode.code(path.read_bytes(), id=name) == want
        with open(path, encoding="utf-8", newline="") as f:  # keep line ends as in the file
            text = f.read()
        assert wirecode.code(text, id=name) == want
        assert want["events"] and want["quotes"] and want["entities"]
        check_offsets(want)
    # code_many over the same texts: the same records, named by position.
    texts = [p.read_bytes().decode("utf-8") for p in examples]
    many = list(wirecode.code_many(texts))
    assert [r["id"] for r in many] == [str(i) for i in range(len(texts))]
    for got, want in zip(many, lines):
        assert {**got, "id": want["id"]} == want


def test_dicts_match_the_cli_on_json_lines(cli, examples, tmp_path):
    texts = [p.read_text(encoding="utf-8") for p in examples]
    body = lambda t: t.split("\n\n", 2)[2]  # noqa: E731 - drop the URL and headline
    dicts = [
        {"id": "a", "text": body(texts[0]), "published": "2026-03-03", "lang": "en"},
        {"id": 7, "text": body(texts[1]), "url": "https://example.org/2026/03/04/x"},
        {"id": "c", "text": body(texts[2]), "title": "Veto", "source": "Wire",
         "tags": ["un", {"k": 1.5}], "flag": True, "n": None},
        {"id": "d", "title": "no text here"},
        {"id": "e", "text": body(texts[0]), "published": "March 3"},
    ]  # fmt: skip
    path = tmp_path / "in.jsonl"
    path.write_text("".join(json.dumps(d) + "\n" for d in dicts), encoding="utf-8")
    out = cli("code", str(path), "-q")
    assert out.returncode == 3, out.stderr  # coded, some inputs skipped
    want = [json.loads(line) for line in out.stdout.splitlines()]
    skipped = stderr_messages(out.stderr, SKIPPED)
    assert skipped == [
        f'{path}:4: missing field "text"',
        f'{path}:5: field "published": not a date: "March 3"',
    ]
    got = list(wirecode.code_many(dicts))
    assert [r["id"] for r in got] == ["a", "7", "c", "d", "e"]
    assert [got[0], got[1], got[2]] == want
    assert got[0]["extra"] == {"lang": "en"}
    assert got[1]["published"] == "2026-03-04"
    assert got[3] == {"id": "d", "index": 3, "error": 'd: missing field "text"'}
    assert got[4] == {"id": "e", "index": 4, "error": 'e: field "published": not a date: "March 3"'}
    # Dates and bytes are accepted in dicts too.
    d = dict(dicts[0], published=datetime.date(2026, 3, 3), text=body(texts[0]).encode())
    assert next(wirecode.code_many([d])) == want[0]


@pytest.mark.parametrize(
    "name, data",
    [
        ("empty.txt", b"  \n\n\t\n"),
        ("binary.bin", bytes([0, 1, 2, 3, 0, 255, 0, 7]) * 10),
        ("url-only.txt", b"https://example.org/2024/01/02/a\n\n"),
    ],
)
def test_bad_input_raises_with_the_cli_message(cli, tmp_path, name, data):
    path = tmp_path / name
    path.write_bytes(data)
    out = cli("code", str(path), "-q")
    assert out.returncode == 3
    (message,) = stderr_messages(out.stderr, SKIPPED)
    with pytest.raises(WirecodeError) as exc:
        wirecode.code(data, id=str(path))
    assert str(exc.value) == message
    assert isinstance(exc.value, ValueError)
    assert exc.value.id == str(path) and exc.value.index is None
    assert message == f"{path}: {exc.value.reason}"
    if name != "binary.bin":  # the same text as a str
        with pytest.raises(WirecodeError, match="empty article"):
            wirecode.code(data.decode(), id=str(path))


def test_invalid_utf8_is_decoded_with_the_cli_warning(cli, tmp_path):
    data = "Café talks open in Genève\n\nThe café opened on Monday.".encode("cp1252")
    path = tmp_path / "latin.txt"
    path.write_bytes(data)
    out = cli("code", str(path), "-q")
    assert out.returncode == 0, out.stderr
    (message,) = stderr_messages(out.stderr, WARNING)
    assert "invalid UTF-8 at byte 3" in message
    with pytest.warns(WirecodeWarning) as record:
        r = wirecode.code(data, id=str(path))
    assert [str(w.message) for w in record] == [message]
    assert r == json.loads(out.stdout)
    assert r["text"].startswith("Café talks")


def test_code_argument_errors():
    with pytest.raises(TypeError, match="str or bytes"):
        wirecode.code(123)
    with pytest.raises(TypeError):
        wirecode.code("Text.", "positional title")
    with pytest.raises(WirecodeError, match=r'^0: field "published": not a date: "06/12/2016"$'):
        wirecode.code("Russia vetoed it.", published="06/12/2016")
    with pytest.raises(TypeError, match="published"):
        wirecode.code("Russia vetoed it.", published=20240305)
    with pytest.raises(WirecodeError, match="^0: empty article$"):
        wirecode.code("")
    # Unpaired surrogates: replaced, with a warning; the article is still coded.
    with pytest.warns(WirecodeWarning, match="surrogates"):
        r = wirecode.code("Russia vetoed the resolution \ud800 on Monday.")
    assert "\ufffd" in r["text"]


def test_code_releases_the_gil(examples):
    text = "\n\n".join(p.read_text(encoding="utf-8") for p in examples) * 16
    ticks = 0
    stop = threading.Event()

    def count():
        nonlocal ticks
        while not stop.is_set():
            ticks += 1
            time.sleep(0.001)

    wirecode.code("Warm up.")  # loads the pipeline
    t0 = time.perf_counter()
    th = threading.Thread(target=count)
    th.start()
    before = ticks
    wirecode.code(text)
    during = ticks - before
    elapsed = time.perf_counter() - t0
    stop.set()
    th.join()
    # Holding the GIL would freeze the counter for the whole call.
    assert during >= min(5, int(elapsed * 100)), (during, elapsed)


# ---------------------------------------------------------------- code_many()


def synthetic_articles(examples: list[Path], n: int) -> list:
    """n varied articles built from the example stories: shuffled paragraph
    subsets, alternating str and dict items, with dates spread over a month."""
    import random

    rng = random.Random(9)
    stories = []
    for p in examples:
        _url, _blank, rest = p.read_text(encoding="utf-8").partition("\n\n")
        paras = [x for x in rest.split("\n\n") if x.strip()]
        stories.append((paras[0], paras[1:]))
    out = []
    for i in range(n):
        head, paras = stories[i % len(stories)]
        k = rng.randint(2, len(paras))
        body = "\n\n".join([head] + rng.sample(paras, k))
        day = datetime.date(2026, 3, 1) + datetime.timedelta(days=i % 28)
        if i % 2:
            out.append({"id": f"art-{i}", "text": body, "published": day.isoformat(), "n": i})
        else:
            out.append(f"https://news.example.org/{day:%Y/%m/%d}/story-{i}\n\n{body}")
    return out


def test_code_many_1000_articles(examples):
    articles = synthetic_articles(examples, 1000)
    t0 = time.perf_counter()
    results = list(wirecode.code_many(iter(articles)))  # a one-shot iterator
    elapsed = time.perf_counter() - t0
    assert len(results) == 1000
    assert not [r for r in results if "error" in r]
    ids = [r["id"] for r in results]
    assert ids == [f"art-{i}" if i % 2 else str(i) for i in range(1000)]
    for i, r in enumerate(results):
        if i % 2:
            assert r["text"] == articles[i]["text"] and r["extra"] == {"n": i}
            assert r["published"] == articles[i]["published"]
        else:
            assert r["url"] == articles[i].split("\n", 1)[0]
            assert r["published"] == "-".join(r["url"].split("/")[3:6])
    n_events = sum(len(r["events"]) for r in results)
    n_quotes = sum(len(r["quotes"]) for r in results)
    assert n_events > 1000 and n_quotes > 1000, (n_events, n_quotes)
    # Parallel coding is deterministic and in order: a sample recoded one by one agrees.
    for i in (0, 1, 2, 499, 500, 998, 999):
        a = articles[i]
        one = wirecode.code(a, id=str(i)) if isinstance(a, str) else next(wirecode.code_many([a]))
        assert one == results[i], i
    words = sum(len(r["text"].split()) for r in results)
    print(f"\ncode_many: 1000 articles, {words} words in {elapsed:.2f} s")


def test_code_many_threads_and_laziness(examples):
    articles = synthetic_articles(examples, 300)
    one = list(wirecode.code_many(articles, threads=1))
    two = list(wirecode.code_many(articles, threads=2))
    assert one == two
    # Lazy: the first result comes before the input is exhausted.
    pulled = 0

    def gen():
        nonlocal pulled
        for a in articles:
            pulled += 1
            yield a

    it = wirecode.code_many(gen())
    assert next(it) == one[0]
    assert pulled < len(articles)
    assert list(it) == one[1:]
    assert list(wirecode.code_many([])) == []


def test_code_many_error_modes():
    items = ["Russia vetoed the resolution on Monday.", "", 42, {"text": "China vetoed it."}]
    rec = list(wirecode.code_many(items))
    assert [r["id"] for r in rec] == ["0", "1", "2", "3"]
    assert rec[1] == {"id": "1", "index": 1, "error": "1: empty article"}
    assert rec[2] == {
        "id": "2",
        "index": 2,
        "error": "2: an article must be a str, bytes or dict, not int",
    }
    assert rec[0]["events"] and rec[3]["events"]

    with pytest.warns(WirecodeWarning) as record:
        kept = list(wirecode.code_many(items, errors="skip"))
    assert [r["id"] for r in kept] == ["0", "3"]
    assert [str(w.message) for w in record] == [
        "skipped: 1: empty article",
        "skipped: 2: an article must be a str, bytes or dict, not int",
    ]

    it = wirecode.code_many(items, errors="raise")
    assert next(it) == rec[0]
    with pytest.raises(WirecodeError) as exc:
        next(it)
    assert (str(exc.value), exc.value.index, exc.value.id) == ("1: empty article", 1, "1")
    assert list(it) == []

    with pytest.raises(ValueError, match="errors must be"):
        wirecode.code_many(items, errors="ignore")
    with pytest.raises(TypeError, match="iterable of articles"):
        wirecode.code_many("one text")
    with pytest.raises(TypeError):
        wirecode.code_many(5)


def test_code_many_reraises_the_iterables_exception_in_order():
    def gen():
        yield "Russia vetoed the resolution on Monday."
        yield "China vetoed it."
        raise KeyError("source broke")

    it = wirecode.code_many(gen())
    got = [next(it), next(it)]
    assert [r["id"] for r in got] == ["0", "1"]
    with pytest.raises(KeyError, match="source broke"):
        next(it)


def test_code_many_bad_dicts():
    class Opaque:
        pass

    items = [
        {"text": "Russia vetoed it.", "when": Opaque()},
        {"text": 5},
        {"text": "Russia vetoed it.", 3: "x"},
        {"id": ["x"], "text": "Russia vetoed it."},
        {"text": "Russia vetoed it.", "score": float("nan")},
    ]
    errs = [r["error"] for r in wirecode.code_many(items)]
    assert errs == [
        '0: field "when": Opaque is not a JSON value',
        '1: field "text" must be a string',
        "2: article keys must be strings, not int",
        '3: field "id" must be a string or number',
        '4: field "score": NaN is not a JSON number',
    ]


# ---------------------------------------------------------------- to_frames()


def test_to_frames(examples):
    pd = pytest.importorskip("pandas")
    texts = [p.read_text(encoding="utf-8") for p in examples]
    results = list(wirecode.code_many(texts + [""]))
    frames = wirecode.to_frames(results)
    assert set(frames) == {"events", "quotes", "entities"}
    ok = results[:-1]
    for key in ("events", "quotes", "entities"):
        df = frames[key]
        assert isinstance(df, pd.DataFrame)
        assert len(df) == sum(len(r[key]) for r in ok), key
        assert list(df["id"].unique()) == [r["id"] for r in ok if r[key]]
    ev = frames["events"]
    assert str(ev["date"].dtype).startswith("datetime64")
    first = ok[0]["events"][0]
    row = ev.iloc[0]
    assert (row["code"], row["mode"], row["goldstein"]) == (
        first["code"],
        first["mode"],
        first["goldstein"],
    )
    assert row["evidence"] == ok[0]["text"][first["evidence"]["start"] : first["evidence"]["end"]]
    per_day = ev.groupby("date").size()
    assert per_day.sum() == ev["date"].notna().sum() > 0
    q = frames["quotes"]
    split = [r for r in ok for x in r["quotes"] if len(x["content"]) > 1]
    assert split and (q["spans"] > 1).any() and q["content"].str.contains(r"\.\.\.").any()
    # One result dict works too; empty input gives empty frames with the columns.
    assert len(wirecode.to_frames(ok[0])["events"]) == len(ok[0]["events"])
    empty = wirecode.to_frames([])
    assert len(empty["events"]) == 0 and "goldstein" in empty["events"].columns


def test_to_frames_without_pandas_says_so(monkeypatch):
    monkeypatch.setitem(sys.modules, "pandas", None)  # makes `import pandas` fail
    with pytest.raises(ImportError, match="pip install pandas"):
        wirecode.to_frames([])


# ---------------------------------------------------------------- the README


def test_readme_python_section_runs(monkeypatch):
    pytest.importorskip("pandas")
    pytest.importorskip("matplotlib")
    monkeypatch.setenv("MPLBACKEND", "Agg")
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    section = readme.split("\n## Python\n", 1)[1].split("\n## ", 1)[0]
    blocks = [b.split("```", 1)[0] for b in section.split("```python\n")[1:]]
    assert len(blocks) >= 4
    monkeypatch.chdir(REPO)  # the example reads examples/*.txt
    ns: dict = {}
    for block in blocks:
        exec(compile(block, "README.md", "exec"), ns)  # noqa: S102 - our own README
    assert ns["per_day"].sum() == len(ns["events"]) > 0
    assert len(ns["results"]) == 4 and ns["results"][-1]["id"] == "aleppo"
    import matplotlib.pyplot as plt

    plt.close("all")
