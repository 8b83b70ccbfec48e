; bank-f4sc: F4 with SuperChip RAM — see bank-fx.inc for what each bank does and where the RAM results are.
        processor 6502
        include "bank-riot.inc"
NBANKS  = 8
HOT     = $1FF4
SC      = 1
        seg code
BANK    SET 0
        REPEAT NBANKS
        org BANK * $1000
        rorg $F000
        include "bank-fx.inc"
BANK    SET BANK + 1
        REPEND
