# Builds every .c of a lesson folder into build/lessons/<folder>/<name>.
# Included by each lesson's Makefile, so that `make -C lessons/04-starvation`
# works without the runner. The runner also builds an exercise or a solution with
# it (`make -C solutions/2-offload-hash -f lessons/common/lesson.mk`), into
# build/solutions/<folder>/, so that a student's program and the reference never
# share a binary. Programs are teaching text, so they build with
# warnings on and the same flags everywhere: libuv, pthreads and OpenMP.
# A program is rebuilt when the compiler or its flags change (the .flags file).

TOP := $(abspath $(dir $(lastword $(MAKEFILE_LIST)))/../..)
LESSON := $(notdir $(CURDIR))
KIND := $(notdir $(patsubst %/,%,$(dir $(CURDIR))))
OUT := $(TOP)/build/$(KIND)/$(LESSON)

# The compiler is $(CC) (make's default, cc, unless CC is given); its flags come from
# toolchain.sh, which the checker asks too, so that a program builds the same way under
# `workbook run` and `workbook check`. When the compiler cannot build the programs the
# script says why and how to fix it, and make stops here.
TOOLCHAIN := $(shell CC='$(CC)' sh $(TOP)/lessons/common/toolchain.sh --make)
ifneq ($(filter toolchain-failed,$(TOOLCHAIN)),)
$(error $(CC) cannot build the lessons (the line above says why))
endif
LESSON_CFLAGS := $(patsubst cflags:%,%,$(filter cflags:%,$(TOOLCHAIN)))
LESSON_LIBS := $(patsubst libs:%,%,$(filter libs:%,$(TOOLCHAIN)))

SOURCES := $(wildcard *.c)
PROGRAMS := $(SOURCES:%.c=$(OUT)/%)

ifeq ($(V),1)
Q :=
else
Q := @
endif

all: $(PROGRAMS)

BUILD_LINE := $(CC) $(LESSON_CFLAGS) $(CFLAGS) $(LESSON_LIBS)

$(OUT)/%: %.c $(TOP)/lessons/common/stopwatch.h $(TOP)/lessons/common/knob.h $(OUT)/.flags
	@$(if $(Q),echo "  CC      $(KIND)/$(LESSON)/$<")
	$(Q)$(CC) $(LESSON_CFLAGS) $(CFLAGS) -o $@ $< $(LESSON_LIBS)

# Rewritten only when the build line differs, so its time says when it last changed.
$(OUT)/.flags: FORCE | $(OUT)
	@echo '$(BUILD_LINE)' | cmp -s - $@ || echo '$(BUILD_LINE)' >$@

$(OUT):
	$(Q)mkdir -p $@

clean:
	rm -rf $(OUT)

.PHONY: all clean FORCE
