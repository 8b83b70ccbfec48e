; bank-f4: F4, eight 4 KiB banks switched at $1FF4-$1FFB, power-on bank 0.
        processor 6502
NBANKS  = 8
HOT     = $1FF4
SC      = 0
        include "bank-fx.inc"
