; bank-f4: F4, eight 4 KiB banks switched at $1FF4-$1FFB, power-on bank 0 — see bank-fx.inc for what each bank does and where the RAM results are.
        processor 6502
        include "bank-riot.inc"
NBANKS  = 8
HOT     = $1FF4
SC      = 0
        seg code
BANK    SET 0
        REPEAT NBANKS
        org BANK * $1000
        rorg $F000
        include "bank-fx.inc"
BANK    SET BANK + 1
        REPEND
