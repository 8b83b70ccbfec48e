; bank-f8: F8, two 4 KiB banks switched at $1FF8-$1FF9, power-on bank 1 — see bank-fx.inc for what each bank does and where the RAM results are.
        processor 6502
        include "bank-riot.inc"
NBANKS  = 2
HOT     = $1FF8
SC      = 0
        seg code
BANK    SET 0
        REPEAT NBANKS
        org BANK * $1000
        rorg $F000
        include "bank-fx.inc"
BANK    SET BANK + 1
        REPEND
