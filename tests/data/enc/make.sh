#!/bin/sh
# make.sh - regenerate the decoder fixtures (tests/test_decode.c) with the
# iconv command.  Run from anywhere; writes next to itself.
#
# Originals (UTF-8):
#   prose.utf8.txt  three paragraphs of corpus/004_e1bbee0f3de38e70.txt
#                   (lines 5, 15, 21), all of it encodable in GBK;
#   rich.utf8.txt   the same plus a line of characters outside GBK: (c) U+00A9
#                   and U+20000 need 4-byte GB18030 sequences, U+20000 is a
#                   UTF-16 surrogate pair; EUR and e-acute are 2-byte in GB18030;
#   trad.utf8.txt   a traditional-Chinese sentence on the same topic (written
#                   by hand, committed; not regenerated), for BIG5.
# Encoded: prose.gbk.txt, rich.gb18030.txt, rich.utf8bom.txt,
#   rich.utf16le.txt and rich.utf16be.txt (with BOMs), trad.big5.txt.
# Damaged: bad.utf8.txt and bad.gb18030.txt are prose.* followed by invalid
#   sequences; the test knows exactly which (see test_decode.c).
set -eu
cd "$(dirname "$0")"
sed -n '5p;15p;21p' ../../../corpus/004_e1bbee0f3de38e70.txt > prose.utf8.txt
{ cat prose.utf8.txt; printf '版权©2025，𠀀字，€与é。\n'; } > rich.utf8.txt

iconv -f UTF-8 -t GBK prose.utf8.txt > prose.gbk.txt
iconv -f UTF-8 -t GB18030 rich.utf8.txt > rich.gb18030.txt
{ printf '\357\273\277'; cat rich.utf8.txt; } > rich.utf8bom.txt
{ printf '\377\376'; iconv -f UTF-8 -t UTF-16LE rich.utf8.txt; } > rich.utf16le.txt
{ printf '\376\377'; iconv -f UTF-8 -t UTF-16BE rich.utf8.txt; } > rich.utf16be.txt
iconv -f UTF-8 -t BIG5 trad.utf8.txt > trad.big5.txt

# UTF-8: stray continuation 80; E4 B8 cut short by "ok"; overlong C0 AF
# (two sequences: C0 can start nothing, AF alone); FF.  5 in all.
{ cat prose.utf8.txt; printf '\200ok\344\270ok\300\257\377\n'; } > bad.utf8.txt
# GB18030: lead 81 followed by a space (invalid trail); lone FF.  2 in all.
{ cat prose.gbk.txt; printf '\201 x\377\n'; } > bad.gb18030.txt
