; bank-f8sc: F8 with SuperChip RAM (written at $1000-$107F, read at $1080-$10FF) — see bank-fx.inc for what each bank does and where the RAM results are.
        processor 6502
        include "bank-riot.inc"
NBANKS  = 2
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
