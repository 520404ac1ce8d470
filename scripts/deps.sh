#!/bin/sh
# deps.sh - make sure everything the build and the tests need is installed,
# installing what is missing from Debian's packages.  Idempotent and quiet
# when all is present.  Called by `make test`, `make check`, `make run`.
#
#   build:  gcc, make, zlib (zlib1g-dev); iconv is part of glibc
#   test:   opencc (the traditional copies of the seeds in e2e_variants, and
#           tools/gen_t2s.py; with ZH_DEPS_TEST=1, as make test sets, or
#           ZH_DEPS_FULL=1); the build itself does not need it
#   check:  clang (second compiler), clang-format (format-check),
#           libasan/libubsan (come with gcc), and what training needs
#   train:  python3-jieba (its dictionary's parts of speech feed
#           tools/train_facts.py: make train-facts and check-train-lex set
#           ZH_DEPS_TRAIN=1; ZH_DEPS_FULL=1 includes it)
set -eu
need=""
have_hdr() { [ -f "/usr/include/$1" ] || [ -f "/usr/include/x86_64-linux-gnu/$1" ]; }
command -v gcc >/dev/null 2>&1 || need="$need gcc libc6-dev"
command -v make >/dev/null 2>&1 || need="$need make"
have_hdr zlib.h || need="$need zlib1g-dev"
if [ "${ZH_DEPS_TEST:-0}" = 1 ] || [ "${ZH_DEPS_FULL:-0}" = 1 ]; then
    command -v opencc >/dev/null 2>&1 || need="$need opencc"
fi
if [ "${ZH_DEPS_FULL:-0}" = 1 ]; then
    command -v clang >/dev/null 2>&1 || need="$need clang"
    command -v clang-format >/dev/null 2>&1 || need="$need clang-format"
fi
if [ "${ZH_DEPS_TRAIN:-0}" = 1 ] || [ "${ZH_DEPS_FULL:-0}" = 1 ]; then
    [ -f /usr/lib/python3/dist-packages/jieba/dict.txt ] || need="$need python3-jieba"
fi
[ -z "$need" ] && exit 0
echo "deps: installing:$need" >&2
SUDO=""
if [ "$(id -u)" != 0 ]; then
    if command -v sudo >/dev/null 2>&1; then SUDO=sudo; else
        echo "deps: need root (or sudo) to install:$need" >&2; exit 1; fi
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
# shellcheck disable=SC2086
$SUDO apt-get install -y -qq --no-install-recommends $need
