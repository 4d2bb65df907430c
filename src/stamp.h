/* The stale-map guard: a raw custom section "aot-xip" appended at the end of
 * an XIP image (AOT-FORMAT.md 1.3: custom sections come after the relocation
 * section; 4.7: the stock loader skips raw ones unless built to keep them)
 * recording the base, the input file's hash, the firmware's identity and
 * every native symbol the image was relocated against, so `aot-xip check`
 * can tell whether a firmware still puts them at the same addresses, and a
 * device (include/aot_xip/xip_guard.h) whether the image in its flash is
 * whole, in its place and made for it.
 *
 * docs/stamp-format.md is the format's description (offsets, coverage);
 * in short, version 4, little-endian, no padding:
 *   u32 version (4); u32 flags (bit 0: ARM/Thumb target, bit 0 of a value is
 *   the instruction set and is not compared); u64 base; u64 input size;
 *   u64 input hash; u64 natives hash; u32 count; u32 image size;
 *   u32 natives ABI; u64 natives table; u32 id length; id bytes;
 *   count x { u32 name length; name bytes; u64 value }; u32 CRC-32.
 * Both hashes are stamp_hash64(): of the input file, and of the natives list
 * exactly as stored (the bytes after the id, up to the CRC). The CRC-32
 * (aot_xip/crc32.h) covers every byte of the image before it, from the AOT
 * magic on; it is the image's last 4 bytes. Version 3 (still read by
 * `check`) is the same up to count, then the natives list, and no more.
 *
 * The library needs only to recognise a stamp (an input aot-xip wrote is
 * refused); the tool writes, reads and checks stamps (tools/stamp.c, its
 * functions in tools/tool.h). */
#ifndef AOTX_STAMP_H
#define AOTX_STAMP_H

#define STAMP_NAME "aot-xip"
#define STAMP_VERSION 4u
#define STAMP_V3_HEAD 44u /* the fixed fields of version 3 */
#define STAMP_V4_HEAD 64u /* of version 4, the id's bytes after them */
#define STAMP_ID_MAX 64u  /* the most bytes of a firmware identity */
#define STAMP_THUMB_BIT 0x1u

#endif
