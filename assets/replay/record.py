#!/usr/bin/env python3
"""Records good runs for `workbook present --replay`.

For every lesson variant (and lesson 01's node twin) and every exercise's reference
solution, builds the program, runs it, and writes each output line with its arrival
time in ms since the start: assets/replay/FOLDER/NAME.txt, lines of "MS<TAB>TEXT".
Run it on an idle machine from the project's root: python3 assets/replay/record.py,
or name the folders to record again: python3 assets/replay/record.py 07-pipeline
"""
import glob
import os
import shutil
import subprocess
import sys
import time

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
OUT = os.path.join(ROOT, "assets", "replay")


def record(argv, folder, name):
    start = time.monotonic()
    p = subprocess.Popen(argv, cwd=ROOT, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                         text=True)
    lines = [(int((time.monotonic() - start) * 1000), line.rstrip("\r\n"))
             for line in p.stdout]
    if p.wait() != 0:
        sys.exit(f"{name}: exited with {p.returncode}")
    os.makedirs(os.path.join(OUT, folder), exist_ok=True)
    with open(os.path.join(OUT, folder, name + ".txt"), "w") as f:
        for t, text in lines:
            f.write(f"{t}\t{text}\n")
    print(f"{folder}/{name}: {len(lines)} lines in {lines[-1][0] if lines else 0} ms")


def main():
    wanted = set(sys.argv[1:])
    mk = os.path.join(ROOT, "lessons", "common", "lesson.mk")
    for d in sorted(glob.glob(os.path.join(ROOT, "lessons", "0[1-7]-*"))):
        folder = os.path.basename(d)
        if wanted and folder not in wanted:
            continue
        subprocess.run(["make", "-s", "-C", d], check=True)
        for src in sorted(glob.glob(os.path.join(d, "*.c"))):
            name = os.path.basename(src)[:-2]
            record([os.path.join(ROOT, "build", "lessons", folder, name)], folder, name)
            script = src[:-2] + ".mjs"
            if os.path.exists(script) and shutil.which("node"):
                record(["node", script], folder, name + ".mjs (node)")
    for d in sorted(glob.glob(os.path.join(ROOT, "solutions", "[0-9]-*"))):
        folder = os.path.basename(d)
        if wanted and folder not in wanted:
            continue
        subprocess.run(["make", "-s", "-C", d, "-f", mk], check=True)
        for src in sorted(glob.glob(os.path.join(d, "*.c"))):
            name = os.path.basename(src)[:-2]
            record([os.path.join(ROOT, "build", "solutions", folder, name)], folder, name)


if __name__ == "__main__":
    main()
