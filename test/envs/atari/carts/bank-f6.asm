; bank-f6: F6, four 4 KiB banks switched at $1FF6-$1FF9, power-on bank 0.
        processor 6502
NBANKS  = 4
HOT     = $1FF6
SC      = 0
        include "bank-fx.inc"
