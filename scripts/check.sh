#!/bin/sh
# check.sh - the whole test suite, as CI runs it (make check):
#   1. dependencies (installed from Debian packages when missing)
#   2. format-check (clang-format, .clang-format), and check-train: the
#      committed fact weights and lexicons are what training gives
#   3. unit + end-to-end tests built with gcc
#   4. the same built with clang
#   5. the same under AddressSanitizer + UndefinedBehaviorSanitizer (gcc)
#   5b. the tests of the build's second thread under ThreadSanitizer (make tsan)
#   6. every fuzz target for FUZZ_TIME seconds (30), two at a time (make fuzz,
#      docs/FUZZING.md), when clang can build -fsanitize=fuzzer
# Ends with the line "N passed, N failed" summed over the test runs
# (a failed install, format-check or fuzz run counts as one failure);
# exits non-zero when anything failed.
set -u
cd "$(dirname "$0")/.." || exit 2
ZH_DEPS_FULL=1 sh scripts/deps.sh || exit 2
status=0
passed=0
failed=0
run() { # name, make arguments...
    name=$1; shift
    echo "== $name"
    log=$(mktemp)
    make --no-print-directory "$@" 2>&1 | tee "$log"
    line=$(grep -E '^[0-9]+ passed, [0-9]+ failed$' "$log" | tail -n 1)
    if [ -z "$line" ]; then
        echo "check: $name produced no test summary (build failed?)"
        failed=$((failed + 1)); status=1
    else
        p=${line%% passed*}; f=${line#*, }; f=${f%% failed}
        passed=$((passed + p)); failed=$((failed + f))
        [ "$f" = 0 ] || status=1
    fi
    rm -f "$log"
}
echo "== install"
inst=$(mktemp -d)
if make --no-print-directory install PREFIX=/usr DESTDIR="$inst" >/dev/null &&
   [ -x "$inst/usr/bin/zhindex" ] && [ -x "$inst/usr/bin/zhsearch" ] &&
   [ -f "$inst/usr/share/man/man1/zhsearch.1" ] && [ -f "$inst/usr/share/man/man1/zhindex.1" ]; then
    echo "install: ok"
else
    echo "install: FAILED"; status=1; failed=$((failed + 1))
fi
rm -rf "$inst"
echo "== format-check"
make --no-print-directory format-check || { status=1; failed=$((failed + 1)); }
echo "== check-train"
# the committed weights are what training gives (docs/FACTS.md "Round 8");
# the lexicons too when the corpora they are mined from are here
make --no-print-directory check-train CC=gcc BUILD=build/release ||
    { status=1; failed=$((failed + 1)); }
if [ -d ../shared/corpora ]; then
    make --no-print-directory check-train-lex || { status=1; failed=$((failed + 1)); }
fi
run "gcc" test CC=gcc BUILD=build/release
run "clang" test CC=clang BUILD=build/clang
run "asan+ubsan" asan CC=gcc
run "tsan" tsan CC=gcc
echo "== fuzz"
probe=$(mktemp -d)
printf 'int LLVMFuzzerTestOneInput(const unsigned char *d, unsigned long n) { return !d + !n; }\n' \
    >"$probe/probe.c"
if clang -fsanitize=fuzzer,address,undefined "$probe/probe.c" -o "$probe/probe" >/dev/null 2>&1; then
    # 9 targets x 30 s, two at a time: about 2.5 minutes after the build
    make --no-print-directory fuzz FUZZ_TIME=30 FUZZ_JOBS=2 ||
        { status=1; failed=$((failed + 1)); }
else
    echo "fuzz: skipped (clang cannot build -fsanitize=fuzzer here)"
fi
rm -rf "$probe"
echo "$passed passed, $failed failed"
exit $status
