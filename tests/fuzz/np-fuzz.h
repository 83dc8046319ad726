/* numaplan — libFuzzer harnesses (tests/fuzz/fuzz-NAME.c): each defines
 * the entry point below. Built two ways: with clang's libFuzzer
 * (-Dfuzzing=true, tools/fuzz.sh) and, always, linked with
 * fuzz-replay.c, which feeds it every file of the seed corpus and of
 * tests/fuzz/regressions/NAME/ as a plain meson test. */
#pragma once

#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
