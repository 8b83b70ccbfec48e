; bank-4ksc: 4K with SuperChip RAM (no bank switching; 6502.ts has no such cartridge, so the test
; compares it with the same 4K doubled as F8SC).
        processor 6502
NBANKS  = 1
HOT     = $1FF8
SC      = 1
        include "bank-fx.inc"
