"""Answer latency and answer quality on province-sized bases — a benchmark, not a test.

    .venv/bin/python scripts/bench_search.py [--sizes 10000 100000 1000000] [--questions 300]
        [--data /work/bench-data] [--quality]

Bases are built once into --data (outside the repository; reused when present). A base
of N tasks holds N // TASKS_PER_WARD synthetic wards, each with DOCUMENTS_PER_WARD plans,
its own five leaders (names drawn like real ones, so some repeat across wards) and its
own units (drawn from the sample plans' units), then the five sample plans and the
layout plans of the test suite.

Per size, in one process: the distinct questions of a mix (most asked in a ward, as a
chat with /noi asks; some province-wide) are answered once each; every NAIVE_EVERY-th
one is also answered by the naive scan (rapidfuzz WRatio over every task), right after
it, so both are timed on the same questions under the same load. How it is kept fair:
- one process, one open base: the answerer warmed up as the long-running bot is at start
  (warm_up), the naive scan's texts read from the same base once, before any timing, and
  the base's files read once before that, so neither method measures the disk
  (warm_file_cache: the OS holds the base as a server with enough memory does);
- per question, the answerer is timed first, then (every NAIVE_EVERY-th) the naive scan,
  so neither runs on caches the other filled for that question; both are wall time;
- nothing is repeated or cached across questions beyond what the bot itself keeps (a
  question is asked once; the base's pages stay in the OS cache for both alike);
- p50 and p99 are over every distinct question; the speed-up is the naive p50 over the
  answerer's p50 on the same NAIVE_EVERY-th questions.
Start-up is a whole `python -m bot ask` process to its first answer (median of three);
RSS the peak of a whole `python -m bot ask --batch` process over the mix. The machine's
CPU is shared: each row ends with the 1-minute load average when it was measured;
figures are noisy, run twice before believing a difference.

--quality asks the shared question set and the layout questions in each question's ward
(the ward its answer comes from in the samples-only base) and in every sample ward, in
the samples-only base and in each big base, and prints how many replies differ.
"""

from __future__ import annotations

import argparse
import datetime as dt
import itertools
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SEED = 20261122
TASKS_PER_WARD = 2_000           # a dozen plans a year of ~170 tasks
DOCUMENTS_PER_WARD = 12
LEADERS_PER_WARD = ("Chủ tịch", "Phó Chủ tịch", "Phó Chủ tịch", "Chủ tịch HĐND", "Phó Chủ tịch HĐND")
UNITS_PER_WARD = (18, 30)
NAIVE_EVERY = 10                 # the naive scan takes seconds at 1M: time it on every 10th question
TODAY = dt.date(2026, 6, 15)
SHARED_EVAL = ROOT.parent / "shared" / "eval" / "dev_questions.jsonl"
LAYOUTS = ROOT / "tests" / "data" / "layouts"
SAMPLES = ROOT / "samples" / "plans"

SURNAMES = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ",
            "Hồ", "Ngô", "Dương", "Lý"]
MIDDLE_NAMES = ["Văn", "Thị", "Đức", "Minh", "Hữu", "Quang", "Thanh", "Ngọc", "Xuân", "Công"]
GIVEN_NAMES = ["An", "Bình", "Cường", "Dũng", "Giang", "Hải", "Hà", "Hùng", "Hương", "Khánh", "Lan", "Long",
               "Mai", "Nam", "Nga", "Phúc", "Phương", "Quân", "Quyên", "Sơn", "Tâm", "Thảo", "Thắng", "Trang",
               "Trung", "Tuấn", "Việt", "Vinh", "Yến", "Thạch", "Hiếu", "Lâm"]
PLACE_SYLLABLES = ["Phú", "Hòa", "Bình", "Tân", "Đông", "Tây", "Sơn", "Thành", "Hưng", "Lạc", "Thuận", "Mỹ",
                   "Long", "Thạnh", "Phước", "Thới", "Vĩnh", "Quới", "Nhơn", "Xuân", "Cát", "Trung", "Hiệp",
                   "Khánh", "Đức", "Hải", "Tường", "Châu", "Lương", "Định"]


@dataclass
class Ward:
    place: str                  # "phường Tân Phước"
    leaders: list[str]          # cells as plans write them: "Phó Chủ tịch Trần Văn An"
    units: list[str]


def sample_plans():
    from knowledge.parser import parse_plan

    return [parse_plan(p.read_text(encoding="utf-8").splitlines(), p.name) for p in sorted(SAMPLES.glob("*.txt"))]


def vocabulary(plans):
    contents = [t.content for doc in plans for t in doc.tasks]
    units = sorted({u for doc in plans for t in doc.tasks for u in t.lead_units})
    words = sorted({w for c in contents for w in c.split() if len(w) > 1})
    return contents, units, words


