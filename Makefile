# zhsearch - plain Makefile.
#
#   make                 build bin/zhindex and bin/zhsearch (release, gcc)
#   make test            build and run the unit and end-to-end tests
#   make asan            the same tests under AddressSanitizer + UBSan
#   make check           the whole suite: deps, format-check, tests with gcc,
#                        with clang, and under ASan+UBSan (what CI runs)
#   make run             build, index corpus/ into ./index, run sample queries
#   make bench           benchmarks against peer engines (docs/BENCHMARKS.md)
#   make bench-facts     fact extraction alone on the real 100 MB text, MB/s
#   make fuzz            build the fuzz targets with clang's libFuzzer and run
#                        each for FUZZ_TIME seconds (docs/FUZZING.md)
#   make format / format-check
#   make train-facts / train-fields   refit the fact lexicons and weights;
#                        make check-train (-lex) says whether the committed
#                        ones are what training gives (docs/FACTS.md "Round 8")
#   make train-places    refit the place model (docs/ANNOTATION.md)
#   make mine-events / mine-central / mine-words / mine-routes / mine-districts
#                        re-mine the annotator's
#                        word tables from ../shared/corpora and the jieba
#                        dictionary
#   make install PREFIX=/usr/local
#   make clean
#
# Variables: CC (gcc or clang), BUILD (object directory), OPT, SAN;
# FUZZ_TIME (seconds per fuzz target), FUZZ_JOBS (targets run at once).

CC      ?= cc
OPT     ?= -O2 -g
SAN     ?=
BUILD   ?= build/release
PREFIX  ?= /usr/local

WARN    := -Wall -Wextra -Wshadow -Werror -Wno-format-truncation
ifeq ($(findstring clang,$(CC)),clang)
WARN    := -Wall -Wextra -Wshadow -Werror
endif
# Layers the build enforces: common/ sees only itself, the indexer and the
# searcher see common/ and themselves, never each other; tests see all.
CPPFLAGS := -D_DEFAULT_SOURCE -D_FILE_OFFSET_BITS=64
INCS     := -Icommon -Iindexer -Isearcher
CFLAGS  := -std=c11 $(OPT) $(SAN) $(WARN) -MMD -MP
LDFLAGS := $(SAN)
LDLIBS  := -lz -lm -lpthread

