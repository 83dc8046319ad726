/* numaplan — every limit on what a user (or a server) feeds numaplan, in
 * one place: docs/limits.md lists each one with its message, and the test
 * that hits it. Change a value here and there together.
 *
 * Never installed: the library's callers meet these as errors. */
#pragma once

#include <glib.h>

/* ------------------------------------------------------------- files */

/* a scenario file, a topology_file, an import's JSON (bytes) */
#define NP_YAML_MAX_BYTES (64 * 1024 * 1024)
#define NP_IMPORT_MAX_BYTES (64u * 1024u * 1024u)
/* a `merge` input (bytes), refused before it is read */
#define NP_SWEEP_MAX_DOCUMENT_BYTES (256 * 1024 * 1024)

/* ------------------------------------------------------ YAML documents */

/* collection levels */
#define NP_YAML_MAX_DEPTH 64
/* nodes aliases expand to (the text they repeat is limited to
 * NP_YAML_MAX_BYTES as well: one long scalar aliased 10000 times is not
 * 10000 small nodes) */
#define NP_YAML_MAX_ALIAS_NODES 10000
/* YAML nodes in the file, aliases included */
#define NP_YAML_MAX_NODES 16000000
/* keys of one mapping (a flavor's extra specs, an image's properties,
 * `flavors:`): 10^5 keys is an attack, not a cloud */
#define NP_MAX_KEYS_PER_OBJECT 65536

/* ------------------------------------------------------ JSON documents */

/* containers inside containers (Nova's numa_topology needs 5) */
#define NP_JSON_MAX_DEPTH 64
/* values in one document (topology JSON, a resolve case): cJSON spends
 * about 150 bytes on each, so a 64 MiB file of `[0,0,…]` would cost
 * gigabytes; 10^6 values stay under 200 MiB */
#define NP_JSON_MAX_VALUES 1000000
/* a sweep document holds up to NP_SWEEP_MAX_TRIALS records of a few dozen
 * values each */
#define NP_SWEEP_DOC_MAX_VALUES 8000000
/* one line of JSON Lines (`resolve`), bytes, the '\n' not counted */
#define NP_JSONL_MAX_LINE_BYTES (1024 * 1024)

/* ---------------------------------------------------------- scenarios */

/* the largest size or count a scenario may hold (MiB, vCPUs, LPs, count:):
 * 1 EiB of memory per node; sums over every node of a scenario stay far
 * inside gint64, and each value is exact as a double */
#define NP_SCENARIO_MAX_QUANTITY (G_GINT64_CONSTANT(1) << 40)
/* NUMA nodes over all hosts and VM names over all boots, `count:`
 * expanded: a short file must not make the engine allocate without end */
#define NP_SCENARIO_MAX_NODES 1000000
#define NP_SCENARIO_MAX_VMS 1000000
/* events of a scenario (a `count:` boot is one) */
#define NP_SCENARIO_MAX_EVENTS 1000000
/* the most logical processors a cell may list when written: Nova's cpuset
 * names each one, and a scenario may hold far more than any host has */
#define NP_NOVA_TOPOLOGY_MAX_CPUS 65536

/* ----------------------------------------------------- planning, sweeps */

/* a capacity question never boots more trial VMs than this */
#define NP_CAPACITY_MAX_TRIALS 1000000
/* one host alone holds at most this many trial VMs (a capacity question's
 * own limit) */
#define NP_UPPER_BOUND_MAX_TRIALS 1000000
/* --trials at most: one record each is kept in memory and printed */
#define NP_SWEEP_MAX_TRIALS 100000
/* --threads at most */
#define NP_SWEEP_MAX_THREADS 256
/* expected generated boots per trial, Σ per_hour × horizon_hours: every
 * VM ever named stays in a trial's engine */
#define NP_SWEEP_MAX_ARRIVALS 1000000.0
/* expected host failures per trial, hosts × per_host_per_year / 8760 ×
 * horizon_hours */
#define NP_SWEEP_MAX_FAILURES 1000000.0
/* a trial that draws more boots than this stops with an error (at a
 * mean of NP_SWEEP_MAX_ARRIVALS, a Poisson count this large does not
 * happen: the bound only keeps a bug from running without end) */
#define NP_SWEEP_HARD_ARRIVALS 4000000

/* ------------------------------------------------------ WS-Management */

/* a reply body larger than this is refused (and the transfer aborted): the
 * biggest legitimate page is MaxElements instances of a few KiB each */
#define NP_WSMAN_MAX_REPLY_BYTES (32u * 1024u * 1024u)
/* an enumeration holding more instances than this is refused (and
 * Released): a guard against a server that never ends the sequence */
#define NP_WSMAN_MAX_ENUM_ITEMS 200000u
/* element nesting in a reply */
#define NP_WSMAN_MAX_DEPTH 16
/* a password file, bytes */
#define NP_WSMAN_MAX_PASSWORD_BYTES 4096

/* -------------------------------------------------------- plan, apply */

/* a plan document (apply PLAN, --emit powershell) */
#define NP_PLAN_MAX_BYTES (64u * 1024u * 1024u)
/* an apply journal: a few hundred bytes a write; this is millions of them */
#define NP_APPLY_JOURNAL_MAX_BYTES (256u * 1024u * 1024u)
