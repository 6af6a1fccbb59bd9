# motcua - GNU Makefile. `make` builds build/motcua; see README.md for the rest.
.DEFAULT_GOAL := all
SHELL := /bin/bash

CC      ?= gcc
PKGS    := libh2o-evloop jansson sqlite3 libsodium openssl zlib libcurl libpq libqrencode libmagic xlsxwriter
WARN    := -std=c17 -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
           -Wformat=2 -Wvla -fno-common
DEFS    := -D_GNU_SOURCE -DH2O_USE_LIBUV=0
OPT     ?= -O2 -g
PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   := $(shell pkg-config --libs $(PKGS) 2>/dev/null) -lhpdf -lpthread -lm
BUILD   ?= build
CFLAGS_ALL = $(OPT) $(WARN) $(DEFS) -Isrc -I$(BUILD)/gen $(PKG_CFLAGS) $(EXTRA_CFLAGS)
LDFLAGS_ALL = $(EXTRA_LDFLAGS) $(PKG_LIBS)

LIB_SRC  := $(shell find src -name '*.c' ! -path 'src/cli/main.c' | sort)
MAIN_SRC := src/cli/main.c
UNIT_SRC := $(sort $(wildcard tests/unit/*.c))
MIGR_SQLITE := $(sort $(wildcard src/store/migrations/sqlite/*.sql))
MIGR_PG     := $(sort $(wildcard src/store/migrations/pg/*.sql))
GEN_SRC  := $(BUILD)/gen/migrations_sqlite.c $(BUILD)/gen/migrations_pg.c $(BUILD)/gen/seed_procedures.c

LIB_OBJ  := $(LIB_SRC:%.c=$(BUILD)/obj/%.o) $(GEN_SRC:$(BUILD)/gen/%.c=$(BUILD)/obj/gen/%.o)
MAIN_OBJ := $(MAIN_SRC:%.c=$(BUILD)/obj/%.o)
UNIT_OBJ := $(UNIT_SRC:%.c=$(BUILD)/obj/%.o) $(BUILD)/obj/gen/unit_suites.o

ifeq ($(PG),1)
export PG
endif

.PHONY: test-ha lib-objs bench-bin all run test bench fmt fmt-check asan fuzz deps unit clean web
all: $(BUILD)/motcua $(BUILD)/unit

$(BUILD)/motcua: $(LIB_OBJ) $(MAIN_OBJ)
	$(CC) $(OPT) -o $@ $^ $(LDFLAGS_ALL)

$(BUILD)/unit: $(LIB_OBJ) $(UNIT_OBJ)
	$(CC) $(OPT) -o $@ $^ $(LDFLAGS_ALL)

$(BUILD)/obj/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_ALL) -MMD -MP -c -o $@ $<

$(BUILD)/obj/gen/%.o: $(BUILD)/gen/%.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_ALL) -Itests/unit -c -o $@ $<

$(BUILD)/gen/migrations_sqlite.c: $(MIGR_SQLITE) scripts/embed-sql.sh
	@mkdir -p $(dir $@)
	scripts/embed-sql.sh mc_migrations_sqlite $(MIGR_SQLITE) > $@

$(BUILD)/gen/migrations_pg.c: $(MIGR_PG) scripts/embed-sql.sh
	@mkdir -p $(dir $@)
	scripts/embed-sql.sh mc_migrations_pg $(MIGR_PG) > $@

$(BUILD)/gen/seed_procedures.c: src/store/seed/procedures.json scripts/embed-file.sh
	@mkdir -p $(dir $@)
	scripts/embed-file.sh mc_seed_procedures $< > $@

$(BUILD)/gen/unit_suites.c: $(UNIT_SRC) scripts/gen-suites.sh
	@mkdir -p $(dir $@)
	scripts/gen-suites.sh $(UNIT_SRC) > $@

# Benchmark programs: bench/NAME.c links with the library into build/bench_NAME.
BENCH_SRC := $(sort $(wildcard bench/*.c))
BENCH_BIN := $(BENCH_SRC:bench/%.c=$(BUILD)/bench_%)
$(BUILD)/bench_%: $(BUILD)/obj/bench/%.o $(LIB_OBJ)
	$(CC) $(OPT) -o $@ $^ $(LDFLAGS_ALL)
bench-bin: $(BENCH_BIN)
lib-objs: $(LIB_OBJ)

-include $(shell find $(BUILD)/obj -name '*.d' 2>/dev/null)

deps:
	@scripts/deps.sh

web:
	@scripts/web.sh

run: deps
	@$(MAKE) --no-print-directory all web
	@scripts/run.sh

test: deps
	@scripts/test.sh

unit: $(BUILD)/unit
	$(BUILD)/unit

asan:
	@$(MAKE) --no-print-directory BUILD=build-asan OPT="-O1 -g -fno-omit-frame-pointer" \
	  EXTRA_CFLAGS="-fsanitize=address,undefined -fno-sanitize-recover=all" \
	  EXTRA_LDFLAGS="-fsanitize=address,undefined" all

# The high-availability example of deploy/ha (Patroni, etcd, haproxy) under a
# failover; slow and separate from `make test`.
test-ha:
	@scripts/deps.sh --ha
	@$(MAKE) --no-print-directory all
	@tests/ha/failover.sh

bench: deps
	@$(MAKE) --no-print-directory all web
	@scripts/bench.sh

fuzz: deps
	@scripts/fuzz.sh $(FUZZ_SECONDS)

fmt:
	clang-format -i $$(find src tests/unit fuzz bench -name '*.[ch]')

fmt-check:
	@clang-format --dry-run --Werror $$(find src tests/unit fuzz bench -name '*.[ch]')

clean:
	rm -rf build build-asan build-fuzz
