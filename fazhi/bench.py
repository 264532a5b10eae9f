"""Parser speed figures: `python -m fazhi.bench --seeds DIR [--repeat N]`.

Prints (asserts nothing):
- documents/s and MB/s over every document in the folder, one process, best of N runs;
- cold documents/s (every per-text result cache cleared before each document, as for a
  document never seen) and the ratio of cold parse time to the floor: reading the bytes,
  decoding them and one pass of one compiled outline regex, measured in the same process;
- the one-pass prototype (not used by the parser): one combined scanner over the text,
  against the same floor — what a design whose stages share one tokenising pass starts from;
- the long-paragraph check: seed 002's text with its outline markers removed, run together
  into one paragraph under a report title line and repeated 64×, against 64 × one copy;
- the scaling check: the seed whose name starts with "004" written 10 times into one
  text file, t(10×)/t(1×) — close to 10 means the parser is linear in document size;
- the CLI's import time in a fresh interpreter, and whether cn2an was loaded;
- peak memory (ru_maxrss).
Every figure but the CLI's import time is CPU time of this process (time.process_time), so
that other work on a shared machine does not swing it; the import time is wall time in a fresh
interpreter and varies from run to run: compare runs made back to back.
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import os
import re
import sys
import tempfile
import time
from pathlib import Path

from fazhi.docs.docx_numbering import chinese_number
from fazhi.parse.markers import cn_number

SCALE = 10
SCALE_PREFIX = "004"


# A top-level marker "三、" at the start of a line or after a sentence/space.
TOP_MARKER = re.compile(r"(?:(?<=^)|(?<=[\s。；;:：]))([一二三四五六七八九十百零]{1,5})、", re.M)


def renumber(text: str, offset: int) -> str:
    """Shift the top-level section numbers so repeated copies extend the outline."""
    if not offset:
        return text

    def sub(m: re.Match) -> str:
        value = cn_number(m.group(1))
        if value is None:
            return m.group(0)
        n = value + offset
        return chinese_number(n, zero="零") + "、" if 0 < n < 1000 else m.group(0)

    return TOP_MARKER.sub(sub, text)


def _samples_dir() -> Path:
    return Path(__file__).resolve().parent.parent / "samples"


def _best(fn, repeat: int) -> float:
    best = float("inf")
    for _ in range(max(repeat, 1)):
        gc.collect()
        t0 = cpu()
        fn()
        best = min(best, cpu() - t0)
    return best


def _peak_mb() -> float | None:
    try:
        import resource
    except ImportError:  # Windows
        return None
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return rss / (1024 * 1024) if sys.platform == "darwin" else rss / 1024  # bytes vs KiB


def _files(folder: Path) -> list[Path]:
    from fazhi.batch import find_documents

    try:
        files, _ = find_documents(folder)
    except OSError:
        return []
    return [f for f in files if not f.name.lower().startswith("readme")]


def _pick_folder(seeds: Path) -> Path | None:
    if seeds.is_dir() and _files(seeds):
        return seeds
    samples = _samples_dir()
    reason = "不存在" if not seeds.exists() else "中没有可解析的文档"
    print(f"种子文件夹 {seeds} {reason},改用示例文档 {samples}。")
    if samples.is_dir() and _files(samples):
        return samples
    print(f"示例文件夹 {samples} 也没有文档,无法测速。")
    return None


def throughput(files: list[Path], repeat: int) -> list[Path]:
    import fazhi

    ok: list[Path] = []
    rows = []
    for f in files:  # warm-up (imports, compiled patterns), and drop files that fail
        try:
            doc = fazhi.parse_file(f)
        except fazhi.FazhiError as exc:
            print(f"  跳过 {f.name}:{exc}")
            continue
        ok.append(f)
        rows.append((f, doc))
    if not ok:
        print("没有可以解析的文档。")
        return ok
    size = sum(f.stat().st_size for f in ok)
    total = _best(lambda: [fazhi.parse_file(f) for f in ok], repeat)
    print(f"文档数 {len(ok)},合计 {size / 1024:.1f} KB;单进程,{repeat} 次取最快:")
    print(f"  总耗时 {total * 1000:.1f} ms")
    print(f"  速度 {len(ok) / total:.1f} 个文档/秒,{size / 1048576 / total:.2f} MB/秒")
    print("  逐个文档(最快一次):")
    from fazhi.export.table import text_width

    width = max(text_width(f.name) for f in ok)
    for f, doc in rows:
        t = _best(lambda f=f: fazhi.parse_file(f), repeat)
        name = f.name + " " * (width - text_width(f.name))
        print(
            f"    {name}  {f.stat().st_size / 1024:7.1f} KB  {t * 1000:8.1f} ms  "
            f"任务 {len(doc.get('tasks') or []):3d}  数据 {len(doc.get('metrics') or []):3d}  "
            f"类型 {doc.get('kind')}"
        )
    return ok


# CPU time of this process: on a shared machine, wall time also counts the time other
# processes held the CPU, which made the ratios below swing from run to run.
cpu = time.process_time

FLOOR_RE = re.compile(r"[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[)）]|\d+[.、．]")
LONG_PREFIX = "002"
LONG_COPIES = 64


def clear_caches() -> int:
    """Clear every per-text result cache (lru_cache with a size bound) in fazhi's modules;
    compiled rule caches (unbounded @cache of configuration) stay, as in a running server."""
    n = 0
    for name, mod in list(sys.modules.items()):
        if not name.startswith("fazhi") or mod is None:
            continue
        for obj in list(vars(mod).values()):
            info = getattr(obj, "cache_info", None)
            if callable(info) and getattr(obj, "__module__", "") == name and info().maxsize is not None:
                obj.cache_clear()
                n += 1
    return n


def _floor(f: Path) -> None:
    """Read the bytes, decode them as the reader does, one pass of one compiled regex."""
    from fazhi.docs.txt import decode

    text = decode(f.read_bytes())
    for _ in FLOOR_RE.finditer(text):
        pass


def against_floor(files: list[Path], repeat: int, fn, before=None) -> tuple[float, float]:
    """Sum over documents of the best of `repeat` runs of fn(f) and of the floor, interleaved
    per document so that a busy machine slows both alike. `before` runs untimed first."""
    t_fn = t_floor = 0.0
    for f in files:
        best_fn = best_floor = float("inf")
        for _ in range(max(repeat, 1)):
            if before is not None:
                before()
            t0 = cpu()
            fn(f)
            t1 = cpu()
            _floor(f)
            t2 = cpu()
            best_fn, best_floor = min(best_fn, t1 - t0), min(best_floor, t2 - t1)
        t_fn += best_fn
        t_floor += best_floor
    return t_fn, t_floor


def cold(files: list[Path], repeat: int) -> None:
    import fazhi

    # Caches cleared outside the timing: a new document finds them empty.
    t_cold, t_floor = against_floor(files, repeat, fazhi.parse_file, before=clear_caches)
    print(f"冷解析(每个文档前清空结果缓存,{len(files)} 个文档,每个 {repeat} 次取最快):")
    print(f"  冷速度 {len(files) / t_cold:.1f} 个文档/秒(合计 {t_cold * 1000:.1f} ms)")
    print(f"  下限(读字节 + 解码 + 一次编译正则扫描)合计 {t_floor * 1000:.2f} ms")
    print(f"  冷解析/下限 = {t_cold / t_floor:.1f}×(目标 ≤ 4×)")


def _prototype_scanner() -> re.Pattern:
    """The one-pass design the cold/floor target needs (a prototype, not used by the parser):
    ONE compiled pattern finds every token the stages look for — paragraph breaks, outline
    markers, brackets, unit labels and role verbs, quantity candidates, date anchors — so that
    each stage walks a short token list instead of re-scanning the text with its own patterns."""
    from fazhi.parse.quantities import _cfg as qcfg
    from fazhi.parse.rules import rules, unit_labels

    u = rules()["units"]
    words = sorted({*unit_labels(), *u["lead_verbs"], *u["responsible_verbs"], *u["support_verbs"]}, key=len, reverse=True)
    cn = "一二三四五六七八九十百"
    # The first characters any token can start with: the engine skips everything else at C speed.
    first = "".join(sorted({w[0] for w in words} | set("\n()[]【】第①②③④⑤⑥⑦⑧⑨⑩季半年") | set(cn) | set("零〇两千")))
    return re.compile(
        rf"(?=[\d{re.escape(first)}])(?:"
        rf"(?P<nl>\n)"
        rf"|(?P<mk>(?<=\n)(?:[{cn}]{{1,5}}、|\([{cn}]{{1,3}}\)|\d{{1,3}}[.、](?!\d)|\(\d{{1,3}}\)|[①-⑳]|第[{cn}\d]{{1,6}}[章节条]))"
        rf"|(?P<br>[()\[\]【】])"
        rf"|(?P<date>\d{{4}}年|\d{{1,2}}月|季度|半年|年底|年内|年末)"
        rf"|(?P<word>{'|'.join(map(re.escape, words))})"
        rf"|(?P<qty>{qcfg().pattern.pattern}))"
    )


def prototype(files: list[Path], repeat: int) -> None:
    """Figures for the one-pass design: decode + full-width clean-up + the one scan with a
    token per match, against the floor, per document, interleaved like cold()."""
    from fazhi.docs.txt import decode
    from fazhi.parse.text import halfwidth

    scanner = _prototype_scanner()

    def scan(f: Path) -> int:
        text = halfwidth(decode(f.read_bytes()))
        tokens = [(m.lastgroup, m.start()) for m in scanner.finditer(text)]
        return len(tokens)

    n_tokens = sum(scan(f) for f in files)
    t_scan, t_floor = against_floor(files, repeat, scan)
    print("原型(一次扫描的设计,解析器未采用):解码 + 全角处理 + 一个合并正则扫描出全部记号")
    print(f"  记号 {n_tokens} 个,合计 {t_scan * 1000:.2f} ms,为下限的 {t_scan / t_floor:.1f}×")


def long_paragraph(files: list[Path], repeat: int) -> None:
    import fazhi

    base = next((f for f in files if f.name.startswith(LONG_PREFIX)), None) or max(files, key=lambda f: f.stat().st_size)
    from fazhi.parse.clean import stage as clean_stage
    from fazhi.parse.markers import match_marker
    from fazhi.parse.model import Doc

    # The document's running text as the parser sees it (no portal lines, no spaces), each
    # paragraph without its outline marker, all run together into one paragraph.
    lines = clean_stage(Doc(source=fazhi.read_document(base))).lines
    body = "".join(ln[m.end :] if (m := match_marker(ln)) else ln for ln in lines)
    title = "示例县人民政府关于2023年度法治政府建设情况的报告"
    one, many = f"{title}\n{body}\n", f"{title}\n{body * LONG_COPIES}\n"

    def timed(t: str, runs: int) -> float:
        best = float("inf")
        for _ in range(max(runs, 1)):
            clear_caches()
            t0 = cpu()
            fazhi.parse_text(t)
            best = min(best, cpu() - t0)
        return best

    # One copy takes a few ms, so a single slow run skews the ratio most: it gets more runs.
    t1 = timed(one, max(4 * repeat, 10))
    tn = timed(many, max(repeat, 3))
    print(f"长段落检查:{base.name} 去掉编号后连成一段({len(body)} 字),置于报告标题下,重复 {LONG_COPIES} 次")
    print(f"  t(1×) = {t1 * 1000:.1f} ms,t({LONG_COPIES}×) = {tn * 1000:.1f} ms({len(many) / 1e6:.2f} M 字)")
    print(f"  t({LONG_COPIES}×)/({LONG_COPIES}×t(1×)) = {tn / (LONG_COPIES * t1):.2f}(目标 ≤ 1.2;1.0 为线性)")


def scaling(files: list[Path], repeat: int) -> None:
    import fazhi

    base = next((f for f in files if f.name.startswith(SCALE_PREFIX)), None)
    if base is None:
        base = max(files, key=lambda f: f.stat().st_size)
        print(f"没有以 {SCALE_PREFIX} 开头的文档,改用最大的文档 {base.name}。")
    text = fazhi.read_document(base).text().strip("\n")
    tops = len(TOP_MARKER.findall(text))
    with tempfile.TemporaryDirectory(prefix="fazhi-bench-") as tmp:
        one = Path(tmp) / "x1.txt"
        big = Path(tmp) / f"x{SCALE}.txt"
        one.write_text(text + "\n", encoding="utf-8")
        big.write_text("\n".join(renumber(text, k * tops) for k in range(SCALE)) + "\n", encoding="utf-8")
        fazhi.parse_file(one)  # warm-up
        t1 = _best(lambda: fazhi.parse_file(one), repeat)
        t10 = _best(lambda: fazhi.parse_file(big), max(repeat // 2, 1))
        n1 = len(fazhi.parse_file(one).get("tasks") or [])
        n10 = len(fazhi.parse_file(big).get("tasks") or [])
    print(
        f"规模检查:{base.name} 的正文重复 {SCALE} 次,一级标题顺延编号"
        f"({len(text)} 字 → {len(text) * SCALE} 字,一级标题 {tops} → {tops * SCALE} 个)"
    )
    print(f"  t(1×) = {t1 * 1000:.1f} ms,任务 {n1} 项")
    print(f"  t({SCALE}×) = {t10 * 1000:.1f} ms,任务 {n10} 项")
    ratio = t10 / t1 if t1 > 0 else float("nan")
    if ratio <= SCALE * 1.2:
        verdict = "接近线性"
    elif ratio <= SCALE * 2:
        verdict = "略超线性"
    else:
        verdict = "明显超线性,请检查解析器中的二次复杂度"
    print(f"  t({SCALE}×)/t(1×) = {ratio:.1f}(理想值约 {SCALE};{verdict})")


IMPORT_PROBE = (
    "import sys, time; t = time.perf_counter(); import fazhi.cli, fazhi.parse.pipeline, fazhi.docs; "
    "print(time.perf_counter() - t, 'cn2an' in sys.modules)"
)


def cli_import(repeat: int) -> None:
    """What `fazhi parse` pays before reading a file: importing the CLI, the parser and the
    readers in a fresh interpreter (cn2an, 80 ms of it, is loaded only for rare numerals)."""
    import subprocess

    best, loaded = float("inf"), None
    for _ in range(max(repeat, 1)):
        out = subprocess.run([sys.executable, "-c", IMPORT_PROBE], capture_output=True, text=True, check=False)
        if out.returncode != 0:
            print("命令行导入时间:无法测量")
            return
        t, loaded = out.stdout.split()
        best = min(best, float(t))
    print(f"命令行导入时间(新进程导入 fazhi.cli + 解析器 + 读取器,{repeat} 次取最快):{best * 1000:.0f} ms;"
          f"cn2an {'已' if loaded == 'True' else '未'}加载")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m fazhi.bench", description="解析速度测试(只输出数字,不做断言)")
    ap.add_argument("--seeds", default="../shared/seeds", help="测速用的文档文件夹(默认 ../shared/seeds)")
    ap.add_argument("--repeat", type=int, default=5, help="每项重复次数,取最快一次(默认 5)")
    args = ap.parse_args(argv)
    folder = _pick_folder(Path(args.seeds))
    if folder is None:
        return 2
    files = _files(folder)
    print(f"测速文件夹:{folder}(Python {sys.version.split()[0]},{os.cpu_count()} 个 CPU)")
    from fazhi import _fast

    print(f"解析器:{_fast.STATUS}")
    ok = throughput(files, args.repeat)
    if ok:
        print()
        cold(ok, args.repeat)
        prototype(ok, args.repeat)
        print()
        long_paragraph(ok, max(args.repeat // 2, 1))
        print()
        scaling(ok, args.repeat)
    print()
    cli_import(args.repeat)
    peak = _peak_mb()
    if peak is not None:
        print()
        print(f"内存峰值(ru_maxrss):{peak:.1f} MB")
    return 0


if __name__ == "__main__":
    with contextlib.suppress(BrokenPipeError):
        sys.exit(main())
