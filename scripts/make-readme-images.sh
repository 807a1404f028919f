#!/usr/bin/env bash
# Makes the README's pictures and the demo's numbers from the current code and default model
# (docs/engineering.md, "README pictures and numbers"):
#   docs/images/demo-before-after.png   input | inversion | result of `draggan demo`
#   docs/images/demo.gif                that drag, frame by frame
#   docs/images/tool-drag.png           the same edit made with the Drag GAN Tool in ImageJ 1.x
#   target/readme-images/demo.json      the demo's JSON line: paste it into the README's demo-output block
#   out/demo.tif, out/demo.gif           the demo's own output, as ./draggan demo writes it
# Every picture is written to a temporary file in docs/images/ and renamed over the old one.
# Needs what the build needs, plus a display or Xvfb for the tool picture (skipped with a note without).
#   scripts/make-readme-images.sh [--no-tool | --no-demo]
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$here"
tool=1 demo=1
case "${1:-}" in
	--no-tool) tool=0 ;;
	--no-demo) demo=0 ;;
	"") ;;
	*) echo "usage: scripts/make-readme-images.sh [--no-tool | --no-demo]" >&2; exit 2 ;;
esac

./draggan version >/dev/null # builds target/Drag_GAN.jar and target/draggan.classpath when sources changed
mvn -o -q -B -Dstyle.color=never test-compile >&2 || mvn -q -B -Dstyle.color=never test-compile >&2
cp="$here/target/test-classes:$here/target/Drag_GAN.jar:$(cat target/draggan.classpath)"
export MALLOC_ARENA_MAX="${MALLOC_ARENA_MAX:-1}" MALLOC_MMAP_MAX_="${MALLOC_MMAP_MAX_:-0}" MALLOC_TRIM_THRESHOLD_="${MALLOC_TRIM_THRESHOLD_:-4294967296}"
opts=(-Dai.djl.offline=true "-Ddraggan.home=$here" ${DRAGGAN_JAVA_OPTS:-})

if [ "$demo" = 1 ]; then
	echo "make-readme-images: the demo (one thread) and its pictures..." >&2
	java "${opts[@]}" -Djava.awt.headless=true -cp "$cp" sc.fiji.draggan.cli.ReadmeDemoImages docs/images out target/readme-images/demo.json >/dev/null
fi

if [ "$tool" = 1 ]; then
	echo "make-readme-images: the Drag GAN Tool in ImageJ (inverts, then drags; minutes on a busy CPU)..." >&2
	mkdir -p target/imagej/plugins/jars
	cp target/Drag_GAN.jar target/imagej/plugins/Drag_GAN.jar
	cmd=(java "${opts[@]}" -Dplugins.dir="$here/target/imagej" -cp "$cp" sc.fiji.draggan.ij.ReadmeToolImage docs/images/tool-drag.png)
	if [ -n "${DISPLAY:-}" ]; then "${cmd[@]}" >&2
	elif command -v xvfb-run >/dev/null 2>&1; then xvfb-run -a -s "-screen 0 1280x1024x24 -nolisten tcp" "${cmd[@]}" >&2
	else echo "make-readme-images: no display and no xvfb-run: docs/images/tool-drag.png not remade" >&2
	fi
fi

if [ "$demo" = 1 ]; then
	echo "make-readme-images: done; the demo printed (paste into the README's demo-output block):" >&2
	cat target/readme-images/demo.json
fi
