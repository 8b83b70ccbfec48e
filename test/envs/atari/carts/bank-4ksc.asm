; bank-4ksc: 4K with SuperChip RAM (no bank switching; 6502.ts has no such cartridge, the test runs it doubled as F8SC there) — see bank-fx.inc for what each bank does and where the RAM results are.
        processor 6502
        include "bank-riot.inc"
NBANKS  = 1
HOT     = $1FF8
SC      = 1
        seg code
BANK    SET 0
        REPEAT NBANKS
        org BANK * $1000
        rorg $F000
        include "bank-fx.inc"
BANK    SET BANK + 1
        REPEND
