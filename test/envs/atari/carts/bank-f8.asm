; bank-f8: F8, two 4 KiB banks switched at $1FF8-$1FF9, power-on bank 1.
        processor 6502
NBANKS  = 2
HOT     = $1FF8
SC      = 0
        include "bank-fx.inc"
