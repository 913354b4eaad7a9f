#!/usr/bin/env python3
"""Regenerates Fuzz/Corpus/ from the seed documents and the sample history (run from the repository root).

The corpus is committed; `make fuzz` copies it into .build-fuzz/corpus/ and never writes here.
File names are content hashes, so regenerating is idempotent and duplicates collapse.
"""
import glob, hashlib, os, random, shutil

ROOT = "Fuzz/Corpus"
TARGETS = ["FuzzFrontMatter", "FuzzDocument", "FuzzDiff", "FuzzReuse", "FuzzRenderers"]


def put(target, data):
    name = hashlib.sha1(data).hexdigest()[:16]
    with open(os.path.join(ROOT, target, name), "wb") as f:
        f.write(data)


def read(path):
    with open(path, "rb") as f:
        return f.read()


for t in TARGETS:
    shutil.rmtree(os.path.join(ROOT, t), ignore_errors=True)
    os.makedirs(os.path.join(ROOT, t))

seeds = sorted(glob.glob("Tests/Fixtures/seeds/*.txt"))
pages = sorted(set(glob.glob("history/*/content/*.md")))
documents = [read(p) for p in seeds + pages]

# Documents: every seed and every page of the sample history, plus small odd shapes.
odd = [
    b"", b"\xef\xbb\xbf# Title\r\nText\r\n", b"# A\n## B\n### C\n# A\n", b"<!--\n## Hidden\n-->\n# Shown\n",
    b"- a\n  - b\n    - c\n- [x] done\n", b"> quote\n>\n> \xe2\x80\x94 Someone\n", b"| a | b |\n|---|---|\n| 1 | 2 |\n",
    b"```python\nprint('x')\n```\n", b"[link](https://example.com) ![img](a.png) <https://auto.link>\n",
    b"Title\n=====\n\ntext\n\n---\n", b"\xff\xfe invalid \xc3\x28 utf8\n# H\xe9ading\n",
]
for d in documents + odd:
    put("FuzzDocument", d)

# Front matter: selector byte (see Fuzz/FuzzFrontMatter): 0 YAML, 1 TOML, 2 JSON, 3 raw; +4 closes, +8 adds a body.
for d in documents:
    if d.startswith(b"---") or d.startswith(b"+++") or d.startswith(b"{"):
        put("FuzzFrontMatter", b"\x03" + d)
for d in [read(p) for p in sorted(glob.glob("history/*/hugo.toml"))][:2]:
    put("FuzzFrontMatter", b"\x05" + d)
yaml = [
    b'title: "About Me"\n# date: 2024-02-17\ndraft: false\ntags: [a, b]\nparams:\n  toc: true\n',
    b"a: &a [x, x, x]\nb: &b [*a, *a, *a]\nc: &c [*b, *b, *b]\nd: [*c, *c, *c]\n",
    b"base: &base {k: v}\nchild:\n  <<: *base\n  k2: v2\n",
    b"date: 2024-02-17T10:00:00Z\nn: 12\nf: 1.5e3\nnull: ~\nlist:\n  - - - deep\n",
    b"bad: [unclosed\nkey: : value\n\t- tab\n",
    b"multi: |\n  line one\n  line two\nfolded: >\n  a\n  b\n",
]
for y in yaml:
    put("FuzzFrontMatter", b"\x0c" + y)
    put("FuzzFrontMatter", b"\x1c" + y)
toml = [
    b'title = "About Me"\n# date = 2024-02-17\ndraft = false\n[params]\ntoc = true\n[[items]]\nname = "x"\n',
    b"date = 2024-02-17T10:00:00Z\ninline = { a = 1, b = [1, 2] }\n'literal' = '''\nmulti\n'''\n",
    b'broken = \n[table\nkey = "unterminated\n',
]
for t in toml:
    put("FuzzFrontMatter", b"\x0d" + t)
json = [
    b'{\n  "title": "About Me",\n  "draft": false,\n  "tags": ["a", "b"],\n  "n": 1.5\n}\n# Body\n',
    b'{"a": {"b": {"c": [1, {"d": null}]}}}\n',
    b'{\n  "title": "unterminated\n}\n',
    b'{"k": "\\u00e9\\ud83d\\ude00"}\nbody\n',
]
for j in json:
    put("FuzzFrontMatter", b"\x03" + j)
    put("FuzzFrontMatter", b"\x02" + j[1:])

# Diff: consecutive revisions of each page joined at a 0xFF byte, plus the two seed revisions.
by_page = {}
for p in pages:
    by_page.setdefault(os.path.basename(p), []).append(read(p))
for revisions in by_page.values():
    unique = []
    for r in revisions:
        if not unique or unique[-1] != r:
            unique.append(r)
    for old, new in zip(unique, unique[1:]):
        put("FuzzDiff", old + b"\xff" + new)
put("FuzzDiff", read("Tests/Fixtures/seeds/001_9dee449ab1126205.txt") + b"\xff" + read("Tests/Fixtures/seeds/000_9f5a001f2efa351c.txt"))
put("FuzzDiff", b"# A\n\ntext one\n\n# B\n\n- x\n- y\n\xff# B\n\n- y\n- x\n- z\n\n# A2\n\ntext one\n")

# Reuse: the same pairs (the second revision also gives the edit that makes the third; see Fuzz/FuzzReuse).
for name in sorted(os.listdir(os.path.join(ROOT, "FuzzDiff"))):
    put("FuzzReuse", read(os.path.join(ROOT, "FuzzDiff", name)))

# Renderers: the input is read as length-prefixed strings and shape bytes (see Fuzz/FuzzRenderers);
# seeds mix hostile snippets into deterministic noise.
hostile = [
    b"@octocat", b"#123", b"<script>alert(1)</script>", b"</details>", b"\x1b[31mred\x1b]0;title\x07", b"\xe2\x80\xae",
    b"line\nbreak\r\n", b"&lt;&#64;", b"[x](javascript:1)", b"![i](a.png)", b"`code` ``` ~~~", b"| cell |", b"\xc2\x9b",
    b"\xe2\x80\x8b\xe2\x80\x8d", b"1. item", b"- item", b"\\", b'"quote"',
]
rng = random.Random(8)
for n in range(12):
    out = bytearray()
    while len(out) < 600 + n * 150:
        if rng.random() < 0.3:
            s = rng.choice(hostile)
            out.append(len(s))
            out += s
        else:
            out.append(rng.randrange(256))
    put("FuzzRenderers", bytes(out))
