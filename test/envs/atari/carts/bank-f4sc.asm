; bank-f4sc: F4 with SuperChip RAM.
        processor 6502
NBANKS  = 8
HOT     = $1FF4
SC      = 1
        include "bank-fx.inc"
