; Fire buttons (INPT4, INPT5) and VBLANK's latch mode (bit 6): a press read while latched is kept until the latch is
; switched off, across frames (the buttons change between frames); switching latch mode on without switching it off
; first keeps the latched value. The latch goes off at one frame start in four and at one frame end in four, and off
; and on again mid-frame on some frames. RAM: $90-$99 the values read.
        include "tia.inc"

start   CLEAN_START
main    lda frame                 ; VSYNC, with VBLANK's latch bit kept (3 frames in 4) or cleared
        and #3
        beq .off
        lda #%11000010
        bne .sync
.off    lda #%10000010
.sync   sta WSYNC
        sta VBLANK
        sta VSYNC
        sta WSYNC
        sta WSYNC
        sta WSYNC
        lda #0
        sta VSYNC
        lda INPT4
        sta $90
        lda INPT5
        sta $91
        lda #%11000010            ; latch on
        sta VBLANK
        LINES 2
        lda INPT4
        sta $92
        lda INPT5
        sta $93
        lda frame
        and #4
        beq .keep
        lda #%10000010            ; latch off and on again mid-frame on some frames
        sta VBLANK
        lda #%11000010
        sta VBLANK
.keep   LINES 100
        lda INPT4
        sta $94
        lda INPT5
        sta $95
        lda #%01000010            ; latch on again, while on
        sta VBLANK
        LINES 100
        lda INPT4
        sta $96
        lda INPT5
        sta $97
        lda frame
        and #3
        cmp #3
        bne .stay
        lda #%00000010            ; every fourth frame, latch off: the buttons as they are
        sta VBLANK
        lda INPT4
        sta $98
        lda INPT5
        sta $99
        lda #%01000010
        sta VBLANK
.stay   LINES 30
        inc frame
        jmp main

        VECTORS