COMMON_SRC   := $(sort $(wildcard common/*.c))
INDEXER_SRC  := $(filter-out indexer/main.c,$(sort $(wildcard indexer/*.c)))
SEARCHER_SRC := $(filter-out searcher/main.c,$(sort $(wildcard searcher/*.c)))
TEST_SRC     := $(sort $(wildcard tests/test_*.c) $(wildcard tests/e2e_*.c))
TEST_LIB_SRC := tests/test.c tests/main.c $(sort $(wildcard tests/util_*.c))
# Fuzz targets: tests/fuzz/fuzz_NAME.c, each one LLVMFuzzerTestOneInput.
FUZZ_TARGETS := $(patsubst tests/fuzz/fuzz_%.c,%,$(sort $(wildcard tests/fuzz/fuzz_*.c)))

obj = $(patsubst %.c,$(BUILD)/%.o,$(1))

$(BUILD)/common/%.o: INCS := -Icommon
$(BUILD)/indexer/%.o: INCS := -Icommon -Iindexer
$(BUILD)/searcher/%.o: INCS := -Icommon -Isearcher
$(BUILD)/bench/%.o: INCS := -Icommon -Isearcher
$(BUILD)/tools/%.o: INCS := -Icommon

COMMON_OBJ   := $(call obj,$(COMMON_SRC))
INDEXER_OBJ  := $(call obj,$(INDEXER_SRC))
SEARCHER_OBJ := $(call obj,$(SEARCHER_SRC))
TEST_OBJ     := $(call obj,$(TEST_SRC) $(TEST_LIB_SRC)) $(BUILD)/tests/suites.o

ZHINDEX  := $(BUILD)/zhindex
ZHSEARCH := $(BUILD)/zhsearch
ZHTEST   := $(BUILD)/zhtest
# Each target linked with the plain driver tests/fuzz/replay.c: make test
# replays tests/fuzz/regress/NAME through $(BUILD)/fuzz/replay_NAME.
FUZZ_REPLAY := $(patsubst %,$(BUILD)/fuzz/replay_%,$(FUZZ_TARGETS))
# The targets find their small index's documents (tests/fuzz/index) here.
$(BUILD)/tests/fuzz/fuzz.o: CPPFLAGS += -DFUZZ_SRCDIR='"$(CURDIR)"'
# (kept: make would delete them as intermediate files of the chain)
.SECONDARY: $(patsubst %,$(BUILD)/tests/fuzz/%.o,replay fuzz $(addprefix fuzz_,$(FUZZ_TARGETS)))

.PHONY: all test asan tsan check run bench bench-facts train-facts train-fields check-train check-train-lex eval-facts train-places mine-events mine-central mine-words mine-routes mine-districts format format-check \
        install clean \
        deps deps-test fuzz fuzz-bins

all: $(ZHINDEX) $(ZHSEARCH)
ifeq ($(BUILD),build/release)
	@mkdir -p bin && ln -sf ../$(ZHINDEX) bin/zhindex && ln -sf ../$(ZHSEARCH) bin/zhsearch
endif

$(BUILD)/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(INCS) $(CFLAGS) -c $< -o $@

$(BUILD)/libcommon.a: $(COMMON_OBJ)
	@rm -f $@
	ar rcs $@ $^
$(BUILD)/libindexer.a: $(INDEXER_OBJ)
	@rm -f $@
	ar rcs $@ $^
$(BUILD)/libsearcher.a: $(SEARCHER_OBJ)
	@rm -f $@
	ar rcs $@ $^

$(ZHINDEX): $(BUILD)/indexer/main.o $(BUILD)/libindexer.a $(BUILD)/libcommon.a
	$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS)
$(ZHSEARCH): $(BUILD)/searcher/main.o $(BUILD)/libsearcher.a $(BUILD)/libcommon.a
	$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS)

# Test registration: every tests/test_X.c and tests/e2e_X.c defines
# `void suite_X(t_ctx *)` (suite_e2e_X); this list is generated, not edited.
$(BUILD)/tests/suites.c: $(TEST_SRC) Makefile
	@mkdir -p $(dir $@)
	@{ echo '#include "test.h"'; \
	   for f in $(basename $(notdir $(TEST_SRC))); do \
	     n=$${f#test_}; echo "void suite_$$n(t_ctx *t);"; done; \
	   echo 'void t_all_suites(t_ctx *t) {'; \
	   for f in $(basename $(notdir $(TEST_SRC))); do \
	     n=$${f#test_}; echo "    suite_$$n(t);"; done; \
	   echo '}'; } > $@.tmp && mv $@.tmp $@
$(BUILD)/tests/suites.o: $(BUILD)/tests/suites.c
	$(CC) $(CPPFLAGS) $(INCS) -Itests $(CFLAGS) -c $< -o $@
$(BUILD)/tests/%.o: tests/%.c
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(INCS) -Itests $(CFLAGS) -c $< -o $@

$(ZHTEST): $(TEST_OBJ) $(BUILD)/libindexer.a $(BUILD)/libsearcher.a $(BUILD)/libcommon.a
	$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS)

$(BUILD)/fuzz/replay_%: $(BUILD)/tests/fuzz/replay.o $(BUILD)/tests/fuzz/fuzz_%.o \
                        $(BUILD)/tests/fuzz/fuzz.o $(BUILD)/libindexer.a $(BUILD)/libsearcher.a \
                        $(BUILD)/libcommon.a
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS)

deps:
	@sh scripts/deps.sh
# the tests also need opencc (e2e_variants makes traditional copies of the seeds)
deps-test:
	@ZH_DEPS_TEST=1 sh scripts/deps.sh

test: deps-test $(ZHINDEX) $(ZHSEARCH) $(ZHTEST) $(BUILD)/zhpeer $(BUILD)/liboomfail.so $(FUZZ_REPLAY)
	@$(ZHTEST) --bindir $(BUILD) --srcdir . $(if $(T),--filter $(T))

asan:
	@$(MAKE) --no-print-directory test BUILD=build/asan OPT="-O1 -g -fno-omit-frame-pointer" \
	    SAN="-fsanitize=address,undefined -fno-sanitize-recover=all"

# The tests of the build's second thread (relay.h, e2e_threads) under
# ThreadSanitizer: a data race makes zhindex exit 66 and the test fail.
tsan:
	@$(MAKE) --no-print-directory test BUILD=build/tsan OPT="-O1 -g" SAN="-fsanitize=thread" \
	    T=threads

check:
	@sh scripts/check.sh

# ---- fuzzing (docs/FUZZING.md) ----
# The libraries and targets are built with clang, coverage-instrumented for
# libFuzzer and under ASan+UBSan, into build/fuzz/obj; the fuzzers are
# build/fuzz/fuzz_NAME.  Seeds come from corpus/ and tests/ (built into
# build/fuzz/seeds/NAME by scripts/fuzz_seeds.sh); what the fuzzers find
# grows build/fuzz/corpus/NAME; crashes go to build/fuzz/crashes/NAME.
FUZZ_TIME ?= 60
FUZZ_JOBS ?= 2
FUZZ_OBJ  := build/fuzz/obj
FUZZ_BINS := $(patsubst %,build/fuzz/fuzz_%,$(FUZZ_TARGETS))

fuzz: deps $(ZHINDEX)
	@$(MAKE) --no-print-directory fuzz-bins CC=clang BUILD=$(FUZZ_OBJ) \
	    OPT="-O1 -g -fno-omit-frame-pointer" \
	    SAN="-fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=all"
	@sh scripts/fuzz_seeds.sh $(ZHINDEX) build/fuzz/seeds
	@sh scripts/fuzz.sh $(FUZZ_TIME) $(FUZZ_JOBS) $(FUZZ_TARGETS)

fuzz-bins: $(FUZZ_BINS)

build/fuzz/fuzz_%: $(BUILD)/tests/fuzz/fuzz_%.o $(BUILD)/tests/fuzz/fuzz.o $(BUILD)/libindexer.a \
                   $(BUILD)/libsearcher.a $(BUILD)/libcommon.a
	$(CC) $(LDFLAGS) -fsanitize=fuzzer -o $@ $^ $(LDLIBS)

run: deps all
	./$(ZHINDEX) build -o index corpus/
	./$(ZHSEARCH) -i index 托育服务
	./$(ZHSEARCH) -i index -n 3 --city 鹤壁 --year 2024 --facet city
	./$(ZHSEARCH) -i index '托位数>3' --facet 托位数

# The out-of-memory injection allocator of tests/e2e_faults.c (LD_PRELOAD;
# never built with sanitizers, whose runtimes must come first).
$(BUILD)/liboomfail.so: tests/oom/oomfail.c
	@mkdir -p $(dir $@)
	$(CC) -std=c11 -O1 -g $(WARN) -fPIC -shared -o $@ $<

$(BUILD)/zhpeer: $(BUILD)/bench/zhpeer.o $(BUILD)/libsearcher.a $(BUILD)/libcommon.a
	$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS)
$(BUILD)/bench/%.o: bench/%.c
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(INCS) $(CFLAGS) -c $< -o $@

# Fit the place model of the annotator (indexer/placeml_w.c) on the spent
# blind city/year sets and the corpus labels with the built zhindex, then
# rebuild (tools/train_places.py; deterministic, seconds).
# Mine the fairs that stand for their host city (广交会: 广州) from
# ../shared/corpora into indexer/scope_events_w.c (tools/mine_events.py).
mine-events:
	python3 tools/mine_events.py
	clang-format -i indexer/scope_events_w.c
	$(MAKE) --no-print-directory $(ZHINDEX)

# Mine abbreviated route names (潍烟高铁: 潍坊, 烟台) from ../shared/corpora
# into indexer/scope_routes_w.c (tools/mine_routes.py; make check-train-lex
# checks it).
mine-routes:
	python3 tools/mine_routes.py
	clang-format -i indexer/scope_routes_w.c
	$(MAKE) --no-print-directory $(ZHINDEX)

# Mine the names of central government bodies (财政部, 国家统计局) from
# ../shared/corpora into indexer/scope_central_w.c (tools/mine_central.py).
mine-central:
	python3 tools/mine_central.py
	clang-format -i indexer/scope_central_w.c
	$(MAKE) --no-print-directory $(ZHINDEX)

# mine-words: the dictionary words that hide a place name (湖光山色 holds
# 光山), from the jieba dictionary and the gazetteer, into
# indexer/scope_words_w.c (tools/mine_words.py; make check-train-lex checks it).
mine-words:
	@ZH_DEPS_TRAIN=1 sh scripts/deps.sh
	python3 tools/mine_words.py
	$(MAKE) --no-print-directory $(ZHINDEX)

# mine-districts: the district stems the corpora write as places (杭州萧山,
# 浦东, 山东薛城) and the words that end on a name's first character (沿海|
# 城市 holds 海城), the names those words must not stop (在|内蒙古) and the
# landmarks the corpora write after their city (洛阳龙门石窟), into
# tools/mined_districts.tsv, tools/mined_edges.tsv, tools/mined_keeps.tsv and
# tools/mined_landmarks.tsv, then the gazetteer tables common/gaz_data.c
# (tools/mine_districts.py, tools/mine_edges.py, tools/mine_landmarks.py,
# tools/gen_gazetteer.py; make check-train-lex checks them all).
mine-districts:
	@ZH_DEPS_TRAIN=1 sh scripts/deps.sh
	python3 tools/mine_districts.py
	python3 tools/mine_edges.py
	python3 tools/mine_edges.py --keeps
	python3 tools/mine_landmarks.py
	python3 tools/gen_gazetteer.py > common/gaz_data.c
	$(MAKE) --no-print-directory $(ZHINDEX)

train-places: $(ZHINDEX)
	python3 tools/train_places.py $(ZHINDEX)
	$(MAKE) --no-print-directory $(ZHINDEX)

# The generated files of fact extraction depend on each other in one
# order (docs/FACTS.md "Round 8"): the lexicons (common/fct_lex.c) feed the
# rules and the boundary model's features; the boundary model and direction
# chooser (common/fct_model_w.c) are fitted on traces that do not depend on
# their own weights (the model is off while tracing); the confidence
# weights (common/fct_conf.c) are fitted on the facts of a zhindex built
# with both, so they come last.  Every step is deterministic, so running a
# target twice gives the same files, and `make check-train` says whether
# the committed ones are what training produces.
#
# train-facts: all three steps: mine the lexicons from ../shared/corpora
# (tools/train_facts.py, about two minutes on one core; it reads the parts
# of speech of Debian's python3-jieba dictionary), then train-fields.
train-facts:
	@ZH_DEPS_TRAIN=1 sh scripts/deps.sh
	python3 tools/train_facts.py
	$(MAKE) --no-print-directory train-fields

# train-fields: fit the field-boundary model and the direction chooser
# (common/fct_model_w.c) on the labelled spent blind sets
# tests/data/facts_blind{,2,3,4,5} and the corpus/ labels, reading the
# rules' fields and the model's features from $(BUILD)/fct_cuts (and
# corpus/'s passages from zhindex), rebuild, refit the confidence weights
# on that extractor, rebuild (tools/train_fields.py, train_facts.py --fit;
# seconds).
FCT_CUTS := $(BUILD)/fct_cuts
$(FCT_CUTS): $(BUILD)/tools/fct_cuts.o $(BUILD)/libcommon.a
	$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS)
train-fields: $(FCT_CUTS) $(ZHINDEX)
	python3 tools/train_fields.py $(FCT_CUTS) --zhindex $(ZHINDEX)
	$(MAKE) --no-print-directory $(ZHINDEX) $(FCT_CUTS)
	python3 tools/train_facts.py --fit $(ZHINDEX)
	$(MAKE) --no-print-directory $(ZHINDEX) $(FCT_CUTS)

# check-train: fail when the committed boundary and confidence weights are
# not what train-fields produces from the committed tree, or the place
# model not what train-places produces (seconds; run by
# scripts/check.sh).  check-train-lex does the same for the mined lexicons
# (about two minutes; needs ../shared/corpora).
CHECK_TRAIN := $(BUILD)/check-train
check-train: $(FCT_CUTS) $(ZHINDEX)
	@mkdir -p $(CHECK_TRAIN)
	python3 tools/train_fields.py $(FCT_CUTS) --zhindex $(ZHINDEX) --out $(CHECK_TRAIN)/fct_model_w.c
	@cmp common/fct_model_w.c $(CHECK_TRAIN)/fct_model_w.c || \
	    { echo "check-train: common/fct_model_w.c is not what make train-fields gives"; exit 1; }
	python3 tools/train_facts.py --fit $(ZHINDEX) --conf-out $(CHECK_TRAIN)/fct_conf.c
	@cmp common/fct_conf.c $(CHECK_TRAIN)/fct_conf.c || \
	    { echo "check-train: common/fct_conf.c is not what make train-fields gives"; exit 1; }
	python3 tools/train_places.py $(ZHINDEX) --out $(CHECK_TRAIN)/placeml_w.c
	@cmp indexer/placeml_w.c $(CHECK_TRAIN)/placeml_w.c || \
	    { echo "check-train: indexer/placeml_w.c is not what make train-places gives"; exit 1; }
	@echo "check-train: fct_model_w.c, fct_conf.c and placeml_w.c are what training gives"
check-train-lex:
	@ZH_DEPS_TRAIN=1 sh scripts/deps.sh
	@mkdir -p $(CHECK_TRAIN)
	python3 tools/train_facts.py --out $(CHECK_TRAIN)/fct_lex.c
	@cmp common/fct_lex.c $(CHECK_TRAIN)/fct_lex.c || \
	    { echo "check-train-lex: common/fct_lex.c is not what make train-facts gives"; exit 1; }
	python3 tools/mine_words.py --out $(CHECK_TRAIN)/scope_words_w.c
	@cmp indexer/scope_words_w.c $(CHECK_TRAIN)/scope_words_w.c || \
	    { echo "check-train-lex: indexer/scope_words_w.c is not what make mine-words gives"; exit 1; }
	python3 tools/mine_routes.py --out $(CHECK_TRAIN)/scope_routes_w.c
	clang-format -i $(CHECK_TRAIN)/scope_routes_w.c
	@cmp indexer/scope_routes_w.c $(CHECK_TRAIN)/scope_routes_w.c || \
	    { echo "check-train-lex: indexer/scope_routes_w.c is not what make mine-routes gives"; exit 1; }
	python3 tools/mine_districts.py --out $(CHECK_TRAIN)/mined_districts.tsv
	@cmp tools/mined_districts.tsv $(CHECK_TRAIN)/mined_districts.tsv || \
	    { echo "check-train-lex: tools/mined_districts.tsv is not what make mine-districts gives"; exit 1; }
	python3 tools/mine_edges.py --out $(CHECK_TRAIN)/mined_edges.tsv
	@cmp tools/mined_edges.tsv $(CHECK_TRAIN)/mined_edges.tsv || \
	    { echo "check-train-lex: tools/mined_edges.tsv is not what make mine-districts gives"; exit 1; }
	python3 tools/mine_edges.py --keeps --out $(CHECK_TRAIN)/mined_keeps.tsv
	@cmp tools/mined_keeps.tsv $(CHECK_TRAIN)/mined_keeps.tsv || \
	    { echo "check-train-lex: tools/mined_keeps.tsv is not what make mine-districts gives"; exit 1; }
	python3 tools/mine_landmarks.py --out $(CHECK_TRAIN)/mined_landmarks.tsv
	@cmp tools/mined_landmarks.tsv $(CHECK_TRAIN)/mined_landmarks.tsv || \
	    { echo "check-train-lex: tools/mined_landmarks.tsv is not what make mine-districts gives"; exit 1; }
	python3 tools/gen_gazetteer.py > $(CHECK_TRAIN)/gaz_data.c
	@cmp common/gaz_data.c $(CHECK_TRAIN)/gaz_data.c || \
	    { echo "check-train-lex: common/gaz_data.c is not what tools/gen_gazetteer.py gives"; exit 1; }
	@echo "check-train-lex: fct_lex.c, scope_words_w.c, scope_routes_w.c, mined_districts.tsv, mined_edges.tsv, mined_keeps.tsv, mined_landmarks.tsv and gaz_data.c are what mining gives"

# Leave-one-set-out precision and recall per text kind on the spent blind
# sets (the boundary model refitted without the set it scores), and every
# missed label put in a category (tools/fct_eval.py; docs/FACTS.md "Round 6").
eval-facts: $(FCT_CUTS) $(ZHINDEX)
	python3 tools/fct_eval.py $(FCT_CUTS) --zhindex $(ZHINDEX) --loso --classify

bench: deps all $(BUILD)/zhpeer
	@sh bench/run.sh

# bench-facts: fact extraction alone on the real 100 MB text, MB/s of CPU.
$(BUILD)/fctspeed: $(BUILD)/bench/fctspeed.o $(BUILD)/libcommon.a
	$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS)
bench-facts: $(BUILD)/fctspeed
	@sh bench/facts.sh

# Generated tables are left as the generators write them, except the small
# mined word lists, which make mine-events / mine-central format.  The large
# tables (fct_model_w.c, gaz_data.c ...) are compared byte for byte with
# their generators' output by make check-train and the generators' own runs.
FORMAT_FILES = $(filter-out common/uc_tables.c common/uc_t2s.c common/hanfreq.c common/gaz_data.c common/fct_lex.c common/fct_model_w.c indexer/scope_words_w.c,$(wildcard common/*.[ch] indexer/*.[ch] searcher/*.[ch] tests/*.[ch] tests/fuzz/*.[ch] tests/oom/*.[ch] bench/*.[ch] tools/*.[ch]))

format:
	clang-format -i $(FORMAT_FILES)

format-check:
	@clang-format --dry-run --Werror $(FORMAT_FILES) && echo "format-check: ok"

install: all
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/man/man1
	install -m 755 $(ZHINDEX) $(ZHSEARCH) $(DESTDIR)$(PREFIX)/bin/
	install -m 644 docs/zhindex.1 docs/zhsearch.1 $(DESTDIR)$(PREFIX)/share/man/man1/

clean:
	rm -rf build bin

-include $(wildcard $(BUILD)/*/*/*.d $(BUILD)/*/*.d $(BUILD)/*.d)