def wards(size: int, shared_leaders: bool = False) -> list[Ward]:
    """The synthetic wards of a base of *size* tasks (the same every run). With
    *shared_leaders* (the reminder benchmark's worst case) five people lead them all."""
    from knowledge.text import normalize

    rng = random.Random(SEED)
    _, units, _ = vocabulary(sample_plans())
    taken = _real_place_words()
    names = [f"{a} {b}" for a, b in itertools.permutations(PLACE_SYLLABLES, 2)]
    rng.shuffle(names)
    names = [n for n in names if normalize(n) not in taken]
    people = [" ".join(p) for p in itertools.product(SURNAMES, MIDDLE_NAMES, GIVEN_NAMES)]
    handful = [f"{title} {name}" for title, name in zip(LEADERS_PER_WARD, rng.sample(people, 5))]
    out = []
    for index in range(max(2, size // TASKS_PER_WARD)):
        kind = "phường" if index % 3 else "xã"
        name = names[index % len(names)] + ("" if index < len(names) else f" {index // len(names) + 1}")
        leaders = handful if shared_leaders else \
            [f"{title} {name}" for title, name in zip(LEADERS_PER_WARD, rng.sample(people, 5))]
        out.append(Ward(f"{kind} {name}", leaders, rng.sample(units, rng.randint(*UNITS_PER_WARD))))
    return out


def _real_place_words() -> set[str]:
    """Names of the wards in the sample and layout plans: no synthetic ward may take one."""
    from knowledge.text import normalize

    names = set()
    for path in [*SAMPLES.glob("*.txt"), *LAYOUTS.glob("*.txt")]:
        parts = path.stem.split("-")
        for length in (2, 3):
            names.add(normalize(" ".join(parts[:length])))
    return names


def synthetic_documents(size: int, rng: random.Random, shared_leaders: bool = False):
    """Plans of the synthetic wards, TASKS_PER_WARD tasks each ward, made from the
    sample plans' own wording."""
    from knowledge.models import PlanDocument, PlanPeriod, Source, Span, Task, TimeKind, When
    from knowledge.units import leader_name

    contents, _, words = vocabulary(sample_plans())
    period = PlanPeriod("năm 2026", dt.date(2026, 1, 1), dt.date(2026, 12, 31))
    made = 0
    for ward in wards(size, shared_leaders):
        per_document = TASKS_PER_WARD // DOCUMENTS_PER_WARD
        for number in range(DOCUMENTS_PER_WARD):
            count = min(per_document, size - made)
            if count <= 0:
                return
            doc = PlanDocument(file_name=f"{ward.place}-{number}.txt", sha256=f"{ward.place}-{number}",
                               kind="KẾ HOẠCH", title=f"Công tác số {number} năm 2026", place=ward.place,
                               number=f"{number + 1}/KH-UBND", period=period)
            for index in range(count):
                base = rng.choice(contents).split()
                content = " ".join(base[: rng.randint(4, 14)] + rng.sample(words, 3))
                day = dt.date(2026, 1, 1) + dt.timedelta(days=rng.randint(0, 364))
                leader = rng.choice(ward.leaders)
                doc.tasks.append(Task(
                    content=content, lead_units=[rng.choice(ward.units)], lead_raw="", leader=leader,
                    leader_name=leader_name(leader),
                    when=When(raw=day.strftime("%d/%m/%Y"), kind=TimeKind.DEADLINE, spans=(Span(day, day),)),
                    layout="table", source=Source(doc.file_name, "", str(index + 1), index + 1)))
            doc.unit_aliases = {u: u for u in ward.units}
            made += count
            yield doc


def question_mix(size: int, count: int) -> list[dict]:
    """Distinct questions as batch lines {q, today, place}: most asked in a ward."""
    from knowledge.text import fold
    from knowledge.units import leader_name

    rng = random.Random(SEED + 1)
    contents, _, _ = vocabulary(sample_plans())
    every = wards(size)

    def topic(n: int) -> str:
        return " ".join(rng.choice(contents).split()[:n])

    templates = [
        lambda w: f"ai chủ trì {topic(6)}",
        lambda w: f"hạn {topic(5)} ngày nào",
        lambda w: fold(f"ai chu tri {topic(5)}"),
        lambda w: f"tháng {rng.randint(1, 12)} có những việc gì",
        lambda w: f"{rng.choice(w.units)} tháng {rng.randint(1, 12)} làm gì",
        lambda w: f"{leader_name(rng.choice(w.leaders))} chỉ đạo việc gì tháng {rng.randint(1, 12)}",
        lambda w: "tuần này có hạn gì",
        lambda w: rng.choice(["thời tiết ngày mai thế nào", "giá vàng hôm nay", "lịch thi đấu bóng chuyền"]),
    ]
    seen, out = set(), []
    while len(out) < count:
        ward = rng.choice(every)
        question = rng.choice(templates)(ward)
        place = ward.place if rng.random() < 0.7 else ""
        if (question, place) not in seen:
            seen.add((question, place))
            out.append({"q": question, "today": TODAY.isoformat(), "place": place})
    return out


def real_plan_files() -> list[Path]:
    return sorted(SAMPLES.glob("*.txt")) + sorted(LAYOUTS.glob("*.txt"))


def build(size: int, path: Path) -> dict:
    """Synthetic wards, then the real plans, into a new database at *path*."""
    from knowledge.database import open_db
    from knowledge.ingest import ingest_paths, store_document

    db = open_db(path)
    started = time.perf_counter()
    for doc in synthetic_documents(size, random.Random(SEED)):
        store_document(db, doc)
    report = ingest_paths(db, real_plan_files())
    assert not report.failures, [f.file_name for f in report.failures]
    db.execute("insert into tasks_fts(tasks_fts) values ('optimize')")
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return {"build_s": round(time.perf_counter() - started, 1)}


def build_real_only(path: Path) -> None:
    from knowledge.database import open_db
    from knowledge.ingest import ingest_paths

    report = ingest_paths(open_db(path), real_plan_files())
    assert not report.failures


def warm_file_cache(path: Path) -> None:
    """Read the base's files once, so that the OS holds them as a server that has the base
    in memory does. This machine's other tenants evict a 1 GB base from the page cache
    within minutes; the first reads after that measure the disk, not the method (p50 from
    7 to 33 ms), and the naive scan, which holds every text in memory, would not pay them."""
    for file in (path, path.with_name(path.name + "-wal")):
        if file.exists():
            with file.open("rb") as data:
                while data.read(1 << 22):
                    pass


def measure(path: Path, size: int, questions: int) -> dict:
    """The answerer on every distinct question; the naive scan on every NAIVE_EVERY-th,
    right after the answerer, in this same process."""
    from rapidfuzz import fuzz, process, utils

    from knowledge.answer import Answerer, warm_up
    from knowledge.catalog import find_place
    from knowledge.database import open_db

    warm_file_cache(path)
    db = open_db(path)
    answerer = Answerer(db)
    texts = [utils.default_process(r[0]) for r in db.execute("select content from tasks")]
    mix = question_mix(size, questions)
    warm_up(answerer)                             # as the long-running bot does at start
    answerer.ask("Báo cáo kết quả công tác", TODAY)
    places = {item["place"]: find_place(answerer.catalog, item["place"]) for item in mix if item["place"]}
    ours, ours_paired, naive = [], [], []
    for number, item in enumerate(mix):
        place = places[item["place"]].key if item["place"] else None
        t0 = time.perf_counter()
        answerer.ask(item["q"], TODAY, place_key=place)
        ours.append((time.perf_counter() - t0) * 1000)
        if number % NAIVE_EVERY == 0:
            t0 = time.perf_counter()
            process.extract(utils.default_process(item["q"]), texts, scorer=fuzz.WRatio, limit=10, processor=None)
            naive.append((time.perf_counter() - t0) * 1000)
            ours_paired.append(ours[-1])
    ours.sort()
    return {"questions": len(mix), "p50_ms": round(statistics.median(ours), 1),
            "p99_ms": round(ours[max(0, int(len(ours) * 0.99) - 1)], 1),
            "naive_p50_ms": round(statistics.median(naive), 1),
            "ratio": round(statistics.median(naive) / statistics.median(ours_paired), 0)}


def whole_process(args: list[str]) -> float:
    """Wall seconds of `python -m bot ...` run as users run it."""
    started = time.perf_counter()
    run = subprocess.run([sys.executable, "-m", "bot", *args], cwd=ROOT, capture_output=True, text=True)
    if run.returncode:
        raise RuntimeError(run.stderr.strip()[-300:] or "failed")
    return time.perf_counter() - started


def start_up(path: Path, size: int) -> float:
    """Median wall time of three whole `python -m bot ask` processes, a marked question in a ward."""
    ward = wards(size)[0]
    question = f"{ward.units[0]} tháng 6 có việc gì"
    warm_file_cache(path)       # a cold process, not a cold disk
    times = [whole_process(["ask", question, "--db", str(path), "--place", ward.place,
                            "--today", TODAY.isoformat()]) for _ in range(3)]
    return statistics.median(times)


def peak_rss(path: Path, size: int, questions: int) -> float:
    """Peak RSS of one whole `python -m bot ask --batch` process answering the mix."""
    with tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False, encoding="utf-8") as batch:
        for item in question_mix(size, questions):
            batch.write(json.dumps(item, ensure_ascii=False) + "\n")
    try:
        child = subprocess.Popen([sys.executable, "-m", "bot", "ask", "--batch", batch.name, "--db", str(path),
                                  "--json"], cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        _, status, usage = os.wait4(child.pid, 0)
        if status:
            raise RuntimeError(child.stderr.read().decode()[-300:])
        return usage.ru_maxrss / 1024
    finally:
        os.unlink(batch.name)


def quality_questions() -> list[dict]:
    lines = []
    for path in (SHARED_EVAL, LAYOUTS / "questions.jsonl"):
        if path.exists():
            lines += [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return lines


def replies(path: Path) -> dict:
    """For every question: the samples-only base's ward of its first answer, and the reply
    in that ward and in every real ward. Keys are 'question|ward'."""
    from bot import texts
    from knowledge.answer import Answerer
    from knowledge.database import open_db

    answerer = Answerer(open_db(path))
    real = sorted({r[0] for r in answerer.db.execute(
        "select place_key from documents where file_name in (%s)" % ",".join("?" * len(real_plan_files())),
        [p.name for p in real_plan_files()])})
    out = {}
    for item in quality_questions():
        today = dt.date.fromisoformat(item["today"])
        for place in real:
            answer = answerer.ask(item["q"], today, place_key=place)
            out[f"{item['q']}|{item['today']}|{place}"] = texts.render_answer(answer)
    return out


def quality(small: Path, big: Path) -> dict:
    """How many replies differ between the samples-only base and *big*."""
    from knowledge.answer import Answerer
    from knowledge.database import open_db

    base, scaled = replies(small), replies(big)
    own: set[str] = set()
    answerer = Answerer(open_db(small))
    for item in quality_questions():
        answer = answerer.ask(item["q"], dt.date.fromisoformat(item["today"]))
        ward = answer.items[0].task.place_key if answer.items else None
        if ward:
            own.add(f"{item['q']}|{item['today']}|{ward}")
    differing = sorted(k for k in base if base[k] != scaled.get(k))
    return {"own_ward": len(own), "own_ward_differ": len([k for k in differing if k in own]),
            "every_ward": len(base), "every_ward_differ": len(differing), "examples": differing[:5]}


def _child(*args) -> dict:
    out = subprocess.run([sys.executable, __file__, "--child", *map(str, args)], capture_output=True, text=True, cwd=ROOT)
    if out.returncode != 0:
        raise RuntimeError(out.stderr.strip()[-2000:] if out.stderr.strip() else "failed")
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    parser.add_argument("--questions", type=int, default=300)
    parser.add_argument("--data", type=Path, default=Path(tempfile.gettempdir()) / "nhacviec-bench",
                        help="where bases are built once and reused (outside the repository)")
    parser.add_argument("--quality", action="store_true", help="also count replies changed by scale")
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        step, path, *rest = args.child
        result = {"build": lambda: build(int(rest[0]), Path(path)),
                  "measure": lambda: measure(Path(path), int(rest[0]), int(rest[1])),
                  "quality": lambda: quality(Path(rest[0]), Path(path))}[step]()
        print(json.dumps(result, ensure_ascii=False))
        return 0
    args.data.mkdir(parents=True, exist_ok=True)
    small = args.data / "bench-real-plans.db"
    if args.quality and not small.exists():
        build_real_only(small)
    print(f"{'tasks':>9} {'build s':>8} {'db MB':>7} {'p50 ms':>7} {'p99 ms':>7} {'naive p50':>10} "
          f"{'speed-up':>9} {'RSS MB':>7} {'start s':>8} {'load':>5}")
    for size in args.sizes:
        path = args.data / f"bench-{size}.db"
        try:
            built = _child("build", path, size) if not path.exists() else {"build_s": "kept"}
            r = _child("measure", path, size, args.questions)
            rss = peak_rss(path, size, args.questions)
            start = start_up(path, size)
        except RuntimeError as error:
            print(f"{size:>9} failed: {error}")
            continue
        print(f"{size:>9} {built['build_s']!s:>8} {path.stat().st_size / 2**20:>7.0f} {r['p50_ms']:>7} "
              f"{r['p99_ms']:>7} {r['naive_p50_ms']:>10} {r['ratio']:>8.0f}x {rss:>7.0f} {start:>8.2f} "
              f"{os.getloadavg()[0]:>5.2f}", flush=True)
        if args.quality:
            q = _child("quality", path, small)
            print(f"{'':>9} quality: {q['own_ward_differ']} of {q['own_ward']} replies in the question's ward "
                  f"differ from the samples-only base; {q['every_ward_differ']} of {q['every_ward']} "
                  f"in every real ward {q['examples'] or ''}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
