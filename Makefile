# dyad -- build, test, fuzz.  `make` leaves ./dyad; `make test` runs every test.
# B selects the build directory, so several builds can live side by side:
#   make B=build-asan SAN=1 test
B ?= build
CC ?= cc
PREFIX ?= /usr/local
OPT ?= -O2 -g
WARN = -std=c11 -Wall -Wextra -Wpedantic -Wshadow -Wstrict-prototypes -Wmissing-prototypes -Wvla
ifeq ($(WERROR),1)
WARN += -Werror
endif
ifeq ($(SAN),1)
OPT = -O1 -g -fno-omit-frame-pointer
SANFLAGS = -fsanitize=address,undefined -fno-sanitize-recover=all
endif
PKGS = libutf8proc jansson sqlite3 libexttextcat libmicrohttpd yajl
PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS := $(shell pkg-config --libs $(PKGS) 2>/dev/null)
CPPFLAGS += -Iinclude -Isrc -DDYAD_BUILDING -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE \
            $(PKG_CFLAGS) -DDYAD_DATA_DIR='"$(PREFIX)/share/dyad"'
CFLAGS += $(OPT) $(WARN) $(SANFLAGS) -fvisibility=hidden -MMD -MP
LDLIBS += $(PKG_LIBS) -lstemmer -lpthread -lm
LDFLAGS += $(SANFLAGS)

LIB_SRC := $(wildcard src/*.c)
LIB_OBJ := $(LIB_SRC:src/%.c=$(B)/obj/%.o)
CLI_SRC := $(wildcard src/cli/*.c)
CLI_OBJ := $(CLI_SRC:src/cli/%.c=$(B)/obj/cli/%.o)
# The page of `dyad serve` (web/), compiled into the binary (docs/serve.md).
WEB_FILES := $(sort $(wildcard web/*.html web/*.js web/*.css web/*.json web/*.svg))
CLI_OBJ += $(B)/obj/gen/web_assets.o
TEST_SRC := $(wildcard tests/unit/test_*.c)
TEST_BIN := $(TEST_SRC:tests/unit/%.c=$(B)/tests/%)
FUZZ_SRC := $(wildcard fuzz/fuzz_*.c)
FUZZ_REPLAY := $(FUZZ_SRC:fuzz/%.c=$(B)/fuzz/%)

.PHONY: all test unit asan fuzz bench clean install data check data-verbs valgrind
all: dyad

dyad: $(B)/dyad
	cp $< $@

$(B)/libdyad.a: $(LIB_OBJ)
	@mkdir -p $(@D)
	rm -f $@
	$(AR) rcs $@ $^

$(B)/dyad: $(CLI_OBJ) $(B)/libdyad.a
	$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS)

$(B)/obj/%.o: src/%.c
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(CFLAGS) -c -o $@ $<

$(B)/gen/web_assets.c: $(WEB_FILES) scripts/embed_web.py
	@mkdir -p $(@D)
	python3 scripts/embed_web.py $@ $(WEB_FILES)

$(B)/obj/gen/web_assets.o: $(B)/gen/web_assets.c src/cli/web_assets.h src/http.h
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) -Isrc/cli $(CFLAGS) -c -o $@ $<

$(B)/tests/%: tests/unit/%.c tests/unit/check.h $(B)/libdyad.a
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(CFLAGS) -Itests/unit -o $@ $< $(B)/libdyad.a $(LDFLAGS) $(LDLIBS)

unit: $(TEST_BIN)

# Every test: unit, golden, accuracy, command line. Prints "N passed, N failed".
test: $(B)/dyad $(TEST_BIN) $(FUZZ_REPLAY)
	B=$(B) tests/run.sh

# What CI runs: the suite, the suite under sanitizers (leaks fail it), the
# unit tests and a few CLI runs under valgrind, a short fuzz run.
check:
	$(MAKE) test
	$(MAKE) asan
	$(MAKE) valgrind
	$(MAKE) fuzz FUZZ_SECONDS=$(FUZZ_SECONDS)

# The whole suite under AddressSanitizer, UndefinedBehaviorSanitizer and
# LeakSanitizer (a leak fails the run; no suppressions).
asan:
	ASAN_OPTIONS=detect_leaks=1:abort_on_error=0:halt_on_error=1 \
	UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	    $(MAKE) B=$(ASAN_B) SAN=1 CC=$(CC) test
ASAN_B ?= build-asan

# libFuzzer targets (clang): make fuzz FUZZ_SECONDS=60 (docs/reliability.md).
# The library is compiled once into build-fuzz/obj, then linked into each
# target; fuzz/run.sh runs each for FUZZ_SECONDS and fails on any finding.
FUZZ_SECONDS ?= 25
FUZZ_BIN := $(FUZZ_SRC:fuzz/%.c=build-fuzz/%)
FUZZ_CFLAGS = $(CPPFLAGS) -std=c11 -O1 -g -fno-omit-frame-pointer -fno-sanitize-recover=all
FUZZ_OBJ := $(LIB_SRC:src/%.c=build-fuzz/obj/%.o)
.SECONDARY: $(FUZZ_OBJ)
build-fuzz/obj/%.o: src/%.c $(wildcard src/*.h) include/dyad/dyad.h
	@mkdir -p $(@D)
	clang $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link,address,undefined -c -o $@ $<
build-fuzz/fuzz_%: fuzz/fuzz_%.c $(wildcard fuzz/*.h) $(FUZZ_OBJ)
	@mkdir -p $(@D)
	clang $(FUZZ_CFLAGS) -fsanitize=fuzzer,address,undefined -o $@ $< $(FUZZ_OBJ) \
	    $(PKG_LIBS) -lstemmer -lpthread -lm
fuzz: $(FUZZ_BIN)
	FUZZ_SECONDS=$(FUZZ_SECONDS) fuzz/run.sh $(FUZZ_BIN)

# The fuzz targets with a plain main() (fuzz/replay.c) instead of libFuzzer,
# built with $(CC) like the tests: `make test` replays every seed corpus and
# every regression input in fuzz/corpus/ (tests/cases/hostile.sh), so
# `make asan` replays them under the sanitizers without clang.
$(B)/fuzz/fuzz_%: fuzz/fuzz_%.c fuzz/replay.c $(wildcard fuzz/*.h) $(B)/libdyad.a
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(filter-out -MMD -MP,$(CFLAGS)) -Wno-missing-prototypes -o $@ fuzz/replay.c $< $(B)/libdyad.a \
	    $(LDFLAGS) $(LDLIBS)

# memcheck: the unit tests and a few CLI runs under valgrind (release build).
valgrind:
	$(MAKE) B=$(VG_B) $(VG_B)/dyad unit
	B=$(VG_B) tests/valgrind.sh
VG_B ?= build-vg

bench: dyad
	bench/run.sh

install: dyad
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/dyad
	install -m 755 dyad $(DESTDIR)$(PREFIX)/bin/dyad
	cp -r data/. $(DESTDIR)$(PREFIX)/share/dyad/

# Regenerates data/lexicon/{fr,en}-verbs.txt from Debian's verbiste and
# wordnet-base (docs/verbs.md).
data-verbs:
	python3 scripts/gen_verbs.py

clean:
	rm -rf build build-asan build-fuzz dyad

-include $(LIB_OBJ:.o=.d) $(CLI_OBJ:.o=.d)

# The compiler and linker flags of the library's dependencies, for bench/
# programs and scripts that link build/libdyad.a themselves.
print-cflags:
	@echo $(PKG_CFLAGS)
print-libs:
	@echo $(PKG_LIBS) -lstemmer -lpthread -lm
.PHONY: print-cflags print-libs

