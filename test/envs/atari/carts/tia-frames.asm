; ALE's frame rule, in turn: a 262-line frame; the same with a VSYNC pulse shorter than a line in its middle (not a
; frame's end); 400 lines without VSYNC (ALE's cap ends a frame at the first TIA write past scanline 290: here a COLUBK
; write at the start of a line); a short frame of 100 lines. Every line has its own background colour.
; RAM: $80 the phase counter.
        include "tia.inc"

start   CLEAN_START
main    lda frame
        and #3
        cmp #2
        beq nosync
        VSYNC3
        lda #0
        sta VBLANK
        lda frame
        and #3
        cmp #3
        beq short
        ldy #0                    ; 256 + 3 lines, one pulse of VSYNC in line 100 on phase 1
.l259   sty COLUBK
        sta WSYNC
        iny
        cpy #100
        bne .nopulse
        lda frame
        and #1
        beq .nopulse
        lda #2
        sta VSYNC                 ; on for about 30 cycles
        nop
        nop
        nop
        nop
        nop
        nop
        nop
        nop
        nop
        nop
        lda #0
        sta VSYNC
.nopulse
        cpy #0
        bne .l259
        LINES 3
        jmp next
short   ldy #100
.l100   sty COLUBK
        sta WSYNC
        dey
        bne .l100
        jmp next
nosync  ldx #2                    ; 400 lines: 2 x 200
.outer  ldy #200
.l400   sty COLUBK
        sta WSYNC
        dey
        bne .l400
        dex
        bne .outer
next    inc frame
        jmp main

        VECTORS
