/* The stale-map guard: a raw custom section "aot-xip" appended at the end of
 * an XIP image (AOT-FORMAT.md 1.3: custom sections come after the relocation
 * section; 4.7: the stock loader skips raw ones unless built to keep them)
 * recording the base, the input file's hash and every native symbol the image
 * was relocated against, so `aot-xip check` can tell whether a firmware still
 * puts them at the same addresses.
 *
 * Content (little-endian, no padding):
 *   u32 version (3); u32 flags (bit 0: ARM/Thumb target, bit 0 of a value is
 *   the instruction set and is not compared); u64 base; u64 input size;
 *   u64 input hash; u64 natives hash; u32 count;
 *   count x { u32 name length; name bytes; u64 value }.
 * Both hashes are stamp_hash64(): of the input file, and of the natives list
 * exactly as stored (the bytes after count).
 *
 * The library needs only to recognise a stamp (an input aot-xip wrote is
 * refused); the tool writes, reads and checks stamps (tools/stamp.c, its
 * functions in tools/tool.h). */
#ifndef AOTX_STAMP_H
#define AOTX_STAMP_H

#define STAMP_NAME "aot-xip"
#define STAMP_VERSION 3u
#define STAMP_THUMB_BIT 0x1u

#endif
