// graph/: Moivre's RDF quad store on LMDB.
//
// A store is one LMDB environment (a directory holding data.mdb and lock.mdb). Terms are
// dictionary-encoded to 48-bit ids whose top byte is the term's kind (graph/quad.hpp); quads are
// kept in six sorted permutations so that any combination of bound positions is a range scan.
//
// Databases in the environment:
//   meta      "format" -> "moivre-store-4"; "next_sequence", "next_blank" -> 8-byte counters
//   terms     6-byte big-endian id -> encoded term (byte layout in graph/term.hpp)
//   ids       encoded term -> 6-byte id, for encodings of at most 480 bytes
//   long_ids  XXH3-128 of a longer encoding -> ids (LMDB keys stop at 511 bytes)
//   spog posg ospg gspo gpos gosp
//             blocks of delta-encoded rows keyed by their first row (layout in graph/index.hpp).
//             Graph id 0 is the default graph; its quads are in spog, posg and ospg only.
//   counts    rows per first id of each permutation, and the total (graph/index.hpp)
//   text      word -> ids of the string literals holding it: the name search (graph/text_index.hpp)
//
// Invariants: spog, posg and ospg hold the same set of quads; gspo, gpos and gosp hold those of
// the named graphs; the counts agree with the rows; every id in a quad (but graph id 0) is in
// `terms`, and `ids`/`long_ids` map its encoding back to it; ids are never reused; every simple
// or language-tagged literal of `terms` is in `text` under each of its words.
//
// Transactions are LMDB's: any number of read snapshots (ReadTransaction), which never block
// and never see later commits, and one writer (WriteTransaction) whose commit is atomic and
// durable (fsync). A process killed mid-write leaves the last committed state. A snapshot is
// named by its transaction id; what readers compute from one snapshot alone may be kept for its
// later readers in the store's SnapshotCache (graph/snapshot_cache.hpp), never for a writer.
//
// Besides data.mdb and lock.mdb, a store directory may hold `.load-scratch-*` directories: a bulk
// load's sorted runs (graph/scratch.hpp), removed when the load ends or by the next load.
#pragma once

#include "graph/bulk_loader.hpp"
#include "graph/check.hpp"
#include "graph/error.hpp"
#include "graph/input.hpp"
#include "graph/quad.hpp"
#include "graph/rdf_reader.hpp"
#include "graph/rdf_syntax.hpp"
#include "graph/rdf_writer.hpp"
#include "graph/snapshot_cache.hpp"
#include "graph/store.hpp"
#include "graph/term.hpp"
