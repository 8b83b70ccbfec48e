; bank-f8sc: F8 with SuperChip RAM (written at $1000-$107F, read at $1080-$10FF).
        processor 6502
NBANKS  = 2
HOT     = $1FF8
SC      = 1
        include "bank-fx.inc"
