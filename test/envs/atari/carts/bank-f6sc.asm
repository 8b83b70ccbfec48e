; bank-f6sc: F6 with SuperChip RAM.
        processor 6502
NBANKS  = 4
HOT     = $1FF6
SC      = 1
        include "bank-fx.inc"
